// Copyright 2026 The Linkage Authors.
//
// The batch pipeline on a generated UK register (configs/uk_person.json):
// read + normalise, blocking keys, candidate generation, scoring (and its
// cost per comparison), u sampling and EM. Records: LINKAGE_BENCH_RECORDS
// (default 1,000,000). The register is generated once (seed 1) into a
// temporary file and read like any input.
//
//   build/bench/pipeline_bench --benchmark_min_time=1
//   LINKAGE_BENCH_RECORDS=100000 build/bench/pipeline_bench
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "benchmark/benchmark.h"
#include "blocking/candidates.h"
#include "linkage/batch_job.h"
#include "linkage/config.h"
#include "linkage/generator.h"
#include "linkage/model.h"
#include "linkage/scoring.h"
#include "linkage/table_reader.h"
#include "linkage/training.h"
#include "tbb/enumerable_thread_specific.h"
#include "tbb/global_control.h"

namespace linkage {
namespace {

std::int64_t Records() {
  const char* env = std::getenv("LINKAGE_BENCH_RECORDS");
  return env ? std::atoll(env) : 1'000'000;
}

struct Fixture {
  std::string path;
  std::uint64_t bytes = 0;
  Model model;
  LoadedTable loaded;
  BlockingKeys keys;
};

Fixture& Get() {
  static Fixture* fixture = [] {
    auto* f = new Fixture;
    f->path = (std::filesystem::temp_directory_path() /
               ("linkage_pipeline_bench_" + std::to_string(Records()) + ".csv"))
                  .string();
    if (!std::filesystem::exists(f->path)) {
      GeneratorOptions options;
      options.records = Records();
      options.seed = 1;
      options.reference_dir = std::string(LINKAGE_DATA_DIR) + "/reference";
      absl::StatusOr<RegisterGenerator> generator = RegisterGenerator::Create(options);
      if (!generator.ok() || !generator->WriteFile(f->path).ok()) {
        std::cerr << "cannot generate the register\n";
        std::exit(1);
      }
    }
    f->bytes = std::filesystem::file_size(f->path);
    absl::StatusOr<Config> config =
        LoadConfig(std::string(LINKAGE_CONFIGS_DIR) + "/uk_person.json");
    absl::StatusOr<Model> model = Model::FromConfig(*config);
    if (!model.ok()) {
      std::cerr << model.status() << "\n";
      std::exit(1);
    }
    f->model = *std::move(model);
    f->loaded = *ReadRecordTable(f->model, {f->path}, {});
    f->keys = *f->model.prediction_rules().ComputeKeys(f->loaded.table);
    return f;
  }();
  return *fixture;
}

void BM_ReadAndNormalise(benchmark::State& state) {
  Fixture& f = Get();
  std::size_t bytes_per_record = 0;
  for (auto _ : state) {
    absl::StatusOr<LoadedTable> loaded = ReadRecordTable(f.model, {f.path}, {});
    bytes_per_record = loaded->table.MemoryBytes() / loaded->table.num_records();
    benchmark::DoNotOptimize(loaded->table.num_records());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.bytes));
  state.SetItemsProcessed(state.iterations() * Records());
  state.counters["table_bytes_per_record"] = static_cast<double>(bytes_per_record);
}
BENCHMARK(BM_ReadAndNormalise)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

void BM_BlockingKeys(benchmark::State& state) {
  Fixture& f = Get();
  for (auto _ : state) {
    absl::StatusOr<BlockingKeys> keys = f.model.prediction_rules().ComputeKeys(f.loaded.table);
    benchmark::DoNotOptimize(keys->num_records());
  }
  state.SetItemsProcessed(state.iterations() * Records());
}
BENCHMARK(BM_BlockingKeys)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CandidatePairs(benchmark::State& state) {
  Fixture& f = Get();
  tbb::global_control control(tbb::global_control::max_allowed_parallelism, state.range(0));
  std::uint64_t pairs = 0;
  for (auto _ : state) {
    tbb::enumerable_thread_specific<std::uint64_t> count(0);
    absl::StatusOr<CandidateStats> stats = GenerateCandidates(
        f.keys, {}, [&](std::size_t, std::span<const CandidatePair> batch) {
          count.local() += batch.size();
        });
    pairs = stats->total_pairs();
    benchmark::DoNotOptimize(count.combine(std::plus<>()));
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pairs));
}
BENCHMARK(BM_CandidatePairs)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// A Splink-style 4-rule config on the same register: identifier, surname
// code + year of birth, postcode, date of birth. Looser than
// configs/uk_person.json, so blocks are bigger and pairs dominate the cost.
void BM_CandidatePairsFourRules(benchmark::State& state) {
  Fixture& f = Get();
  static const BlockingKeys* keys = [] {
    const nlohmann::json rules = nlohmann::json::parse(R"([
        [{"column": "nhs_number"}],
        [{"column": "family_name", "transform": "double_metaphone"},
         {"column": "date_of_birth", "transform": "year"}],
        [{"column": "postcode"}],
        [{"column": "date_of_birth"}]])");
    absl::StatusOr<BlockingRules> parsed =
        BlockingRules::Create(rules, Get().model.schema(), "$.rules");
    return new BlockingKeys(*parsed->ComputeKeys(Get().loaded.table));
  }();
  tbb::global_control control(tbb::global_control::max_allowed_parallelism, state.range(0));
  std::uint64_t pairs = 0;
  for (auto _ : state) {
    tbb::enumerable_thread_specific<std::uint64_t> count(0);
    absl::StatusOr<CandidateStats> stats = GenerateCandidates(
        *keys, {}, [&](std::size_t, std::span<const CandidatePair> batch) {
          count.local() += batch.size();
        });
    pairs = stats->total_pairs();
    benchmark::DoNotOptimize(count.combine(std::plus<>()));
  }
  (void)f;
  state.counters["pairs"] = static_cast<double>(pairs);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pairs));
}
BENCHMARK(BM_CandidatePairsFourRules)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// A trained model, its scorer and the first 2M candidate pairs one thread
// generates, materialised once: for scoring without candidate generation.
// The first 2M come from the first five rules; `sampled` is every third
// pair of all of them (in generation order), the mix a whole job scores;
// `all` is every one of them in generation order, the pairs and the order
// a whole job scores (a block's pairs share rows, which stay cached).
struct ScoringFixture {
  Model model;
  std::optional<Scorer> scorer;
  std::vector<CandidatePair> pairs;
  std::vector<CandidatePair> sampled;
  std::vector<CandidatePair> all;
};
ScoringFixture& GetScoring() {
  static ScoringFixture* fixture = [] {
    auto* s = new ScoringFixture;
    Fixture& f = Get();
    s->model = f.model;
    if (absl::StatusOr<TrainingReport> report = Train(f.loaded.table, &s->model, {});
        !report.ok()) {
      std::cerr << report.status() << "\n";
      std::exit(1);
    }
    s->scorer.emplace(*Scorer::Create(s->model, f.loaded.table));
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    std::uint64_t seen = 0;
    const absl::StatusOr<CandidateStats> stats = GenerateCandidates(
        f.keys, {}, [&](std::size_t, std::span<const CandidatePair> batch) {
          if (s->pairs.size() < 2'000'000) {
            s->pairs.insert(s->pairs.end(), batch.begin(), batch.end());
          }
          for (const CandidatePair& pair : batch) {
            if (seen++ % 3 == 0) s->sampled.push_back(pair);
          }
          s->all.insert(s->all.end(), batch.begin(), batch.end());
        });
    if (!stats.ok()) {
      std::cerr << stats.status() << "\n";
      std::exit(1);
    }
    return s;
  }();
  return *fixture;
}

void BM_Scoring(benchmark::State& state) {
  Fixture& f = Get();
  const Model* trained = &GetScoring().model;
  tbb::global_control control(tbb::global_control::max_allowed_parallelism, state.range(0));
  absl::StatusOr<Scorer> scorer = Scorer::Create(*trained, f.loaded.table);
  std::uint64_t pairs = 0, kept = 0;
  for (auto _ : state) {
    PredictOptions options;
    options.threshold_weight = ProbabilityToWeight(0.5);
    absl::StatusOr<PredictResult> result = Predict(*scorer, f.keys, {}, options);
    pairs = result->candidates.total_pairs();
    kept = result->pairs.size();
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["kept"] = static_cast<double>(kept);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pairs));
}
BENCHMARK(BM_Scoring)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Scoring without candidate generation, on one thread. Range(0) = -1: the
// whole pattern and weight (Scorer::ScoreAtLeast at a 0.5 probability
// threshold, as `linkage dedupe` keeps pairs); -2: the same at weight -10,
// the threshold `dedupe --truth-column` keeps for its F1 sweep (fewer pairs
// abandoned early); Range(0) = c: comparison c's level alone, with a level
// cache as batch scoring has. Nanoseconds per pair per comparison say where
// scoring's time goes.
enum class KernelPairs { kFirstRules, kAllRules, kAllRulesInCache, kAllPairs };
void ScoringKernel(benchmark::State& state, KernelPairs which) {
  ScoringFixture& s = GetScoring();
  const Scorer& scorer = *s.scorer;
  const PreparedComparisons& prepared = scorer.comparisons();
  // In cache: 2,000 of the sampled pairs (every 1,000th) repeated to the
  // sampled pairs' count; their 4,000 rows (512 KB) stay in L2, so the
  // time is the kernel's compute without its random reads of memory.
  static const std::vector<CandidatePair> in_cache = [&] {
    std::vector<CandidatePair> out;
    const std::size_t distinct = std::min<std::size_t>(2000, s.sampled.size() / 1000);
    for (std::size_t i = 0; i < s.sampled.size() && distinct > 0; ++i) {
      out.push_back(s.sampled[(i % distinct) * 1000]);
    }
    return out;
  }();
  const std::vector<CandidatePair>& pairs = which == KernelPairs::kFirstRules ? s.pairs
                                            : which == KernelPairs::kAllRules ? s.sampled
                                            : which == KernelPairs::kAllPairs ? s.all
                                                                              : in_cache;
  const std::int64_t c = state.range(0);
  const double threshold = c == -2 ? kTruthSweepThresholdWeight : ProbabilityToWeight(0.5);
  if (c >= static_cast<std::int64_t>(prepared.size())) {
    state.SkipWithError("the config has fewer comparisons");
    return;
  }
  std::uint64_t sum = 0, kept = 0;
  for (auto _ : state) {
    kept = 0;
    LevelCache cache(prepared.size());
    if (c < 0) {
      // As Predict() scores each batch of candidates.
      scorer.ScoreEachAtLeast(pairs, threshold, cache,
                              [&](std::size_t, Pattern, double) { ++kept; });
      continue;
    }
    prepared.ForEachPrefetched(
        pairs.size(), [&](std::size_t i) { return std::pair(pairs[i].left, pairs[i].right); },
        [&](std::size_t i) {
          sum += static_cast<std::uint64_t>(prepared.Level(static_cast<std::size_t>(c),
                                                           pairs[i].left, pairs[i].right, cache));
        });
  }
  benchmark::DoNotOptimize(sum);
  // Per thread: the same on each (counters are otherwise summed over threads).
  constexpr auto kPerThread = benchmark::Counter::kAvgThreads;
  if (c < 0) state.counters["kept"] = benchmark::Counter(static_cast<double>(kept), kPerThread);
  state.counters["row_bytes"] =
      benchmark::Counter(static_cast<double>(prepared.row_bytes()), kPerThread);
  state.counters["row_features"] =
      benchmark::Counter(static_cast<double>(prepared.row_features()), kPerThread);
  if (c >= 0) state.SetLabel(prepared.spec(static_cast<std::size_t>(c)).output_column_name);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pairs.size()));
}
void BM_ScoringKernel(benchmark::State& state) {
  ScoringKernel(state, KernelPairs::kFirstRules);
}
BENCHMARK(BM_ScoringKernel)
    ->DenseRange(-2, 8)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
// The same over every third candidate pair of all ten rules (2.2M pairs of
// uk_person.json's 6.6M), whose mix of agreements is the whole job's.
void BM_ScoringKernelAllRules(benchmark::State& state) {
  ScoringKernel(state, KernelPairs::kAllRules);
}
BENCHMARK(BM_ScoringKernelAllRules)
    ->DenseRange(-2, 8)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
// Every candidate pair of all ten rules (6.6M) in the order one thread
// generates them: the scoring a whole `linkage dedupe` does, without the
// generation (BM_Scoring's time less BM_CandidatePairs's, roughly). On two
// threads each scores all of them, with its own level cache, as Predict()'s
// threads do their share: items_per_second is then both threads' pairs.
void BM_ScoringKernelAllPairs(benchmark::State& state) {
  ScoringKernel(state, KernelPairs::kAllPairs);
}
BENCHMARK(BM_ScoringKernelAllPairs)
    ->Arg(-1)
    ->Arg(-2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2);
// The same number of pairs as AllRules, 2,000 of them repeated: the compute floor
// (bench/RESULTS.md, 2026-12-05, ninth session).
void BM_ScoringKernelInCache(benchmark::State& state) {
  ScoringKernel(state, KernelPairs::kAllRulesInCache);
}
BENCHMARK(BM_ScoringKernelInCache)
    ->Arg(-1)
    ->Arg(-2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_USampling(benchmark::State& state) {
  Fixture& f = Get();
  absl::StatusOr<PreparedComparisons> prepared =
      PreparedComparisons::Create(f.model.comparisons(), f.loaded.table);
  prepared->BuildRecordRows();  // as Train() does
  TrainingSettings settings = f.model.training();
  settings.max_pairs_for_u = static_cast<std::uint64_t>(state.range(0));
  settings.min_u_observations = ~std::uint64_t{0};  // no early stop
  for (auto _ : state) {
    absl::StatusOr<USample> u =
        EstimateU(*prepared, f.loaded.table, LinkType::kDedupeOnly, settings);
    benchmark::DoNotOptimize(u->pairs);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
// 10^8 pairs is the issue's figure (about a minute on 2 cores at 1M records).
BENCHMARK(BM_USampling)
    ->Arg(10'000'000)
    ->Arg(100'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// EM on the pattern counts of 10M random pairs: the cost depends on the
// number of distinct patterns, not on the pairs.
void BM_Em(benchmark::State& state) {
  Fixture& f = Get();
  absl::StatusOr<PreparedComparisons> prepared =
      PreparedComparisons::Create(f.model.comparisons(), f.loaded.table);
  const std::size_t n = f.loaded.table.num_records();
  BlockingKeys keys(1, n);
  // A training rule that pairs ~10M pairs: records grouped in blocks of ~20.
  for (std::size_t r = 0; r < n; ++r) keys.Set(0, r, (r * 2654435761u) % (n / 20 + 1) + 1);
  absl::StatusOr<PatternCounts> counts = CountPatterns(*prepared, keys, {});
  std::uint64_t pairs = 0;
  for (const auto& [p, c] : *counts) pairs += c;
  std::vector<int> levels;
  LevelProbabilities m, u;
  for (const ComparisonSpec& c : f.model.comparisons()) {
    levels.push_back(static_cast<int>(c.levels.size()));
    m.emplace_back(c.levels.size(), 1.0 / (c.levels.size() - 1));
    u.emplace_back(c.levels.size(), 1.0 / (c.levels.size() - 1));
  }
  const std::vector<bool> active(levels.size(), true);
  int iterations = 0;
  for (auto _ : state) {
    EmResult result = RunEm(*counts, levels, active, m, u, 0.01, 25, 1e-12);
    iterations = static_cast<int>(result.iterations.size());
  }
  state.counters["training_pairs"] = static_cast<double>(pairs);
  state.counters["patterns"] = static_cast<double>(counts->size());
  state.counters["iterations"] = iterations;
}
BENCHMARK(BM_Em)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace linkage
