// Copyright 2026 The Linkage Authors.
//
// Matcher tests: queries and writes against hand expectations, online
// clusters against a batch clustering of the same final register (random
// add/update/remove sequences), restart equivalence on a MemoryStore, store
// failures, term-frequency adjustment by hand, and readers racing a writer
// (run this binary under ThreadSanitizer too).
#include "linkage/matcher.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "linkage/clustering.h"
#include "linkage/config.h"
#include "linkage/decisions.h"
#include "linkage/generator.h"
#include "linkage/memory_store.h"
#include "linkage/row_source.h"
#include "linkage/scoring.h"
#include "linkage/table_reader.h"
#include "linkage/training.h"
#include "tbb/global_control.h"

namespace linkage {
namespace {

#if defined(__SANITIZE_THREAD__)
// Debian's oneTBB is not built with ThreadSanitizer, so TSan cannot see its
// scheduler's synchronisation and reports every parallel_for (in batch code
// the fixtures use). One TBB thread under TSan leaves exactly the threads
// these tests start themselves: the readers and the writer.
const tbb::global_control kOneTbbThread(tbb::global_control::max_allowed_parallelism, 1);
#endif

struct Fixture {
  Model model;                       // trained on `records`
  std::vector<StoredRecord> records;  // the generated register
};

// Reads the uk_person config, optionally without TF adjustments (batch
// scoring takes TF from the table, the matcher from the model: equal only
// without TF).
Model LoadUkModel(bool with_tf, const std::string& decisions_override = "") {
  absl::StatusOr<Config> config =
      LoadConfig(std::string(LINKAGE_CONFIGS_DIR) + "/uk_person.json");
  EXPECT_TRUE(config.ok()) << config.status();
  if (!with_tf) {
    for (auto& comparison : config->document["comparisons"]) {
      for (auto& level : comparison["comparison_levels"]) level.erase("tf_adjustment_column");
    }
  }
  if (!decisions_override.empty()) {
    config->document["decisions"] = nlohmann::json::parse(decisions_override);
  }
  absl::StatusOr<Model> model = Model::FromConfig(*config);
  EXPECT_TRUE(model.ok()) << model.status();
  return *std::move(model);
}

// A generated register of `n` records and a model trained on it.
Fixture MakeFixture(int n, std::uint64_t seed, bool with_tf,
                    const std::string& decisions = "") {
  Fixture f;
  GeneratorOptions options;
  options.records = n;
  options.seed = seed;
  options.duplicate_rate = 0.3;
  options.reference_dir = std::string(LINKAGE_DATA_DIR) + "/reference";
  absl::StatusOr<RegisterGenerator> generator = RegisterGenerator::Create(options);
  EXPECT_TRUE(generator.ok()) << generator.status();
  const std::string path = (std::filesystem::temp_directory_path() /
                            absl::StrCat("matcher_test_", seed, "_", n, "_", ::getpid(), ".csv"))
                               .string();
  EXPECT_TRUE(generator->WriteFile(path).ok());
  f.model = LoadUkModel(with_tf, decisions);
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(f.model, {path}, {});
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  TrainOptions train;
  absl::StatusOr<TrainingReport> report = Train(loaded->table, &f.model, train);
  EXPECT_TRUE(report.ok()) << report.status();

  absl::StatusOr<std::unique_ptr<RowSource>> source = OpenRowSource(path, InputOptions{});
  EXPECT_TRUE(source.ok());
  std::vector<std::size_t> columns;
  std::vector<std::string> names;
  for (const ColumnConfig& c : f.model.config().columns) {
    columns.push_back(*FindColumn(**source, c.name));
    names.push_back(c.name);
  }
  const std::size_t id_column = *FindColumn(**source, "record_id");
  while (*(*source)->Next()) {
    StoredRecord r;
    r.id = std::string((*source)->fields()[id_column]);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string_view v = (*source)->fields()[columns[c]];
      if (!v.empty()) r.fields.emplace_back(names[c], std::string(v));
    }
    f.records.push_back(std::move(r));
  }
  std::filesystem::remove(path);
  return f;
}

const Fixture& SharedFixture() {
  static const Fixture* f = new Fixture(MakeFixture(1200, 11, /*with_tf=*/false));
  return *f;
}

// A partition as a set of sorted member lists (ids are not compared).
std::set<std::vector<std::string>> Partition(
    const std::vector<std::pair<std::string, std::string>>& clusters) {
  std::map<std::string, std::vector<std::string>> members;
  for (const auto& [id, cluster] : clusters) members[cluster].push_back(id);
  std::set<std::vector<std::string>> out;
  for (auto& [cluster, ids] : members) {
    std::sort(ids.begin(), ids.end());
    out.insert(ids);
  }
  return out;
}

// The batch pipeline on `records`: keys, Predict, Decide (policy all),
// Cluster; no block cap.
std::set<std::vector<std::string>> BatchPartition(const Model& model,
                                                  const std::vector<StoredRecord>& records) {
  absl::StatusOr<std::vector<RecordTableBuilder::ColumnSpec>> specs = model.MakeColumnSpecs();
  std::vector<std::string> names;
  for (const auto& s : *specs) names.push_back(s.name);
  RecordTableBuilder builder(*std::move(specs));
  std::int64_t line = 2;
  for (const StoredRecord& r : records) {
    std::vector<std::string_view> fields(names.size());
    for (const auto& [name, value] : r.fields) {
      for (std::size_t c = 0; c < names.size(); ++c) {
        if (names[c] == name) fields[c] = value;
      }
    }
    EXPECT_TRUE(builder.Add(r.id, fields, line++).ok());
  }
  absl::StatusOr<RecordTable> table = std::move(builder).Finish();
  absl::StatusOr<Scorer> scorer = Scorer::Create(model, *table);
  EXPECT_TRUE(scorer.ok()) << scorer.status();
  absl::StatusOr<BlockingKeys> keys = model.prediction_rules().ComputeKeys(*table);
  absl::StatusOr<PredictResult> predicted = Predict(*scorer, *keys, {}, {});
  absl::StatusOr<DecisionSettings> settings = ParseDecisions(
      model.config().document.value("decisions", nlohmann::json()), model.schema(),
      "$.decisions");
  settings->policy.policy = MatchPolicy::kAll;
  settings->clustering.respect_cannot_link = false;
  absl::StatusOr<DecideResult> decided =
      Decide(*table, predicted->pairs, *settings, LinkType::kDedupeOnly, 0);
  EXPECT_TRUE(decided.ok()) << decided.status();
  ClusterResult clusters = Cluster(*table, decided->decisions, settings->clustering);
  std::vector<std::pair<std::string, std::string>> assignment;
  for (std::size_t r = 0; r < table->num_records(); ++r) {
    assignment.emplace_back(std::string(table->record_id(r)),
                            std::string(clusters.ClusterId(*table, r)));
  }
  return Partition(assignment);
}

std::unique_ptr<Matcher> OpenOrDie(const Model& model, std::unique_ptr<Store> store,
                                   MatcherOptions options = {}) {
  absl::StatusOr<std::unique_ptr<Matcher>> m = Matcher::Open(model, std::move(store), options);
  EXPECT_TRUE(m.ok()) << m.status();
  return *std::move(m);
}

MatcherOptions NoCap() {
  MatcherOptions o;
  o.max_block_size = 0;
  return o;
}

TEST(MatcherTest, AddThenMatchFindsTheRecordFirst) {
  const Fixture& f = SharedFixture();
  auto matcher = OpenOrDie(f.model, nullptr);
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(matcher->Add(f.records[i]).ok());
  EXPECT_EQ(matcher->Stats().records, 300u);
  // Each stored record, queried with its own fields, is its own best
  // candidate (certain) and carries its cluster id.
  for (int i = 0; i < 300; i += 17) {
    absl::StatusOr<MatchResult> result = matcher->Match(f.records[i].fields, {});
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_FALSE(result->candidates.empty());
    bool found = false;
    for (const MatchCandidate& c : result->candidates) {
      if (c.record_id != f.records[i].id) continue;
      found = true;
      EXPECT_EQ(c.cluster_id, matcher->Get(c.record_id)->cluster_id);
      EXPECT_EQ(c.weight, result->candidates[0].weight);  // ties share the top
    }
    EXPECT_TRUE(found) << f.records[i].id;
    for (std::size_t k = 1; k < result->candidates.size(); ++k) {
      const auto& a = result->candidates[k - 1];
      const auto& b = result->candidates[k];
      EXPECT_TRUE(a.weight > b.weight || (a.weight == b.weight && a.record_id < b.record_id));
    }
  }
}

TEST(MatcherTest, WriteErrors) {
  const Fixture& f = SharedFixture();
  auto matcher = OpenOrDie(f.model, nullptr);
  ASSERT_TRUE(matcher->Add(f.records[0]).ok());
  EXPECT_EQ(matcher->Add(f.records[0]).status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(matcher->Update(f.records[1]).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(matcher->Remove("nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(matcher->Add({"", {}, ""}).status().code(), absl::StatusCode::kInvalidArgument);
  absl::Status bad = matcher->Add({"x", {{"shoe_size", "9"}}, ""}).status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("shoe_size"), std::string::npos) << bad;
  absl::Status bad_query = matcher->Match({{"shoe_size", "9"}}).status();
  EXPECT_NE(bad_query.message().find("shoe_size"), std::string::npos);
  EXPECT_EQ(matcher->Match(f.records[0].fields, {.policy = MatchPolicy::kOneToOne})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(matcher->Stats().records, 1u);
}

TEST(MatcherTest, InvalidQueryFieldsAreReported) {
  const Fixture& f = SharedFixture();
  auto matcher = OpenOrDie(f.model, nullptr);
  absl::StatusOr<MatchResult> result =
      matcher->Match({{"nhs_number", "1234567890"}, {"date_of_birth", "31/02/2001"}});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->issues.size(), 2u);
  EXPECT_EQ(result->issues[0].column, "nhs_number");
  EXPECT_EQ(result->issues[1].column, "date_of_birth");
}

TEST(MatcherTest, StoreFailureLeavesTheRegisterUnchanged) {
  const Fixture& f = SharedFixture();
  std::unique_ptr<MemoryStore> store = MemoryStore::Create();
  MemoryStore* raw = store.get();
  auto matcher = OpenOrDie(f.model, std::move(store));
  ASSERT_TRUE(matcher->Add(f.records[0]).ok());
  raw->FailNextApply(absl::UnavailableError("disk full"));
  absl::Status s = matcher->Add(f.records[1]).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(matcher->Get(f.records[1].id).has_value());
  raw->FailNextApply(absl::UnavailableError("disk full"));
  EXPECT_FALSE(matcher->Remove(f.records[0].id).ok());
  EXPECT_TRUE(matcher->Get(f.records[0].id).has_value());
  EXPECT_EQ(matcher->Stats().records, 1u);
  // A failed batch: memory is rebuilt from the store.
  raw->FailNextApply(absl::UnavailableError("disk full"));
  std::vector<StoredRecord> batch(f.records.begin() + 1, f.records.begin() + 50);
  EXPECT_FALSE(matcher->AddBatch(batch).ok());
  EXPECT_EQ(matcher->Stats().records, 1u);
  EXPECT_EQ(matcher->Clusters().size(), 1u);
  EXPECT_TRUE(matcher->AddBatch(batch).ok());
  EXPECT_EQ(matcher->Stats().records, 50u);
}

TEST(MatcherTest, EventsAndPersistentIds) {
  const Fixture& f = SharedFixture();
  auto matcher = OpenOrDie(f.model, nullptr);
  // Two copies of a person: the second joins the first's cluster; a third
  // record unrelated to them gets a new cluster.
  StoredRecord a = f.records[0];
  StoredRecord b = a;
  b.id = "copy";
  absl::StatusOr<WriteResult> ra = matcher->Add(a);
  ASSERT_TRUE(ra.ok());
  ASSERT_EQ(ra->events.size(), 1u);
  EXPECT_EQ(ra->events[0].kind, ClusterEventKind::kCreate);
  EXPECT_EQ(ra->cluster_id, "C0000000001");
  EXPECT_GT(ra->events[0].sequence, 0u);
  absl::StatusOr<WriteResult> rb = matcher->Add(b);
  ASSERT_TRUE(rb.ok());
  EXPECT_EQ(rb->cluster_id, "C0000000001");
  EXPECT_TRUE(rb->events.empty());
  // Remove the first: the copy keeps the id; removing the copy dissolves it.
  absl::StatusOr<WriteResult> r1 = matcher->Remove(a.id);
  ASSERT_TRUE(r1.ok());
  EXPECT_TRUE(r1->events.empty());
  EXPECT_EQ(matcher->Get("copy")->cluster_id, "C0000000001");
  absl::StatusOr<WriteResult> r2 = matcher->Remove("copy");
  ASSERT_TRUE(r2.ok());
  ASSERT_EQ(r2->events.size(), 1u);
  EXPECT_EQ(r2->events[0].kind, ClusterEventKind::kDissolve);
  // Ids are never reused.
  absl::StatusOr<WriteResult> again = matcher->Add(a);
  EXPECT_EQ(again->cluster_id, "C0000000002");
}

TEST(MatcherTest, MergeAndSplitThroughABridge) {
  // Must-link on email and on phone: x (email only) and y (phone only) share
  // no block; the bridge b has both. Adding b merges their clusters (the
  // smallest id survives); removing it splits them (the part of the earliest
  // record keeps the id); re-adding and updating b away from y splits again.
  Fixture f = MakeFixture(300, 3, /*with_tf=*/false, R"({"must_link": [
      {"name": "same_email", "when": [{"column": "email", "op": "equal"}]},
      {"name": "same_phone", "when": [{"column": "phone", "op": "equal"}]}]})");
  auto matcher = OpenOrDie(f.model, nullptr, NoCap());
  const RecordFields x = {{"email", "alice@example.com"}};
  const RecordFields y = {{"phone", "07911123456"}};
  const RecordFields bridge = {{"email", "alice@example.com"}, {"phone", "07911123456"}};
  ASSERT_EQ(matcher->Add({"x", x, ""})->cluster_id, "C0000000001");
  ASSERT_EQ(matcher->Add({"y", y, ""})->cluster_id, "C0000000002");
  absl::StatusOr<WriteResult> add = matcher->Add({"b", bridge, ""});
  ASSERT_TRUE(add.ok()) << add.status();
  EXPECT_EQ(add->cluster_id, "C0000000001");
  ASSERT_EQ(add->events.size(), 1u);
  EXPECT_EQ(add->events[0].kind, ClusterEventKind::kMerge);
  EXPECT_EQ(add->events[0].cluster_id, "C0000000001");
  EXPECT_EQ(add->events[0].others, std::vector<std::string>{"C0000000002"});
  EXPECT_EQ(matcher->Get("y")->cluster_id, "C0000000001");
  EXPECT_EQ(matcher->Stats().clusters, 1u);

  absl::StatusOr<WriteResult> removed = matcher->Remove("b");
  ASSERT_TRUE(removed.ok());
  ASSERT_EQ(removed->events.size(), 1u);
  EXPECT_EQ(removed->events[0].kind, ClusterEventKind::kSplit);
  EXPECT_EQ(removed->events[0].cluster_id, "C0000000001");
  EXPECT_EQ(removed->events[0].others, std::vector<std::string>{"C0000000003"});
  EXPECT_EQ(matcher->Get("x")->cluster_id, "C0000000001");
  EXPECT_EQ(matcher->Get("y")->cluster_id, "C0000000003");

  ASSERT_TRUE(matcher->Add({"b", bridge, ""}).ok());
  EXPECT_EQ(matcher->Get("y")->cluster_id, "C0000000001");
  // b loses its phone: y splits off again in the same write.
  absl::StatusOr<WriteResult> update = matcher->Update({"b", x, ""});
  ASSERT_TRUE(update.ok());
  EXPECT_EQ(update->cluster_id, "C0000000001");
  ASSERT_EQ(update->events.size(), 1u);
  EXPECT_EQ(update->events[0].kind, ClusterEventKind::kSplit);
  EXPECT_NE(matcher->Get("y")->cluster_id, "C0000000001");
  EXPECT_EQ(Partition(matcher->Clusters()),
            (std::set<std::vector<std::string>>{{"b", "x"}, {"y"}}));
}

// Random adds, updates (fields taken from another record) and removes; the
// final clusters must equal a batch clustering of the final register, and a
// matcher reopened on the store must give the same clusters and answers.
TEST(MatcherTest, IncrementalClustersEqualBatchClusters) {
  const Fixture& f = SharedFixture();
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    std::unique_ptr<MemoryStore> store = MemoryStore::Create();
    std::unique_ptr<MemoryStore> reopen = store->NewHandle();
    auto matcher = OpenOrDie(f.model, std::move(store), NoCap());
    std::mt19937_64 rng(seed);
    std::map<std::string, StoredRecord> live;
    std::size_t next = 0;
    const std::size_t n = f.records.size();
    for (int step = 0; step < 1500; ++step) {
      const int op = static_cast<int>(rng() % 10);
      if (op < 6 || live.size() < 10) {
        const StoredRecord& r = f.records[next++ % n];
        StoredRecord copy = r;
        if (next > n) copy.id = absl::StrCat(r.id, "_", next);
        if (live.count(copy.id)) continue;
        ASSERT_TRUE(matcher->Add(copy).ok());
        live[copy.id] = copy;
      } else {
        auto it = live.begin();
        std::advance(it, static_cast<long>(rng() % live.size()));
        if (op < 8) {
          StoredRecord updated = f.records[rng() % n];
          updated.id = it->first;
          ASSERT_TRUE(matcher->Update(updated).ok());
          it->second = updated;
        } else {
          ASSERT_TRUE(matcher->Remove(it->first).ok());
          live.erase(it);
        }
      }
    }
    std::vector<StoredRecord> final_records;
    for (const auto& [id, r] : live) final_records.push_back(r);
    const auto online = Partition(matcher->Clusters());
    EXPECT_EQ(matcher->Stats().records, live.size());
    EXPECT_EQ(matcher->Stats().clusters, online.size());
    EXPECT_EQ(online, BatchPartition(f.model, final_records)) << "seed " << seed;

    // Restart: same clusters (with the same ids) and the same answers.
    auto restarted = OpenOrDie(f.model, std::move(reopen), NoCap());
    EXPECT_EQ(restarted->Clusters(), matcher->Clusters());
    for (std::size_t q = 0; q < n; q += 97) {
      absl::StatusOr<MatchResult> a = matcher->Match(f.records[q].fields, {.explain = true});
      absl::StatusOr<MatchResult> b = restarted->Match(f.records[q].fields, {.explain = true});
      ASSERT_TRUE(a.ok() && b.ok());
      ASSERT_EQ(a->candidates.size(), b->candidates.size());
      for (std::size_t k = 0; k < a->candidates.size(); ++k) {
        EXPECT_EQ(a->candidates[k].record_id, b->candidates[k].record_id);
        EXPECT_EQ(a->candidates[k].cluster_id, b->candidates[k].cluster_id);
        EXPECT_EQ(a->candidates[k].weight, b->candidates[k].weight);
      }
    }
    // The stored cluster ids are what re-clustering from scratch gives.
    auto fresh = OpenOrDie(f.model, nullptr, NoCap());
    ASSERT_TRUE(fresh->AddBatch(final_records).ok());
    EXPECT_EQ(Partition(fresh->Clusters()), online);
    // New writes after a restart continue the cluster numbering.
    absl::StatusOr<WriteResult> w1 = matcher->Add({"zz_new", {{"given_name", "Zebedee"}}, ""});
    absl::StatusOr<WriteResult> w2 = restarted->Add({"zz_new", {{"given_name", "Zebedee"}}, ""});
    ASSERT_TRUE(w1.ok() && w2.ok());
    EXPECT_EQ(w1->cluster_id, w2->cluster_id);
  }
}

TEST(MatcherTest, QueryScoresEqualBatchScores) {
  // A record scored as a query against the register, and the same pair
  // scored by the batch Scorer once both are in a table, agree exactly.
  const Fixture& f = SharedFixture();
  auto matcher = OpenOrDie(f.model, nullptr, NoCap());
  std::vector<StoredRecord> first(f.records.begin(), f.records.begin() + 600);
  ASSERT_TRUE(matcher->AddBatch(first).ok());
  absl::StatusOr<std::vector<RecordTableBuilder::ColumnSpec>> specs = f.model.MakeColumnSpecs();
  std::vector<std::string> names;
  for (const auto& s : *specs) names.push_back(s.name);
  RecordTableBuilder builder(*std::move(specs));
  for (std::size_t i = 0; i < 700; ++i) {
    std::vector<std::string_view> fields(names.size());
    for (const auto& [name, value] : f.records[i].fields) {
      for (std::size_t c = 0; c < names.size(); ++c) {
        if (names[c] == name) fields[c] = value;
      }
    }
    ASSERT_TRUE(builder.Add(f.records[i].id, fields, 2 + i).ok());
  }
  absl::StatusOr<RecordTable> table = std::move(builder).Finish();
  absl::StatusOr<Scorer> scorer = Scorer::Create(f.model, *table);
  ASSERT_TRUE(scorer.ok());
  LevelCache cache(scorer->comparisons().size());
  int compared = 0;
  for (std::uint32_t q = 600; q < 700; ++q) {
    absl::StatusOr<MatchResult> result =
        matcher->Match(f.records[q].fields, {.min_grade = MatchGrade::kCertainlyNot});
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->candidates.size(), result->candidates_scored);
    for (const MatchCandidate& c : result->candidates) {
      const std::uint32_t r = static_cast<std::uint32_t>(
          std::stoul(c.record_id.substr(1)) - 1);  // R00000001 is row 0
      ASSERT_EQ(table->record_id(r), c.record_id);
      const Pattern pattern = scorer->comparisons().Compare(r, q, cache);
      EXPECT_EQ(c.weight, scorer->Weight(pattern, r, q)) << c.record_id << " vs " << q;
      ++compared;
    }
  }
  EXPECT_GT(compared, 50);
}

TEST(MatcherTest, TermFrequencyAdjustmentByHand) {
  Fixture f = MakeFixture(400, 5, /*with_tf=*/true);
  // Replace the trained tables with a hand-made one.
  TermFrequencyTable family;
  family.non_null = 10;
  family.counts["SMITH"] = 4;
  f.model.set_term_frequencies({{"family_name", family}});
  auto matcher = OpenOrDie(f.model, nullptr, NoCap());
  ASSERT_TRUE(matcher->Add({"a", {{"family_name", "Smith"}, {"given_name", "Ann"},
                                  {"date_of_birth", "1990-01-02"}}, ""}).ok());
  ASSERT_TRUE(matcher->Add({"b", {{"family_name", "Quux"}, {"given_name", "Ann"},
                                  {"date_of_birth", "1990-01-02"}}, ""}).ok());
  // u of the family_name exact level, and its TF term:
  // w * (log2(u_exact) - log2(max(tf_l, tf_r))).
  const ComparisonSpec* spec = nullptr;
  std::size_t index = 0;
  for (std::size_t c = 0; c < f.model.comparisons().size(); ++c) {
    if (f.model.comparisons()[c].output_column_name == "family_name") {
      spec = &f.model.comparisons()[c];
      index = c;
    }
  }
  ASSERT_NE(spec, nullptr);
  const double u_exact = *spec->levels[1].u_probability;
  absl::StatusOr<MatchResult> smith = matcher->Match(
      {{"family_name", "SMITH"}, {"given_name", "Ann"}, {"date_of_birth", "1990-01-02"}},
      {.min_grade = MatchGrade::kCertainlyNot, .explain = true});
  ASSERT_TRUE(smith.ok());
  const MatchCandidate* a = nullptr;
  for (const auto& c : smith->candidates) {
    if (c.record_id == "a") a = &c;
  }
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(a->explanation.has_value());
  EXPECT_EQ(a->explanation->terms[index].level, 1);
  EXPECT_NEAR(a->explanation->terms[index].tf_adjustment, std::log2(u_exact) - std::log2(0.4),
              1e-12);
  // A value absent from the table counts 1: tf = 1/10.
  absl::StatusOr<MatchResult> quux = matcher->Match(
      {{"family_name", "Quux"}, {"given_name", "Ann"}, {"date_of_birth", "1990-01-02"}},
      {.min_grade = MatchGrade::kCertainlyNot, .explain = true});
  const MatchCandidate* b = nullptr;
  for (const auto& c : quux->candidates) {
    if (c.record_id == "b") b = &c;
  }
  ASSERT_NE(b, nullptr);
  EXPECT_NEAR(b->explanation->terms[index].tf_adjustment, std::log2(u_exact) - std::log2(0.1),
              1e-12);
  // The weights add up.
  double total = b->explanation->prior_weight;
  for (const auto& t : b->explanation->terms) total += t.weight + t.tf_adjustment;
  EXPECT_NEAR(total, b->weight, 1e-9);
}

TEST(MatcherTest, PoliciesAndFilters) {
  const Fixture& f = SharedFixture();
  auto matcher = OpenOrDie(f.model, nullptr);
  // No NHS number, so that no must-link rule decides (hard rules win over
  // policies).
  StoredRecord a = f.records[0];
  std::erase_if(a.fields, [](const auto& field) { return field.first == "nhs_number"; });
  for (int k = 0; k < 3; ++k) {
    StoredRecord copy = a;
    copy.id = absl::StrCat("dup", k);
    ASSERT_TRUE(matcher->Add(copy).ok());
  }
  // Three identical records tie: best keeps the smallest id, best-unique
  // finds them ambiguous, top-k keeps k, count limits.
  absl::StatusOr<MatchResult> best = matcher->Match(a.fields, {.policy = MatchPolicy::kBest});
  ASSERT_TRUE(best.ok());
  ASSERT_EQ(best->candidates.size(), 1u);
  EXPECT_EQ(best->candidates[0].record_id, "dup0");
  absl::StatusOr<MatchResult> unique =
      matcher->Match(a.fields, {.policy = MatchPolicy::kBestUnique});
  ASSERT_EQ(unique->candidates.size(), 3u);
  for (const auto& c : unique->candidates) {
    EXPECT_EQ(c.reason, DecisionReason::kAmbiguous);
    EXPECT_EQ(c.decision, Decision::kReview);
  }
  absl::StatusOr<MatchResult> top =
      matcher->Match(a.fields, {.policy = MatchPolicy::kTopK, .count = 2});
  ASSERT_EQ(top->candidates.size(), 2u);
  EXPECT_EQ(top->candidates[1].record_id, "dup1");
  absl::StatusOr<MatchResult> all = matcher->Match(a.fields, {.count = 1});
  ASSERT_EQ(all->candidates.size(), 1u);
  absl::StatusOr<MatchResult> certain = matcher->Match(a.fields, {.only_certain = true});
  for (const auto& c : certain->candidates) EXPECT_EQ(c.grade, MatchGrade::kCertain);
}

TEST(MatcherTest, CannotLinkAppliesToQueries) {
  const Fixture& f = SharedFixture();
  auto matcher = OpenOrDie(f.model, nullptr);
  RecordFields person = {{"nhs_number", "9434765919"}, {"given_name", "Alice"},
                         {"family_name", "Smith"},     {"date_of_birth", "1980-05-01"},
                         {"postcode", "SW1A 1AA"}};
  ASSERT_TRUE(matcher->Add({"p", person, ""}).ok());
  RecordFields other = person;
  other[0].second = "9434765870";  // another valid NHS number
  absl::StatusOr<MatchResult> result =
      matcher->Match(other, {.min_grade = MatchGrade::kCertainlyNot});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->candidates.size(), 1u);
  EXPECT_EQ(result->candidates[0].reason, DecisionReason::kCannotLink);
  EXPECT_EQ(result->candidates[0].reason_text, "cannot_link:different_nhs_numbers");
  EXPECT_EQ(result->candidates[0].grade, MatchGrade::kCertainlyNot);
}

TEST(MatcherTest, UpdateWithSameValuesKeepsEverything) {
  const Fixture& f = SharedFixture();
  auto matcher = OpenOrDie(f.model, nullptr);
  ASSERT_TRUE(matcher->Add(f.records[0]).ok());
  StoredRecord same = f.records[0];
  for (auto& [name, value] : same.fields) {
    if (name == "given_name") value = absl::StrCat("  ", value, " ");  // normalises alike
  }
  absl::StatusOr<WriteResult> w = matcher->Update(same);
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE(w->events.empty());
  EXPECT_EQ(matcher->Get(same.id)->fields, same.fields);
}

// Readers query while a writer adds copies of one person and removes some:
// every answer must be the register after some prefix of the writes (a
// consistent snapshot), all in one cluster.
TEST(MatcherConcurrencyTest, ReadersSeeConsistentSnapshots) {
  const Fixture& f = SharedFixture();
  auto matcher = OpenOrDie(f.model, nullptr);
  std::vector<StoredRecord> background(f.records.begin() + 100, f.records.begin() + 400);
  ASSERT_TRUE(matcher->AddBatch(background).ok());
  const RecordFields person = {{"nhs_number", "9434765919"}, {"given_name", "Zephyrine"},
                               {"family_name", "Quaglieri"}, {"date_of_birth", "1971-03-09"},
                               {"postcode", "SW1A 1AA"}};
  // The writes, and the live set after each prefix of them.
  struct Op {
    bool add;
    int id;
  };
  std::vector<Op> ops;
  for (int i = 0; i < 150; ++i) {
    ops.push_back({true, i});
    if (i % 3 == 2) ops.push_back({false, i - 1});
  }
  std::set<std::vector<int>> states;
  {
    std::set<int> live;
    states.insert(std::vector<int>());
    for (const Op& op : ops) {
      if (op.add) {
        live.insert(op.id);
      } else {
        live.erase(op.id);
      }
      states.insert(std::vector<int>(live.begin(), live.end()));
    }
  }
  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, queries{0};
  auto reader = [&]() {
    while (!done.load()) {
      absl::StatusOr<MatchResult> r = matcher->Match(person, {});
      if (!r.ok()) {
        if (failures.fetch_add(1) == 0) ADD_FAILURE() << r.status();
        continue;
      }
      std::vector<int> seen;
      std::set<std::string> clusters;
      for (const auto& c : r->candidates) {
        if (c.record_id.rfind("z", 0) != 0) continue;
        seen.push_back(std::stoi(c.record_id.substr(1)));
        clusters.insert(c.cluster_id);
      }
      std::sort(seen.begin(), seen.end());
      if (states.count(seen) == 0 || clusters.size() > 1) {
        if (failures.fetch_add(1) == 0) {
          ADD_FAILURE() << "inconsistent answer: " << seen.size() << " records, "
                        << clusters.size() << " clusters, first "
                        << (seen.empty() ? -1 : seen.front()) << " last "
                        << (seen.empty() ? -1 : seen.back());
        }
      }
      ++queries;
    }
  };
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) readers.emplace_back(reader);
  // The writer lets the readers answer before its first write and every
  // 25 writes after (else, on a busy machine, it could finish before any
  // reader is scheduled and the test would check nothing). Bounded, so a
  // reader that cannot answer fails the test instead of hanging it.
  const auto wait_for_answers = [&] {
    const int before = queries.load() + failures.load();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (queries.load() + failures.load() <= before &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
  };
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (i % 25 == 0) wait_for_answers();
    const Op& op = ops[i];
    const std::string id = absl::StrCat("z", op.id);
    if (op.add) {
      ASSERT_TRUE(matcher->Add({id, person, ""}).ok());
    } else {
      ASSERT_TRUE(matcher->Remove(id).ok());
    }
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(queries.load(), 0);
  EXPECT_EQ(Partition(matcher->Clusters()).size(), matcher->Stats().clusters);
}

}  // namespace
}  // namespace linkage
