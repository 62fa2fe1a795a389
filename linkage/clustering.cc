// Copyright 2026 The Linkage Authors.
#include "linkage/clustering.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"
#include "tbb/blocked_range.h"
#include "tbb/parallel_for.h"
#include "tbb/parallel_sort.h"

namespace linkage {
namespace {

// Wait-free-ish concurrent union-find: parent[x] <= x always, so roots are
// component minima and no cycle can form.
class ConcurrentUnionFind {
 public:
  explicit ConcurrentUnionFind(std::size_t n)
      : parent_(std::make_unique<std::atomic<std::uint32_t>[]>(n)) {
    for (std::size_t x = 0; x < n; ++x) {
      parent_[x].store(static_cast<std::uint32_t>(x), std::memory_order_relaxed);
    }
  }

  std::uint32_t Find(std::uint32_t x) const noexcept {
    while (true) {
      std::uint32_t p = parent_[x].load(std::memory_order_acquire);
      if (p == x) return x;
      const std::uint32_t grandparent = parent_[p].load(std::memory_order_acquire);
      if (p != grandparent) {
        // Path halving; losing the race is harmless (someone moved x closer).
        parent_[x].compare_exchange_weak(p, grandparent, std::memory_order_release,
                                         std::memory_order_relaxed);
      }
      x = grandparent;
    }
  }

  void Union(std::uint32_t a, std::uint32_t b) noexcept {
    while (true) {
      a = Find(a);
      b = Find(b);
      if (a == b) return;
      if (a < b) std::swap(a, b);  // link the larger root under the smaller
      std::uint32_t expected = a;
      if (parent_[a].compare_exchange_strong(expected, b, std::memory_order_acq_rel,
                                             std::memory_order_relaxed)) {
        return;
      }
    }
  }

 private:
  std::unique_ptr<std::atomic<std::uint32_t>[]> parent_;
};

bool IsEdge(const PairDecision& d, const ClusterSettings& settings) {
  if (d.reason == DecisionReason::kMustLink) return true;
  return d.decision == Decision::kMatch && d.weight >= settings.threshold_weight;
}

// Serial union-find whose components are circular member lists.
struct ConstrainedComponents {
  std::vector<std::uint32_t> parent, size, next, constrained;
  explicit ConstrainedComponents(std::size_t n)
      : parent(n), size(n, 1), next(n), constrained(n, 0) {
    std::iota(parent.begin(), parent.end(), 0u);
    std::iota(next.begin(), next.end(), 0u);
  }
  std::uint32_t Find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
};

// Each record's position in record id order (ids are unique, so this is a
// total order and comparing ranks is comparing ids, without the strings).
std::vector<std::uint32_t> IdRanks(const RecordTable& table) {
  const std::size_t n = table.num_records();
  // Registers are often written in id order: then the rank is the record
  // index, found by one parallel pass instead of a sort of a million ids.
  std::atomic<bool> in_order{true};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(1, std::max<std::size_t>(n, 1), 1 << 14),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      if (!in_order.load(std::memory_order_relaxed)) return;
                      for (std::size_t r = range.begin(); r != range.end(); ++r) {
                        if (!(table.record_id(r - 1) < table.record_id(r))) {
                          in_order.store(false, std::memory_order_relaxed);
                          return;
                        }
                      }
                    });
  std::vector<std::uint32_t> rank(n);
  if (in_order.load()) {
    std::iota(rank.begin(), rank.end(), 0u);
    return rank;
  }
  std::vector<std::uint32_t> by_id(n);
  std::iota(by_id.begin(), by_id.end(), 0u);
  tbb::parallel_sort(by_id.begin(), by_id.end(), [&](std::uint32_t a, std::uint32_t b) {
    return table.record_id(a) < table.record_id(b);
  });
  for (std::uint32_t i = 0; i < n; ++i) rank[by_id[i]] = i;
  return rank;
}

std::vector<std::uint32_t> ClusterRespectingCannotLink(
    const RecordTable& table, std::span<const PairDecision> decisions,
    const ClusterSettings& settings, std::span<const std::uint32_t> rank,
    std::vector<RefusedMerge>* refused, std::size_t* num_edges) {
  const std::size_t n = table.num_records();
  std::vector<std::size_t> edges;
  absl::flat_hash_map<std::uint32_t, std::vector<std::uint32_t>> cannot;
  for (std::size_t p = 0; p < decisions.size(); ++p) {
    const PairDecision& d = decisions[p];
    if (d.reason == DecisionReason::kCannotLink) {
      cannot[d.left].push_back(d.right);
      cannot[d.right].push_back(d.left);
    } else if (IsEdge(d, settings)) {
      edges.push_back(p);
    }
  }
  *num_edges = edges.size();
  // The components of all the edges, in parallel. A merge can be refused
  // only inside a component that holds a record with a cannot-link ("hard"
  // components): elsewhere the greedy below would merge every edge, which
  // gives exactly these components. So the greedy runs on the hard
  // components' edges alone, in the same order (the full order restricted to
  // them), over their records alone: the same merges, refusals and rings as
  // over every edge, since components share no records.
  std::vector<CandidatePair> pairs(edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) {
    pairs[i] = {decisions[edges[i]].left, decisions[edges[i]].right};
  }
  std::vector<std::uint32_t> root = ConnectedComponents(n, pairs);
  if (cannot.empty()) return root;
  std::vector<std::uint8_t> hard_root(n, 0);
  for (const auto& [record, partners] : cannot) hard_root[root[record]] = 1;
  std::vector<std::size_t> hard;
  for (std::size_t p : edges) {
    if (hard_root[root[decisions[p].left]] != 0) hard.push_back(p);
  }
  // Order independent of record order: must-link, weight, then the pair's
  // record ids, compared through each record's rank in id order.
  struct SortKey {
    bool must;
    double weight;
    std::uint32_t low_rank, high_rank;
    std::size_t decision;
  };
  std::vector<SortKey> keys;
  keys.reserve(hard.size());
  for (std::size_t p : hard) {
    const PairDecision& d = decisions[p];
    const std::uint32_t a = rank[d.left], b = rank[d.right];
    keys.push_back({d.reason == DecisionReason::kMustLink, d.weight, std::min(a, b),
                    std::max(a, b), p});
  }
  // A total order (one key per pair), so a parallel sort is deterministic.
  tbb::parallel_sort(keys.begin(), keys.end(), [](const SortKey& a, const SortKey& b) {
    if (a.must != b.must) return a.must;
    if (a.weight != b.weight) return a.weight > b.weight;
    if (a.low_rank != b.low_rank) return a.low_rank < b.low_rank;
    return a.high_rank < b.high_rank;
  });
  // The hard components' records, numbered in the order the edges meet them
  // (kNone: in no hard edge).
  constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  std::vector<std::uint32_t> local(n, kNone);
  std::vector<std::uint32_t> records;  // by local number
  for (const SortKey& key : keys) {
    for (const std::uint32_t record :
         {decisions[key.decision].left, decisions[key.decision].right}) {
      if (local[record] == kNone) {
        local[record] = static_cast<std::uint32_t>(records.size());
        records.push_back(record);
      }
    }
  }
  ConstrainedComponents components(records.size());
  for (const auto& [record, partners] : cannot) {
    if (local[record] != kNone) components.constrained[local[record]] = 1;
  }
  for (const SortKey& key : keys) {
    const PairDecision& d = decisions[key.decision];
    std::uint32_t a = components.Find(local[d.left]), b = components.Find(local[d.right]);
    if (a == b) continue;
    if (components.size[a] > components.size[b]) std::swap(a, b);  // a smaller
    bool conflict = false;
    if (components.constrained[a] > 0 && components.constrained[b] > 0) {
      std::uint32_t x = a;
      do {
        const std::uint32_t record = records[x];
        if (auto it = cannot.find(record); it != cannot.end()) {
          for (std::uint32_t y : it->second) {
            // A partner outside the hard edges is in no component of theirs.
            if (local[y] != kNone && components.Find(local[y]) == b) {
              refused->push_back({d.left, d.right, d.weight, std::min(record, y),
                                  std::max(record, y)});
              conflict = true;
              break;
            }
          }
        }
        x = components.next[x];
      } while (!conflict && x != a);
    }
    if (conflict) continue;
    components.parent[a] = b;
    components.size[b] += components.size[a];
    components.constrained[b] += components.constrained[a];
    std::swap(components.next[a], components.next[b]);  // splice the rings
  }
  // The hard components' records take their roots from the greedy (as
  // records: a root names a component, nothing more).
  for (std::uint32_t x = 0; x < records.size(); ++x) {
    root[records[x]] = records[components.Find(x)];
  }
  return root;
}

}  // namespace

std::vector<std::uint32_t> ConnectedComponents(std::size_t num_nodes,
                                               std::span<const CandidatePair> edges) {
  ConcurrentUnionFind union_find(num_nodes);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, edges.size(), 1 << 14),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t e = range.begin(); e != range.end(); ++e) {
                        union_find.Union(edges[e].left, edges[e].right);
                      }
                    });
  std::vector<std::uint32_t> root(num_nodes);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, num_nodes, 1 << 14),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t x = range.begin(); x != range.end(); ++x) {
                        root[x] = union_find.Find(static_cast<std::uint32_t>(x));
                      }
                    });
  return root;
}

ClusterResult Cluster(const RecordTable& table,
                      std::span<const PairDecision> decisions,
                      const ClusterSettings& settings) {
  ClusterResult result;
  const std::size_t n = table.num_records();
  const std::vector<std::uint32_t> rank = IdRanks(table);
  std::vector<std::uint32_t> root;
  if (settings.respect_cannot_link) {
    root = ClusterRespectingCannotLink(table, decisions, settings, rank, &result.refused,
                                       &result.num_edges);
  } else {
    std::vector<CandidatePair> edges;
    for (const PairDecision& d : decisions) {
      if (IsEdge(d, settings)) edges.push_back({d.left, d.right});
    }
    result.num_edges = edges.size();
    root = ConnectedComponents(n, edges);
  }
  // The member with the smallest record id names each component.
  std::vector<std::uint32_t> best(n);
  std::iota(best.begin(), best.end(), 0u);
  std::vector<std::uint32_t> size(n, 0);
  for (std::uint32_t x = 0; x < n; ++x) {
    const std::uint32_t r = root[x];
    ++size[r];
    if (rank[x] < rank[best[r]]) best[r] = x;
  }
  result.representative.resize(n);
  // Clusters in record id order of their representatives, without a sort:
  // records visited in id order, each cluster listed at its representative.
  std::vector<std::uint32_t> by_rank(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1 << 14),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t x = range.begin(); x != range.end(); ++x) {
                        result.representative[x] = best[root[x]];
                        by_rank[rank[x]] = static_cast<std::uint32_t>(x);
                      }
                    });
  for (const std::uint32_t x : by_rank) {
    if (best[root[x]] == x) result.clusters.push_back({x, size[root[x]]});
  }
  if (settings.max_cluster_size > 0) {
    for (std::size_t c = 0; c < result.clusters.size(); ++c) {
      if (result.clusters[c].size > settings.max_cluster_size) {
        result.oversized.push_back(c);
      }
    }
    std::stable_sort(result.oversized.begin(), result.oversized.end(),
                     [&](std::size_t a, std::size_t b) {
                       return result.clusters[a].size > result.clusters[b].size;
                     });
    constexpr std::size_t kMaxWarnings = 20;
    for (std::size_t i = 0; i < result.oversized.size() && i < kMaxWarnings; ++i) {
      const ClusterInfo& c = result.clusters[result.oversized[i]];
      result.warnings.push_back(absl::StrCat(
          "cluster \"", ToAbsl(table.record_id(c.representative)), "\" has ",
          c.size, " records, over max_cluster_size=", settings.max_cluster_size,
          "; check for a shared placeholder value or a too-low threshold"));
    }
    if (result.oversized.size() > kMaxWarnings) {
      result.warnings.push_back(absl::StrCat(
          result.oversized.size() - kMaxWarnings, " more clusters over max_cluster_size=",
          settings.max_cluster_size));
    }
  }
  return result;
}

}  // namespace linkage
