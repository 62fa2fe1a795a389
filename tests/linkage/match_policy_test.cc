// Copyright 2026 The Linkage Authors.
//
// Multiple-match policies (ApplyPolicy in linkage/decisions.h) on hand-made
// candidate lists.
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "linkage/decisions.h"

namespace linkage {
namespace {

using ::testing::HasSubstr;

constexpr Decision M = Decision::kMatch;
constexpr Decision R = Decision::kReview;
constexpr Decision N = Decision::kNonMatch;
constexpr DecisionReason kThr = DecisionReason::kThreshold;
constexpr DecisionReason kAmb = DecisionReason::kAmbiguous;
constexpr DecisionReason kNot = DecisionReason::kNotBest;
constexpr DecisionReason kAsg = DecisionReason::kAssignment;

struct Pair {
  std::uint32_t left, right;
  double weight;
};

// Thresholds: match at weight 5, review at 0.
std::vector<PairDecision> Make(const std::vector<Pair>& pairs) {
  DecisionSettings settings;
  settings.thresholds = {.match_weight = 5, .review_weight = 0};
  BoundHardRules none;
  std::vector<PairDecision> out;
  for (const Pair& p : pairs) out.push_back(DecidePair(p.left, p.right, p.weight, settings, none));
  return out;
}

struct Expected {
  Decision decision;
  DecisionReason reason;
};

void ExpectOutcome(const std::vector<PairDecision>& decisions,
                   const std::vector<Expected>& expected, const std::string& label) {
  ASSERT_EQ(decisions.size(), expected.size()) << label;
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    EXPECT_EQ(decisions[i].decision, expected[i].decision)
        << label << " pair (" << decisions[i].left << "," << decisions[i].right
        << ") got " << DecisionName(decisions[i].decision);
    EXPECT_EQ(decisions[i].reason, expected[i].reason)
        << label << " pair (" << decisions[i].left << "," << decisions[i].right
        << ") got " << DecisionReasonName(decisions[i].reason);
  }
}

// A link job: left records 0, 1, 2; right records 3, 4, 5. Sorted by
// (left, right).
const std::vector<Pair> kLink = {
    {0, 3, 10}, {0, 4, 8},                // clear best for 0 (lead 2)
    {1, 3, 7},  {1, 5, 7},                // exact tie for 1
    {2, 3, 9},  {2, 4, 8},  {2, 5, 3},    // close pair, then a review pair
    {2, 6, -4},                           // below review: never touched
};

TEST(MatchPolicyTest, LinkOnlyPolicies) {
  struct Case {
    std::string label;
    PolicySettings policy;
    std::vector<Expected> expected;
  };
  const std::vector<Case> cases = {
      {"all", {.policy = MatchPolicy::kAll},
       {{M, kThr}, {M, kThr}, {M, kThr}, {M, kThr}, {M, kThr}, {M, kThr}, {R, kThr}, {N, kThr}}},
      // Ties go to the smaller other index (1-3 over 1-5).
      {"best", {.policy = MatchPolicy::kBest},
       {{M, kThr}, {N, kNot}, {M, kThr}, {N, kNot}, {M, kThr}, {N, kNot}, {N, kNot}, {N, kThr}}},
      // 0: lead 2 >= margin 2 -> unique. 1: tie -> both ambiguous. 2: lead 1
      // -> 9 and 8 ambiguous, 3 (6 behind) not best.
      {"best-unique margin 2", {.policy = MatchPolicy::kBestUnique, .margin_weight = 2},
       {{M, kThr}, {N, kNot}, {R, kAmb}, {R, kAmb}, {R, kAmb}, {R, kAmb}, {N, kNot}, {N, kThr}}},
      // Margin 0: a lead of 1 is enough, an exact tie is still ambiguous.
      {"best-unique margin 0", {.policy = MatchPolicy::kBestUnique, .margin_weight = 0},
       {{M, kThr}, {N, kNot}, {R, kAmb}, {R, kAmb}, {M, kThr}, {N, kNot}, {N, kNot}, {N, kThr}}},
      // Margin 6: 9 - 3 = 6 is not < 6, so 2-5 is outside the ambiguous set.
      {"best-unique margin 6", {.policy = MatchPolicy::kBestUnique, .margin_weight = 6},
       {{R, kAmb}, {R, kAmb}, {R, kAmb}, {R, kAmb}, {R, kAmb}, {R, kAmb}, {N, kNot}, {N, kThr}}},
      {"top-2", {.policy = MatchPolicy::kTopK, .k = 2},
       {{M, kThr}, {M, kThr}, {M, kThr}, {M, kThr}, {M, kThr}, {M, kThr}, {N, kNot}, {N, kThr}}},
      {"top-1 = best", {.policy = MatchPolicy::kTopK, .k = 1},
       {{M, kThr}, {N, kNot}, {M, kThr}, {N, kNot}, {M, kThr}, {N, kNot}, {N, kNot}, {N, kThr}}},
      // Per right record: 3 <- {0:10, 2:9, 1:7} keeps 0; 4 <- {0:8, 2:8} tie
      // keeps 0; 5 <- {1:7, 2:3} keeps 1.
      {"many-to-one", {.policy = MatchPolicy::kManyToOne},
       {{M, kThr}, {M, kThr}, {N, kNot}, {M, kThr}, {N, kNot}, {N, kNot}, {N, kNot}, {N, kThr}}},
      // By hand: 0-3 + 1-5 + 2-4 = 10 + 7 + 8 = 25 is the unique optimum
      // (next best 0-4 + 1-5 + 2-3 = 24); greedy finds it too here.
      {"one-to-one", {.policy = MatchPolicy::kOneToOne},
       {{M, kThr}, {N, kAsg}, {N, kAsg}, {M, kThr}, {N, kAsg}, {M, kThr}, {N, kAsg}, {N, kThr}}},
  };
  for (const Case& c : cases) {
    std::vector<PairDecision> decisions = Make(kLink);
    AssignmentReport report;
    ASSERT_TRUE(ApplyPolicy(decisions, c.policy, LinkType::kLinkOnly, 3, &report).ok())
        << c.label;
    ExpectOutcome(decisions, c.expected, c.label);
    if (c.policy.policy == MatchPolicy::kOneToOne) {
      EXPECT_EQ(report.exact_total_weight, 25);
      EXPECT_EQ(report.greedy_total_weight, 25);
      EXPECT_EQ(report.pairs_differ, 0u);
    }
  }
}

TEST(MatchPolicyTest, OneToOneExactBeatsGreedy) {
  // 0-3 10, 0-4 9, 1-3 9: greedy keeps only 0-3 (10); exact 0-4 + 1-3 (18).
  const std::vector<Pair> pairs = {{0, 3, 10}, {0, 4, 9}, {1, 3, 9}};
  std::vector<PairDecision> exact = Make(pairs);
  AssignmentReport report;
  ASSERT_TRUE(ApplyPolicy(exact, {.policy = MatchPolicy::kOneToOne},
                          LinkType::kLinkOnly, 2, &report).ok());
  ExpectOutcome(exact, {{N, kAsg}, {M, kThr}, {M, kThr}}, "exact");
  EXPECT_EQ(report.exact_total_weight, 18);
  EXPECT_EQ(report.greedy_total_weight, 10);
  EXPECT_EQ(report.pairs_differ, 3u);

  std::vector<PairDecision> greedy = Make(pairs);
  ASSERT_TRUE(ApplyPolicy(greedy, {.policy = MatchPolicy::kOneToOne, .greedy = true},
                          LinkType::kLinkOnly, 2, nullptr).ok());
  ExpectOutcome(greedy, {{M, kThr}, {N, kAsg}, {N, kAsg}}, "greedy");
}

TEST(MatchPolicyTest, HardRuleDecisionsAreExempt) {
  std::vector<PairDecision> decisions = Make({{0, 3, 10}, {0, 4, 2}, {0, 5, 12}});
  decisions[1].decision = Decision::kMatch;  // forced by a must-link rule
  decisions[1].reason = DecisionReason::kMustLink;
  decisions[2].decision = Decision::kNonMatch;  // cannot-link
  decisions[2].reason = DecisionReason::kCannotLink;
  ASSERT_TRUE(ApplyPolicy(decisions, {.policy = MatchPolicy::kBest},
                          LinkType::kLinkOnly, 3, nullptr).ok());
  // 0-5 would have been best but is cannot-linked; 0-3 is best of the rest.
  ExpectOutcome(decisions,
                {{M, kThr}, {M, DecisionReason::kMustLink}, {N, DecisionReason::kCannotLink}},
                "exempt");
}

TEST(MatchPolicyTest, DedupeEveryRecordKeepsItsBest) {
  // 0's best is 1; 1's best is 0; 2's best is 3 (9 > 8); 3's best is 2;
  // 4's only candidate is 2. Nobody picks 1-2.
  const std::vector<Pair> pairs = {{0, 1, 10}, {1, 2, 8}, {2, 3, 9}, {2, 4, 6}};
  std::vector<PairDecision> best = Make(pairs);
  ASSERT_TRUE(ApplyPolicy(best, {.policy = MatchPolicy::kBest},
                          LinkType::kDedupeOnly, 0, nullptr).ok());
  ExpectOutcome(best, {{M, kThr}, {N, kNot}, {M, kThr}, {M, kThr}}, "dedupe best");

  // best-unique, margin 1.5: 2 sees 3 (9), 1 (8), 4 (6): 9 - 8 < 1.5, so
  // 2 votes 2-3 and 1-2 ambiguous; but 3 votes 2-3 keep (its only
  // candidate), and the more favourable vote wins. 1 sees 0 (10), 2 (8): a
  // lead of 2 -> keep 0-1, drop 1-2; 2's ambiguous vote lifts 1-2 to
  // ambiguous. 4 keeps 2-4 (only candidate).
  std::vector<PairDecision> unique = Make(pairs);
  ASSERT_TRUE(ApplyPolicy(unique, {.policy = MatchPolicy::kBestUnique, .margin_weight = 1.5},
                          LinkType::kDedupeOnly, 0, nullptr).ok());
  ExpectOutcome(unique, {{M, kThr}, {R, kAmb}, {M, kThr}, {M, kThr}}, "dedupe best-unique");
}

TEST(MatchPolicyTest, Errors) {
  std::vector<PairDecision> decisions = Make({{0, 1, 10}});
  for (MatchPolicy policy : {MatchPolicy::kOneToOne, MatchPolicy::kManyToOne}) {
    absl::Status status =
        ApplyPolicy(decisions, {.policy = policy}, LinkType::kDedupeOnly, 0, nullptr);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr("needs a link_only job"));
  }
  // A pair within the left table is not a link pair.
  absl::Status status = ApplyPolicy(decisions, {.policy = MatchPolicy::kBest},
                                    LinkType::kLinkOnly, 2, nullptr);
  EXPECT_THAT(status.message(), HasSubstr("not across the tables"));
}

}  // namespace
}  // namespace linkage
