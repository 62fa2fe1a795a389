// Copyright 2026 The Linkage Authors.
//
// The Fellegi-Sunter maths against hand-computed cases (term-frequency
// adjustments by each pair's own values), EM against data
// simulated from a known model, and determinism across thread counts.
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "linkage/config.h"
#include "linkage/model.h"
#include "linkage/scoring.h"
#include "linkage/training.h"
#include "tbb/global_control.h"

namespace linkage {
namespace {

using ::testing::HasSubstr;

constexpr char kConfig[] = R"({
  "link_type": "dedupe_only",
  "unique_id_column": "id",
  "columns": {"first": {"normaliser": "text"}, "last": {"normaliser": "text"}},
  "blocking_rules_to_generate_predictions": [[{"column": "last"}]],
  "comparisons": [
    {"output_column_name": "first", "comparison_levels": [
      {"null": true},
      {"comparator": "exact", "m_probability": 0.8, "u_probability": 0.1},
      {"comparator": "jaro_winkler", "min": 0.9, "m_probability": 0.15, "u_probability": 0.2},
      {"else": true, "m_probability": 0.05, "u_probability": 0.7}]},
    {"output_column_name": "last", "comparison_levels": [
      {"null": true},
      {"comparator": "exact", "tf_adjustment_column": "last",
       "m_probability": 0.9, "u_probability": 0.05},
      {"else": true, "m_probability": 0.1, "u_probability": 0.95}]}],
  "probability_two_random_records_match": 0.01
})";

Model LoadModel(const std::string& text) {
  absl::StatusOr<Config> config = ParseConfig(text, "test.json");
  EXPECT_TRUE(config.ok()) << config.status();
  absl::StatusOr<Model> model = Model::FromConfig(*config);
  EXPECT_TRUE(model.ok()) << model.status();
  return *std::move(model);
}

RecordTable Table(const Model& model,
                  const std::vector<std::vector<std::string_view>>& rows) {
  absl::StatusOr<std::vector<RecordTableBuilder::ColumnSpec>> specs =
      model.MakeColumnSpecs();
  EXPECT_TRUE(specs.ok());
  RecordTableBuilder builder(*std::move(specs));
  int line = 2;
  for (const auto& row : rows) {
    std::vector<std::string_view> fields(row.begin() + 1, row.end());
    EXPECT_TRUE(builder.Add(row[0], fields, line++).ok());
  }
  return *std::move(builder).Finish();
}

TEST(ModelTest, WeightIsPriorPlusLogBayesFactorsPlusTf) {
  Model model = LoadModel(kConfig);
  // "SMITH" appears 3 times of 4 non-null surnames: tf = 0.75; "JONES" 0.25.
  RecordTable table = Table(model, {{"a", "JOHN", "SMITH"},
                                    {"b", "JOHN", "SMITH"},
                                    {"c", "JON", "SMITH"},
                                    {"d", "", "JONES"}});
  absl::StatusOr<Scorer> scorer = Scorer::Create(model, table);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  LevelCache cache(2);
  const double prior = std::log2(0.01 / 0.99);
  // a vs b: first exact, last exact with tf 0.75.
  Pattern p = scorer->comparisons().Compare(0, 1, cache);
  EXPECT_EQ(LevelOf(p, 0), 1);
  EXPECT_EQ(LevelOf(p, 1), 1);
  const double tf_adj = std::log2(0.05) - std::log2(0.75);
  EXPECT_NEAR(scorer->Weight(p, 0, 1),
              prior + std::log2(0.8 / 0.1) + std::log2(0.9 / 0.05) + tf_adj, 1e-12);
  // a vs c: JOHN/JON jaro-winkler 0.933 -> level 2.
  p = scorer->comparisons().Compare(0, 2, cache);
  EXPECT_EQ(LevelOf(p, 0), 2);
  // a vs d: first null (weight 0), last else.
  p = scorer->comparisons().Compare(0, 3, cache);
  EXPECT_EQ(LevelOf(p, 0), 0);
  EXPECT_EQ(LevelOf(p, 1), 2);
  EXPECT_NEAR(scorer->Weight(p, 0, 3), prior + std::log2(0.1 / 0.95), 1e-12);

  Explanation e = scorer->Explain(0, 1, cache);
  EXPECT_EQ(e.terms.size(), 2u);
  EXPECT_NEAR(e.terms[1].tf_adjustment, tf_adj, 1e-12);
  EXPECT_NEAR(e.match_probability,
              WeightToProbability(e.match_weight), 1e-15);
  EXPECT_THAT(e.ToText(), HasSubstr("match weight"));
  EXPECT_EQ(e.ToJson()["terms"][0]["label"], "exact");
}

// Each shared value takes its own term frequency, whatever its place in
// the dictionary: the rarer JONES (first seen, 2 of 5) and the commoner
// SMITH (3 of 5), through Weight() and through ScoreAtLeast().
TEST(ModelTest, TfAdjustmentIsThePairsOwnValues) {
  Model model = LoadModel(kConfig);
  RecordTable table = Table(model, {{"a", "ANN", "JONES"},
                                    {"b", "ANN", "JONES"},
                                    {"c", "BOB", "SMITH"},
                                    {"d", "BOB", "SMITH"},
                                    {"e", "BOB", "SMITH"}});
  absl::StatusOr<Scorer> scorer = Scorer::Create(model, table);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  LevelCache cache(2);
  const double exact = std::log2(0.01 / 0.99) + std::log2(0.8 / 0.1) + std::log2(0.9 / 0.05);
  for (const auto& [a, b, tf] : {std::tuple{0u, 1u, 0.4}, std::tuple{2u, 3u, 0.6},
                                 std::tuple{3u, 4u, 0.6}}) {
    const Pattern p = scorer->comparisons().Compare(a, b, cache);
    const double want = exact + std::log2(0.05) - std::log2(tf);
    EXPECT_NEAR(scorer->Weight(p, a, b), want, 1e-12) << a << " vs " << b;
    Pattern kept_pattern = 0;
    double kept_weight = 0;
    ASSERT_TRUE(scorer->ScoreAtLeast(a, b, want - 1e-9, cache, &kept_pattern, &kept_weight));
    EXPECT_EQ(kept_pattern, p);
    EXPECT_NEAR(kept_weight, want, 1e-12);
    EXPECT_FALSE(scorer->ScoreAtLeast(a, b, want + 1e-6, cache, &kept_pattern, &kept_weight));
  }
}

TEST(ModelTest, ProbabilityAndWeightAreInverse) {
  for (double p : {1e-9, 0.01, 0.5, 0.99, 1 - 1e-9}) {
    EXPECT_NEAR(WeightToProbability(ProbabilityToWeight(p)), p, 1e-12);
  }
  EXPECT_DOUBLE_EQ(WeightToProbability(0), 0.5);
  EXPECT_GT(WeightToProbability(-2000), 0.0 - 1e-300);
  EXPECT_DOUBLE_EQ(WeightToProbability(2000), 1.0);
}

TEST(ModelTest, UntrainedModelNamesTheMissingParameter) {
  std::string text = kConfig;
  const std::string m_field = ", \"m_probability\": 0.15";
  text.replace(text.find(m_field), m_field.size(), "");
  Model model = LoadModel(text);
  absl::Status status = model.CheckTrained();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("comparison \"first\" level 2 (jaro_winkler 0.9) has no m_probability"));
}

TEST(ModelTest, ConfigErrorsNameFileAndPath) {
  struct Case {
    std::string from, to, error;
  };
  const Case cases[] = {
      {"\"dedupe_only\"", "\"dedupe\"", "test.json: $.link_type: must be dedupe_only"},
      {"\"min\": 0.9", "\"min\": 1.9",
       "$.comparisons[0].comparison_levels[2].min: jaro_winkler needs min from 0 to 1"},
      {"\"comparator\": \"jaro_winkler\"", "\"comparator\": \"jw\"",
       "$.comparisons[0].comparison_levels[2].comparator: unknown comparator \"jw\""},
      {"0.01\n", "2\n", "$.probability_two_random_records_match: must be a number strictly"},
      {"\"output_column_name\": \"last\"", "\"output_column_name\": \"surname\"",
       "$.comparisons[1].output_column_name: \"surname\" is not a configured column"},
  };
  for (const Case& c : cases) {
    std::string text = kConfig;
    const std::size_t at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    absl::StatusOr<Config> config = ParseConfig(text, "test.json");
    ASSERT_TRUE(config.ok());
    absl::StatusOr<Model> model = Model::FromConfig(*config);
    ASSERT_FALSE(model.ok()) << c.to;
    EXPECT_THAT(std::string(model.status().message()), HasSubstr(c.error));
  }
}

// Counts of patterns drawn from a known model with three comparisons.
PatternCounts Simulate(const LevelProbabilities& m, const LevelProbabilities& u,
                       double lambda, std::uint64_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  absl::flat_hash_map<Pattern, std::uint64_t> counts;
  auto draw = [&](const std::vector<double>& p) {
    double x = uniform(rng);
    for (std::size_t l = 1; l < p.size(); ++l) {
      if ((x -= p[l]) < 0) return static_cast<int>(l);
    }
    return static_cast<int>(p.size() - 1);
  };
  for (std::uint64_t i = 0; i < n; ++i) {
    const bool match = uniform(rng) < lambda;
    Pattern pattern = 0;
    for (std::size_t c = 0; c < m.size(); ++c) {
      pattern |= static_cast<Pattern>(draw(match ? m[c] : u[c])) << (3 * c);
    }
    ++counts[pattern];
  }
  PatternCounts out(counts.begin(), counts.end());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ModelTest, TermFrequencyTablesRoundTripAndFrequencies) {
  Model model = LoadModel(kConfig);
  EXPECT_TRUE(model.term_frequencies().empty());
  RecordTable table = Table(model, {{"1", "ann", "SMITH"},
                                    {"2", "bob", "SMITH"},
                                    {"3", "cy", "JONES"},
                                    {"4", "di", "SMITH"},
                                    {"5", "ed", ""}});
  absl::StatusOr<std::map<std::string, TermFrequencyTable>> tables =
      TermFrequencyTables(model, table);
  ASSERT_TRUE(tables.ok()) << tables.status();
  // Only "last" has a TF level; values held by one record are left out.
  ASSERT_EQ(tables->size(), 1u);
  const TermFrequencyTable& last = tables->at("last");
  EXPECT_EQ(last.non_null, 4u);
  ASSERT_EQ(last.counts.size(), 1u);
  EXPECT_EQ(last.counts.at("SMITH"), 3u);
  EXPECT_DOUBLE_EQ(last.Frequency("SMITH"), 0.75);
  EXPECT_DOUBLE_EQ(last.Frequency("JONES"), 0.25);  // absent: counts 1
  model.set_term_frequencies(*tables);
  const nlohmann::json doc = model.ToJson();
  EXPECT_EQ(doc["term_frequencies"]["last"]["non_null"], 4);
  EXPECT_EQ(doc["term_frequencies"]["last"]["counts"]["SMITH"], 3);
  absl::StatusOr<Config> again = ParseConfig(doc.dump(), "model.json");
  ASSERT_TRUE(again.ok());
  absl::StatusOr<Model> reloaded = Model::FromConfig(*again);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ(reloaded->term_frequencies().at("last").counts.at("SMITH"), 3u);
  EXPECT_EQ(reloaded->ToJson().dump(), doc.dump());
}

TEST(ModelTest, BadTermFrequencyTablesNameThePath) {
  const struct {
    const char* tables;
    const char* expected;
  } kCases[] = {
      {R"({"nope": {"non_null": 1, "counts": {}}})", "$.term_frequencies.nope: not a configured column"},
      {R"({"last": {"counts": {}}})", "$.term_frequencies.last.non_null"},
      {R"({"last": {"non_null": 3, "counts": {"a": 0}}})", "$.term_frequencies.last.counts.a"},
      {R"({"last": {"non_null": 3, "counts": {"a": 2, "b": 2}}})", "more than non_null"},
      {R"({"last": {"non_null": 3, "counts": {}, "x": 1}})", "$.term_frequencies.last.x"},
  };
  for (const auto& c : kCases) {
    nlohmann::json doc = nlohmann::json::parse(kConfig);
    doc["term_frequencies"] = nlohmann::json::parse(c.tables);
    absl::StatusOr<Config> config = ParseConfig(doc.dump(), "m.json");
    ASSERT_TRUE(config.ok());
    absl::StatusOr<Model> model = Model::FromConfig(*config);
    ASSERT_FALSE(model.ok()) << c.tables;
    EXPECT_THAT(model.status().message(), HasSubstr(c.expected));
  }
}

TEST(TrainingTest, EmRecoversKnownM) {
  const LevelProbabilities m = {{0, 0.85, 0.10, 0.05},
                                {0, 0.90, 0.10},
                                {0, 0.70, 0.20, 0.10}};
  const LevelProbabilities u = {{0, 0.05, 0.15, 0.80},
                                {0, 0.10, 0.90},
                                {0, 0.02, 0.08, 0.90}};
  const PatternCounts counts = Simulate(m, u, 0.2, 2'000'000, 1);
  const std::vector<int> levels = {4, 3, 4};
  const std::vector<bool> active = {true, true, true};
  LevelProbabilities start = {{0, 0.4, 0.3, 0.3}, {0, 0.5, 0.5}, {0, 0.4, 0.3, 0.3}};
  EmResult result = RunEm(counts, levels, active, start, u, 0.05, 200, 1e-7);
  EXPECT_TRUE(result.converged);
  // Sampling error on 400k matches is ~0.001; allow 0.01.
  for (std::size_t c = 0; c < m.size(); ++c) {
    for (std::size_t l = 1; l < m[c].size(); ++l) {
      EXPECT_NEAR(result.m[c][l], m[c][l], 0.01) << c << "," << l;
    }
  }
  EXPECT_NEAR(result.lambda, 0.2, 0.01);
  // Iterations are reported and changes shrink to convergence.
  ASSERT_GE(result.iterations.size(), 2u);
  EXPECT_LT(result.iterations.back().max_m_change, 1e-7);
}

TEST(TrainingTest, InactiveComparisonsAreLeftAlone) {
  const LevelProbabilities m = {{0, 0.9, 0.1}, {0, 0.8, 0.2}, {0, 0.7, 0.3}};
  const LevelProbabilities u = {{0, 0.1, 0.9}, {0, 0.2, 0.8}, {0, 0.1, 0.9}};
  const PatternCounts counts = Simulate(m, u, 0.3, 200'000, 2);
  LevelProbabilities start = {{0, 0.5, 0.5}, {0, 0.123, 0.877}, {0, 0.5, 0.5}};
  EmResult result = RunEm(counts, std::vector<int>{3, 3, 3}, {true, false, true},
                          start, u, 0.1, 100, 1e-6);
  EXPECT_DOUBLE_EQ(result.m[1][1], 0.123);
  EXPECT_NEAR(result.m[0][1], 0.9, 0.02);
}

constexpr char kTrainConfig[] = R"({
  "unique_id_column": "id",
  "columns": {"first": {"normaliser": "text"}, "last": {"normaliser": "text"},
              "city": {"normaliser": "text"}},
  "blocking_rules_to_generate_predictions": [[{"column": "last"}], [{"column": "first"}]],
  "comparisons": [
    {"output_column_name": "first", "comparison_levels": [
      {"comparator": "exact"}, {"comparator": "jaro_winkler", "min": 0.85}]},
    {"output_column_name": "last", "comparison_levels": [
      {"comparator": "exact"}, {"comparator": "levenshtein", "max": 1}]},
    {"output_column_name": "city", "comparison_levels": [{"comparator": "exact"}]}],
  "training": {"seed": 7, "max_pairs_for_u": 300000,
               "deterministic_rules": [[{"column": "first"}, {"column": "last"}]],
               "recall": 0.8}
})";

// People as in the training test: first and last names and a city drawn
// at random, a third with a one-letter surname typo'd duplicate.
std::vector<std::vector<std::string>> TypoPeople(int people, std::uint64_t seed) {
  const char* firsts[] = {"JOHN", "MARY", "AHMED", "SIOBHAN", "WEI", "OLGA",
                          "PETER", "ZOE", "LIAM", "NOOR"};
  const char* lasts[] = {"SMITH", "JONES", "KHAN", "OBRIEN", "LI", "NOWAK",
                         "TAYLOR", "BROWN", "WILSON", "DAVIES", "EVANS", "PATEL"};
  const char* cities[] = {"LEEDS", "YORK", "BATH", "DERBY", "HULL"};
  std::vector<std::vector<std::string>> rows;
  std::mt19937_64 rng(seed);
  for (int person = 0; person < people; ++person) {
    std::string first = firsts[rng() % 10], last = lasts[rng() % 12],
                city = cities[rng() % 5];
    rows.push_back({"p" + std::to_string(person), first, last, city});
    if (person % 3 == 0) {
      std::string typo = last;
      typo[1] = 'X';
      rows.push_back({"p" + std::to_string(person) + "d", first, typo, city});
    }
  }
  return rows;
}

// Patterns hold three bits per comparison: a comparison built in code (not
// parsed, which checks too) with more than eight levels is refused by name.
TEST(ModelTest, PreparingRefusesMoreLevelsThanAPatternHolds) {
  Model model = LoadModel(kTrainConfig);
  const RecordTable table = Table(model, {{"a", "JOHN", "SMITH", "LEEDS"},
                                          {"b", "JON", "SMITH", "YORK"}});
  std::vector<ComparisonSpec> specs = model.comparisons();
  ASSERT_TRUE(PreparedComparisons::Create(specs, table).ok());
  std::vector<LevelSpec>& levels = specs[1].levels;  // "last"
  const LevelSpec exact = levels[1];
  while (levels.size() <= kMaxLevels) levels.insert(levels.end() - 1, exact);
  absl::StatusOr<PreparedComparisons> prepared = PreparedComparisons::Create(specs, table);
  ASSERT_FALSE(prepared.ok());
  EXPECT_THAT(prepared.status().message(),
              ::testing::HasSubstr("comparison \"last\" has 9 levels; at most 8"));
}

// u from the tiled random sample (all pairs among random sets of records)
// against u over every pair of the table, which it estimates.
TEST(TrainingTest, SampledUEstimatesTheUOfEveryPair) {
  Model model = LoadModel(kTrainConfig);
  const std::vector<std::vector<std::string>> rows = TypoPeople(600, 5);
  std::vector<std::vector<std::string_view>> views;
  for (const auto& row : rows) views.push_back({row[0], row[1], row[2], row[3]});
  const RecordTable table = Table(model, views);
  absl::StatusOr<PreparedComparisons> prepared =
      PreparedComparisons::Create(model.comparisons(), table);
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  prepared->BuildRecordRows();
  const std::size_t n = table.num_records();
  std::vector<std::vector<double>> every(3, std::vector<double>(kMaxLevels, 0));
  for (std::uint32_t a = 0; a < n; ++a) {
    for (std::uint32_t b = a + 1; b < n; ++b) {
      const Pattern pattern = prepared->CompareUncached(a, b);
      for (std::size_t c = 0; c < 3; ++c) ++every[c][LevelOf(pattern, c)];
    }
  }
  TrainingSettings settings;
  settings.max_pairs_for_u = 2'000'000;
  settings.min_u_observations = 1'000'000'000;  // no early stop
  absl::StatusOr<USample> sample =
      EstimateU(*prepared, table, LinkType::kDedupeOnly, settings);
  ASSERT_TRUE(sample.ok()) << sample.status();
  EXPECT_EQ(sample->pairs, 2'000'000u);
  for (std::size_t c = 0; c < 3; ++c) {
    double non_null = 0;
    const std::size_t levels = model.comparisons()[c].levels.size();
    for (std::size_t l = 1; l < levels; ++l) non_null += every[c][l];
    for (std::size_t l = 1; l < levels; ++l) {
      const double exact = every[c][l] / non_null;
      // Seen within 0.0003 of it; a self-pair per 363 records would add
      // about 0.004 to the city's "exact".
      EXPECT_NEAR(sample->u[c][l], exact, 0.01 * exact + 0.001)
          << "comparison " << c << " level " << l;
    }
  }
}

// Linking samples only pairs across the two sides: with one city per side,
// no sampled pair agrees on city (u of "exact" is the half observation).
TEST(TrainingTest, LinkingSamplesPairsAcrossTheSidesOnly) {
  Model model = LoadModel(kTrainConfig);
  std::vector<std::vector<std::string>> rows = TypoPeople(500, 9);
  absl::StatusOr<std::vector<RecordTableBuilder::ColumnSpec>> specs = model.MakeColumnSpecs();
  ASSERT_TRUE(specs.ok());
  RecordTableBuilder builder(*std::move(specs));
  const std::size_t half = rows.size() / 2;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r == 0) builder.BeginSource("left.csv");
    if (r == half) builder.BeginSource("right.csv");
    const std::vector<std::string_view> fields = {rows[r][1], rows[r][2],
                                                  r < half ? "LEEDS" : "YORK"};
    ASSERT_TRUE(builder.Add(rows[r][0], fields, static_cast<std::int64_t>(r) + 2).ok());
  }
  absl::StatusOr<RecordTable> table = std::move(builder).Finish();
  ASSERT_TRUE(table.ok()) << table.status();
  absl::StatusOr<PreparedComparisons> prepared =
      PreparedComparisons::Create(model.comparisons(), *table);
  ASSERT_TRUE(prepared.ok());
  prepared->BuildRecordRows();
  TrainingSettings settings;
  settings.max_pairs_for_u = 300'000;
  absl::StatusOr<USample> sample = EstimateU(*prepared, *table, LinkType::kLinkOnly, settings);
  ASSERT_TRUE(sample.ok()) << sample.status();
  EXPECT_EQ(sample->pairs, 300'000u);
  EXPECT_EQ(sample->level_counts[2][1], 0u);  // city exact
  EXPECT_EQ(sample->level_counts[2][2], 300'000u);
  // Names are drawn alike on both sides: they agree as often as in dedupe.
  EXPECT_GT(sample->level_counts[0][1], 300'000u / 20);
}

TEST(TrainingTest, TrainsAndIsBitIdenticalOnOneAndTwoThreads) {
  // People with typo'd duplicates.
  const std::vector<std::vector<std::string>> rows = TypoPeople(600, 11);
  std::string models[2];
  for (int threads : {1, 2}) {
    tbb::global_control control(tbb::global_control::max_allowed_parallelism, threads);
    Model model = LoadModel(kTrainConfig);
    std::vector<std::vector<std::string_view>> views;
    for (const auto& row : rows) views.push_back({row[0], row[1], row[2], row[3]});
    RecordTable table = Table(model, views);
    absl::StatusOr<TrainingReport> report = Train(table, &model, {});
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(model.CheckTrained().ok());
    models[threads - 1] = model.ToJson(report->json).dump(2);
    // City is independent of matching: m and u of "exact" are similar.
    const LevelSpec& city_exact = model.comparisons()[2].levels[1];
    EXPECT_NEAR(*city_exact.u_probability, 0.2, 0.02);
    // Every duplicate has a one-letter surname typo: that level is far
    // likelier among matches than among random pairs, and exact is not.
    const LevelSpec& last_typo = model.comparisons()[1].levels[2];
    EXPECT_GT(*last_typo.m_probability / *last_typo.u_probability, 3.0);
    const LevelSpec& last_exact = model.comparisons()[1].levels[1];
    EXPECT_LT(*last_exact.m_probability, 0.5);
  }
  EXPECT_EQ(models[0], models[1]);
}

}  // namespace
}  // namespace linkage
