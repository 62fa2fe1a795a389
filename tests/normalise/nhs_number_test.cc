// Copyright 2026 The Linkage Authors.
#include "normalise/nhs_number.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::unique_ptr<Normaliser> Make(const nlohmann::json& spec) {
  absl::StatusOr<std::unique_ptr<Normaliser>> made =
      MakeNhsNumberNormaliser(spec);
  EXPECT_TRUE(made.ok()) << made.status();
  return made.ok() ? std::move(*made) : nullptr;
}

// Textbook Modulus 11, written independently of the library: weights 10..2.
bool ReferenceValid(const std::string& d) {
  if (d.size() != 10) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    if (d[i] < '0' || d[i] > '9') return false;
    sum += (d[i] - '0') * (10 - i);
  }
  int check = 11 - (sum % 11);
  if (check == 11) check = 0;
  return check != 10 && d[9] == '0' + check;
}

TEST(NhsNumberTest, ExternalVectors) {
  auto normaliser = Make({{"normaliser", "nhs_number"}});
  const auto rows = testing::ReadCsvRows(
      testing::TestDataPath("nhs_numbers.csv"), /*skip_header=*/1);
  ASSERT_GT(rows.size(), 100u);
  int valid = 0;
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 3u);
    const std::string& input = row[0];
    const bool expect_valid = row[1] == "valid";
    SCOPED_TRACE(input + " (" + row[2] + ")");
    NormalisedValue v = normaliser->Normalise(input);
    EXPECT_EQ(!v.null(), expect_valid) << IssueName(v.issue);
    if (expect_valid) {
      ++valid;
      std::string digits;
      for (char c : input) {
        if (c >= '0' && c <= '9') digits += c;
      }
      EXPECT_EQ(v.value, digits);
      EXPECT_TRUE(IsValidNhsNumber(digits));
    }
    if (row[2].rfind("placeholder", 0) == 0) {
      EXPECT_EQ(v.issue, Issue::kPlaceholder);
    } else if (row[2] == "check digit computes to 10" ||
               row[2] == "one digit changed") {
      EXPECT_EQ(v.issue, Issue::kBadCheckDigit);
    }
  }
  EXPECT_GE(valid, 40);
}

TEST(NhsNumberTest, IsValidAgreesWithReferenceOnEveryCheckDigit) {
  // Every possible last digit for a spread of nine-digit prefixes.
  for (int prefix = 100000000; prefix < 999999999; prefix += 7654321) {
    for (char last = '0'; last <= '9'; ++last) {
      std::string d = std::to_string(prefix) + last;
      EXPECT_EQ(IsValidNhsNumber(d), ReferenceValid(d)) << d;
    }
  }
}

TEST(NhsNumberTest, IssuesTable) {
  auto normaliser = Make({{"normaliser", "nhs_number"}});
  struct Case {
    std::string raw;
    Issue issue;
    std::string value;
  };
  const Case cases[] = {
      {"9434765919", Issue::kNone, "9434765919"},
      {"943 476 5919", Issue::kNone, "9434765919"},
      {"943-476-5919", Issue::kNone, "9434765919"},
      {"\t9434765919\r\n", Issue::kNone, "9434765919"},
      {"\u200F9434765919", Issue::kNone, "9434765919"},  // RLM stripped
      {"943\u200B4765919", Issue::kNone, "9434765919"},  // ZWSP stripped
      {"", Issue::kMissing, ""},
      {"   ", Issue::kMissing, ""},
      {" - - ", Issue::kMissing, ""},
      {"943476591", Issue::kWrongLength, ""},
      {"94347659190", Issue::kWrongLength, ""},
      {"94347659l9", Issue::kNonDigit, ""},
      {"943.476.5919", Issue::kNonDigit, ""},
      {"\xEF\xBC\x99" "434765919", Issue::kNonDigit, ""},  // full-width 9
      {"0000000000", Issue::kPlaceholder, ""},
      {"999 999 9999", Issue::kPlaceholder, ""},
      {"1234567890", Issue::kBadCheckDigit, ""},
      {"9434765918", Issue::kBadCheckDigit, ""},
      {std::string("943476\0" "5919", 11), Issue::kControlCharacter, ""},
      {"9434765919\x1b", Issue::kControlCharacter, ""},
      {"\u202E9434765919", Issue::kControlCharacter, ""},  // RLO override
      {"9434765919\xff", Issue::kInvalidUtf8, ""},
      {"\xc3(", Issue::kInvalidUtf8, ""},
      {std::string(1 << 20, '9'), Issue::kTooLong, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.raw.substr(0, 40));
    NormalisedValue v = normaliser->Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue) << IssueName(v.issue);
    EXPECT_EQ(v.value, c.value);
    EXPECT_EQ(v.null(), v.value.empty());
    EXPECT_EQ(v.parts.size(), v.null() ? 0u : 1u);
  }
}

TEST(NhsNumberTest, TypedApiMatchesNormaliser) {
  Issue why = Issue::kMissing;
  std::optional<NhsNumber> n = ParseNhsNumber(" 943-476 5919 ", {}, &why);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(why, Issue::kNone);
  EXPECT_EQ(n->view(), "9434765919");
  EXPECT_TRUE(n->check_digit_valid);
  EXPECT_FALSE(ParseNhsNumber("9434765918", {}, &why).has_value());
  EXPECT_EQ(why, Issue::kBadCheckDigit);
}

TEST(NhsNumberTest, KeepBadCheckDigitOption) {
  auto normaliser = Make({{"normaliser", "nhs_number"},
                          {"reject_bad_check_digit", false}});
  NormalisedValue bad = normaliser->Normalise("9434765918");
  EXPECT_EQ(bad.issue, Issue::kNone);
  EXPECT_EQ(bad.value, "9434765918");
  EXPECT_THAT(bad.parts, ElementsAre("invalid"));
  EXPECT_THAT(normaliser->Normalise("9434765919").parts, ElementsAre("valid"));
  EXPECT_THAT(normaliser->part_names(), ElementsAre("check_digit"));
}

TEST(NhsNumberTest, ConfiguredPlaceholdersReplaceDefaults) {
  auto normaliser = Make({{"normaliser", "nhs_number"},
                          {"placeholders", {"9434765919"}}});
  EXPECT_EQ(normaliser->Normalise("9434765919").issue, Issue::kPlaceholder);
  // 0000000000 passes Modulus 11; with the defaults replaced it is a value.
  EXPECT_EQ(normaliser->Normalise("0000000000").issue, Issue::kNone);
}

TEST(NhsNumberTest, FactoryErrorsNameTheOption) {
  struct Case {
    nlohmann::json spec;
    std::string prefix;
  };
  const Case cases[] = {
      {{{"normaliser", "nhs_number"}, {"colour", 1}}, ".colour: unknown option"},
      {{{"normaliser", "nhs_number"}, {"placeholders", {"123"}}},
       ".placeholders[0]: "},
      {{{"normaliser", "nhs_number"}, {"placeholders", "0000000000"}},
       ".placeholders: "},
      {{{"normaliser", "nhs_number"}, {"reject_bad_check_digit", "yes"}},
       ".reject_bad_check_digit: "},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::unique_ptr<Normaliser>> made =
        MakeNhsNumberNormaliser(c.spec);
    ASSERT_FALSE(made.ok()) << c.spec.dump();
    EXPECT_EQ(made.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(made.status().message()), StartsWith(c.prefix));
  }
  // "rules" and "column" belong to the registry and are ignored here.
  EXPECT_TRUE(MakeNhsNumberNormaliser({{"normaliser", "nhs_number"},
                                       {"rules", nlohmann::json::array()},
                                       {"column", "nhs"}})
                  .ok());
}

}  // namespace
}  // namespace linkage
