// Copyright 2026 The Linkage Authors.
//
// The scoring fast paths against the plain computation they replace:
// - Scorer::ScoreAtLeast (comparisons settled by value ids first, the others
//   each bounded, abandoning a pair whose weight cannot reach the
//   threshold) keeps exactly the pairs with
//   Weight(Compare(a, b)) >= threshold, with the same pattern and weight,
//   on every candidate pair of a generated UK register trained with
//   configs/uk_person.json, at thresholds from -inf to +inf, with the
//   bounds from the scalar loop and from the AVX-512 lanes;
// - "postcode" levels through packed postcode keys agree with
//   ComparePostcodes on the text, including values that are not postcodes;
// - "token_jaccard" and "token_overlap" levels through per-value token ids
//   agree with TokenJaccardSimilarity on the text (repeated tokens, Unicode
//   white space, empty token sets), and a streaming query (which has no
//   token ids) gets the same levels;
// - "jaro_winkler" levels, which skip Jaro when JaroWinklerUpperBound is
//   below the loosest threshold, and edit-distance levels, which skip the
//   metric when EditDistanceLowerBound exceeds the largest cutoff, agree
//   with the metrics on the text on every pair of 700 UK given names and
//   surnames (and with the query path);
// - edit-distance levels over dates, computed from the day numbers (packed
//   digits within 1, rendered texts beyond) and with far-apart dates sent
//   straight to "else", agree with the metrics on the text on every pair
//   of about 250 mistyped dates, and on a column whose texts are not all
//   ISO dates; the rows' far-dates screen, which bounds a pair before its
//   levels are computed, calls far apart only pairs that take "else";
// - "identifier_typo" levels agree with CompareIdentifiers;
// - each of the above again with the features copied into the record rows
//   (BuildRecordRows), and the row features of configs/uk_person.json give
//   the patterns of the per-value arrays on a generated register; the
//   rows show "else" (RowsTakeElse) only for pairs whose level it is.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "blocking/candidates.h"
#include "comparators/damerau_levenshtein.h"
#include "comparators/date_compare.h"
#include "comparators/identifier_compare.h"
#include "comparators/jaccard.h"
#include "comparators/jaro.h"
#include "comparators/levenshtein.h"
#include "comparators/osa.h"
#include "comparators/postcode_compare.h"
#include "gtest/gtest.h"
#include "linkage/internal/lane_bounds.h"
#include "linkage/model.h"
#include "linkage/scoring.h"
#include "tests/linkage/generated_register.h"
#include "tests/linkage/huge_page_hint.h"
#include "tests/linkage/test_table.h"

namespace linkage {
namespace {

// Checks every ordered pair of `values` (one identity-normalised column
// `column`) under the comparisons of `spec_json`: Level(c, a, b), and when
// query_every > 0 QueryLevel(c, query of a, b) for every query_every-th b,
// equal expected(c, text of a, text of b). Returns, per comparison, how many
// pairs landed on each level (so that a test can ask every level be hit).
using ExpectedLevel = std::function<int(std::size_t, std::string_view, std::string_view)>;
std::vector<std::array<int, 8>> ExpectLevelsOnAllPairs(
    const std::vector<std::string>& values, const std::string& column,
    const char* spec_json, const ExpectedLevel& expected, std::uint32_t query_every) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < values.size(); ++i) {
    rows.push_back({absl::StrCat("r", i), values[i]});
  }
  RecordTable table = linkage::testing::MakeIdentityTable({column}, rows);
  absl::StatusOr<std::vector<ComparisonSpec>> comparisons =
      ParseComparisons(nlohmann::json::parse(spec_json),
                       linkage::testing::IdentitySchema({column}), "$.comparisons");
  EXPECT_TRUE(comparisons.ok()) << comparisons.status();
  if (!comparisons.ok()) return {};
  absl::StatusOr<PreparedComparisons> prepared =
      PreparedComparisons::Create(*comparisons, table);
  EXPECT_TRUE(prepared.ok()) << prepared.status();
  if (!prepared.ok()) return {};
  std::vector<std::array<int, 8>> counts(prepared->size(), std::array<int, 8>{});
  LevelCache cache(prepared->size());
  const Column& values_column = table.column(0);
  for (std::uint32_t a = 0; a < table.num_records(); ++a) {
    const std::string_view ta = values_column.dictionary.value(values_column.values[a]);
    QueryRecord query;
    query.columns.resize(1);
    query.columns[0].id = values_column.values[a];
    query.columns[0].value = std::string(ta);
    prepared->PrepareQuery(&query);
    for (std::uint32_t b = 0; b < table.num_records(); ++b) {
      const std::string_view tb = values_column.dictionary.value(values_column.values[b]);
      for (std::size_t c = 0; c < prepared->size(); ++c) {
        const int want = expected(c, ta, tb);
        EXPECT_EQ(prepared->Level(c, a, b, cache), want) << c << ": " << ta << " | " << tb;
        if (query_every > 0 && b % query_every == 0) {
          EXPECT_EQ(prepared->QueryLevel(c, query, b), want) << c << ": " << ta << " | " << tb;
        }
        if (::testing::Test::HasFailure()) return counts;
        ++counts[c][static_cast<std::size_t>(want)];
      }
    }
  }
  // Again with every feature copied into the record rows (row features),
  // as batch scoring reads them.
  prepared->BuildRecordRows({}, /*row_feature_min_values=*/0);
  LevelCache row_cache(prepared->size());
  for (std::uint32_t a = 0; a < table.num_records(); ++a) {
    const std::string_view ta = values_column.dictionary.value(values_column.values[a]);
    for (std::uint32_t b = 0; b < table.num_records(); ++b) {
      const std::string_view tb = values_column.dictionary.value(values_column.values[b]);
      for (std::size_t c = 0; c < prepared->size(); ++c) {
        EXPECT_EQ(prepared->Level(c, a, b, row_cache), expected(c, ta, tb))
            << "rows, " << c << ": " << ta << " | " << tb;
        if (::testing::Test::HasFailure()) return counts;
      }
    }
  }
  return counts;
}

// Appends every candidate pair of `model`'s prediction rules on `table`
// (in no particular order) to `pairs`.
void CollectCandidates(const Model& model, const RecordTable& table,
                       std::vector<CandidatePair>* pairs) {
  absl::StatusOr<BlockingKeys> keys = model.prediction_rules().ComputeKeys(table);
  ASSERT_TRUE(keys.ok()) << keys.status();
  std::mutex mu;
  ASSERT_TRUE(GenerateCandidates(*keys, {},
                                 [&](std::size_t, std::span<const CandidatePair> batch) {
                                   std::lock_guard<std::mutex> lock(mu);
                                   pairs->insert(pairs->end(), batch.begin(), batch.end());
                                 })
                  .ok());
}

// ScoreAtLeast() keeps exactly the pairs with Weight(Compare(a, b)) >=
// threshold, with the same pattern and weight, at thresholds from -inf to
// +inf, over every candidate pair of `model`'s rules on `table`; with the
// record rows' features for comparisons over at least
// `row_feature_min_values` distinct values (0: all of them, and with them
// the names' text fingerprints, which rule a "reversed" level out of a
// pair's bound). With lane_bounds, the pair's bounds come all at once from
// the AVX-512 lanes where the CPU has them (internal::LaneBounds), else
// from the scalar loop. Sets *reversed_pairs to how many pairs take a
// "reversed" level, whose bounds a wrong fingerprint test would undercut.
void ExpectScoreAtLeastAgreesWithWeight(const Model& model, const RecordTable& table,
                                        std::size_t row_feature_min_values,
                                        bool lane_bounds, std::size_t* reversed_pairs) {
  absl::StatusOr<PreparedComparisons> prepared =
      PreparedComparisons::Create(model.comparisons(), table);
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  absl::StatusOr<Scorer> scorer =
      Scorer::Create(model, table, *std::move(prepared), row_feature_min_values);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  scorer->UseLaneBounds(lane_bounds);
  ASSERT_EQ(scorer->lane_bounds(), lane_bounds && internal::LaneBoundsAvailable());
  std::vector<CandidatePair> pairs;
  ASSERT_NO_FATAL_FAILURE(CollectCandidates(model, table, &pairs));
  ASSERT_GT(pairs.size(), 5000u);

  // Each pair's pattern and weight the plain way.
  LevelCache plain_cache(scorer->comparisons().size());
  std::vector<Pattern> expected_patterns;
  std::vector<double> expected_weights;
  *reversed_pairs = 0;
  for (const CandidatePair& pair : pairs) {
    expected_patterns.push_back(
        scorer->comparisons().Compare(pair.left, pair.right, plain_cache));
    expected_weights.push_back(
        scorer->Weight(expected_patterns.back(), pair.left, pair.right));
    for (std::size_t c = 0; c < model.num_comparisons(); ++c) {
      const int level = LevelOf(expected_patterns.back(), c);
      if (model.comparisons()[c].levels[static_cast<std::size_t>(level)].comparator ==
          Comparator::kReversed) {
        ++*reversed_pairs;
        break;
      }
    }
  }
  // Whether ScoreAtLeast() keeps pair i at `threshold`, after checking that
  // it keeps it exactly when its weight reaches the threshold, with its
  // pattern and weight bit for bit; -1 (a failure added) if not.
  LevelCache fast_cache(scorer->comparisons().size());
  const auto keeps = [&](std::size_t i, double threshold) -> int {
    Pattern pattern = 0;
    double weight = std::nan("");
    const bool keep = scorer->ScoreAtLeast(pairs[i].left, pairs[i].right, threshold,
                                           fast_cache, &pattern, &weight);
    if (keep != (expected_weights[i] >= threshold) ||
        (keep && (pattern != expected_patterns[i] || weight != expected_weights[i]))) {
      ADD_FAILURE() << pairs[i].left << " vs " << pairs[i].right << " weight "
                    << expected_weights[i] << " threshold " << threshold << ": kept " << keep
                    << " with weight " << weight;
      return -1;
    }
    return keep ? 1 : 0;
  };

  // ScoreEachAtLeast() over pairs [from, to) keeps, in order, the pairs
  // whose weight reaches `threshold`, with their patterns and weights bit
  // for bit; false (a failure added) if not.
  const auto each_keeps_the_same = [&](std::size_t from, std::size_t to, double threshold) {
    std::vector<std::size_t> kept;
    bool same = true;
    scorer->ScoreEachAtLeast(
        std::span<const CandidatePair>(pairs).subspan(from, to - from), threshold, fast_cache,
        [&](std::size_t i, Pattern pattern, double weight) {
          kept.push_back(from + i);
          if (pattern != expected_patterns[from + i] || weight != expected_weights[from + i]) {
            ADD_FAILURE() << "pair " << from + i << " weight " << weight << " against "
                          << expected_weights[from + i];
            same = false;
          }
        });
    std::vector<std::size_t> expected;
    for (std::size_t i = from; i < to; ++i) {
      if (expected_weights[i] >= threshold) expected.push_back(i);
    }
    EXPECT_EQ(kept, expected) << "threshold " << threshold << ", pairs " << from << "-" << to;
    return same && kept == expected;
  };

  constexpr double kInf = std::numeric_limits<double>::infinity();
  for (double threshold : {-kInf, -30.0, -10.0, -3.0, 0.0, 2.5, 8.0, 15.0, kInf}) {
    // All the pairs, and spans that end inside a batch of 16.
    if (!each_keeps_the_same(0, pairs.size(), threshold) ||
        !each_keeps_the_same(5, 5 + 37, threshold) || !each_keeps_the_same(100, 101, threshold)) {
      return;
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const int keep = keeps(i, threshold);
      if (keep < 0) return;
      kept += static_cast<std::size_t>(keep);
    }
    if (threshold == -kInf) {
      EXPECT_EQ(kept, pairs.size());
    }
    if (threshold == kInf) {
      EXPECT_EQ(kept, 0u);
    }
    if (threshold == 0.0) {
      // A real cut: some pairs kept, most not.
      EXPECT_GT(kept, 100u);
      EXPECT_LT(kept, pairs.size() / 2);
    }
  }
  // At its own weight as the threshold every pair is kept (a bound that
  // undercuts the weight by any amount drops it), and just above it none.
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (keeps(i, expected_weights[i]) != 1 || keeps(i, expected_weights[i] + 1e-3) != 0) {
      return;
    }
  }
  // The same for ScoreEachAtLeast() at some pairs' own weights.
  for (std::size_t i = 0; i < pairs.size(); i += pairs.size() / 23) {
    if (!each_keeps_the_same(0, pairs.size(), expected_weights[i]) ||
        !each_keeps_the_same(0, pairs.size(), std::nextafter(expected_weights[i], kInf))) {
      return;
    }
  }
}

TEST(ScoringFastPathTest, ScoreAtLeastKeepsExactlyThePairsAtOrAboveThreshold) {
  linkage::testing::TrainedRegister r;
  ASSERT_NO_FATAL_FAILURE(linkage::testing::MakeTrainedRegister(4000, 9, "scoring_fast_path", &r));
  for (const bool lanes : {false, true}) {
    SCOPED_TRACE(lanes ? "lane bounds" : "scalar bounds");
    std::size_t reversed = 0;
    ASSERT_NO_FATAL_FAILURE(ExpectScoreAtLeastAgreesWithWeight(
        r.model, r.loaded.table, PreparedComparisons::kRowFeatureMinValues, lanes, &reversed));
    // Again with the row features a 1M-record register gets, fingerprints
    // included; on pairs with swapped names among them.
    ASSERT_NO_FATAL_FAILURE(
        ExpectScoreAtLeastAgreesWithWeight(r.model, r.loaded.table, 0, lanes, &reversed));
    EXPECT_GT(reversed, 0u) << "no candidate pair has swapped names";
  }
}

// configs/uk_person.json's nine comparisons fit the lanes: a CPU with
// AVX-512 bounds its pairs with them (the agreement itself is tested above).
TEST(ScoringFastPathTest, LaneBoundsAreUsedWhereTheCpuHasThem) {
  if (!internal::LaneBoundsAvailable()) {
    GTEST_SKIP() << "this CPU has no AVX-512 (or LINKAGE_LANE_BOUNDS=0): scalar bounds only";
  }
  linkage::testing::TrainedRegister r;
  ASSERT_NO_FATAL_FAILURE(
      linkage::testing::MakeTrainedRegister(500, 9, "scoring_fast_path_lanes", &r));
  absl::StatusOr<Scorer> scorer = Scorer::Create(r.model, r.loaded.table);
  ASSERT_TRUE(scorer.ok()) << scorer.status();
  EXPECT_TRUE(scorer->lane_bounds());
  scorer->UseLaneBounds(false);
  EXPECT_FALSE(scorer->lane_bounds());
  scorer->UseLaneBounds(true);
  EXPECT_TRUE(scorer->lane_bounds());
}

// The same when an "exact" level's term-frequency adjustment is over
// another column than the comparison's (its bound then reads both records'
// values of that column), when a comparison has none at all, and when
// columns mostly null have one over their own values (email, and phone,
// which its ids settle): pairs null on both sides must not read a term
// frequency.
TEST(ScoringFastPathTest, ScoreAtLeastWithTermFrequenciesOverAnotherColumn) {
  linkage::testing::TrainedRegister r;
  ASSERT_NO_FATAL_FAILURE(
      linkage::testing::MakeTrainedRegister(4000, 9, "scoring_fast_path_tf", &r));
  Model model = r.model;
  bool moved = false, dropped = false;
  for (ComparisonSpec& c : model.mutable_comparisons()) {
    LevelSpec& exact = c.levels[1];
    if (exact.comparator != Comparator::kExact || exact.tf_adjustment_column.empty()) continue;
    if (c.output_column_name == "family_name") {
      exact.tf_adjustment_column = "nhs_number";  // rare values: adjustments > 0
      moved = true;
    } else if (c.output_column_name == "given_name") {
      exact.tf_adjustment_column.clear();
      dropped = true;
    }
  }
  std::size_t own_null = 0;
  for (ComparisonSpec& c : model.mutable_comparisons()) {
    if (c.output_column_name == "email" || c.output_column_name == "phone") {
      ASSERT_EQ(c.levels[1].comparator, Comparator::kExact);
      c.levels[1].tf_adjustment_column = c.output_column_name;
      ++own_null;
    }
  }
  ASSERT_TRUE(moved && dropped && own_null == 2)
      << "configs/uk_person.json no longer has the levels";
  std::vector<CandidatePair> pairs;
  ASSERT_NO_FATAL_FAILURE(CollectCandidates(model, r.loaded.table, &pairs));
  const Column& email = r.loaded.table.column(*r.loaded.table.FindColumn("email"));
  const auto both_null = std::count_if(pairs.begin(), pairs.end(), [&](const CandidatePair& p) {
    return email.values[p.left] == kNullValue && email.values[p.right] == kNullValue;
  });
  ASSERT_GT(both_null, 1000) << "few candidate pairs without an email on either side";
  std::size_t reversed = 0;
  for (const bool lanes : {false, true}) {
    for (const std::size_t min_values :
         {PreparedComparisons::kRowFeatureMinValues, std::size_t{0}}) {
      ASSERT_NO_FATAL_FAILURE(ExpectScoreAtLeastAgreesWithWeight(model, r.loaded.table,
                                                                 min_values, lanes, &reversed));
    }
  }
}

TEST(ScoringFastPathTest, PostcodeLevelsAgreeWithComparePostcodes) {
  const std::vector<std::string> values = {
      "SW1A 1AA", "SW1A 1AB", "SW1A 2AA", "SW1B 1AA", "SW2 3CD",  "S1 1AA",
      "W1 1AA",   "W1A 1AA",  "SW1A1AA",  "sw1a 1aa", "EC1A 1BB", "EC1A1BB",
      "SW1A",     "SW",       "1AA",      "SW1A  1AA", "GIR 0AA", "B1 1AA",
      "BB1 1AA",  "ABCDEFGHIJ 1AA", "SW1A 1AAXXXXXXXX", "ZZ99 9ZZ", "X", "12345",
      "  M1 1AE  ", "M1 1AE", "M11AE", "M1 1 AE", "É1 1AA", "SW1A 1ÀA"};
  const auto counts = ExpectLevelsOnAllPairs(values, "postcode", R"([
      {"output_column_name": "postcode", "comparison_levels": [
        {"null": true},
        {"comparator": "postcode", "level": "unit"},
        {"comparator": "postcode", "level": "sector"},
        {"comparator": "postcode", "level": "district"},
        {"comparator": "postcode", "level": "area"},
        {"else": true}]}])",
      [](std::size_t, std::string_view a, std::string_view b) {
        // Level 1 unit .. 4 area, 5 else: 5 - agreement, agreement 0 = none.
        const int agreement = static_cast<int>(ComparePostcodes(a, b));
        return agreement == 0 ? 5 : 5 - agreement;
      },
      /*query_every=*/0);
  ASSERT_EQ(counts.size(), 1u);
  for (int level = 1; level <= 5; ++level) EXPECT_GT(counts[0][level], 0) << level;
}

TEST(ScoringFastPathTest, TokenLevelsAgreeWithTokenJaccardOnText) {
  // Tab, no-break space and ideographic space split tokens too.
  const std::vector<std::string> values = {
      "1 HIGH STREET", "HIGH STREET 1", "1 HIGH ST", "FLAT 2 1 HIGH STREET",
      "2 HIGH HIGH STREET", "HIGH", "HIGH HIGH", "STREET HIGH 1 1",
      "1\tHIGH\u00a0STREET", "1  HIGH   STREET ", " ", "\u3000", "A B C D",
      "A B", "C D E", "ROSE COTTAGE", "COTTAGE ROSE LANE", "ÉCOLE RUE 5",
      "rue école 5", "X"};
  // Values of 20 to 200 tokens, overlapping in part: their 64-bit token
  // sketches collide, which the sketch bound must allow for (e.g. 60 of
  // 200 tokens shared: ratio 0.3, but only ~39 distinct sketch bits).
  std::vector<std::string> many(values);
  for (int first : {0, 10, 40}) {
    for (int length : {20, 60, 200}) {
      std::string text;
      for (int t = first; t < first + length; ++t) absl::StrAppend(&text, "T", t, " ");
      many.push_back(text);
    }
  }
  const auto counts = ExpectLevelsOnAllPairs(many, "address", R"([
      {"output_column_name": "address", "comparison_levels": [
        {"null": true},
        {"comparator": "token_jaccard", "min": 0.75},
        {"comparator": "token_jaccard", "min": 0.5},
        {"comparator": "token_jaccard", "min": 0.25},
        {"comparator": "token_overlap"},
        {"else": true}]}])",
      [](std::size_t, std::string_view a, std::string_view b) {
        const double s = TokenJaccardSimilarity(a, b);
        return s >= 0.75 ? 1 : s >= 0.5 ? 2 : s >= 0.25 ? 3
               : TokenJaccardSimilarity(a, b, EmptyStrings::kZero) > 0 ? 4 : 5;
      },
      /*query_every=*/1);
  ASSERT_EQ(counts.size(), 1u);
  for (int level = 1; level <= 5; ++level) EXPECT_GT(counts[0][level], 0) << level;
}

TEST(ScoringFastPathTest, IdentifierTypoLevelsAgreeWithCompareIdentifiers) {
  const std::vector<std::string> values = {
      "9434765919", "9434765991", "4934765919", "9434765910", "943476591",
      "94347659190", "1234567890", "1234567809", "2134567890", "0000000000",
      "A1B2C3", "A1B2C4", "1AB2C3", "ÉCOLE", "ÉCOLF", "a-very-long-identifier-1",
      "a-very-long-identifier-2", "a-very-long-identifeir-1"};
  const auto counts = ExpectLevelsOnAllPairs(values, "id", R"([
      {"output_column_name": "id", "comparison_levels": [
        {"null": true},
        {"comparator": "exact"},
        {"comparator": "identifier_typo"},
        {"else": true}]}])",
      [](std::size_t, std::string_view a, std::string_view b) {
        const IdentifierAgreement agreement = CompareIdentifiers(a, b);
        return agreement == IdentifierAgreement::kExact       ? 1
               : agreement == IdentifierAgreement::kDifferent ? 3
                                                              : 2;
      },
      /*query_every=*/3);
  ASSERT_EQ(counts.size(), 1u);
  for (int level = 1; level <= 3; ++level) EXPECT_GT(counts[0][level], 0) << level;
}

// The record rows are read at random for as long as scoring runs: they go
// on huge pages unless LINKAGE_HUGE_PAGES=0 (base/aligned_allocator.h). On
// 40,000 records rows with every feature pass the 4 MiB from which arrays
// are placed for them; the rows built under each policy are alike.
TEST(ScoringFastPathTest, RecordRowsAreMarkedForHugePagesUnlessTurnedOff) {
  if (!linkage::testing::HugePageHintsVisible()) GTEST_SKIP() << "no transparent huge pages here";
  linkage::testing::TrainedRegister r;
  ASSERT_NO_FATAL_FAILURE(linkage::testing::MakeRegister(40000, 13, "huge_page_rows", &r));
  const RecordTable& table = r.loaded.table;
  const HugePages before = HugePagePolicy();
  std::vector<std::uint32_t> first_rows;
  for (HugePages policy : {HugePages::kRandomReads, HugePages::kNone, HugePages::kAllLarge}) {
    SetHugePagePolicy(policy);
    absl::StatusOr<PreparedComparisons> prepared =
        PreparedComparisons::Create(r.model.comparisons(), table);
    ASSERT_TRUE(prepared.ok()) << prepared.status();
    prepared->BuildRecordRows({}, /*row_feature_min_values=*/0);
    ASSERT_GE(table.num_records() * prepared->row_bytes(), kHugePageMinBytes);
    EXPECT_EQ(linkage::testing::HasHugePageHint(prepared->Row(0)), policy != HugePages::kNone)
        << HugePagePolicyName(policy);
    const std::uint32_t* last = prepared->Row(static_cast<std::uint32_t>(table.num_records() - 1));
    std::vector<std::uint32_t> rows(prepared->Row(0), last + prepared->row_bytes() / 4);
    if (first_rows.empty()) {
      first_rows = std::move(rows);
    } else {
      EXPECT_EQ(rows, first_rows) << HugePagePolicyName(policy);
    }
  }
  SetHugePagePolicy(before);
}

// Batch scoring reads the features of columns with many distinct values
// from copies in the record rows; the levels must be those read from the
// per-value arrays, for every comparison of configs/uk_person.json, on
// candidate pairs and on random pairs of a generated register.
TEST(ScoringFastPathTest, RowFeaturesGiveTheLevelsOfThePerValueArrays) {
  linkage::testing::TrainedRegister r;
  ASSERT_NO_FATAL_FAILURE(linkage::testing::MakeTrainedRegister(3000, 11, "row_features", &r));
  const RecordTable& table = r.loaded.table;
  absl::StatusOr<PreparedComparisons> arrays =
      PreparedComparisons::Create(r.model.comparisons(), table);
  ASSERT_TRUE(arrays.ok()) << arrays.status();
  absl::StatusOr<PreparedComparisons> rows =
      PreparedComparisons::Create(r.model.comparisons(), table);
  ASSERT_TRUE(rows.ok());
  rows->BuildRecordRows({}, /*row_feature_min_values=*/0);
  EXPECT_GT(rows->row_features(), 5u);
  EXPECT_LE(rows->row_bytes(), PreparedComparisons::kMaxRowBytes);
  EXPECT_EQ(rows->row_bytes() % 64, 0u);
  // The defaults on 3,000 records: no column has 65,536 values, so the
  // one feature is the date of birth's far-dates screen, which the rows
  // hold whatever the column's size.
  absl::StatusOr<PreparedComparisons> small =
      PreparedComparisons::Create(r.model.comparisons(), table);
  ASSERT_TRUE(small.ok());
  small->BuildRecordRows();
  EXPECT_EQ(small->row_features(), 1u);
  for (std::size_t c = 0; c < small->size(); ++c) {
    EXPECT_EQ(small->RowDateScreen(c).has_value(),
              small->spec(c).output_column_name == "date_of_birth")
        << small->spec(c).output_column_name;
  }

  std::vector<CandidatePair> pairs;
  ASSERT_NO_FATAL_FAILURE(CollectCandidates(r.model, table, &pairs));
  ASSERT_GT(pairs.size(), 3000u);
  std::uint64_t state = 12345;
  for (int i = 0; i < 200000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto a = static_cast<std::uint32_t>((state >> 33) % table.num_records());
    const auto b = static_cast<std::uint32_t>((state >> 13) % table.num_records());
    if (a != b) pairs.push_back({a, b});
  }
  // The rows can show "else" for the family name alone: every other
  // comparison has a level they cannot test (a part, an edit distance,
  // tokens, a date, a postcode) or no level between "exact" and "else".
  for (std::size_t c = 0; c < rows->size(); ++c) {
    EXPECT_EQ(rows->RowElseLevel(c).has_value(),
              rows->spec(c).output_column_name == "family_name")
        << rows->spec(c).output_column_name;
  }
  std::array<std::array<std::size_t, 8>, 16> seen{};
  std::size_t shown_else = 0, else_pairs = 0;
  for (const CandidatePair& pair : pairs) {
    const Pattern want = arrays->CompareUncached(pair.left, pair.right);
    ASSERT_EQ(rows->CompareUncached(pair.left, pair.right), want)
        << pair.left << " vs " << pair.right;
    for (std::size_t c = 0; c < arrays->size(); ++c) {
      ++seen[c][LevelOf(want, c)];
      const std::optional<int> else_level = rows->RowElseLevel(c);
      if (!else_level) continue;
      const std::size_t column = rows->column_index(c);
      const std::uint32_t va = rows->RecordValue(column, pair.left);
      const std::uint32_t vb = rows->RecordValue(column, pair.right);
      if (va == kNullValue || vb == kNullValue || va == vb) continue;
      else_pairs += LevelOf(want, c) == *else_level;
      if (rows->RowsTakeElse(c, rows->Row(pair.left), rows->Row(pair.right))) {
        ++shown_else;
        ASSERT_EQ(LevelOf(want, c), *else_level)
            << rows->spec(c).output_column_name << ": " << pair.left << " vs " << pair.right;
      }
    }
  }
  // Most pairs that take "else" are shown so by the rows.
  EXPECT_GT(shown_else, else_pairs / 2) << shown_else << " of " << else_pairs;
  // Every non-null level of every comparison was reached at least once
  // except those the generator never produces; at least most were.
  std::size_t reached = 0, levels = 0;
  for (std::size_t c = 0; c < arrays->size(); ++c) {
    for (std::size_t l = 1; l < arrays->spec(c).levels.size(); ++l) {
      ++levels;
      if (seen[c][l] > 0) ++reached;
    }
  }
  EXPECT_GT(reached, levels * 3 / 4) << reached << " of " << levels;
  // Names swapped across given and family name (kReversed, ruled out by the
  // rows' text fingerprints when they differ) were found through the rows.
  for (std::size_t c = 0; c < arrays->size(); ++c) {
    for (std::size_t l = 1; l < arrays->spec(c).levels.size(); ++l) {
      if (arrays->spec(c).levels[l].comparator == Comparator::kReversed) {
        EXPECT_GT(seen[c][l], 0u) << arrays->spec(c).output_column_name << " level " << l;
      }
    }
  }
}

TEST(ScoringFastPathTest, JaroWinklerAndEditLevelsAgreeWithMetricsOnText) {
  std::vector<std::string> values;
  for (const char* file : {"/reference/firstname_uk.csv", "/reference/lastname_uk.csv"}) {
    std::ifstream in(std::string(LINKAGE_DATA_DIR) + file);
    ASSERT_TRUE(in) << file;
    std::string line;
    std::getline(in, line);
    for (int i = 0; i < 350 && std::getline(in, line); ++i) {
      std::string name = line.substr(0, line.find(','));
      if (name.size() >= 2 && name.front() == '"') name = name.substr(1, name.size() - 2);
      values.push_back(i % 2 == 0 ? name : absl::AsciiStrToUpper(name));
    }
  }
  values.push_back("José");  // not ASCII: no bound, Jaro runs
  values.push_back("Jose");
  const auto counts = ExpectLevelsOnAllPairs(values, "name", R"([
      {"output_column_name": "name", "comparison_levels": [
        {"null": true},
        {"comparator": "jaro_winkler", "min": 0.92},
        {"comparator": "jaro_winkler", "min": 0.8},
        {"comparator": "jaro_winkler", "min": 0.7},
        {"else": true}]},
      {"output_column_name": "name_edits", "column": "name", "comparison_levels": [
        {"null": true},
        {"comparator": "levenshtein", "max": 1},
        {"comparator": "damerau_levenshtein", "max": 2},
        {"comparator": "osa", "max": 3},
        {"else": true}]}])",
      [](std::size_t c, std::string_view a, std::string_view b) {
        if (c == 0) {
          const double s = JaroWinklerSimilarity(a, b);
          return s >= 0.92 ? 1 : s >= 0.8 ? 2 : s >= 0.7 ? 3 : 4;
        }
        return LevenshteinDistance(a, b) <= 1          ? 1
               : DamerauLevenshteinDistance(a, b) <= 2 ? 2
               : OsaDistance(a, b) <= 3                ? 3
                                                       : 4;
      },
      /*query_every=*/7);
  ASSERT_EQ(counts.size(), 2u);
  for (int level = 1; level <= 4; ++level) {
    EXPECT_GT(counts[0][level], 0) << level;
    EXPECT_GT(counts[1][level], 0) << level;
  }
}

// The date "YYYY-MM-DD" names, if it is one (any year sscanf reads).
std::optional<CivilDate> ParseIsoDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(std::string(text).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !IsValidCivil(y, static_cast<std::uint32_t>(m), static_cast<std::uint32_t>(d))) {
    return std::nullopt;
  }
  return CivilDate{y, static_cast<std::uint32_t>(m), static_cast<std::uint32_t>(d)};
}

// Dates of birth near one another as typists get them wrong: every digit
// replaced, every two adjacent digits of a field swapped (and the two
// digits either side of a hyphen), the day and month swapped, a day, a
// month or a year out. Each a valid "YYYY-MM-DD".
std::vector<std::string> DateVariants() {
  std::vector<std::string> values;
  const auto add = [&](const std::string& text) {
    if (ParseIsoDate(text) && std::find(values.begin(), values.end(), text) == values.end()) {
      values.push_back(text);
    }
  };
  for (int i = 0; i < 8; ++i) {
    const int y = 1938 + 13 * i, m = 1 + (5 * i) % 12, d = 1 + (7 * i) % 28;
    const std::string base = absl::StrFormat("%04d-%02d-%02d", y, m, d);
    add(base);
    for (std::size_t at : {0, 1, 2, 3, 5, 6, 8, 9}) {
      for (char digit : {'0', '1', '2', '9'}) {
        std::string t = base;
        t[at] = digit;
        add(t);
      }
    }
    for (std::size_t at : {0, 1, 2, 5, 8}) {
      std::string t = base;
      std::swap(t[at], t[at + 1]);
      add(t);
    }
    // Digits either side of a hyphen swapped: adjacent digits of the
    // date, two edits apart in its text.
    for (auto [from, to] : {std::pair{3, 5}, std::pair{6, 8}}) {
      std::string t = base;
      std::swap(t[from], t[to]);
      add(t);
    }
    add(absl::StrFormat("%04d-%02d-%02d", y, d, m));
    for (int days : {1, 20, 45, 200, 366, 400}) {
      const CivilDate later = CivilFromDays(
          DaysFromCivil(y, static_cast<std::uint32_t>(m), static_cast<std::uint32_t>(d)) + days);
      add(absl::StrFormat("%04d-%02d-%02d", later.year, later.month, later.day));
    }
  }
  // Swaps across each hyphen that give valid dates (the loop's dates give
  // few such).
  for (const char* text : {"1980-12-05", "1981-02-05", "1980-01-22", "1980-02-12"}) {
    add(text);
  }
  return values;
}

// Three comparisons of one date column "d", and the level each gives two
// texts, from the texts themselves.
constexpr const char* kDateLevelsSpec = R"([
    {"output_column_name": "dob", "column": "d", "comparison_levels": [
      {"null": true},
      {"comparator": "exact"},
      {"comparator": "day_month_swap"},
      {"comparator": "damerau_levenshtein", "max": 1},
      {"comparator": "date_within", "days": 31},
      {"else": true}]},
    {"output_column_name": "dob_edits", "column": "d", "comparison_levels": [
      {"null": true},
      {"comparator": "levenshtein", "max": 1},
      {"comparator": "osa", "max": 1},
      {"comparator": "date_within", "years": 1},
      {"else": true}]},
    {"output_column_name": "dob_far", "column": "d", "comparison_levels": [
      {"null": true},
      {"comparator": "damerau_levenshtein", "max": 2},
      {"comparator": "levenshtein", "max": 3},
      {"comparator": "date_within", "months": 2},
      {"else": true}]}])";
int ExpectedDateLevel(std::size_t c, std::string_view a, std::string_view b) {
  const std::optional<CivilDate> da = ParseIsoDate(a), db = ParseIsoDate(b);
  const bool dates = da && db;
  const std::int32_t x = dates ? DaysFromCivil(da->year, da->month, da->day) : 0;
  const std::int32_t y = dates ? DaysFromCivil(db->year, db->month, db->day) : 0;
  const bool swapped =
      dates && da->year == db->year && da->month == db->day && da->day == db->month;
  switch (c) {
    case 0:
      return a == b                                  ? 1
             : swapped                               ? 2
             : DamerauLevenshteinDistance(a, b) <= 1 ? 3
             : dates && DaysBetween(x, y) <= 31      ? 4
                                                     : 5;
    case 1:
      return LevenshteinDistance(a, b) <= 1 ? 1
             : OsaDistance(a, b) <= 1       ? 2
             : dates && YearsBetween(x, y) <= 1 ? 3
                                            : 4;
    default:
      return DamerauLevenshteinDistance(a, b) <= 2 ? 1
             : LevenshteinDistance(a, b) <= 3      ? 2
             : dates && MonthsBetween(x, y) <= 2   ? 3
                                                   : 4;
  }
}

TEST(ScoringFastPathTest, EditLevelsOnDatesAgreeWithMetricsOnText) {
  // Edit distances over dates are computed from the day numbers (the texts
  // rendered from them, or within 1 their digits), not read from the texts.
  std::vector<std::string> values = DateVariants();
  ASSERT_GT(values.size(), 200u);
  const char* spec = kDateLevelsSpec;
  const auto expected = ExpectedDateLevel;
  const auto counts = ExpectLevelsOnAllPairs(values, "d", spec, expected, /*query_every=*/5);
  ASSERT_EQ(counts.size(), 3u);
  for (std::size_t c = 0; c < 3; ++c) {
    for (int level = 1; level <= (c == 0 ? 5 : 4); ++level) {
      EXPECT_GT(counts[c][static_cast<std::size_t>(level)], 0) << c << " level " << level;
    }
  }
  // A column whose texts are not all the dates' own (a year before 0 that
  // parses as a date, a text that is no date): the same levels from the
  // texts themselves.
  values.push_back("-980-01-02");
  values.push_back("unknown");
  ExpectLevelsOnAllPairs(values, "d", spec, expected, /*query_every=*/11);
}

// The rows' far-dates screen (PreparedComparisons::RowDateScreen), which
// bounds a pair before its levels are computed: two different dates it
// calls far apart take the screen's level, by the texts themselves; and it
// calls most of the mistyped dates' pairs far apart.
TEST(ScoringFastPathTest, FarDatesScreenGivesTheFarLevel) {
  const std::vector<std::string> values = DateVariants();
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < values.size(); ++i) rows.push_back({absl::StrCat("r", i), values[i]});
  RecordTable table = linkage::testing::MakeIdentityTable({"d"}, rows);
  absl::StatusOr<std::vector<ComparisonSpec>> comparisons =
      ParseComparisons(nlohmann::json::parse(kDateLevelsSpec),
                       linkage::testing::IdentitySchema({"d"}), "$.comparisons");
  ASSERT_TRUE(comparisons.ok()) << comparisons.status();
  absl::StatusOr<PreparedComparisons> prepared = PreparedComparisons::Create(*comparisons, table);
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  prepared->BuildRecordRows();  // the defaults: the screens whatever the size
  // "dob" and "dob_edits" test edits within 1 and dates; "dob_far" an
  // edit distance of 2, for which far dates still need their texts.
  ASSERT_TRUE(prepared->RowDateScreen(0).has_value());
  ASSERT_TRUE(prepared->RowDateScreen(1).has_value());
  EXPECT_FALSE(prepared->RowDateScreen(2).has_value());
  EXPECT_EQ(prepared->RowDateScreen(0)->level, 5);
  EXPECT_EQ(prepared->RowDateScreen(1)->level, 4);
  const Column& column = table.column(0);
  for (std::size_t c = 0; c < 2; ++c) {
    const PreparedComparisons::DateScreen screen = *prepared->RowDateScreen(c);
    std::size_t far = 0, pairs = 0;
    for (std::uint32_t a = 0; a < table.num_records(); ++a) {
      for (std::uint32_t b = 0; b < table.num_records(); ++b) {
        if (column.values[a] == column.values[b]) continue;
        ++pairs;
        if (!PreparedComparisons::DatesFarApart(screen, prepared->Row(a), prepared->Row(b))) {
          continue;
        }
        ++far;
        const std::string_view ta = column.dictionary.value(column.values[a]);
        const std::string_view tb = column.dictionary.value(column.values[b]);
        ASSERT_EQ(ExpectedDateLevel(c, ta, tb), screen.level) << c << ": " << ta << " | " << tb;
      }
    }
    EXPECT_GT(far, pairs / 2) << c;
  }
}

}  // namespace
}  // namespace linkage
