// Copyright 2026 The Linkage Authors.
#include "linkage/assignment.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace linkage {
namespace {

// Dense ids for the distinct values of `ids`, in ascending id order.
absl::flat_hash_map<std::uint32_t, std::uint32_t> Compact(
    std::vector<std::uint32_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  absl::flat_hash_map<std::uint32_t, std::uint32_t> out;
  out.reserve(ids.size());
  for (std::uint32_t i = 0; i < ids.size(); ++i) out.emplace(ids[i], i);
  return out;
}

// Minimum-cost assignment of every row to a distinct column of the n x m
// matrix `cost` (row-major), n <= m. Returns the column of each row.
// Shortest augmenting paths with row/column potentials, O(n^2 m).
std::vector<std::size_t> HungarianMinCost(const std::vector<double>& cost,
                                          std::size_t n, std::size_t m) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // 1-based; column 0 and row 0 are the virtual start of each search.
  std::vector<double> u(n + 1, 0), v(m + 1, 0), min_slack(m + 1);
  std::vector<std::size_t> row_of(m + 1, 0), way(m + 1, 0);
  std::vector<char> used(m + 1);
  for (std::size_t row = 1; row <= n; ++row) {
    row_of[0] = row;
    std::size_t col0 = 0;
    std::fill(min_slack.begin(), min_slack.end(), kInf);
    std::fill(used.begin(), used.end(), 0);
    do {
      used[col0] = 1;
      const std::size_t row0 = row_of[col0];
      double delta = kInf;
      std::size_t col1 = 0;
      const double* cost_row = &cost[(row0 - 1) * m];
      for (std::size_t col = 1; col <= m; ++col) {
        if (used[col]) continue;
        const double slack = cost_row[col - 1] - u[row0] - v[col];
        if (slack < min_slack[col]) {
          min_slack[col] = slack;
          way[col] = col0;
        }
        if (min_slack[col] < delta) {
          delta = min_slack[col];
          col1 = col;
        }
      }
      for (std::size_t col = 0; col <= m; ++col) {
        if (used[col]) {
          u[row_of[col]] += delta;
          v[col] -= delta;
        } else {
          min_slack[col] -= delta;
        }
      }
      col0 = col1;
    } while (row_of[col0] != 0);
    do {
      const std::size_t col1 = way[col0];
      row_of[col0] = row_of[col1];
      col0 = col1;
    } while (col0 != 0);
  }
  std::vector<std::size_t> col_of(n, 0);
  for (std::size_t col = 1; col <= m; ++col) {
    if (row_of[col] != 0) col_of[row_of[col] - 1] = col - 1;
  }
  return col_of;
}

double TotalWeight(std::span<const AssignmentEdge> edges,
                   const std::vector<std::size_t>& chosen) {
  double total = 0;
  for (std::size_t e : chosen) total += edges[e].weight;
  return total;
}

std::size_t SymmetricDifference(const std::vector<std::size_t>& a,
                                const std::vector<std::size_t>& b) {
  std::vector<std::size_t> diff;
  std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(),
                                std::back_inserter(diff));
  return diff.size();
}

}  // namespace

std::vector<std::size_t> MaxWeightMatchingHungarian(
    std::span<const AssignmentEdge> edges) {
  std::vector<std::uint32_t> lefts, rights;
  for (const AssignmentEdge& e : edges) {
    if (e.weight <= 0) continue;
    lefts.push_back(e.left);
    rights.push_back(e.right);
  }
  if (lefts.empty()) return {};
  const auto left_index = Compact(std::move(lefts));
  const auto right_index = Compact(std::move(rights));
  // Rows are the smaller side.
  const bool transpose = left_index.size() > right_index.size();
  const std::size_t n = transpose ? right_index.size() : left_index.size();
  const std::size_t m = transpose ? left_index.size() : right_index.size();
  constexpr std::size_t kNoEdge = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> best(n * m, kNoEdge);
  std::vector<double> cost(n * m, 0.0);
  for (std::size_t e = 0; e < edges.size(); ++e) {
    if (edges[e].weight <= 0) continue;
    std::size_t row = left_index.at(edges[e].left);
    std::size_t col = right_index.at(edges[e].right);
    if (transpose) std::swap(row, col);
    std::size_t& slot = best[row * m + col];
    if (slot == kNoEdge || edges[e].weight > edges[slot].weight) {
      slot = e;
      cost[row * m + col] = -edges[e].weight;
    }
  }
  const std::vector<std::size_t> col_of = HungarianMinCost(cost, n, m);
  std::vector<std::size_t> chosen;
  for (std::size_t row = 0; row < n; ++row) {
    const std::size_t e = best[row * m + col_of[row]];
    if (e != kNoEdge) chosen.push_back(e);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::vector<std::size_t> GreedyMatching(std::span<const AssignmentEdge> edges) {
  std::vector<std::size_t> order;
  for (std::size_t e = 0; e < edges.size(); ++e) {
    if (edges[e].weight > 0) order.push_back(e);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (edges[a].weight != edges[b].weight) return edges[a].weight > edges[b].weight;
    if (edges[a].left != edges[b].left) return edges[a].left < edges[b].left;
    if (edges[a].right != edges[b].right) return edges[a].right < edges[b].right;
    return a < b;
  });
  absl::flat_hash_map<std::uint32_t, bool> left_used, right_used;
  std::vector<std::size_t> chosen;
  for (std::size_t e : order) {
    if (left_used.contains(edges[e].left) || right_used.contains(edges[e].right)) {
      continue;
    }
    left_used[edges[e].left] = true;
    right_used[edges[e].right] = true;
    chosen.push_back(e);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

AssignmentResult SolveAssignment(std::span<const AssignmentEdge> edges,
                                 const AssignmentOptions& options) {
  AssignmentResult result;
  std::vector<std::uint32_t> lefts, rights;
  for (const AssignmentEdge& e : edges) {
    lefts.push_back(e.left);
    rights.push_back(e.right);
  }
  const auto left_index = Compact(std::move(lefts));
  const auto right_index = Compact(std::move(rights));
  const std::size_t num_left = left_index.size();
  // Union-find over left nodes [0, num_left) and right nodes after them.
  std::vector<std::uint32_t> parent(num_left + right_index.size());
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::uint32_t> node_of_edge(edges.size(), 0);
  for (std::size_t e = 0; e < edges.size(); ++e) {
    if (edges[e].weight <= 0) continue;  // never chosen: no need to connect
    const std::uint32_t a = left_index.at(edges[e].left);
    const std::uint32_t b =
        static_cast<std::uint32_t>(num_left + right_index.at(edges[e].right));
    const std::uint32_t ra = find(a), rb = find(b);
    if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
    node_of_edge[e] = a;
  }
  // Components in order of their first edge.
  absl::flat_hash_map<std::uint32_t, std::size_t> component_of_root;
  std::vector<std::vector<std::size_t>> components;
  for (std::size_t e = 0; e < edges.size(); ++e) {
    if (edges[e].weight <= 0) continue;
    const std::uint32_t root = find(node_of_edge[e]);
    auto [it, inserted] = component_of_root.try_emplace(root, components.size());
    if (inserted) components.emplace_back();
    components[it->second].push_back(e);
  }
  AssignmentReport& report = result.report;
  report.components = components.size();
  std::vector<AssignmentEdge> local;
  for (const std::vector<std::size_t>& component : components) {
    local.clear();
    for (std::size_t e : component) local.push_back(edges[e]);
    std::vector<std::uint32_t> l, r;
    for (const AssignmentEdge& e : local) {
      l.push_back(e.left);
      r.push_back(e.right);
    }
    std::sort(l.begin(), l.end());
    std::sort(r.begin(), r.end());
    const std::size_t nodes = (std::unique(l.begin(), l.end()) - l.begin()) +
                              (std::unique(r.begin(), r.end()) - r.begin());
    report.largest_component_nodes = std::max(report.largest_component_nodes, nodes);
    const std::vector<std::size_t> greedy = GreedyMatching(local);
    const double greedy_total = TotalWeight(local, greedy);
    std::vector<std::size_t> exact;
    if (nodes > options.max_component_nodes) {
      ++report.greedy_fallback_components;
      report.warnings.push_back(absl::StrCat(
          "one-to-one: a component of ", nodes, " nodes (", local.size(),
          " pairs) exceeds max_component_nodes=", options.max_component_nodes,
          "; solved greedily"));
      exact = greedy;
    } else {
      exact = MaxWeightMatchingHungarian(local);
    }
    report.exact_total_weight += TotalWeight(local, exact);
    report.greedy_total_weight += greedy_total;
    report.pairs_differ += SymmetricDifference(exact, greedy);
    for (std::size_t e : options.greedy ? greedy : exact) {
      result.chosen.push_back(component[e]);
    }
  }
  std::sort(result.chosen.begin(), result.chosen.end());
  return result;
}

}  // namespace linkage
