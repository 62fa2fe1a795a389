// Copyright 2026 The Linkage Authors.
#include "normalise/address_line.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace linkage {
namespace {

struct Case {
  std::string raw;
  std::string value;
  Issue issue;
};

const Case kCases[] = {
    {"10 High St", "10 HIGH STREET", Issue::kNone},
    {"10 High St.", "10 HIGH STREET", Issue::kNone},
    {"10, HIGH STREET", "10 HIGH STREET", Issue::kNone},
    {"  flat 2,  10   high st  ", "FLAT 2 10 HIGH STREET", Issue::kNone},
    {"12 St. Mary's Rd", "12 SAINT MARYS ROAD", Issue::kNone},
    {"St John's Ave", "SAINT JOHNS AVENUE", Issue::kNone},
    {"High St, St Albans", "HIGH STREET SAINT ALBANS", Issue::kNone},
    {"High St London", "HIGH STREET LONDON", Issue::kNone},
    {"12-14 Park Rd", "12-14 PARK ROAD", Issue::kNone},
    {"Flat 3/4 Mill Ln", "FLAT 3/4 MILL LANE", Issue::kNone},
    {"12 - 14 Park Rd", "12 14 PARK ROAD", Issue::kNone},
    {"Rose Cottage-Mill Lane", "ROSE COTTAGE MILL LANE", Issue::kNone},
    {"Smith & Sons Bldg", "SMITH AND SONS BUILDING", Issue::kNone},
    {"4 Windsor Gdns", "4 WINDSOR GARDENS", Issue::kNone},
    {"7 Oak Cres", "7 OAK CRESCENT", Issue::kNone},
    {"Apt 5, 1 The Sq", "APARTMENT 5 1 THE SQUARE", Issue::kNone},
    {"9 Elm Dr", "9 ELM DRIVE", Issue::kNone},
    {"22 Rue de l'Église", "22 RUE DE LEGLISE", Issue::kNone},
    {"Ｆｌａｔ 1", "FLAT 1", Issue::kNone},  // fullwidth
    {"1 Road\xE2\x80\x8F", "1 ROAD", Issue::kNone},  // RLM stripped
    {"", "", Issue::kMissing},
    {" , ", "", Issue::kNoLetters},
    {std::string("1 High\0 St", 10), "", Issue::kControlCharacter},
    {"1 High \xE2\x80\xAE St", "", Issue::kControlCharacter},
    {"1 High\xC3\x28 St", "", Issue::kInvalidUtf8},
    {std::string(1025, 'A'), "", Issue::kTooLong},
};

TEST(AddressLineTest, TableOfCases) {
  auto made = MakeAddressLineNormaliser({{"normaliser", "address_line"}});
  ASSERT_TRUE(made.ok()) << made.status();
  const Normaliser& n = **made;
  EXPECT_EQ(n.name(), "address_line");
  EXPECT_TRUE(n.part_names().empty());
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.raw);
    std::string out = "stale";
    EXPECT_EQ(NormaliseAddressLine(c.raw, AddressLineOptions{}, &out),
              c.issue);
    EXPECT_EQ(out, c.value);
    const NormalisedValue v = n.Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue);
    EXPECT_EQ(v.value, c.value);
    EXPECT_EQ(v.null(), v.value.empty());
    if (!v.null()) {
      EXPECT_EQ(n.Normalise(v.value).value, v.value) << "idempotence";
    }
  }
}

TEST(AddressLineTest, EveryBuiltInAbbreviationExpandsAndNothingElse) {
  std::string out;
  for (const auto& entry : kAddressAbbreviations) {
    const std::string abbreviation(entry.first), expansion(entry.second);
    // Any case, any position, with a full stop.
    const std::string raw = absl::StrCat("1 ", absl::AsciiStrToLower(abbreviation), ". ",
                                         abbreviation, ", ", abbreviation);
    EXPECT_EQ(NormaliseAddressLine(raw, AddressLineOptions{}, &out), Issue::kNone);
    EXPECT_EQ(out, absl::StrCat("1 ", expansion, " ", expansion, " ", expansion)) << raw;
    // One letter more or less is another word.
    for (const std::string& other : {abbreviation + "X", abbreviation.substr(1), "X" + abbreviation}) {
      EXPECT_EQ(NormaliseAddressLine("1 " + other, AddressLineOptions{}, &out), Issue::kNone);
      bool is_abbreviation = false;
      for (const auto& e : kAddressAbbreviations) is_abbreviation |= e.first == other;
      // ("ST" is contextual, SAINT or STREET: AddressLineTest.TableOfCases.)
      if (!is_abbreviation && other != "ST") EXPECT_EQ(out, "1 " + other);
    }
  }
  // Words of up to seven letters that no table entry has.
  for (const char* word : {"A", "ROADS", "AVENUE", "CRESCENT", "RDRDRDR", "STREETS"}) {
    EXPECT_EQ(NormaliseAddressLine(absl::StrCat("1 ", word), AddressLineOptions{}, &out),
              Issue::kNone);
    EXPECT_EQ(out, absl::StrCat("1 ", word));
  }
  // "&" between, before and after words, and twice.
  EXPECT_EQ(NormaliseAddressLine("& Co && Rd &", AddressLineOptions{}, &out), Issue::kNone);
  EXPECT_EQ(out, "AND CO AND AND ROAD AND");
}

TEST(AddressLineTest, HugeFieldIsTooLong) {
  std::string out;
  EXPECT_EQ(NormaliseAddressLine(std::string(1 << 20, '\xFF'),
                                 AddressLineOptions{}, &out),
            Issue::kTooLong);
}

TEST(AddressLineTest, Options) {
  auto plain = MakeAddressLineNormaliser(
      {{"normaliser", "address_line"}, {"expand_abbreviations", false}});
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ((*plain)->Normalise("10 High St.").value, "10 HIGH ST");

  auto custom = MakeAddressLineNormaliser(
      {{"normaliser", "address_line"},
       {"abbreviations", {{"Rd", "Rise"}, {"bvd", "Boulevard"}}}});
  ASSERT_TRUE(custom.ok()) << custom.status();
  EXPECT_EQ((*custom)->Normalise("1 Oak Rd").value, "1 OAK RISE");
  EXPECT_EQ((*custom)->Normalise("1 Oak Bvd").value, "1 OAK BOULEVARD");
  EXPECT_EQ((*custom)->Normalise("1 Oak Ave").value, "1 OAK AVENUE");
}

TEST(AddressLineTest, FactoryErrors) {
  struct ErrorCase {
    nlohmann::json spec;
    std::string prefix;
  };
  const ErrorCase cases[] = {
      {{{"abbreviation", {}}}, ".abbreviation: unknown option"},
      {{{"abbreviations", {"RD"}}}, ".abbreviations: must be an object"},
      {{{"abbreviations", {{"RD", 1}}}}, ".abbreviations.RD: must be a string"},
      {{{"abbreviations", {{"R D", "ROAD"}}}},
       ".abbreviations.R D: abbreviation must be one word"},
      {{{"expand_abbreviations", "yes"}}, ".expand_abbreviations: must be"},
      {{{"max_bytes", 0}}, ".max_bytes: must be"},
  };
  for (const ErrorCase& c : cases) {
    const auto made = MakeAddressLineNormaliser(c.spec);
    ASSERT_FALSE(made.ok()) << c.spec.dump();
    EXPECT_EQ(made.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(made.status().message()),
                ::testing::StartsWith(c.prefix));
  }
}

}  // namespace
}  // namespace linkage
