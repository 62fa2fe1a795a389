// Copyright 2026 The Linkage Authors.
#include "normalise/rules.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "normalise/name.h"
#include "normalise/text.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

std::unique_ptr<Normaliser> Wrap(const nlohmann::json& rules) {
  auto inner = MakeGivenNameNormaliser({{"normaliser", "given_name"}});
  EXPECT_TRUE(inner.ok());
  auto wrapped = WrapWithRules(*std::move(inner), rules);
  EXPECT_TRUE(wrapped.ok()) << wrapped.status();
  return wrapped.ok() ? *std::move(wrapped) : nullptr;
}

TEST(RulesTest, FindReplaceRunsOnRawValueBeforeTheNormaliser) {
  auto n = Wrap(nlohmann::json::parse(R"js([
      {"find": "(?i)^baby of ", "replace": ""},
      {"find": "(\\w+) \\((\\w+)\\)", "replace": "\\2 \\1"}])js"));
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->name(), "given_name");
  EXPECT_THAT(n->part_names(),
              ElementsAre("first", "middle", "canonical_first"));
  // Without the rule "BABY OF JANE" would be a name; with it, JANE.
  NormalisedValue v = n->Normalise("Baby of Jane");
  EXPECT_EQ(v.value, "JANE");
  EXPECT_THAT(v.parts, ElementsAre("JANE", "", "JANE"));
  // Rules apply in order, with group references.
  EXPECT_EQ(n->Normalise("Smith (John)").value, "JOHN SMITH");
  // "Baby of" alone leaves "Baby of" (the pattern needs the space), which is
  // not a placeholder but "BABY OF".
  EXPECT_EQ(n->Normalise("Baby of").value, "BABY OF");
}

TEST(RulesTest, ValidateRunsOnCanonicalValue) {
  auto n = Wrap(nlohmann::json::parse(
      R"([{"validate": "^[A-Z ]+$"}, {"validate": "^.{2,}$"}])"));
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->Normalise("zoë").value, "ZOE");  // canonical is ASCII
  const NormalisedValue short_value = n->Normalise("J");
  EXPECT_EQ(short_value.issue, Issue::kPatternMismatch);
  EXPECT_EQ(short_value.value, "");
  EXPECT_TRUE(short_value.parts.empty());
  // Null values keep their own issue.
  EXPECT_EQ(n->Normalise("unknown").issue, Issue::kPlaceholder);
  EXPECT_EQ(n->Normalise(std::string("a\0b", 3)).issue,
            Issue::kControlCharacter);
}

TEST(RulesTest, HugeAndInvalidInputIsPassedThrough) {
  auto n = Wrap(nlohmann::json::parse(R"([{"find": "X*", "replace": "YY"}])"));
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->Normalise(std::string(1 << 20, 'X')).issue, Issue::kTooLong);
  EXPECT_EQ(n->Normalise("\xFF\xFE").issue, Issue::kInvalidUtf8);
}

TEST(RulesTest, EmptyOrNullRulesReturnTheInnerNormaliser) {
  for (const nlohmann::json& rules :
       {nlohmann::json(), nlohmann::json::array()}) {
    auto inner = MakeTextNormaliser({{"normaliser", "text"}});
    ASSERT_TRUE(inner.ok());
    const Normaliser* raw_inner = inner->get();
    auto wrapped = WrapWithRules(*std::move(inner), rules);
    ASSERT_TRUE(wrapped.ok());
    EXPECT_EQ(wrapped->get(), raw_inner);
  }
}

TEST(RulesTest, ErrorsNameTheElement) {
  struct ErrorCase {
    std::string rules;
    std::string prefix;
  };
  const ErrorCase cases[] = {
      {R"({"find": "x"})", ".rules: must be an array"},
      {R"([{"find": "a"}, {"validate": "b"}, {"find": "("}])",
       ".rules[2].find: invalid pattern \"(\": missing )"},
      {R"([{"validate": "[z-a]"}])",
       ".rules[0].validate: invalid pattern \"[z-a]\": invalid character "
       "class range"},
      {R"([{"find": "a", "replace": "\\1"}])",
       ".rules[0].replace: invalid replacement \"\\1\""},
      {R"([{"fnd": "a"}])", ".rules[0]: unknown key \"fnd\""},
      {R"([{"find": "a", "validate": "b"}])",
       ".rules[0]: needs exactly one of"},
      {R"([{}])", ".rules[0]: needs exactly one of"},
      {R"([{"validate": "a", "replace": "b"}])",
       ".rules[0].replace: only allowed with \"find\""},
      {R"([{"find": 3}])", ".rules[0].find: must be a string"},
      {R"([{"find": "a", "replace": 3}])", ".rules[0].replace: must be a string"},
      {R"(["^A$"])", ".rules[0]: must be an object"},
  };
  for (const ErrorCase& c : cases) {
    auto inner = MakeTextNormaliser({{"normaliser", "text"}});
    ASSERT_TRUE(inner.ok());
    auto wrapped =
        WrapWithRules(*std::move(inner), nlohmann::json::parse(c.rules));
    ASSERT_FALSE(wrapped.ok()) << c.rules;
    EXPECT_EQ(wrapped.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(wrapped.status().message()), StartsWith(c.prefix));
  }
}

}  // namespace
}  // namespace linkage
