// Copyright 2026 The Linkage Authors.
#include "linkage/clustering.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tbb/global_control.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class IdentityNormaliser : public Normaliser {
 public:
  std::string_view name() const noexcept override { return "identity"; }
  std::span<const std::string> part_names() const noexcept override { return {}; }
  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue v;
    v.value = std::string(raw);
    return v;
  }
};

RecordTable MakeTable(const std::vector<std::string>& ids) {
  std::vector<RecordTableBuilder::ColumnSpec> specs;
  specs.push_back({"c0", std::make_unique<IdentityNormaliser>()});
  RecordTableBuilder builder(std::move(specs));
  std::vector<std::string_view> fields = {"x"};
  std::int64_t line = 2;
  for (const std::string& id : ids) EXPECT_TRUE(builder.Add(id, fields, line++).ok());
  absl::StatusOr<RecordTable> table = std::move(builder).Finish();
  EXPECT_TRUE(table.ok()) << table.status();
  return std::move(*table);
}

PairDecision Edge(std::uint32_t a, std::uint32_t b, double weight,
                  Decision decision = Decision::kMatch,
                  DecisionReason reason = DecisionReason::kThreshold) {
  PairDecision d;
  d.left = std::min(a, b);
  d.right = std::max(a, b);
  d.weight = weight;
  d.decision = decision;
  d.reason = reason;
  return d;
}

PairDecision CannotLink(std::uint32_t a, std::uint32_t b) {
  return Edge(a, b, 30, Decision::kNonMatch, DecisionReason::kCannotLink);
}

// Reference: breadth-first search, labelling each node with its component's
// smallest index.
std::vector<std::uint32_t> BfsComponents(std::size_t n,
                                         const std::vector<CandidatePair>& edges) {
  std::vector<std::vector<std::uint32_t>> adjacency(n);
  for (const CandidatePair& e : edges) {
    adjacency[e.left].push_back(e.right);
    adjacency[e.right].push_back(e.left);
  }
  std::vector<std::uint32_t> label(n, UINT32_MAX);
  for (std::uint32_t start = 0; start < n; ++start) {
    if (label[start] != UINT32_MAX) continue;
    std::queue<std::uint32_t> queue;
    queue.push(start);
    label[start] = start;  // ascending starts: start is the component minimum
    while (!queue.empty()) {
      const std::uint32_t x = queue.front();
      queue.pop();
      for (std::uint32_t y : adjacency[x]) {
        if (label[y] == UINT32_MAX) {
          label[y] = start;
          queue.push(y);
        }
      }
    }
  }
  return label;
}

TEST(ConnectedComponentsTest, SmallGraph) {
  const std::vector<CandidatePair> edges = {{5, 3}, {3, 1}, {6, 4}};
  EXPECT_THAT(ConnectedComponents(7, edges), ElementsAre(0, 1, 2, 1, 4, 1, 4));
  EXPECT_THAT(ConnectedComponents(2, {}), ElementsAre(0, 1));
}

TEST(ConnectedComponentsTest, MatchesBfsOnAnyThreadCountAndEdgeOrder) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 5; ++trial) {
    const std::size_t n = 20000;
    std::vector<CandidatePair> edges;
    for (int e = 0; e < 15000; ++e) {
      const std::uint32_t a = rng() % n, b = rng() % n;
      if (a != b) edges.push_back({std::min(a, b), std::max(a, b)});
    }
    // A long path too, the worst case for naive linking.
    for (std::uint32_t x = 1000; x + 1 < 3000; ++x) edges.push_back({x, x + 1});
    const std::vector<std::uint32_t> expected = BfsComponents(n, edges);
    for (int threads : {1, 2}) {
      tbb::global_control control(tbb::global_control::max_allowed_parallelism, threads);
      std::shuffle(edges.begin(), edges.end(), rng);
      EXPECT_EQ(ConnectedComponents(n, edges), expected) << threads << " threads";
    }
  }
}

TEST(ClusterTest, IdsAreTheSmallestRecordIdInByteOrder) {
  RecordTable table = MakeTable({"B9", "B10", "A", "C", "D", "E"});
  const std::vector<PairDecision> decisions = {
      Edge(0, 1, 10),                                         // B9-B10
      Edge(2, 3, 3, Decision::kReview),                       // not an edge
      Edge(3, 4, -5, Decision::kMatch, DecisionReason::kMustLink),  // C-D
      Edge(4, 5, 2, Decision::kNonMatch, DecisionReason::kNotBest),
  };
  for (bool respect : {false, true}) {
    ClusterResult result = Cluster(table, decisions, {.respect_cannot_link = respect});
    std::vector<std::string> ids;
    for (std::size_t r = 0; r < table.num_records(); ++r) {
      ids.emplace_back(result.ClusterId(table, r));
    }
    EXPECT_THAT(ids, ElementsAre("B10", "B10", "A", "C", "C", "E")) << respect;
    ASSERT_EQ(result.clusters.size(), 4u);
    EXPECT_EQ(table.record_id(result.clusters[1].representative), "B10");
    EXPECT_EQ(result.clusters[1].size, 2u);
    EXPECT_EQ(result.num_edges, 2u);
  }
  // Above the clustering threshold only: B9-B10 (10) is dropped, the
  // must-link C-D stays.
  ClusterResult strict = Cluster(table, decisions, {.threshold_weight = 12});
  EXPECT_EQ(strict.ClusterId(table, 0), "B9");
  EXPECT_EQ(strict.ClusterId(table, 4), "C");
}

// Cluster ids per record id.
absl::flat_hash_map<std::string, std::string> IdsByRecord(const RecordTable& table,
                                                          const ClusterResult& result) {
  absl::flat_hash_map<std::string, std::string> out;
  for (std::size_t r = 0; r < table.num_records(); ++r) {
    out[std::string(table.record_id(r))] = std::string(result.ClusterId(table, r));
  }
  return out;
}

TEST(ClusterTest, StableUnderShuffledInput) {
  std::mt19937 rng(1234);
  const std::size_t n = 400;
  std::vector<std::string> ids;
  for (std::size_t r = 0; r < n; ++r) ids.push_back(absl::StrFormat("p%04d", (r * 7919) % 10000));
  std::vector<PairDecision> decisions;
  for (int e = 0; e < 350; ++e) {
    const std::uint32_t a = rng() % n, b = rng() % n;
    if (a == b) continue;
    // Integer weights: ties must be broken by record ids, not indexes.
    decisions.push_back(Edge(a, b, static_cast<double>(rng() % 5)));
  }
  for (int e = 0; e < 60; ++e) {
    const std::uint32_t a = rng() % n, b = rng() % n;
    if (a != b) decisions.push_back(CannotLink(a, b));
  }
  const RecordTable table = MakeTable(ids);
  for (bool respect : {false, true}) {
    const ClusterSettings settings{.respect_cannot_link = respect};
    const auto expected = IdsByRecord(table, Cluster(table, decisions, settings));
    std::size_t multi = 0;
    for (const auto& [record, cluster] : expected) multi += record != cluster;
    EXPECT_GT(multi, 50u);  // the graph has real clusters
    for (int trial = 0; trial < 5; ++trial) {
      std::vector<std::uint32_t> position(n);  // old index -> new index
      std::iota(position.begin(), position.end(), 0u);
      std::shuffle(position.begin(), position.end(), rng);
      std::vector<std::string> shuffled_ids(n);
      for (std::size_t r = 0; r < n; ++r) shuffled_ids[position[r]] = ids[r];
      std::vector<PairDecision> shuffled;
      for (const PairDecision& d : decisions) {
        PairDecision moved = d;
        moved.left = std::min(position[d.left], position[d.right]);
        moved.right = std::max(position[d.left], position[d.right]);
        shuffled.push_back(moved);
      }
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      const RecordTable shuffled_table = MakeTable(shuffled_ids);
      EXPECT_EQ(IdsByRecord(shuffled_table, Cluster(shuffled_table, shuffled, settings)),
                expected)
          << "respect=" << respect << " trial " << trial;
    }
  }
}

TEST(ClusterTest, CannotLinkRefusesTheMerge) {
  // A-B 10, C-D 9, B-C 8 would join all four; A and D cannot link.
  RecordTable table = MakeTable({"A", "B", "C", "D"});
  const std::vector<PairDecision> decisions = {Edge(0, 1, 10), Edge(2, 3, 9),
                                               Edge(1, 2, 8), CannotLink(0, 3)};
  ClusterResult ignoring = Cluster(table, decisions, {});
  EXPECT_EQ(ignoring.clusters.size(), 1u);
  ClusterResult respecting = Cluster(table, decisions, {.respect_cannot_link = true});
  ASSERT_EQ(respecting.clusters.size(), 2u);
  EXPECT_EQ(respecting.ClusterId(table, 1), "A");
  EXPECT_EQ(respecting.ClusterId(table, 3), "C");
  ASSERT_EQ(respecting.refused.size(), 1u);
  EXPECT_EQ(respecting.refused[0].left, 1u);
  EXPECT_EQ(respecting.refused[0].right, 2u);
  EXPECT_EQ(respecting.refused[0].cannot_left, 0u);
  EXPECT_EQ(respecting.refused[0].cannot_right, 3u);
}

TEST(ClusterTest, HeavierEdgesWinAndMustLinkComesFirst) {
  // A-B 5 and B-C 9 conflict (A, C cannot link): the heavier B-C wins.
  RecordTable table = MakeTable({"A", "B", "C"});
  ClusterResult heavier = Cluster(
      table, std::vector<PairDecision>{Edge(0, 1, 5), Edge(1, 2, 9), CannotLink(0, 2)},
      {.respect_cannot_link = true});
  EXPECT_EQ(heavier.ClusterId(table, 1), "B");
  EXPECT_EQ(heavier.ClusterId(table, 0), "A");
  // A must-link A-B goes first whatever its weight.
  ClusterResult must = Cluster(
      table,
      std::vector<PairDecision>{Edge(0, 1, 1, Decision::kMatch, DecisionReason::kMustLink),
                                Edge(1, 2, 9), CannotLink(0, 2)},
      {.respect_cannot_link = true});
  EXPECT_EQ(must.ClusterId(table, 1), "A");
  EXPECT_EQ(must.ClusterId(table, 2), "C");
}

TEST(ClusterTest, RandomGraphsNeverJoinACannotLinkPair) {
  std::mt19937 rng(99);
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t n = 150;
    std::vector<std::string> ids;
    for (std::size_t r = 0; r < n; ++r) ids.push_back("r" + std::to_string(r));
    const RecordTable table = MakeTable(ids);
    std::vector<PairDecision> decisions;
    for (int e = 0; e < 200; ++e) {
      const std::uint32_t a = rng() % n, b = rng() % n;
      if (a != b) decisions.push_back(Edge(a, b, static_cast<double>(rng() % 100) / 7));
    }
    for (int e = 0; e < 40; ++e) {
      const std::uint32_t a = rng() % n, b = rng() % n;
      if (a != b) decisions.push_back(CannotLink(a, b));
    }
    ClusterResult result = Cluster(table, decisions, {.respect_cannot_link = true});
    std::size_t joined = 0;
    for (const PairDecision& d : decisions) {
      const bool same = result.representative[d.left] == result.representative[d.right];
      if (d.reason == DecisionReason::kCannotLink) {
        EXPECT_FALSE(same) << ids[d.left] << " " << ids[d.right];
      }
      joined += same && d.reason != DecisionReason::kCannotLink;
    }
    // Refused edges end up across clusters; all other edges within one.
    for (const RefusedMerge& refused : result.refused) {
      EXPECT_NE(result.representative[refused.left], result.representative[refused.right]);
    }
    EXPECT_GT(joined, 0u);
    std::size_t total = 0;
    for (const ClusterInfo& c : result.clusters) total += c.size;
    EXPECT_EQ(total, n);
  }
}

// Reference for respect_cannot_link: edges in order (must-link first, then
// heavier first, then by the records' ids), each merging two clusters
// unless a cannot-link pair lies across them, on plain member lists.
struct GreedyReference {
  std::vector<std::uint32_t> label;  // cluster label per record
  std::vector<std::pair<std::uint32_t, std::uint32_t>> refused;  // edges
};
GreedyReference Greedy(std::size_t n, const std::vector<std::string>& ids,
                       const std::vector<PairDecision>& decisions) {
  std::set<std::pair<std::uint32_t, std::uint32_t>> cannot;
  std::vector<PairDecision> edges;
  for (const PairDecision& d : decisions) {
    if (d.reason == DecisionReason::kCannotLink) {
      cannot.insert({d.left, d.right});
      cannot.insert({d.right, d.left});
    } else if (d.decision == Decision::kMatch || d.reason == DecisionReason::kMustLink) {
      edges.push_back(d);
    }
  }
  std::sort(edges.begin(), edges.end(), [&](const PairDecision& a, const PairDecision& b) {
    const bool must_a = a.reason == DecisionReason::kMustLink;
    const bool must_b = b.reason == DecisionReason::kMustLink;
    if (must_a != must_b) return must_a;
    if (a.weight != b.weight) return a.weight > b.weight;
    const auto ids_of = [&](const PairDecision& d) {
      return std::minmax(ids[d.left], ids[d.right]);
    };
    return ids_of(a) < ids_of(b);
  });
  GreedyReference out;
  out.label.resize(n);
  std::vector<std::vector<std::uint32_t>> members(n);
  for (std::uint32_t r = 0; r < n; ++r) {
    out.label[r] = r;
    members[r] = {r};
  }
  for (const PairDecision& d : edges) {
    const std::uint32_t a = out.label[d.left], b = out.label[d.right];
    if (a == b) continue;
    bool conflict = false;
    for (std::uint32_t x : members[a]) {
      for (std::uint32_t y : members[b]) conflict = conflict || cannot.contains({x, y});
    }
    if (conflict) {
      out.refused.push_back({d.left, d.right});
      continue;
    }
    for (std::uint32_t x : members[b]) out.label[x] = a;
    members[a].insert(members[a].end(), members[b].begin(), members[b].end());
    members[b].clear();
  }
  return out;
}

// Respecting cannot-links, clusters and refused merges are the plain greedy's
// exactly, on random graphs where some components hold cannot-links (their
// merges are decided in order) and most do not (merged whole).
TEST(ClusterTest, CannotLinkClustersMatchAPlainGreedy) {
  std::mt19937 rng(20261205);
  std::size_t refusals = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 40 + rng() % 200;
    std::vector<std::string> ids;
    for (std::size_t r = 0; r < n; ++r) ids.push_back("r" + std::to_string(rng() % 100000));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::shuffle(ids.begin(), ids.end(), rng);  // record order is not id order
    const std::size_t records = ids.size();
    const RecordTable table = MakeTable(ids);
    std::vector<PairDecision> decisions;
    std::set<std::pair<std::uint32_t, std::uint32_t>> used, cannot;
    const auto add = [&](PairDecision d) {
      if (d.left == d.right || !used.insert({d.left, d.right}).second) return;
      if (d.reason == DecisionReason::kCannotLink) cannot.insert({d.left, d.right});
      decisions.push_back(d);
    };
    for (std::size_t e = 0; e < records; ++e) {
      const std::uint32_t a = rng() % records, b = rng() % records;
      // Few distinct weights: ties broken by the records' ids.
      add(rng() % 10 == 0 ? Edge(a, b, 1, Decision::kMatch, DecisionReason::kMustLink)
                          : Edge(a, b, static_cast<double>(rng() % 6)));
    }
    for (std::size_t e = 0; e < 1 + records / 10; ++e) {
      add(CannotLink(rng() % records, rng() % records));
    }
    std::shuffle(decisions.begin(), decisions.end(), rng);
    const ClusterResult result = Cluster(table, decisions, {.respect_cannot_link = true});
    const GreedyReference expected = Greedy(records, ids, decisions);
    for (std::uint32_t x = 0; x < records; ++x) {
      for (std::uint32_t y = x + 1; y < records; ++y) {
        ASSERT_EQ(result.representative[x] == result.representative[y],
                  expected.label[x] == expected.label[y])
            << "trial " << trial << ": " << ids[x] << " " << ids[y];
      }
    }
    ASSERT_EQ(result.refused.size(), expected.refused.size()) << "trial " << trial;
    for (std::size_t i = 0; i < result.refused.size(); ++i) {
      const RefusedMerge& r = result.refused[i];
      EXPECT_EQ(std::pair(r.left, r.right), expected.refused[i]) << "trial " << trial;
      // The cannot-link named lies across the two sides refused.
      EXPECT_TRUE(cannot.contains({std::min(r.cannot_left, r.cannot_right),
                                   std::max(r.cannot_left, r.cannot_right)}));
    }
    refusals += result.refused.size();
  }
  EXPECT_GT(refusals, 20u);  // the trials do exercise refusals
}

TEST(ClusterTest, WarnsAboutOversizedClusters) {
  RecordTable table = MakeTable({"a", "b", "c", "d", "e", "f", "g"});
  const std::vector<PairDecision> decisions = {Edge(0, 1, 9), Edge(1, 2, 9), Edge(2, 3, 9),
                                               Edge(3, 4, 9), Edge(5, 6, 9)};
  ClusterResult result = Cluster(table, decisions, {.max_cluster_size = 3});
  ASSERT_EQ(result.oversized.size(), 1u);
  EXPECT_EQ(result.clusters[result.oversized[0]].size, 5u);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_THAT(result.warnings[0], HasSubstr("cluster \"a\" has 5 records"));
  EXPECT_TRUE(Cluster(table, decisions, {}).warnings.empty());
}

}  // namespace
}  // namespace linkage
