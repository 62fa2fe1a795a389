// Copyright 2026 The Linkage Authors.
//
// Double Metaphone against four external vector files, each tested against
// the behaviour it documents:
//  - double_metaphone_surnames_dev.csv: commons-codec, codes capped at 4;
//  - double_metaphone_words.csv: commons-codec asserts with max_code_len;
//  - double_metaphone_py_vectors.csv, double_metaphone_js_vectors.csv: other
//    ports, no length cap. Every row of both agrees with the commons-codec
//    rules, so no row is excepted.
#include "comparators/double_metaphone.h"

#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::linkage::testing::ReadCsvRows;
using ::linkage::testing::TestDataPath;

constexpr DoubleMetaphoneOptions kUnlimited{.max_code_len = 0};

TEST(DoubleMetaphoneTest, CommonsCodecSurnamesCappedAtFour) {
  const auto rows =
      ReadCsvRows(TestDataPath("comparators/double_metaphone/double_metaphone_surnames_dev.csv"), 1);
  ASSERT_GT(rows.size(), 600u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 3u);
    const DoubleMetaphoneCode code = DoubleMetaphone(row[0]);
    EXPECT_EQ(code.primary.view(), row[1]) << row[0];
    EXPECT_EQ(code.alternate.view(), row[2]) << row[0];
  }
}

TEST(DoubleMetaphoneTest, CommonsCodecWordsWithMaxCodeLen) {
  const auto rows =
      ReadCsvRows(TestDataPath("comparators/double_metaphone/double_metaphone_words.csv"), 1);
  ASSERT_EQ(rows.size(), 38u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 4u);
    const DoubleMetaphoneCode code =
        DoubleMetaphone(row[0], {.max_code_len = std::stoul(row[3])});
    const PhoneticCode& actual = row[1] == "primary" ? code.primary : code.alternate;
    EXPECT_EQ(actual.view(), row[2]) << row[0] << " " << row[1] << " len " << row[3];
  }
}

TEST(DoubleMetaphoneTest, PythonPortVectorsUnlimited) {
  // Alternate empty means "same as primary" in this file.
  const auto rows =
      ReadCsvRows(TestDataPath("comparators/double_metaphone/double_metaphone_py_vectors.csv"), 1);
  ASSERT_EQ(rows.size(), 105u);
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 2u);
    const DoubleMetaphoneCode code = DoubleMetaphone(row[0], kUnlimited);
    const std::string alternate = row.size() > 2 && !row[2].empty() ? row[2] : row[1];
    EXPECT_EQ(code.primary.view(), row[1]) << row[0];
    EXPECT_EQ(code.alternate.view(), alternate) << row[0];
  }
}

TEST(DoubleMetaphoneTest, JavaScriptPortVectorsUnlimited) {
  const auto rows =
      ReadCsvRows(TestDataPath("comparators/double_metaphone/double_metaphone_js_vectors.csv"), 1);
  ASSERT_EQ(rows.size(), 32u);
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 3u);
    const DoubleMetaphoneCode code = DoubleMetaphone(row[0], kUnlimited);
    EXPECT_EQ(code.primary.view(), row[1]) << row[0];
    EXPECT_EQ(code.alternate.view(), row[2]) << row[0];
  }
}

TEST(DoubleMetaphoneTest, HandCheckedRules) {
  struct Case {
    const char* name;
    std::size_t max_code_len;
    const char* primary;
    const char* alternate;
  } const kCases[] = {
      {"Schmidt", 4, "XMT", "SMT"},           // SCH + consonant at start: X / S
      {"Smith", 4, "SM0", "XMT"},             // S before M: S / X; TH: 0 / T
      {"Mazurkiewicz", 0, "MSRKTS", "MTSRKFX"},
      {"Mazurkiewicz", 4, "MSRK", "MTSR"},    // both cut at 4
      {"Raj", 4, "RJ", "R "},                 // commons-codec: final J -> J / ' '
      {"SAN JOSE", 0, "SNHS", "SNHS"},        // the space is context
      {"  Thomas  ", 4, "TMS", "TMS"},        // trimmed
      {"Peña", 4, "PN", "PN"},                // Ñ -> N
      {"garçon", 4, "KRSN", "KRSN"},          // Ç -> S
      {"Émile", 4, "AML", "AML"},             // É folds to a vowel at the start
      {"Wasserman", 0, "ASRMN", "FSRMN"},
      {"", 4, "", ""},
  };
  for (const Case& c : kCases) {
    const DoubleMetaphoneCode code = DoubleMetaphone(c.name, {.max_code_len = c.max_code_len});
    EXPECT_EQ(code.primary.view(), c.primary) << c.name;
    EXPECT_EQ(code.alternate.view(), c.alternate) << c.name;
  }
  // commons-codec behaviour for accents: É is upper-cased and skipped.
  EXPECT_EQ(DoubleMetaphone("Émile", {.fold_accents = false}).primary.view(), "ML");
}

TEST(DoubleMetaphoneTest, MatchSharesAnyCode) {
  // XMT/SMT vs SM0/XMT: Schmidt's primary is Smith's alternate.
  EXPECT_TRUE(DoubleMetaphoneMatch(DoubleMetaphone("Schmidt"), DoubleMetaphone("Smith")));
  EXPECT_TRUE(DoubleMetaphoneMatch(DoubleMetaphone("Wasserman"), DoubleMetaphone("Vasserman")));
  EXPECT_FALSE(DoubleMetaphoneMatch(DoubleMetaphone("Jones"), DoubleMetaphone("Smith")));
  EXPECT_FALSE(DoubleMetaphoneMatch(DoubleMetaphone(""), DoubleMetaphone("")));
}

}  // namespace
}  // namespace linkage
