// Copyright 2026 The Linkage Authors.
#include "linkage/decisions.h"

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/linkage/test_table.h"
#include "tbb/global_control.h"

namespace linkage {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kColumns = {"nhs_number", "date_of_birth",
                                           "address_line", "given_name"};

std::vector<ColumnSchema> Schema() { return testing::IdentitySchema(kColumns); }

RecordTable MakeTable(const std::vector<std::vector<std::string>>& rows) {
  return testing::MakeIdentityTable(kColumns, rows);
}

// The issue's example section.
const char kExample[] = R"({
  "thresholds": {"match_probability": 0.95, "review_probability": 0.5},
  "match_grades": {"certain": 0.99, "probable": 0.95, "possible": 0.5},
  "policy": {"name": "best-unique", "margin_weight": 2.0, "k": 3, "greedy": false},
  "cannot_link": [{"name": "different_nhs_numbers",
                   "when": [{"column": "nhs_number", "op": "different"}]},
                  {"name": "twins", "when": [{"column": "date_of_birth", "op": "equal"},
                     {"column": "address_line", "op": "equal"},
                     {"column": "given_name", "op": "different"}]}],
  "must_link": [{"name": "same_nhs_and_dob", "when": [{"column": "nhs_number", "op": "equal"},
                     {"column": "date_of_birth", "op": "equal"}]}],
  "clustering": {"threshold_probability": 0.95, "max_cluster_size": 50,
                 "respect_cannot_link": true}})";

TEST(ParseDecisionsTest, ParsesTheExample) {
  absl::StatusOr<DecisionSettings> settings =
      ParseDecisions(nlohmann::json::parse(kExample), Schema(), "$.decisions");
  ASSERT_TRUE(settings.ok()) << settings.status();
  // log2(0.95 / 0.05) = log2(19).
  EXPECT_DOUBLE_EQ(settings->thresholds.match_weight, std::log2(19.0));
  EXPECT_DOUBLE_EQ(settings->thresholds.review_weight, 0.0);
  EXPECT_EQ(settings->grades.certain, 0.99);
  EXPECT_EQ(settings->policy.policy, MatchPolicy::kBestUnique);
  EXPECT_EQ(settings->policy.margin_weight, 2.0);
  EXPECT_EQ(settings->policy.k, 3u);
  EXPECT_FALSE(settings->policy.greedy);
  EXPECT_EQ(settings->hard_rules.cannot_link().size(), 2u);
  EXPECT_EQ(settings->hard_rules.must_link().size(), 1u);
  EXPECT_DOUBLE_EQ(settings->clustering.threshold_weight, std::log2(19.0));
  EXPECT_EQ(settings->clustering.max_cluster_size, 50u);
  EXPECT_TRUE(settings->clustering.respect_cannot_link);
}

TEST(ParseDecisionsTest, DefaultsAndWeights) {
  absl::StatusOr<DecisionSettings> defaults = ParseDecisions(nullptr, Schema(), "$.decisions");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->policy.policy, MatchPolicy::kAll);
  EXPECT_DOUBLE_EQ(defaults->thresholds.match_weight, ProbabilityToWeight(0.95));
  EXPECT_TRUE(defaults->hard_rules.empty());
  absl::StatusOr<DecisionSettings> weights = ParseDecisions(
      nlohmann::json::parse(R"({"thresholds": {"match_weight": 8, "review_weight": -2},
                                "clustering": {"threshold_weight": 6}})"),
      Schema(), "$.decisions");
  ASSERT_TRUE(weights.ok()) << weights.status();
  EXPECT_EQ(weights->thresholds.match_weight, 8);
  EXPECT_EQ(weights->thresholds.review_weight, -2);
  EXPECT_EQ(weights->clustering.threshold_weight, 6);
}

TEST(ParseDecisionsTest, ErrorsNameTheJsonPath) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"({"threshold": {}})", "$.decisions.threshold: unknown key"},
      {R"({"thresholds": {"match_weight": 5, "match_probability": 0.9}})",
       "$.decisions.thresholds.match_weight: give match_weight or match_probability, not both"},
      {R"({"thresholds": {"match_probability": 0.9, "review_probability": 0.95}})",
       "$.decisions.thresholds.review_probability: the review threshold must be at most"},
      {R"({"thresholds": {"match_probability": 1.0}})",
       "$.decisions.thresholds.match_probability: must be a probability"},
      {R"({"thresholds": {"match_weight": "high"}})",
       "$.decisions.thresholds.match_weight: must be a finite number"},
      {R"({"match_grades": {"certain": 0.9, "probable": 0.95}})",
       "$.decisions.match_grades: bands must satisfy possible <= probable <= certain"},
      {R"({"policy": {"name": "first"}})", "$.decisions.policy.name: unknown policy \"first\""},
      {R"({"policy": {"margin_weight": 1}})", "$.decisions.policy.name: missing"},
      {R"({"policy": {"name": "top-k", "k": 0}})", "$.decisions.policy.k: must be a positive integer"},
      {R"({"policy": {"name": "best-unique", "margin_weight": -1}})",
       "$.decisions.policy.margin_weight: must be >= 0"},
      {R"({"policy": {"name": "one-to-one", "greedy": "yes"}})",
       "$.decisions.policy.greedy: must be a boolean"},
      {R"({"clustering": {"max_cluster_size": 0}})",
       "$.decisions.clustering.max_cluster_size: must be a positive integer"},
      {R"({"clustering": {"respect_cannot_link": 1}})",
       "$.decisions.clustering.respect_cannot_link: must be a boolean"},
      {R"({"must_link": [{"name": "m", "when": [{"column": "nhs", "op": "equal"}]}]})",
       "$.decisions.must_link[0].when[0].column"},
      {R"([])", "$.decisions: must be an object"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<DecisionSettings> settings =
        ParseDecisions(nlohmann::json::parse(c.json), Schema(), "$.decisions");
    ASSERT_FALSE(settings.ok()) << c.json;
    EXPECT_EQ(settings.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(settings.status().message(), HasSubstr(c.message)) << c.json;
  }
}

TEST(DecisionsTest, ThresholdsAndGradesAtTheirBoundaries) {
  const Thresholds thresholds{.match_weight = 4, .review_weight = -1};
  const MatchGrades grades;  // 0.99 / 0.95 / 0.5
  struct Case {
    double weight;
    Decision decision;
    MatchGrade grade;
  };
  const Case cases[] = {
      {4.0, Decision::kMatch, MatchGrade::kPossible},       // p = 16/17 = 0.941
      {20.0, Decision::kMatch, MatchGrade::kCertain},
      {3.999, Decision::kReview, MatchGrade::kPossible},
      {0.0, Decision::kReview, MatchGrade::kPossible},       // p = 0.5 exactly
      {-1.0, Decision::kReview, MatchGrade::kCertainlyNot},  // p = 1/3
      {-1.001, Decision::kNonMatch, MatchGrade::kCertainlyNot},
      {ProbabilityToWeight(0.995), Decision::kMatch, MatchGrade::kCertain},
      {ProbabilityToWeight(0.97), Decision::kMatch, MatchGrade::kProbable},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Classify(c.weight, thresholds), c.decision) << c.weight;
    EXPECT_EQ(GradeOf(WeightToProbability(c.weight), grades), c.grade) << c.weight;
  }
  EXPECT_EQ(MatchGradeName(MatchGrade::kCertainlyNot), "certainly-not");
  EXPECT_EQ(DecisionName(Decision::kNonMatch), "non-match");
}

ScoredPair Scored(std::uint32_t a, std::uint32_t b, double w) {
  return ScoredPair{a, b, 0, w, 0};
}

TEST(DecideTest, HardRulesFireWithReasons) {
  RecordTable table = MakeTable({
      {"r0", "4010232137", "2001-02-03", "1 HIGH ST", "ANNA"},
      {"r1", "9434765919", "2001-02-03", "1 HIGH ST", "ANNA"},
      {"r2", "", "2001-02-03", "1 HIGH ST", "BEN"},
      {"r3", "4010232137", "2001-02-03", "", "ANNE"},
      {"r4", "", "", "", "ANNA"},
      {"r5", "4010232137", "2001-02-03", "1 HIGH ST", "BEN"},
  });
  absl::StatusOr<DecisionSettings> settings =
      ParseDecisions(nlohmann::json::parse(kExample), Schema(), "$.decisions");
  ASSERT_TRUE(settings.ok());
  settings->policy = {};  // "all": look at thresholds and hard rules only
  // Unsorted input; Decide sorts by (left, right) and stores (min, max).
  const std::vector<ScoredPair> pairs = {
      Scored(3, 0, -3.0),  // below review, but must-link
      Scored(0, 1, 12.0),  // high weight, different NHS numbers
      Scored(0, 2, 9.0),   // twins
      Scored(0, 4, 5.0),   // threshold: match (>= log2 19)
      Scored(0, 5, 20.0),  // cannot (twins) and must: cannot wins
      Scored(2, 4, 1.0),   // threshold: review
  };
  absl::StatusOr<DecideResult> result =
      Decide(table, pairs, *settings, LinkType::kDedupeOnly, 0);
  ASSERT_TRUE(result.ok()) << result.status();
  struct Expected {
    std::uint32_t left, right;
    Decision decision;
    MatchGrade grade;
    std::string reason;
  };
  const std::vector<Expected> expected = {
      {0, 1, Decision::kNonMatch, MatchGrade::kCertainlyNot, "cannot_link:different_nhs_numbers"},
      {0, 2, Decision::kNonMatch, MatchGrade::kCertainlyNot, "cannot_link:twins"},
      {0, 3, Decision::kMatch, MatchGrade::kCertain, "must_link:same_nhs_and_dob"},
      {0, 4, Decision::kMatch, MatchGrade::kProbable, "threshold"},
      {0, 5, Decision::kNonMatch, MatchGrade::kCertainlyNot, "cannot_link:twins"},
      {2, 4, Decision::kReview, MatchGrade::kPossible, "threshold"},
  };
  ASSERT_EQ(result->decisions.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const PairDecision& d = result->decisions[i];
    EXPECT_EQ(d.left, expected[i].left) << i;
    EXPECT_EQ(d.right, expected[i].right) << i;
    EXPECT_EQ(d.decision, expected[i].decision) << i;
    EXPECT_EQ(d.grade, expected[i].grade) << i;
    EXPECT_EQ(DescribeReason(d, *settings), expected[i].reason) << i;
    EXPECT_DOUBLE_EQ(d.probability, WeightToProbability(d.weight));
  }
  EXPECT_EQ(result->counts[static_cast<int>(Decision::kMatch)], 2u);
  EXPECT_EQ(result->counts[static_cast<int>(Decision::kReview)], 1u);
  EXPECT_EQ(result->counts[static_cast<int>(Decision::kNonMatch)], 3u);
}

TEST(DecideTest, PolicyErrorsAndMissingColumns) {
  RecordTable table = MakeTable({{"a", "1", "2", "3", "4"}, {"b", "1", "2", "3", "5"}});
  DecisionSettings settings;
  settings.policy.policy = MatchPolicy::kOneToOne;
  const std::vector<ScoredPair> pairs = {Scored(0, 1, 10)};
  absl::StatusOr<DecideResult> result =
      Decide(table, pairs, settings, LinkType::kDedupeOnly, 0);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);

  DecisionSettings missing;
  missing.hard_rules.AddCannotLink({"x", {{"postcode", HardRuleOp::kDifferent}}});
  result = Decide(table, pairs, missing, LinkType::kDedupeOnly, 0);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
}

TEST(DecideTest, SameResultOnOneAndTwoThreads) {
  std::vector<std::vector<std::string>> rows;
  std::mt19937 rng(7);
  for (int r = 0; r < 300; ++r) {
    rows.push_back({"id" + std::to_string(r), std::to_string(rng() % 40),
                    std::to_string(rng() % 5), "", std::to_string(rng() % 3)});
  }
  RecordTable table = MakeTable(rows);
  std::vector<ScoredPair> pairs;
  for (int p = 0; p < 20000; ++p) {
    std::uint32_t a = rng() % 300, b = rng() % 300;
    if (a == b) continue;
    // Integer weights: many ties between candidates.
    pairs.push_back(Scored(a, b, static_cast<double>(static_cast<int>(rng() % 30) - 10)));
  }
  std::sort(pairs.begin(), pairs.end(), [](const ScoredPair& x, const ScoredPair& y) {
    return std::minmax(x.left, x.right) < std::minmax(y.left, y.right);
  });
  pairs.erase(std::unique(pairs.begin(), pairs.end(),
                          [](const ScoredPair& x, const ScoredPair& y) {
                            return std::minmax(x.left, x.right) == std::minmax(y.left, y.right);
                          }),
              pairs.end());
  absl::StatusOr<DecisionSettings> settings =
      ParseDecisions(nlohmann::json::parse(kExample), Schema(), "$.decisions");
  ASSERT_TRUE(settings.ok());
  auto run = [&](int threads) {
    tbb::global_control control(tbb::global_control::max_allowed_parallelism, threads);
    absl::StatusOr<DecideResult> result =
        Decide(table, pairs, *settings, LinkType::kDedupeOnly, 0);
    EXPECT_TRUE(result.ok());
    return *std::move(result);
  };
  const DecideResult one = run(1);
  const DecideResult two = run(2);
  ASSERT_EQ(one.decisions.size(), two.decisions.size());
  std::size_t hard = 0;
  for (std::size_t i = 0; i < one.decisions.size(); ++i) {
    const PairDecision& a = one.decisions[i];
    const PairDecision& b = two.decisions[i];
    EXPECT_EQ(std::tie(a.left, a.right, a.weight, a.decision, a.grade, a.reason, a.rule),
              std::tie(b.left, b.right, b.weight, b.decision, b.grade, b.reason, b.rule));
    if (i > 0) {
      EXPECT_LT(std::make_pair(one.decisions[i - 1].left, one.decisions[i - 1].right),
                std::make_pair(a.left, a.right));
    }
    hard += a.reason == DecisionReason::kCannotLink || a.reason == DecisionReason::kMustLink;
  }
  EXPECT_GT(hard, 0u);  // the data exercises the hard rules
}

}  // namespace
}  // namespace linkage
