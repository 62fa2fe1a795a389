// Copyright 2026 The Linkage Authors.
#include "linkage/assignment.h"

#include <algorithm>
#include <functional>
#include <random>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

double Total(const std::vector<AssignmentEdge>& edges,
             const std::vector<std::size_t>& chosen) {
  double total = 0;
  for (std::size_t e : chosen) total += edges[e].weight;
  return total;
}

// True if no node is used twice and indexes are ascending and in range.
bool IsMatching(const std::vector<AssignmentEdge>& edges,
                const std::vector<std::size_t>& chosen) {
  absl::flat_hash_set<std::uint32_t> lefts, rights;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    if (chosen[i] >= edges.size()) return false;
    if (i > 0 && chosen[i] <= chosen[i - 1]) return false;
    if (!lefts.insert(edges[chosen[i]].left).second) return false;
    if (!rights.insert(edges[chosen[i]].right).second) return false;
  }
  return true;
}

// Textbook reference: the best total over every subset of edges that is a
// matching (exponential; fine for <= 20 edges after pruning).
double BruteForceBest(const std::vector<AssignmentEdge>& edges) {
  double best = 0;
  std::vector<char> left_used(64, 0), right_used(64, 0);
  std::function<void(std::size_t, double)> search = [&](std::size_t e, double total) {
    if (e == edges.size()) {
      best = std::max(best, total);
      return;
    }
    search(e + 1, total);  // skip edge e
    const AssignmentEdge& edge = edges[e];
    if (!left_used[edge.left] && !right_used[edge.right]) {
      left_used[edge.left] = right_used[edge.right] = 1;
      search(e + 1, total + edge.weight);
      left_used[edge.left] = right_used[edge.right] = 0;
    }
  };
  search(0, 0);
  return best;
}

TEST(AssignmentTest, HungarianMatchesBruteForceOnRandomGraphs) {
  std::mt19937 rng(20260101);
  int checked = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const int num_left = 1 + static_cast<int>(rng() % 7);
    const int num_right = 1 + static_cast<int>(rng() % 7);
    const double density = 0.2 + 0.1 * static_cast<double>(rng() % 6);
    std::vector<AssignmentEdge> edges;
    for (int l = 0; l < num_left; ++l) {
      for (int r = 0; r < num_right; ++r) {
        if (std::uniform_real_distribution<double>(0, 1)(rng) > density) continue;
        // Small integers (many ties) including some negative weights; ids
        // are offset so that left and right id spaces overlap.
        const double w = static_cast<double>(static_cast<int>(rng() % 13) - 2);
        edges.push_back({static_cast<std::uint32_t>(l + 3),
                         static_cast<std::uint32_t>(r), w});
      }
    }
    if (edges.size() > 22) edges.resize(22);
    const std::vector<std::size_t> chosen = MaxWeightMatchingHungarian(edges);
    ASSERT_TRUE(IsMatching(edges, chosen)) << "trial " << trial;
    for (std::size_t e : chosen) EXPECT_GT(edges[e].weight, 0);
    EXPECT_EQ(Total(edges, chosen), BruteForceBest(edges)) << "trial " << trial;
    const std::vector<std::size_t> greedy = GreedyMatching(edges);
    ASSERT_TRUE(IsMatching(edges, greedy));
    EXPECT_LE(Total(edges, greedy), Total(edges, chosen));
    EXPECT_GE(2 * Total(edges, greedy), Total(edges, chosen));  // 1/2-approx
    ++checked;
  }
  EXPECT_EQ(checked, 400);
}

TEST(AssignmentTest, GreedyDiffersOnTheClassicCase) {
  // a-x 10, a-y 9, b-x 9: greedy takes a-x (10); the optimum a-y + b-x (18).
  const std::vector<AssignmentEdge> edges = {{0, 0, 10}, {0, 1, 9}, {1, 0, 9}};
  EXPECT_THAT(GreedyMatching(edges), ElementsAre(0u));
  EXPECT_THAT(MaxWeightMatchingHungarian(edges), ElementsAre(1u, 2u));
  AssignmentResult exact = SolveAssignment(edges, {});
  EXPECT_THAT(exact.chosen, ElementsAre(1u, 2u));
  EXPECT_EQ(exact.report.exact_total_weight, 18);
  EXPECT_EQ(exact.report.greedy_total_weight, 10);
  EXPECT_EQ(exact.report.pairs_differ, 3u);
  EXPECT_EQ(exact.report.components, 1u);
  EXPECT_EQ(exact.report.largest_component_nodes, 4u);
  AssignmentResult greedy = SolveAssignment(edges, {.greedy = true});
  EXPECT_THAT(greedy.chosen, ElementsAre(0u));
  EXPECT_EQ(greedy.report.exact_total_weight, 18);
}

TEST(AssignmentTest, GreedyBreaksTiesByIds) {
  const std::vector<AssignmentEdge> edges = {{2, 0, 5}, {1, 0, 5}, {1, 1, 5}};
  // Equal weights: (1,0) first, then (1,1) is blocked by left 1, (2,0) by
  // right 0.
  EXPECT_THAT(GreedyMatching(edges), ElementsAre(1u));
}

TEST(AssignmentTest, NonPositiveAndParallelEdges) {
  const std::vector<AssignmentEdge> edges = {
      {0, 0, -1}, {1, 1, 0}, {2, 2, 3}, {2, 2, 4}, {3, 3, 4}, {3, 3, 4}};
  // Heaviest parallel edge; first of equal ones; nothing <= 0.
  EXPECT_THAT(MaxWeightMatchingHungarian(edges), ElementsAre(3u, 4u));
  EXPECT_THAT(GreedyMatching(edges), ElementsAre(3u, 4u));
  EXPECT_THAT(MaxWeightMatchingHungarian({}), IsEmpty());
}

TEST(AssignmentTest, MoreLeftsThanRights) {
  // Transposed internally: 4 lefts, 2 rights.
  const std::vector<AssignmentEdge> edges = {
      {0, 0, 1}, {1, 0, 8}, {2, 1, 7}, {3, 1, 2}, {1, 1, 9}};
  // Options: 1-1 (9) + ... right 0 from 0 (1) => 10; 1-0 (8) + 2-1 (7) => 15.
  EXPECT_THAT(MaxWeightMatchingHungarian(edges), ElementsAre(1u, 2u));
}

TEST(AssignmentTest, ComponentsAreSolvedSeparatelyWithFallback) {
  // Component A: the classic case; component B: one edge.
  const std::vector<AssignmentEdge> edges = {
      {0, 0, 10}, {0, 1, 9}, {1, 0, 9}, {5, 5, 2}};
  AssignmentResult result = SolveAssignment(edges, {});
  EXPECT_EQ(result.report.components, 2u);
  EXPECT_THAT(result.chosen, ElementsAre(1u, 2u, 3u));
  EXPECT_EQ(result.report.exact_total_weight, 20);
  EXPECT_TRUE(result.report.warnings.empty());

  AssignmentResult capped = SolveAssignment(edges, {.max_component_nodes = 3});
  EXPECT_EQ(capped.report.greedy_fallback_components, 1u);
  EXPECT_THAT(capped.chosen, ElementsAre(0u, 3u));
  EXPECT_EQ(capped.report.pairs_differ, 0u);
  ASSERT_EQ(capped.report.warnings.size(), 1u);
  EXPECT_THAT(capped.report.warnings[0], ::testing::HasSubstr("4 nodes"));
}

}  // namespace
}  // namespace linkage
