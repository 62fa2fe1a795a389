// Copyright 2026 The Linkage Authors.
//
// Streaming matcher on a generated UK register (issue 7): index build time
// and memory per record, Match latency percentiles on one thread, queries/s
// on two threads, Add latency.
//
//   LINKAGE_BENCH_RECORDS=1000000 build/bench/matcher_bench
//
// Setup (untimed): generate LINKAGE_BENCH_RECORDS records plus 20,000
// held-out records (seed 7, 20% duplicates), train configs/uk_person.json on
// all of them (term-frequency tables included). The build is AddBatch of the
// whole register into an in-memory store; "reopen" is Matcher::Open
// rebuilding the index from that store. Queries are held-out records (about
// a fifth are duplicates of register people) and register records. Adds go
// to the in-memory store (no fsync): they measure the matcher, not a disk.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "linkage/config.h"
#include "linkage/generator.h"
#include "linkage/matcher.h"
#include "linkage/memory_store.h"
#include "linkage/row_source.h"
#include "linkage/table_reader.h"
#include "linkage/training.h"

namespace linkage {
namespace {

constexpr int kHeldOut = 20000;

struct World {
  Model model;
  std::vector<StoredRecord> records;   // the register
  std::vector<StoredRecord> held_out;  // queries and adds
  std::unique_ptr<MemoryStore> store_handle;
  std::unique_ptr<Matcher> matcher;
  double build_seconds = 0;
  double reopen_seconds = 0;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::vector<StoredRecord> ReadRecords(const Model& model, const std::string& path) {
  std::vector<StoredRecord> out;
  auto source = OpenRowSource(path, InputOptions{});
  if (!source.ok()) std::abort();
  std::vector<std::size_t> columns;
  std::vector<std::string> names;
  for (const ColumnConfig& c : model.config().columns) {
    columns.push_back(*FindColumn(**source, c.name));
    names.push_back(c.name);
  }
  const std::size_t id = *FindColumn(**source, "record_id");
  while (*(*source)->Next()) {
    StoredRecord r;
    r.id = std::string((*source)->fields()[id]);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string_view v = (*source)->fields()[columns[c]];
      if (!v.empty()) r.fields.emplace_back(names[c], std::string(v));
    }
    out.push_back(std::move(r));
  }
  return out;
}

World& GetWorld() {
  static World* world = [] {
    auto* w = new World;
    std::int64_t n = 1'000'000;
    if (const char* env = std::getenv("LINKAGE_BENCH_RECORDS")) n = std::atoll(env);
    GeneratorOptions options;
    options.records = n + kHeldOut;
    options.seed = 7;
    options.reference_dir = std::string(LINKAGE_DATA_DIR) + "/reference";
    auto generator = RegisterGenerator::Create(options);
    if (!generator.ok()) std::abort();
    const std::string all = (std::filesystem::temp_directory_path() / "matcher_bench.csv").string();
    if (!generator->WriteFile(all).ok()) std::abort();
    auto config = LoadConfig(std::string(LINKAGE_CONFIGS_DIR) + "/uk_person.json");
    auto model = Model::FromConfig(*config);
    if (!model.ok()) std::abort();
    w->model = *std::move(model);
    std::vector<StoredRecord> records = ReadRecords(w->model, all);
    w->held_out.assign(records.end() - kHeldOut, records.end());
    records.resize(records.size() - kHeldOut);
    w->records = std::move(records);
    {
      // Train on the generated file (untimed).
      auto table = ReadRecordTable(w->model, {all}, {});
      if (!table.ok()) std::abort();
      auto report = Train(table->table, &w->model, {});
      if (!report.ok()) {
        std::cerr << report.status() << "\n";
        std::abort();
      }
    }
    std::filesystem::remove(all);
    auto store = MemoryStore::Create();
    w->store_handle = store->NewHandle();
    auto matcher = Matcher::Open(w->model, std::move(store));
    if (!matcher.ok()) std::abort();
    const auto t0 = std::chrono::steady_clock::now();
    if (!(*matcher)->AddBatch(w->records).ok()) std::abort();
    w->build_seconds = Seconds(t0);
    (*matcher).reset();
    const auto t1 = std::chrono::steady_clock::now();
    auto reopened = Matcher::Open(w->model, w->store_handle->NewHandle());
    if (!reopened.ok()) std::abort();
    w->reopen_seconds = Seconds(t1);
    w->matcher = *std::move(reopened);
    return w;
  }();
  return *world;
}

void Percentiles(benchmark::State& state, std::vector<double>& us) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<std::size_t>(q * us.size()))]; };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["p999_us"] = at(0.999);
  state.counters["max_us"] = us.back();
}

void BM_IndexBuild(benchmark::State& state) {
  World& w = GetWorld();
  for (auto _ : state) benchmark::DoNotOptimize(w.build_seconds);
  const MatcherStats stats = w.matcher->Stats();
  state.counters["records"] = static_cast<double>(stats.records);
  state.counters["clusters"] = static_cast<double>(stats.clusters);
  state.counters["build_s"] = w.build_seconds;
  state.counters["reopen_s"] = w.reopen_seconds;
  state.counters["bytes_per_record"] =
      static_cast<double>(stats.memory_bytes) / static_cast<double>(stats.records);
}
BENCHMARK(BM_IndexBuild)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_MatchLatency(benchmark::State& state) {
  World& w = GetWorld();
  std::vector<double> us;
  std::size_t q = 0, candidates = 0;
  for (auto _ : state) {
    // Alternate held-out and register records.
    const StoredRecord& query =
        (q % 2 == 0) ? w.held_out[(q / 2) % w.held_out.size()]
                     : w.records[(q * 7919) % w.records.size()];
    ++q;
    const auto t0 = std::chrono::steady_clock::now();
    auto result = w.matcher->Match(query.fields, {.count = 10});
    us.push_back(Seconds(t0) * 1e6);
    candidates += result->candidates_scored;
  }
  state.counters["scored_per_query"] = static_cast<double>(candidates) / static_cast<double>(q);
  Percentiles(state, us);
  state.SetItemsProcessed(static_cast<std::int64_t>(q));
}
BENCHMARK(BM_MatchLatency)->Iterations(20000)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_MatchThroughput(benchmark::State& state) {
  World& w = GetWorld();
  std::size_t q = static_cast<std::size_t>(state.thread_index()) * 1000003;
  for (auto _ : state) {
    const StoredRecord& query = w.held_out[q++ % w.held_out.size()];
    benchmark::DoNotOptimize(w.matcher->Match(query.fields, {.count = 10}));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_MatchThroughput)->Threads(1)->Threads(2)->UseRealTime()->MinTime(3.0);

void BM_AddLatency(benchmark::State& state) {
  World& w = GetWorld();
  std::vector<double> us;
  static std::size_t next = 0;
  for (auto _ : state) {
    StoredRecord r = w.held_out[next % w.held_out.size()];
    r.id = absl::StrCat("bench_add_", next++);
    const auto t0 = std::chrono::steady_clock::now();
    if (!w.matcher->Add(r).ok()) std::abort();
    us.push_back(Seconds(t0) * 1e6);
  }
  Percentiles(state, us);
}
BENCHMARK(BM_AddLatency)->Iterations(5000)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace linkage
