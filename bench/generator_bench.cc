// Copyright 2026 The Linkage Authors.
//
// Throughput of the synthetic register generator (linkage/generator.h):
// records/s for 100k and 1M rows into a discarding sink (generation and
// formatting, no disk), and the one-off load of the reference tables.
//
//   build/bench/generator_bench --benchmark_filter=Generate
//
// Threads: oneTBB's default (all cores). Output bytes do not depend on it.
// Needs linkage::linkage linked into the bench targets (bench/CMakeLists.txt).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "benchmark/benchmark.h"
#include "linkage/generator.h"

namespace linkage {
namespace {

const std::string kReferenceDir = std::string(LINKAGE_DATA_DIR) + "/reference";

std::shared_ptr<const internal::GeneratorReference> Tables() {
  static const auto* const tables =
      new std::shared_ptr<const internal::GeneratorReference>([] {
        auto loaded = RegisterGenerator::LoadReference(kReferenceDir);
        return loaded.ok() ? *std::move(loaded) : nullptr;
      }());
  return *tables;
}

void BM_LoadReference(benchmark::State& state) {
  for (auto _ : state) {
    auto loaded = RegisterGenerator::LoadReference(kReferenceDir);
    if (!loaded.ok()) {
      state.SkipWithError(std::string(loaded.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(loaded);
  }
}
BENCHMARK(BM_LoadReference)->Unit(benchmark::kMillisecond);

void BM_Generate(benchmark::State& state) {
  auto tables = Tables();
  if (tables == nullptr) {
    state.SkipWithError("cannot load data/reference");
    return;
  }
  GeneratorOptions options;
  options.records = state.range(0);
  options.seed = 1;
  options.duplicate_rate = 0.2;
  auto generator = RegisterGenerator::Create(options, tables);
  if (!generator.ok()) {
    state.SkipWithError(std::string(generator.status().message()).c_str());
    return;
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    const absl::Status status =
        generator->Generate([&bytes](std::string_view piece) {
          bytes += static_cast<int64_t>(piece.size());
          return absl::OkStatus();
        });
    benchmark::DoNotOptimize(status.ok());
  }
  state.SetItemsProcessed(state.iterations() * options.records);
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_Generate)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace linkage
