// Copyright 2026 The Linkage Authors.
#include "normalise/sex.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

std::unique_ptr<Normaliser> Make(const nlohmann::json& spec) {
  absl::StatusOr<std::unique_ptr<Normaliser>> made = MakeSexNormaliser(spec);
  EXPECT_TRUE(made.ok()) << made.status();
  return made.ok() ? std::move(*made) : nullptr;
}

TEST(SexTest, CodeSetsAndFreeText) {
  auto n = Make({{"normaliser", "sex"}});
  struct Case {
    std::string raw;
    Issue issue;
    std::string fhir;
    std::string nhs;
  };
  const Case cases[] = {
      // NHS Person Stated Gender Code.
      {"1", Issue::kNone, "male", "1"},
      {"2", Issue::kNone, "female", "2"},
      {"9", Issue::kNone, "other", "9"},
      {"X", Issue::kPlaceholder, "", ""},
      {"0", Issue::kPlaceholder, "", ""},
      // FHIR administrative gender.
      {"male", Issue::kNone, "male", "1"},
      {"female", Issue::kNone, "female", "2"},
      {"other", Issue::kNone, "other", "9"},
      {"unknown", Issue::kPlaceholder, "", ""},
      // Free text.
      {"M", Issue::kNone, "male", "1"},
      {"f", Issue::kNone, "female", "2"},
      {"Male", Issue::kNone, "male", "1"},
      {" FEMALE ", Issue::kNone, "female", "2"},
      {"Boy", Issue::kNone, "male", "1"},
      {"girl", Issue::kNone, "female", "2"},
      {"Woman", Issue::kNone, "female", "2"},
      {"man", Issue::kNone, "male", "1"},
      {"M.", Issue::kNone, "male", "1"},
      {"Indeterminate", Issue::kNone, "other", "9"},
      {"Non-binary", Issue::kNone, "other", "9"},
      {"Not  Known", Issue::kPlaceholder, "", ""},
      {"Prefer not to say", Issue::kPlaceholder, "", ""},
      {"\u200Ff", Issue::kNone, "female", "2"},
      // Not in the code set.
      {"3", Issue::kUnknownCode, "", ""},
      {"mf", Issue::kUnknownCode, "", ""},
      {"femail", Issue::kUnknownCode, "", ""},
      {"masculine and very long text here", Issue::kUnknownCode, "", ""},
      {"", Issue::kMissing, "", ""},
      {".", Issue::kMissing, "", ""},
      {std::string("M\0", 2), Issue::kControlCharacter, "", ""},
      {"\u202EM", Issue::kControlCharacter, "", ""},
      {"M\xff", Issue::kInvalidUtf8, "", ""},
      {std::string(1 << 20, 'M'), Issue::kTooLong, "", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.raw.substr(0, 40));
    NormalisedValue v = n->Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue) << IssueName(v.issue);
    EXPECT_EQ(v.value, c.fhir);
    if (!v.null()) {
      EXPECT_THAT(v.parts, ElementsAre(c.nhs));
      EXPECT_EQ(n->Normalise(v.value).value, v.value) << "idempotent";
    } else {
      EXPECT_TRUE(v.parts.empty());
    }
  }
}

TEST(SexTest, KeepUnknown) {
  auto n = Make({{"normaliser", "sex"}, {"keep_unknown", true}});
  NormalisedValue v = n->Normalise("X");
  EXPECT_EQ(v.issue, Issue::kNone);
  EXPECT_EQ(v.value, "unknown");
  EXPECT_THAT(v.parts, ElementsAre("X"));
  EXPECT_EQ(n->Normalise("unknown").value, "unknown");
  EXPECT_THAT(n->part_names(), ElementsAre("nhs_code"));
}

TEST(SexTest, TypedApi) {
  Issue why = Issue::kMissing;
  EXPECT_EQ(ParseSex("Girl", &why), Sex::kFemale);
  EXPECT_EQ(why, Issue::kNone);
  EXPECT_EQ(ParseSex("nk", &why), Sex::kUnknown);
  EXPECT_EQ(why, Issue::kNone);
  EXPECT_FALSE(ParseSex("q", &why).has_value());
  EXPECT_EQ(why, Issue::kUnknownCode);
  EXPECT_EQ(FhirGenderCode(Sex::kOther), "other");
  EXPECT_EQ(NhsGenderCode(Sex::kUnknown), "X");
}

TEST(SexTest, FactoryErrors) {
  auto bad = MakeSexNormaliser({{"normaliser", "sex"}, {"keep_unknown", 1}});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), StartsWith(".keep_unknown: "));
  auto unknown = MakeSexNormaliser({{"normaliser", "sex"}, {"codes", {}}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(std::string(unknown.status().message()),
              StartsWith(".codes: unknown option"));
}

}  // namespace
}  // namespace linkage
