// Copyright 2026 The Linkage Authors.
#include "exchange/access_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace linkage::exchange {
namespace {

using ::nlohmann::json;
using ::testing::HasSubstr;

constexpr char kS47[] =
    "https://www.legislation.gov.uk/ukpga/1989/41/section/47";
constexpr char kS17[] =
    "https://www.legislation.gov.uk/ukpga/1989/41/section/17";

json Policy() {
  return json::parse(R"({
    "version": "v7",
    "reasons": [{"uri": "https://www.legislation.gov.uk/ukpga/1989/41/section/47"},
                "https://www.legislation.gov.uk/ukpga/1989/41/section/17"],
    "services": {"safeguarding": {"name": "Safeguarding", "telecom": [{"system": "phone", "value": "01234"}]},
                 "health": {"name": "Health"}},
    "default_service": "safeguarding",
    "rules": [
      {"id": "police-deny", "outcome": "DENY", "requesters": ["org:police"]},
      {"id": "s47-permit", "version": 3, "outcome": "PERMIT",
       "operations": ["person-info-query"], "requesters": ["org:council"],
       "reasons": ["https://www.legislation.gov.uk/ukpga/1989/41/section/47"],
       "grades": ["certain", "probable", "possible", "none"], "service": "health"},
      {"id": "s17-review", "outcome": "REVIEW", "requesters": ["*"],
       "reasons": ["https://www.legislation.gov.uk/ukpga/1989/41/section/17"]},
      {"id": "match-with-nhs", "outcome": "PERMIT", "operations": ["match"],
       "conditions": {"nhs_number_present": true}}
    ]})");
}

TEST(AccessPolicyTest, Decisions) {
  auto policy = AccessPolicy::Parse(Policy(), "rules.json");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ(policy->version(), "v7");
  EXPECT_TRUE(policy->IsKnownReason(kS47));
  EXPECT_FALSE(policy->IsKnownReason("https://example.org/nope"));
  struct Case {
    RuleQuery query;
    Outcome outcome;
    const char* rule;
    bool escalated;
  };
  const Case cases[] = {
      {{"person-info-query", "org:council", kS47, MatchGrade::kCertain},
       Outcome::kPermit,
       "s47-permit",
       false},
      {{"person-info-query", "org:council", kS47, std::nullopt},
       Outcome::kPermit,
       "s47-permit",
       false},
      // Possible and ambiguous matches never get an automatic answer.
      {{"person-info-query", "org:council", kS47, MatchGrade::kPossible},
       Outcome::kReview,
       "s47-permit",
       true},
      {{"person-info-query", "org:council", kS47, MatchGrade::kCertain,
        /*ambiguous=*/true},
       Outcome::kReview,
       "s47-permit",
       true},
      {{"person-info-query", "org:police", kS47, MatchGrade::kCertain},
       Outcome::kDeny,
       "police-deny",
       false},
      {{"person-info-query", "org:school", kS17, MatchGrade::kCertain},
       Outcome::kReview,
       "s17-review",
       false},
      // Default deny: nobody permits the school a s47 query.
      {{"person-info-query", "org:school", kS47, MatchGrade::kCertain},
       Outcome::kDeny,
       "default-deny",
       false},
      {{"match", "org:school", "", MatchGrade::kCertain, false, true},
       Outcome::kPermit,
       "match-with-nhs",
       false},
      {{"match", "org:school", "", MatchGrade::kCertain, false, false},
       Outcome::kDeny,
       "default-deny",
       false},
  };
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    const RuleDecision d = policy->Decide(cases[i].query);
    EXPECT_EQ(d.outcome, cases[i].outcome) << i;
    EXPECT_EQ(d.rule_id, cases[i].rule) << i;
    EXPECT_EQ(d.escalated, cases[i].escalated) << i;
  }
  const RuleDecision d = policy->Decide(
      {"person-info-query", "org:council", kS47, MatchGrade::kProbable});
  EXPECT_EQ(d.rule_version, "3");
  EXPECT_EQ(d.service, "health");
  ASSERT_NE(policy->Contact(d.service), nullptr);
  EXPECT_EQ((*policy->Contact(d.service))["name"], "Health");
  EXPECT_EQ((*policy->Contact(""))["resourceType"], "Organization");
  EXPECT_EQ((*policy->Contact(""))["name"], "Safeguarding");
}

TEST(AccessPolicyTest, EmptyPolicyDeniesEverything) {
  auto policy = AccessPolicy::Parse(json::object(), "x");
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(
      policy->Decide({"match", "org:a", "", MatchGrade::kCertain}).outcome,
      Outcome::kDeny);
}

TEST(AccessPolicyTest, ParseErrorsNameThePath) {
  struct Case {
    std::function<void(json&)> edit;
    const char* message;
  };
  const Case cases[] = {
      {[](json& j) { j["rules"][1]["outcome"] = "ALLOW"; },
       "rules.json: $.rules[1].outcome: must be PERMIT, DENY or REVIEW"},
      {[](json& j) { j["rules"][1]["id"] = "police-deny"; },
       "duplicate rule id"},
      {[](json& j) { j["rules"][1]["service"] = "nope"; },
       "$.rules[1].service: unknown service"},
      {[](json& j) { j["rules"][1]["reasons"] = {"https://x"}; },
       "is not in $.reasons"},
      {[](json& j) { j["rules"][1]["grades"] = {"sure"}; },
       "unknown grade \"sure\""},
      {[](json& j) { j["rules"][1]["operations"] = {"read"}; },
       "unknown operation"},
      {[](json& j) {
         j["rules"][1]["conditions"] = {{"weekday", true}};
       },
       "unknown condition"},
      {[](json& j) { j["rules"][1]["colour"] = "red"; },
       "$.rules[1].colour: unknown key"},
      {[](json& j) { j["services"]["health"].erase("name"); },
       "$.services.health.name"},
      {[](json& j) { j["default_service"] = "x"; }, "$.default_service"},
  };
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    json document = Policy();
    cases[i].edit(document);
    auto policy = AccessPolicy::Parse(document, "rules.json");
    ASSERT_FALSE(policy.ok()) << i;
    EXPECT_THAT(std::string(policy.status().message()),
                HasSubstr(cases[i].message))
        << i;
  }
}

}  // namespace
}  // namespace linkage::exchange
