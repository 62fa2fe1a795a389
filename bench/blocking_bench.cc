// Copyright 2026 The Linkage Authors.
//
// Candidate-pair generation throughput into a counting consumer, on 1M
// records with 4 rules whose block sizes follow Zipf-like distributions (as
// surname-and-year or postcode-sector keys do). Arg: threads.
//
//   build/bench/blocking_bench --benchmark_min_time=1
#include <atomic>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "blocking/candidates.h"
#include "blocking/comparison_counts.h"
#include "tbb/enumerable_thread_specific.h"
#include "tbb/global_control.h"

namespace linkage {
namespace {

constexpr std::size_t kRecords = 1'000'000;

// Draws from 1..values with P(v) ~ 1 / v^exponent (inverse CDF on a table).
class Zipf {
 public:
  Zipf(std::size_t values, double exponent) : cdf_(values) {
    double total = 0;
    for (std::size_t v = 0; v < values; ++v) {
      total += 1.0 / std::pow(static_cast<double>(v + 1), exponent);
      cdf_[v] = total;
    }
    for (double& c : cdf_) c /= total;
  }
  std::uint64_t operator()(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<std::uint64_t>(
               std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin()) + 1;
  }

 private:
  std::vector<double> cdf_;
};

const BlockingKeys& Keys() {
  static const BlockingKeys keys = [] {
    std::mt19937_64 rng(20261121);
    BlockingKeys k(4, kRecords);
    // Rule 0: an identifier shared by duplicates only (~700k distinct).
    // Rule 1: surname code x birth year. Rule 2: postcode sector x initial.
    // Rule 3: date of birth.
    const Zipf surname(20000, 1.0), year(90, 0.2), sector(12000, 0.6),
        initial(26, 0.8), dob(30000, 0.1);
    std::uniform_int_distribution<std::uint64_t> id(0, 700'000);
    for (std::size_t r = 0; r < kRecords; ++r) {
      if (r % 5 != 0) k.Set(0, r, id(rng) + 1);
      k.Set(1, r, surname(rng) * 1000 + year(rng));
      k.Set(2, r, sector(rng) * 100 + initial(rng));
      k.Set(3, r, dob(rng));
    }
    return k;
  }();
  return keys;
}

void BM_GenerateCandidates(benchmark::State& state) {
  const BlockingKeys& keys = Keys();
  tbb::global_control control(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(state.range(0)));
  CandidateOptions options;
  options.max_block_size = 5000;
  std::uint64_t pairs = 0;
  for (auto _ : state) {
    tbb::enumerable_thread_specific<std::uint64_t> count(0);
    absl::StatusOr<CandidateStats> stats = GenerateCandidates(
        keys, options, [&](std::size_t, std::span<const CandidatePair> batch) {
          // Touch the pairs so the work cannot be elided.
          std::uint64_t sum = 0;
          for (const CandidatePair& p : batch) sum += p.left ^ p.right;
          count.local() += batch.size() + (sum == 1);
        });
    if (!stats.ok()) state.SkipWithError("generation failed");
    pairs = stats->total_pairs();
    benchmark::DoNotOptimize(count.combine(std::plus<>()));
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pairs));
}
BENCHMARK(BM_GenerateCandidates)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_CountComparisons(benchmark::State& state) {
  const BlockingKeys& keys = Keys();
  for (auto _ : state) {
    absl::StatusOr<ComparisonCounts> counts = CountComparisons(keys, {});
    benchmark::DoNotOptimize(counts->total_pairs);
  }
}
BENCHMARK(BM_CountComparisons)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace linkage
