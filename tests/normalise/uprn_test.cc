// Copyright 2026 The Linkage Authors.
#include "normalise/uprn.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

using ::testing::StartsWith;

TEST(UprnTest, Table) {
  absl::StatusOr<std::unique_ptr<Normaliser>> made =
      MakeUprnNormaliser({{"normaliser", "uprn"}});
  ASSERT_TRUE(made.ok()) << made.status();
  const Normaliser& n = **made;
  EXPECT_TRUE(n.part_names().empty());
  struct Case {
    std::string raw;
    Issue issue;
    std::string value;
  };
  const Case cases[] = {
      {"100023336956", Issue::kNone, "100023336956"},  // 10 Downing Street
      {"000100023336956", Issue::kNone, "100023336956"},
      {" 1 ", Issue::kNone, "1"},
      {"999999999999", Issue::kNone, "999999999999"},
      {"0001000000000000", Issue::kWrongLength, ""},  // 13 significant
      {"1000000000000", Issue::kWrongLength, ""},
      {"0", Issue::kPlaceholder, ""},
      {"000000", Issue::kPlaceholder, ""},
      {"1.00023E+11", Issue::kNonDigit, ""},
      {"100023336956.0", Issue::kNonDigit, ""},
      {"-5", Issue::kNonDigit, ""},
      {"1000 2333", Issue::kNonDigit, ""},
      {"10000000000000000000000000x", Issue::kNonDigit, ""},
      {"", Issue::kMissing, ""},
      {std::string("12\0", 3), Issue::kControlCharacter, ""},
      {"12\xe2\x80", Issue::kInvalidUtf8, ""},
      {"\u200E12", Issue::kNone, "12"},
      {std::string(1 << 20, '1'), Issue::kTooLong, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.raw.substr(0, 40));
    NormalisedValue v = n.Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue) << IssueName(v.issue);
    EXPECT_EQ(v.value, c.value);
    EXPECT_TRUE(v.parts.empty());
    if (!v.null()) {
      EXPECT_EQ(n.Normalise(v.value).value, v.value);
    }
  }
}

TEST(UprnTest, TypedApi) {
  Issue why = Issue::kMissing;
  EXPECT_EQ(ParseUprn("000100023336956", &why), 100023336956ULL);
  EXPECT_EQ(why, Issue::kNone);
  EXPECT_EQ(ParseUprn("999999999999", &why), kMaxUprn);
  EXPECT_FALSE(ParseUprn("x", &why).has_value());
  EXPECT_EQ(why, Issue::kNonDigit);
}

TEST(UprnTest, RejectsAnyOption) {
  auto made = MakeUprnNormaliser({{"normaliser", "uprn"}, {"strip", true}});
  ASSERT_FALSE(made.ok());
  EXPECT_THAT(std::string(made.status().message()),
              StartsWith(".strip: unknown option; one of: (none)"));
}

}  // namespace
}  // namespace linkage
