// Copyright 2026 The Linkage Authors.
#include "normalise/postcode.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

std::unique_ptr<Normaliser> Make(const nlohmann::json& spec) {
  absl::StatusOr<std::unique_ptr<Normaliser>> made =
      MakeUkPostcodeNormaliser(spec);
  EXPECT_TRUE(made.ok()) << made.status();
  return made.ok() ? std::move(*made) : nullptr;
}

int PartIndex(const Normaliser& n, std::string_view part) {
  const auto names = n.part_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == part) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no part " << part;
  return 0;
}

// ideal-postcodes test files: {"tests": [{"base": ..., "expected": ...}]}.
// `part` is the part compared with "expected" ("" = the value itself); a
// null expectation means an invalid postcode (for the value) or an absent
// (empty) part.
struct IdealPostcodesFile {
  const char* file;
  const char* part;
};

class IdealPostcodesTest : public ::testing::TestWithParam<IdealPostcodesFile> {
};

TEST_P(IdealPostcodesTest, MatchesExpected) {
  const IdealPostcodesFile& param = GetParam();
  auto normaliser = Make({{"normaliser", "uk_postcode"}});
  const nlohmann::json doc = nlohmann::json::parse(testing::ReadFileOrDie(
      testing::TestDataPath(std::string("postcodes/") + param.file)));
  const nlohmann::json& tests = doc.at("tests");
  ASSERT_GT(tests.size(), 10u);
  const std::string part = param.part;
  for (const nlohmann::json& t : tests) {
    const std::string base = t.at("base").get<std::string>();
    SCOPED_TRACE(base);
    NormalisedValue v = normaliser->Normalise(base);
    const nlohmann::json& expected = t.at("expected");
    if (part == "valid") {
      EXPECT_EQ(!v.null(), expected.get<bool>()) << IssueName(v.issue);
      continue;
    }
    if (part.empty()) {
      if (expected.is_null()) {
        EXPECT_EQ(v.issue, Issue::kBadFormat);
      } else {
        EXPECT_EQ(v.value, expected.get<std::string>());
      }
      continue;
    }
    ASSERT_FALSE(v.null()) << IssueName(v.issue);
    const std::string& got = v.parts[PartIndex(*normaliser, part)];
    EXPECT_EQ(got, expected.is_null() ? "" : expected.get<std::string>());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Files, IdealPostcodesTest,
    ::testing::Values(IdealPostcodesFile{"validation.json", "valid"},
                      IdealPostcodesFile{"normalisation.json", ""},
                      IdealPostcodesFile{"outcodes.json", "outward"},
                      IdealPostcodesFile{"incodes.json", "inward"},
                      IdealPostcodesFile{"areas.json", "area"},
                      IdealPostcodesFile{"districts.json", "district"},
                      IdealPostcodesFile{"sub-districts.json", "sub_district"},
                      IdealPostcodesFile{"sectors.json", "sector"},
                      IdealPostcodesFile{"units.json", "unit"}),
    [](const ::testing::TestParamInfo<IdealPostcodesFile>& info) {
      std::string name = info.param.file;
      name = name.substr(0, name.find('.'));
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

TEST(UkPostcodeTest, FormatRulesTable) {
  auto normaliser = Make({{"normaliser", "uk_postcode"}});
  struct Case {
    std::string raw;
    Issue issue;
    std::string value;
  };
  const Case cases[] = {
      {"sw1a1aa", Issue::kNone, "SW1A 1AA"},
      {"  SW1A   1AA ", Issue::kNone, "SW1A 1AA"},
      {"S W 1 A 1 A A", Issue::kNone, "SW1A 1AA"},
      {"\tm1 1ae\n", Issue::kNone, "M1 1AE"},
      {"B33 8TH", Issue::kNone, "B33 8TH"},
      {"CR2 6XH", Issue::kNone, "CR2 6XH"},
      {"DN55 1PT", Issue::kNone, "DN55 1PT"},
      {"EC1A 1BB", Issue::kNone, "EC1A 1BB"},
      {"W1A 0AX", Issue::kNone, "W1A 0AX"},
      {"BF1 3AA", Issue::kNone, "BF1 3AA"},
      {"gir 0aa", Issue::kNone, "GIR 0AA"},
      {"BFPO 57", Issue::kNone, "BFPO 57"},
      {"bfpo0057", Issue::kNone, "BFPO 57"},
      {"SW1A\u200F 1AA", Issue::kNone, "SW1A 1AA"},    // RLM stripped
      {"\u00A0SW1A 1AA\u00A0", Issue::kNone, "SW1A 1AA"},  // NBSP trimmed
      {"SW1A\u00A01AA", Issue::kNone, "SW1A 1AA"},  // NBSP is a space
      // Position 1 never Q, V, X; position 2 never I, J, Z.
      {"QA1 1AA", Issue::kBadFormat, ""},
      {"VA1 1AA", Issue::kBadFormat, ""},
      {"X1 1AA", Issue::kBadFormat, ""},
      {"AI1 1AA", Issue::kBadFormat, ""},
      {"AJ1 1AA", Issue::kBadFormat, ""},
      {"AZ1 1AA", Issue::kBadFormat, ""},
      // A9A third letter from ABCDEFGHJKPSTUW; AA9A fourth from ABEHMNPRVWXY.
      {"W1I 1AA", Issue::kBadFormat, ""},
      {"W1L 1AA", Issue::kBadFormat, ""},
      {"EC1C 1AA", Issue::kBadFormat, ""},
      {"EC1D 1AA", Issue::kBadFormat, ""},
      // Inward letters never C, I, K, M, O, V.
      {"SW1A 1CA", Issue::kBadFormat, ""},
      {"SW1A 1AI", Issue::kBadFormat, ""},
      {"SW1A 1KA", Issue::kBadFormat, ""},
      {"SW1A 1AM", Issue::kBadFormat, ""},
      {"SW1A 1OA", Issue::kBadFormat, ""},
      {"SW1A 1AV", Issue::kBadFormat, ""},
      {"SW1A", Issue::kBadFormat, ""},        // partial not allowed by default
      {"SW1A 1AA X", Issue::kBadFormat, ""},  // trailing junk
      {"SW1A-1AA", Issue::kBadFormat, ""},
      {"SWW1A 1AA", Issue::kBadFormat, ""},
      {"BFPO", Issue::kBadFormat, ""},
      {"BFPO 12345", Issue::kBadFormat, ""},
      {"BFPO 0", Issue::kBadFormat, ""},
      {"", Issue::kMissing, ""},
      {" \t ", Issue::kMissing, ""},
      {std::string("SW1A\0 1AA", 9), Issue::kControlCharacter, ""},
      {"SW1A 1AA\x7f", Issue::kControlCharacter, ""},
      {"\u202DSW1A 1AA", Issue::kControlCharacter, ""},
      {"SW1A 1A\xc0", Issue::kInvalidUtf8, ""},
      {std::string(1 << 20, 'A'), Issue::kTooLong, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.raw.substr(0, 40));
    NormalisedValue v = normaliser->Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue) << IssueName(v.issue);
    EXPECT_EQ(v.value, c.value);
    EXPECT_EQ(v.null(), v.value.empty());
    EXPECT_EQ(v.parts.size(), v.null() ? 0u : 7u);
    if (!v.null()) {
      EXPECT_EQ(normaliser->Normalise(v.value).value, v.value) << "idempotent";
    }
  }
}

TEST(UkPostcodeTest, SpecialCaseParts) {
  auto normaliser = Make({{"normaliser", "uk_postcode"}});
  EXPECT_THAT(normaliser->part_names(),
              ElementsAre("outward", "inward", "area", "district",
                          "sub_district", "sector", "unit"));
  EXPECT_THAT(normaliser->Normalise("GIR0AA").parts,
              ElementsAre("GIR", "0AA", "GIR", "GIR", "", "GIR 0", "AA"));
  EXPECT_THAT(normaliser->Normalise("BFPO 123").parts,
              ElementsAre("BFPO", "123", "BFPO", "", "", "", ""));
  EXPECT_THAT(normaliser->Normalise("bf1 3aa").parts,
              ElementsAre("BF1", "3AA", "BF", "BF1", "", "BF1 3", "AA"));
}

TEST(UkPostcodeTest, PartialOutwardOption) {
  auto normaliser =
      Make({{"normaliser", "uk_postcode"}, {"allow_partial", true}});
  NormalisedValue v = normaliser->Normalise("sw1a");
  ASSERT_EQ(v.issue, Issue::kNone);
  EXPECT_EQ(v.value, "SW1A");
  EXPECT_THAT(v.parts, ElementsAre("SW1A", "", "SW", "SW1", "SW1A", "", ""));
  EXPECT_EQ(normaliser->Normalise("M1").value, "M1");
  EXPECT_EQ(normaliser->Normalise("Q1").issue, Issue::kBadFormat);
  EXPECT_EQ(normaliser->Normalise("SW1A 1").issue, Issue::kBadFormat);
}

TEST(UkPostcodeTest, BfpoCanBeRefused) {
  auto normaliser =
      Make({{"normaliser", "uk_postcode"}, {"allow_bfpo", false}});
  EXPECT_EQ(normaliser->Normalise("BFPO 123").issue, Issue::kBadFormat);
  EXPECT_EQ(normaliser->Normalise("BF1 3AA").issue, Issue::kNone);
}

TEST(UkPostcodeTest, TypedApi) {
  Issue why = Issue::kMissing;
  std::optional<UkPostcode> p = ParseUkPostcode("nw1w1aa", {}, &why);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(why, Issue::kNone);
  EXPECT_EQ(p->value(), "NW1W 1AA");
  EXPECT_EQ(p->area(), "NW");
  EXPECT_EQ(p->district(), "NW1");
  EXPECT_EQ(p->sub_district(), "NW1W");
  EXPECT_EQ(p->sector(), "NW1W 1");
  EXPECT_EQ(p->unit(), "AA");
  EXPECT_EQ(p->kind, UkPostcodeKind::kFull);
  EXPECT_FALSE(ParseUkPostcode("Definitely wrong", {}, &why).has_value());
  EXPECT_EQ(why, Issue::kBadFormat);
}

TEST(UkPostcodeTest, FactoryErrors) {
  auto bad = MakeUkPostcodeNormaliser(
      {{"normaliser", "uk_postcode"}, {"allow_partial", 1}});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()),
              StartsWith(".allow_partial: "));
  auto unknown = MakeUkPostcodeNormaliser(
      {{"normaliser", "uk_postcode"}, {"strict", true}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(std::string(unknown.status().message()),
              StartsWith(".strict: unknown option; one of: allow_partial"));
}

}  // namespace
}  // namespace linkage
