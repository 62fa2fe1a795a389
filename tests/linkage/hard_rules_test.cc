// Copyright 2026 The Linkage Authors.
#include "linkage/hard_rules.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/linkage/test_table.h"

namespace linkage {
namespace {

using ::testing::HasSubstr;

// Test double: the raw string is the value; "" is null.
const std::vector<std::string> kColumns = {"nhs_number", "date_of_birth",
                                           "address_line", "given_name"};

std::vector<ColumnSchema> Schema() { return testing::IdentitySchema(kColumns); }

RecordTable MakeTable(const std::vector<std::vector<std::string_view>>& rows) {
  return testing::MakeIdentityTable(kColumns, rows);
}

const nlohmann::json kCannot = nlohmann::json::parse(R"([
  {"name": "different_nhs_numbers",
   "when": [{"column": "nhs_number", "op": "different"}]},
  {"name": "twins", "when": [{"column": "date_of_birth", "op": "equal"},
                             {"column": "address_line", "op": "equal"},
                             {"column": "given_name", "op": "different"}]}])");
const nlohmann::json kMust = nlohmann::json::parse(R"([
  {"name": "same_nhs_and_dob",
   "when": [{"column": "nhs_number", "op": "equal"},
            {"column": "date_of_birth", "op": "equal"}]}])");

TEST(HardRuleOpTest, TruthTable) {
  constexpr std::uint32_t N = kNullValue;
  struct Case {
    HardRuleOp op;
    std::uint32_t a, b;
    bool holds;
  };
  const Case cases[] = {
      {HardRuleOp::kEqual, 1, 1, true},        {HardRuleOp::kEqual, 1, 2, false},
      {HardRuleOp::kEqual, N, N, false},       {HardRuleOp::kEqual, 1, N, false},
      {HardRuleOp::kDifferent, 1, 2, true},    {HardRuleOp::kDifferent, 1, 1, false},
      {HardRuleOp::kDifferent, 1, N, false},   {HardRuleOp::kDifferent, N, N, false},
      {HardRuleOp::kBothNull, N, N, true},     {HardRuleOp::kBothNull, N, 1, false},
      {HardRuleOp::kBothNull, 1, 1, false},    {HardRuleOp::kEitherNull, N, 1, true},
      {HardRuleOp::kEitherNull, 1, N, true},   {HardRuleOp::kEitherNull, N, N, true},
      {HardRuleOp::kEitherNull, 1, 2, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(HardRuleOpHolds(c.op, c.a, c.b), c.holds)
        << HardRuleOpName(c.op) << " " << c.a << " " << c.b;
  }
}

TEST(HardRulesTest, ParsesRulesInOrder) {
  absl::StatusOr<HardRules> rules =
      HardRules::Parse(kCannot, kMust, Schema(), "$.decisions");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_EQ(rules->cannot_link().size(), 2u);
  EXPECT_EQ(rules->cannot_link()[1].name, "twins");
  ASSERT_EQ(rules->cannot_link()[1].when.size(), 3u);
  EXPECT_EQ(rules->cannot_link()[1].when[2].column, "given_name");
  EXPECT_EQ(rules->cannot_link()[1].when[2].op, HardRuleOp::kDifferent);
  ASSERT_EQ(rules->must_link().size(), 1u);
  EXPECT_EQ(rules->must_link()[0].name, "same_nhs_and_dob");
  absl::StatusOr<HardRules> none =
      HardRules::Parse(nullptr, nullptr, Schema(), "$.decisions");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(HardRulesTest, ErrorsNameTheJsonPath) {
  struct Case {
    const char* cannot_link;
    const char* message;
  };
  const Case cases[] = {
      {R"({})", "$.decisions.cannot_link: must be an array"},
      {R"([{"name": "x", "when": [{"column": "nhs_number", "op": "same"}]}])",
       "$.decisions.cannot_link[0].when[0].op: unknown op \"same\""},
      {R"([{"name": "x", "when": [{"column": "nhs", "op": "equal"}]}])",
       "$.decisions.cannot_link[0].when[0].column: \"nhs\" is not a configured column"},
      {R"([{"name": "x", "when": []}])",
       "$.decisions.cannot_link[0].when: must be a non-empty array"},
      {R"([{"when": [{"column": "nhs_number", "op": "equal"}]}])",
       "$.decisions.cannot_link[0].name: missing"},
      {R"([{"name": "x", "when": [{"column": "nhs_number", "op": "equal"}]},
           {"name": "x", "when": [{"column": "nhs_number", "op": "equal"}]}])",
       "$.decisions.cannot_link[1].name: duplicate rule name \"x\""},
      {R"([{"name": "x", "if": []}])", "$.decisions.cannot_link[0].if: unknown key"},
      {R"([{"name": "x", "when": [{"column": "nhs_number"}]}])",
       "$.decisions.cannot_link[0].when[0].op: missing"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<HardRules> rules = HardRules::Parse(
        nlohmann::json::parse(c.cannot_link), nullptr, Schema(), "$.decisions");
    ASSERT_FALSE(rules.ok()) << c.cannot_link;
    EXPECT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(rules.status().message(), HasSubstr(c.message)) << c.cannot_link;
  }
  absl::StatusOr<HardRules> must = HardRules::Parse(
      nullptr, nlohmann::json::parse(R"([{"name": "m", "when": [{"column": "x", "op": "equal"}]}])"),
      Schema(), "$.decisions");
  ASSERT_FALSE(must.ok());
  EXPECT_THAT(must.status().message(), HasSubstr("$.decisions.must_link[0].when[0].column"));
}

TEST(HardRulesTest, RulesFireOnValueIds) {
  // id, nhs_number, date_of_birth, address_line, given_name
  RecordTable table = MakeTable({
      {"r0", "4010232137", "2001-02-03", "1 HIGH ST", "ANNA"},
      {"r1", "9434765919", "2001-02-03", "1 HIGH ST", "ANNA"},  // other NHS no.
      {"r2", "", "2001-02-03", "1 HIGH ST", "BEN"},             // twin of r0
      {"r3", "4010232137", "2001-02-03", "", "ANNE"},           // same person
      {"r4", "", "", "", ""},                                   // nothing known
      {"r5", "4010232137", "2001-02-03", "1 HIGH ST", "BEN"},   // twin and same
  });
  absl::StatusOr<HardRules> rules =
      HardRules::Parse(kCannot, kMust, Schema(), "$.decisions");
  ASSERT_TRUE(rules.ok());
  absl::StatusOr<BoundHardRules> bound = rules->Bind(table);
  ASSERT_TRUE(bound.ok()) << bound.status();
  struct Case {
    std::uint32_t a, b;
    std::optional<std::size_t> cannot, must;
  };
  const Case cases[] = {
      {0, 1, 0, std::nullopt},  // different valid NHS numbers
      {0, 2, 1, std::nullopt},  // twins: same dob and address, other name
      {0, 3, std::nullopt, 0},  // same NHS number and dob (address null)
      {0, 4, std::nullopt, std::nullopt},
      {2, 4, std::nullopt, std::nullopt},
      {0, 5, 1, 0},             // both fire; Decide lets cannot-link win
      // r2's NHS number is null, so rule 0 cannot fire; twins (1) does.
      {1, 2, 1, std::nullopt},
      {1, 3, 0, std::nullopt},  // rule order: different NHS numbers first
  };
  for (const Case& c : cases) {
    EXPECT_EQ(bound->FirstCannotLink(c.a, c.b), c.cannot) << c.a << "," << c.b;
    EXPECT_EQ(bound->FirstCannotLink(c.b, c.a), c.cannot) << c.b << "," << c.a;
    EXPECT_EQ(bound->FirstMustLink(c.a, c.b), c.must) << c.a << "," << c.b;
  }
}

TEST(HardRulesTest, BindFailsOnMissingColumn) {
  HardRules rules;
  rules.AddCannotLink({"x", {{"postcode", HardRuleOp::kDifferent}}});
  RecordTable table = MakeTable({{"r0", "1", "2", "3", "4"}});
  absl::StatusOr<BoundHardRules> bound = rules.Bind(table);
  ASSERT_FALSE(bound.ok());
  EXPECT_EQ(bound.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(bound.status().message(), HasSubstr("\"postcode\""));
}

}  // namespace
}  // namespace linkage
