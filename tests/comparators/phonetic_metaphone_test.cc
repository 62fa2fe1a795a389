// Copyright 2026 The Linkage Authors.
//
// Original Metaphone against jellyfish's vectors
// (tests/testdata/comparators/jellyfish/metaphone.csv) and hand-checked
// cases for jellyfish's documented quirks.
#include "comparators/metaphone.h"

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

TEST(MetaphoneTest, JellyfishVectors) {
  const auto rows = testing::ReadCsvRows(
      testing::TestDataPath("comparators/jellyfish/metaphone.csv"));
  ASSERT_EQ(rows.size(), 33u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 2u);
    EXPECT_EQ(Metaphone(row[0]).view(), row[1]) << row[0];
  }
}

TEST(MetaphoneTest, HandChecked) {
  struct Case {
    const char* name;
    const char* code;
  } const kCases[] = {
      {"Thompson", "0MPSN"},  // TH is always 0 (no Thomas rule, unlike Double Metaphone)
      {"Knight", "NT"},       // silent K, silent GH before T
      {"Wright", "RT"},
      {"Psmith", "PSM0"},     // PS is not a silent start here
      {"Müller", "MLR"},      // ü folds to U
      {"", ""},
      {"1234", ""},
      {"  ", ""},             // a space is only added after a code
  };
  for (const Case& c : kCases) EXPECT_EQ(Metaphone(c.name).view(), c.code) << c.name;
}

}  // namespace
}  // namespace linkage
