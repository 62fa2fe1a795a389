// Copyright 2026 The Linkage Authors.
//
// Clustering and assignment benchmarks:
//   BM_ConnectedComponents/<threads>/<giant>: concurrent union-find over 1M
//     records and 5M edges; giant=0 links records within groups of ~5 (a
//     realistic register), giant=1 uniformly at random (one giant component,
//     the most contended case).
//   BM_Cluster/<respect_cannot_link>: the whole Cluster() on the same 1M/5M
//     grouped graph plus 100k cannot-link pairs (edge filtering, stable ids).
//   BM_Hungarian/<n> and BM_Greedy/<n>: one dense n x n component.
#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "benchmark/benchmark.h"
#include "linkage/assignment.h"
#include "linkage/clustering.h"
#include "tbb/global_control.h"

namespace linkage {
namespace {

constexpr std::size_t kRecords = 1'000'000;
constexpr std::size_t kEdges = 5'000'000;

std::vector<CandidatePair> MakeEdges(bool giant) {
  std::mt19937_64 rng(giant ? 2 : 1);
  std::vector<CandidatePair> edges;
  edges.reserve(kEdges);
  while (edges.size() < kEdges) {
    std::uint32_t a = rng() % kRecords;
    std::uint32_t b;
    if (giant) {
      b = rng() % kRecords;
    } else {
      // Groups of 5 consecutive records, shuffled by a multiplicative hash
      // so that groups are not contiguous in index order.
      const std::uint32_t group = a / 5;
      b = group * 5 + static_cast<std::uint32_t>(rng() % 5);
      a = static_cast<std::uint32_t>((a * 2654435761ull) % kRecords);
      b = static_cast<std::uint32_t>((b * 2654435761ull) % kRecords);
    }
    if (a == b) continue;
    edges.push_back({std::min(a, b), std::max(a, b)});
  }
  return edges;
}

void BM_ConnectedComponents(benchmark::State& state) {
  tbb::global_control control(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(state.range(0)));
  static const std::vector<CandidatePair> grouped = MakeEdges(false);
  static const std::vector<CandidatePair> giant = MakeEdges(true);
  const std::vector<CandidatePair>& edges = state.range(1) ? giant : grouped;
  for (auto _ : state) {
    std::vector<std::uint32_t> roots = ConnectedComponents(kRecords, edges);
    benchmark::DoNotOptimize(roots.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(edges.size()));
}
BENCHMARK(BM_ConnectedComponents)
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

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

const RecordTable& BigTable() {
  static const RecordTable* table = [] {
    std::vector<RecordTableBuilder::ColumnSpec> specs;
    specs.push_back({"c0", std::make_unique<IdentityNormaliser>()});
    RecordTableBuilder builder(std::move(specs));
    std::vector<std::string_view> fields = {"x"};
    for (std::size_t r = 0; r < kRecords; ++r) {
      // Ids not in index order.
      const std::string id = absl::StrFormat("P%07d", (r * 7919) % kRecords);
      if (!builder.Add(id, fields, static_cast<std::int64_t>(r + 2)).ok()) std::abort();
    }
    return new RecordTable(*std::move(builder).Finish());
  }();
  return *table;
}

void BM_Cluster(benchmark::State& state) {
  const RecordTable& table = BigTable();
  static const std::vector<PairDecision> decisions = [] {
    std::vector<PairDecision> out;
    std::mt19937_64 rng(3);
    for (const CandidatePair& e : MakeEdges(false)) {
      PairDecision d;
      d.left = e.left;
      d.right = e.right;
      d.weight = static_cast<double>(rng() % 2000) / 100.0;
      d.decision = Decision::kMatch;
      out.push_back(d);
    }
    for (int c = 0; c < 100'000; ++c) {
      PairDecision d;
      const std::uint32_t a = rng() % kRecords, b = rng() % kRecords;
      if (a == b) continue;
      d.left = std::min(a, b);
      d.right = std::max(a, b);
      d.reason = DecisionReason::kCannotLink;
      out.push_back(d);
    }
    return out;
  }();
  const ClusterSettings settings{.max_cluster_size = 50,
                                 .respect_cannot_link = state.range(0) != 0};
  std::size_t refused = 0, clusters = 0;
  for (auto _ : state) {
    ClusterResult result = Cluster(table, decisions, settings);
    refused = result.refused.size();
    clusters = result.clusters.size();
    benchmark::DoNotOptimize(result.representative.data());
  }
  state.counters["clusters"] = static_cast<double>(clusters);
  state.counters["refused"] = static_cast<double>(refused);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(decisions.size()));
}
BENCHMARK(BM_Cluster)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

std::vector<AssignmentEdge> DenseComponent(std::uint32_t n) {
  std::mt19937_64 rng(5);
  std::vector<AssignmentEdge> edges;
  for (std::uint32_t l = 0; l < n; ++l) {
    for (std::uint32_t r = 0; r < n; ++r) {
      edges.push_back({l, r, 1.0 + static_cast<double>(rng() % 100000) / 1000.0});
    }
  }
  return edges;
}

void BM_Hungarian(benchmark::State& state) {
  const std::vector<AssignmentEdge> edges =
      DenseComponent(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    std::vector<std::size_t> chosen = MaxWeightMatchingHungarian(edges);
    benchmark::DoNotOptimize(chosen.data());
  }
}
BENCHMARK(BM_Hungarian)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_Greedy(benchmark::State& state) {
  const std::vector<AssignmentEdge> edges =
      DenseComponent(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    std::vector<std::size_t> chosen = GreedyMatching(edges);
    benchmark::DoNotOptimize(chosen.data());
  }
}
BENCHMARK(BM_Greedy)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace linkage
