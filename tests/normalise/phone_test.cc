// Copyright 2026 The Linkage Authors.
#include "normalise/phone.h"

#include <string>

#include "absl/strings/str_format.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "phonenumbers/phonenumber.pb.h"
#include "phonenumbers/phonenumberutil.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

std::unique_ptr<Normaliser> Make(const nlohmann::json& spec) {
  absl::StatusOr<std::unique_ptr<Normaliser>> made = MakePhoneNormaliser(spec);
  EXPECT_TRUE(made.ok()) << made.status();
  return made.ok() ? std::move(*made) : nullptr;
}

TEST(PhoneTest, UkDefaultRegion) {
  auto n = Make({{"normaliser", "phone"}});
  struct Case {
    std::string raw;
    Issue issue;
    std::string value;
    std::string type;
  };
  const Case cases[] = {
      {"07911 123456", Issue::kNone, "+447911123456", "mobile"},
      {"+44 7911 123456", Issue::kNone, "+447911123456", "mobile"},
      {"0044 7911 123456", Issue::kNone, "+447911123456", "mobile"},
      {"(07911) 123-456", Issue::kNone, "+447911123456", "mobile"},
      {"020 7930 4832", Issue::kNone, "+442079304832", "fixed_line"},
      {"+44 (0)20 7930 4832", Issue::kNone, "+442079304832", "fixed_line"},
      {"020 7930 4832 ext. 12", Issue::kNone, "+442079304832", "fixed_line"},
      {"0800 123 4567", Issue::kNone, "+448001234567", "toll_free"},
      {"+1 650-253-0000", Issue::kNone, "+16502530000", "fixed_line_or_mobile"},
      {"+33 1 42 68 53 00", Issue::kNone, "+33142685300", "fixed_line"},
      {"\u200E07911 123456", Issue::kNone, "+447911123456", "mobile"},
      {"0791", Issue::kWrongLength, "", ""},
      {"07911 123456 789 123", Issue::kWrongLength, "", ""},
      {"00000 000000", Issue::kBadFormat, "", ""},
      {"+999 1234 5678", Issue::kBadFormat, "", ""},
      {"not a number", Issue::kBadFormat, "", ""},
      {"", Issue::kMissing, "", ""},
      {std::string("07911\0 123456", 13), Issue::kControlCharacter, "", ""},
      {"\u202E07911 123456", Issue::kControlCharacter, "", ""},
      {"07911 123456\xff", Issue::kInvalidUtf8, "", ""},
      {std::string(1 << 20, '7'), Issue::kTooLong, "", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.raw.substr(0, 40));
    NormalisedValue v = n->Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue) << IssueName(v.issue);
    EXPECT_EQ(v.value, c.value);
    if (!v.null()) {
      ASSERT_EQ(v.parts.size(), 3u);
      EXPECT_EQ(v.parts[2], c.type);
      EXPECT_EQ(n->Normalise(v.value).value, v.value) << "idempotent";
    } else {
      EXPECT_TRUE(v.parts.empty());
    }
  }
}

TEST(PhoneTest, PartsAndTypedApi) {
  auto n = Make({{"normaliser", "phone"}});
  EXPECT_THAT(n->part_names(),
              ElementsAre("country_code", "national_number", "type"));
  EXPECT_THAT(n->Normalise("07911 123456").parts,
              ElementsAre("44", "7911123456", "mobile"));
  Issue why = Issue::kMissing;
  std::optional<PhoneNumber> p = ParsePhone("07911 123456", {}, &why);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(why, Issue::kNone);
  EXPECT_EQ(p->country_code, 44);
  EXPECT_EQ(p->national_number, 7911123456ULL);
  EXPECT_EQ(p->type, PhoneType::kMobile);
  EXPECT_EQ(p->e164, "+447911123456");
}

TEST(PhoneTest, OtherDefaultRegion) {
  auto us = Make({{"normaliser", "phone"}, {"default_region", "US"}});
  EXPECT_EQ(us->Normalise("(650) 253-0000").value, "+16502530000");
  EXPECT_EQ(us->Normalise("+44 7911 123456").value, "+447911123456");
}

TEST(PhoneTest, RequireValidOff) {
  auto strict = Make({{"normaliser", "phone"}});
  auto loose = Make({{"normaliser", "phone"}, {"require_valid", false}});
  // Possible length for GB but not in an allocated range.
  EXPECT_EQ(strict->Normalise("00000 000000").issue, Issue::kBadFormat);
  NormalisedValue v = loose->Normalise("01000 000000");
  EXPECT_EQ(v.issue, Issue::kNone) << IssueName(v.issue);
  EXPECT_EQ(v.value, "+441000000000");
}

// ParsePhone decides validity by GetNumberType() != UNKNOWN; check that this
// agrees with libphonenumber's own IsValidNumber() on a spread of numbers.
TEST(PhoneTest, ValidityAgreesWithIsValidNumber) {
  using ::i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  const PhoneOptions loose{"GB", /*require_valid=*/false};
  const PhoneOptions strict{"GB", /*require_valid=*/true};
  int checked = 0;
  for (const char* prefix : {"01", "02", "03", "05", "07", "08", "09", "+1 2",
                             "+1 9", "+33 1", "+33 6", "+49 30", "+353 8",
                             "+44 1", "+44 7", "+800 "}) {
    for (int tail = 0; tail < 1000000000; tail += 37777777) {
      const std::string raw = absl::StrFormat("%s%09d", prefix, tail);
      Issue why;
      std::optional<PhoneNumber> possible = ParsePhone(raw, loose, &why);
      if (!possible) continue;
      ::i18n::phonenumbers::PhoneNumber parsed;
      ASSERT_EQ(util.Parse(possible->e164, "GB", &parsed),
                PhoneNumberUtil::NO_PARSING_ERROR);
      EXPECT_EQ(ParsePhone(raw, strict, &why).has_value(),
                util.IsValidNumber(parsed))
          << raw;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(PhoneTest, FactoryErrors) {
  auto region = MakePhoneNormaliser({{"normaliser", "phone"}, {"default_region", "UK"}});
  ASSERT_FALSE(region.ok());
  EXPECT_THAT(std::string(region.status().message()),
              StartsWith(".default_region: \"UK\" is not a region"));
  auto type = MakePhoneNormaliser({{"normaliser", "phone"}, {"default_region", 44}});
  ASSERT_FALSE(type.ok());
  EXPECT_THAT(std::string(type.status().message()), StartsWith(".default_region: "));
  auto unknown = MakePhoneNormaliser({{"normaliser", "phone"}, {"format", "e164"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(std::string(unknown.status().message()), StartsWith(".format: unknown option"));
}

}  // namespace
}  // namespace linkage
