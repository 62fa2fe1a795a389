// Copyright 2026 The Linkage Authors.
//
// One-to-one assignment: a maximum-weight bipartite matching over candidate
// pairs, for the `one-to-one` multiple-match policy (decisions.h).
//
// The objective is the total match weight of the chosen pairs, each left and
// each right node used at most once. A matching need not be perfect: a node
// may stay unmatched, so edges with weight <= 0 are never chosen (they could
// only lower the total). Two solvers:
//
//   MaxWeightMatchingHungarian  exact. The Hungarian method with potentials
//       (Kuhn 1955, Munkres 1957; the O(n^2 m) shortest-augmenting-path form
//       of Jonker & Volgenant 1987) on the dense n x m matrix of one
//       component, n <= m, non-edges costing 0 ("leave unmatched").
//       O(n^2 m) time, O(n m) memory.
//   GreedyMatching  edges by weight descending (ties by (left, right)
//       ascending), taken when both ends are free. O(E log E); at least half
//       the optimum (a 1/2-approximation), usually much closer.
//
// SolveAssignment() splits the edges into connected components, solves each
// (Hungarian, or greedy when asked or when a component has more than
// max_component_nodes nodes, with a warning) and reports both solvers' totals
// and how many chosen pairs differ between them.
//
// Example:
//   std::vector<AssignmentEdge> edges = {{0, 10, 5.0}, {0, 11, 4.0}, {1, 10, 4.5}};
//   AssignmentResult result = SolveAssignment(edges, {});
//   // result.chosen == {1, 2}: 0-11 and 1-10 (total 8.5 > 5.0).
//
// Thread-safety: pure functions.
#ifndef LINKAGE_LINKAGE_ASSIGNMENT_H_
#define LINKAGE_LINKAGE_ASSIGNMENT_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace linkage {

// An edge between left node `left` and right node `right` (two separate id
// spaces: left 3 and right 3 are different nodes).
struct AssignmentEdge {
  std::uint32_t left;
  std::uint32_t right;
  double weight;
};

// Indices into `edges` of a maximum-total-weight matching, ascending. Among
// parallel edges (same left and right) only the heaviest (first on ties) can
// be chosen. Deterministic for a given edge order.
// REQUIRES: finite weights; edges of one small component (memory is
// distinct_left * distinct_right doubles).
std::vector<std::size_t> MaxWeightMatchingHungarian(
    std::span<const AssignmentEdge> edges);

// Indices into `edges` chosen greedily (see the file comment), ascending.
// Never chooses an edge of weight <= 0.
std::vector<std::size_t> GreedyMatching(std::span<const AssignmentEdge> edges);

struct AssignmentOptions {
  // Use the greedy solver everywhere instead of the exact one.
  bool greedy = false;
  // Components with more nodes than this are solved greedily, with a warning
  // (the exact solver is cubic: 2000 nodes is ~1e9 steps at worst).
  std::size_t max_component_nodes = 2000;
};

struct AssignmentReport {
  std::size_t components = 0;
  std::size_t largest_component_nodes = 0;
  // Components solved greedily because they exceeded max_component_nodes.
  std::size_t greedy_fallback_components = 0;
  // Total weight of the exact solution (greedy for fallback components) and
  // of the greedy solution, summed serially in component order.
  double exact_total_weight = 0;
  double greedy_total_weight = 0;
  // Pairs chosen by exactly one of the two solutions.
  std::size_t pairs_differ = 0;
  std::vector<std::string> warnings;
};

struct AssignmentResult {
  std::vector<std::size_t> chosen;  // indices into edges, ascending
  AssignmentReport report;
};

// Solves each connected component of `edges`; `chosen` comes from the exact
// solver unless options.greedy (then from greedy; the report still compares
// both, except on fallback components).
AssignmentResult SolveAssignment(std::span<const AssignmentEdge> edges,
                                 const AssignmentOptions& options);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_ASSIGNMENT_H_
