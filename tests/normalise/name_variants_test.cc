// Copyright 2026 The Linkage Authors.
#include "normalise/name_variants.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

NameVariants FromTexts(std::vector<VariantTableText> tables) {
  auto loaded = NameVariants::FromTables(tables);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  return loaded.ok() ? *std::move(loaded) : NameVariants();
}

TEST(NameVariantsTest, DirectedTableMapsVariantsToTheirName) {
  const NameVariants v = FromTexts({{"t.csv",
                                     "name,variant\n"
                                     "William,Bill\n"
                                     "William,Billy\n"
                                     "Robert,Bob\n"}});
  EXPECT_EQ(v.Canonical("BILL"), "WILLIAM");
  EXPECT_EQ(v.Canonical("BILLY"), "WILLIAM");
  EXPECT_EQ(v.Canonical("BOB"), "ROBERT");
  EXPECT_EQ(v.Canonical("WILLIAM"), "WILLIAM");
  EXPECT_EQ(v.Canonical("NOBODY"), "NOBODY");
  EXPECT_EQ(v.size(), 3u);
}

TEST(NameVariantsTest, AmbiguousVariantJoinsNoGroup) {
  // ALEX is a variant of two names of different sexes: it must not map to
  // either, and the two must stay apart.
  const NameVariants v = FromTexts({{"t.csv",
                                     "name,variant\n"
                                     "Alexander,Alex\n"
                                     "Alexander,Xander\n"
                                     "Alexandra,Alex\n"
                                     "Alexandra,Lexie\n"}});
  EXPECT_EQ(v.Canonical("ALEX"), "ALEX");
  EXPECT_EQ(v.Canonical("XANDER"), "ALEXANDER");
  EXPECT_EQ(v.Canonical("LEXIE"), "ALEXANDRA");
  EXPECT_EQ(v.Canonical("ALEXANDER"), "ALEXANDER");
  EXPECT_EQ(v.Canonical("ALEXANDRA"), "ALEXANDRA");
}

TEST(NameVariantsTest, ChainsThroughUnambiguousLinksOnly) {
  const NameVariants v = FromTexts({{"t.csv",
                                     "name,variant\n"
                                     "Margaret,Peggy\n"
                                     "Margaret,Peg\n"
                                     "Peggy,Peg\n"
                                     "Peg,Pegs\n"
                                     "Sandra,Sandy\n"
                                     "Alexandra,Sandy\n"}});
  // PEG has two candidates that both lead to MARGARET.
  EXPECT_EQ(v.Canonical("PEGGY"), "MARGARET");
  EXPECT_EQ(v.Canonical("PEG"), "MARGARET");
  EXPECT_EQ(v.Canonical("PEGS"), "MARGARET");
  // SANDY's candidates lead to different names: ambiguous.
  EXPECT_EQ(v.Canonical("SANDY"), "SANDY");
  EXPECT_EQ(v.Canonical("SANDRA"), "SANDRA");
}

TEST(NameVariantsTest, SymmetricGroupsUseTheirAlphabeticallyFirstMember) {
  // The firstname_uk_variant.csv layout: each group listed once per member.
  const NameVariants v = FromTexts({{"t.csv",
                                     "\"forename\",\"forename2\",\"freq\"\n"
                                     "\"will\",\"william\",0.5\n"
                                     "\"will\",\"bill\",0.5\n"
                                     "\"william\",\"will\",0.5\n"
                                     "\"william\",\"bill\",0.5\n"
                                     "\"bill\",\"will\",0.5\n"
                                     "\"bill\",\"william\",0.5\n"}});
  EXPECT_EQ(v.Canonical("WILL"), "BILL");
  EXPECT_EQ(v.Canonical("WILLIAM"), "BILL");
  EXPECT_EQ(v.Canonical("BILL"), "BILL");
}

TEST(NameVariantsTest, FirstTableThatMentionsANameDecides) {
  const NameVariants v = FromTexts(
      {{"first.csv", "name,variant\nWilliam,Bill\n"},
       {"second.csv", "name,variant\nBillingham,Bill\nWilliam,Liam\n"}});
  EXPECT_EQ(v.Canonical("BILL"), "WILLIAM");  // second table ignored for BILL
  EXPECT_EQ(v.Canonical("LIAM"), "WILLIAM");  // only in the second
}

TEST(NameVariantsTest, CycleResolvesToAlphabeticallyFirst) {
  const NameVariants v = FromTexts({{"t.csv",
                                     "name,variant\n"
                                     "Bea,Cal\n"
                                     "Cal,Dee\n"
                                     "Dee,Bea\n"
                                     "Dee,Eve\n"}});
  // BEA <- DEE <- CAL <- BEA is a cycle; EVE hangs off DEE.
  EXPECT_EQ(v.Canonical("BEA"), "BEA");
  EXPECT_EQ(v.Canonical("CAL"), "BEA");
  EXPECT_EQ(v.Canonical("DEE"), "BEA");
  EXPECT_EQ(v.Canonical("EVE"), "BEA");
}

TEST(NameVariantsTest, WikidataFormatFiltersTypesAndNormalisesNames) {
  const std::string text =
      "wikidata_id,original_name,alt_name,name_variant_type\n"
      "Q1,Zoë,Zo,hypocorism\n"
      "Q2,Jean,Jack,shortname\n"
      "Q3,John,Jack,diminutive\n";
  const NameVariants v = FromTexts({{"w.csv", text}});
  EXPECT_EQ(v.Canonical("ZO"), "ZOE");
  EXPECT_EQ(v.Canonical("JACK"), "JOHN");
  auto all = NameVariants::FromTables(
      std::vector<VariantTableText>{{"w.csv", text}},
      {"hypocorism", "diminutive", "shortname"});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->Canonical("JACK"), "JACK");  // now ambiguous
}

TEST(NameVariantsTest, Errors) {
  struct ErrorCase {
    std::string text;
    std::string message_prefix;
  };
  const ErrorCase cases[] = {
      {"name\nA\n", "bad.csv:1: header needs at least 2 columns"},
      {"name,variant\nA,B\nC\n", "bad.csv:3: expected at least 2 fields"},
      {"name,variant\nA,B\xFF\n", "bad.csv:2: name \"B\xFF\" is invalid_utf8"},
      {"name,variant\nA,B\x01\n", "bad.csv:2: name"},
      {"wikidata_id,original_name,alt_name\nQ,A,B\n",
       "bad.csv:1: a Wikidata-style header needs name_variant_type"},
  };
  for (const ErrorCase& c : cases) {
    auto loaded = NameVariants::FromTables(
        std::vector<VariantTableText>{{"bad.csv", c.text}});
    ASSERT_FALSE(loaded.ok()) << c.text;
    EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(loaded.status().message()),
                StartsWith(c.message_prefix));
  }
  auto missing = NameVariants::Load(std::vector<std::string>{"/no/such.csv"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()),
              HasSubstr("/no/such.csv: cannot open"));
}

TEST(NameVariantsTest, BuiltinTables) {
  std::vector<std::string> paths;
  for (std::string_view file : kBuiltinVariantFiles) {
    paths.push_back(linkage::testing::DataPath(std::string(file)));
  }
  auto loaded = NameVariants::Load(paths);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const NameVariants& v = *loaded;
  EXPECT_GT(v.size(), 1000u);
  // Wikidata (hypocorism/nickname/diminutive) rows, checked by grep:
  //   William,Bill  Robert,Bob  Elizabeth,Liz  Margaret,Peggy
  EXPECT_EQ(v.Canonical("BILL"), "WILLIAM");
  EXPECT_EQ(v.Canonical("BOB"), "ROBERT");
  EXPECT_EQ(v.Canonical("LIZ"), "ELIZABETH");
  EXPECT_EQ(v.Canonical("PEGGY"), "MARGARET");
  // Margaret,Peg and Peggy,Peg: both lead to MARGARET.
  EXPECT_EQ(v.Canonical("PEG"), "MARGARET");
  // Alexandros,Alex and Alexandre,Alex; Alexander/Alexandra/Sandra,Sandy.
  EXPECT_EQ(v.Canonical("ALEX"), "ALEX");
  EXPECT_EQ(v.Canonical("SANDY"), "SANDY");
  EXPECT_NE(v.Canonical("ALEXANDER"), v.Canonical("ALEXANDRA"));
  // WILIE is only in firstname_uk_variant.csv, in the group whose
  // alphabetically first member is BILL, which Wikidata maps to WILLIAM.
  EXPECT_EQ(v.Canonical("WILIE"), "WILLIAM");
  // WILLEM is a Wikidata name (Willem,Willy), so Wikidata decides: no parent.
  EXPECT_EQ(v.Canonical("WILLEM"), "WILLEM");
  // Every canonical form is a fixed point.
  for (std::string_view name : {"BILL", "PEG", "WILIE", "LIZ", "BOB"}) {
    const std::string_view canonical = v.Canonical(name);
    EXPECT_EQ(v.Canonical(canonical), canonical) << name;
  }
}

}  // namespace
}  // namespace linkage
