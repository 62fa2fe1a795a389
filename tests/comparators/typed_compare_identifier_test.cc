// Copyright 2026 The Linkage Authors.
//
// Identifier agreement on NHS numbers: tests/testdata/nhs_numbers.csv pairs
// each "generated" valid number with a copy that has "one digit changed".
#include "comparators/identifier_compare.h"

#include <random>
#include <string>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::linkage::testing::ReadCsvRows;
using ::linkage::testing::TestDataPath;

TEST(CompareIdentifiersTest, NhsNumbersWithOneDigitChanged) {
  const auto rows = ReadCsvRows(TestDataPath("nhs_numbers.csv"), 1);
  int pairs = 0;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    if (rows[k].size() < 3 || rows[k][2] != "one digit changed") continue;
    ASSERT_EQ(rows[k - 1][2], "generated");
    EXPECT_EQ(CompareIdentifiers(rows[k - 1][0], rows[k][0]),
              IdentifierAgreement::kOneSubstitution)
        << rows[k - 1][0] << " " << rows[k][0];
    EXPECT_EQ(CompareIdentifiers(rows[k][0], rows[k][0]), IdentifierAgreement::kExact);
    ++pairs;
  }
  EXPECT_EQ(pairs, 56);
}

TEST(CompareIdentifiersTest, Table) {
  struct Case {
    const char* a;
    const char* b;
    IdentifierAgreement level;
  } const kCases[] = {
      {"9434765919", "9434765919", IdentifierAgreement::kExact},
      {"", "", IdentifierAgreement::kExact},
      {"9434765919", "9434765918", IdentifierAgreement::kOneSubstitution},  // last
      {"9434765919", "1434765919", IdentifierAgreement::kOneSubstitution},  // first
      {"9434765919", "9437465919", IdentifierAgreement::kAdjacentTransposition},
      {"9434765919", "4934765919", IdentifierAgreement::kAdjacentTransposition},  // first two
      {"9434765919", "9434765991", IdentifierAgreement::kAdjacentTransposition},  // last two
      {"9434765919", "9434765", IdentifierAgreement::kDifferent},           // prefix
      {"9434765919", "94347659190", IdentifierAgreement::kDifferent},       // one longer
      {"9434765919", "9443765991", IdentifierAgreement::kDifferent},        // two swaps
      {"9434765919", "9434765900", IdentifierAgreement::kDifferent},        // two substitutions
      {"1234", "1324", IdentifierAgreement::kAdjacentTransposition},
      {"1234", "1432", IdentifierAgreement::kDifferent},                    // non-adjacent swap
      {"AB12", "AB1\xC3\xA9", IdentifierAgreement::kOneSubstitution},       // 2-byte char
      {"\xC3\xA9" "1", "1\xC3\xA9", IdentifierAgreement::kAdjacentTransposition},
      {"\xFF\x31", "\xFE\x31", IdentifierAgreement::kOneSubstitution},      // invalid bytes
      {"", "1", IdentifierAgreement::kDifferent},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(CompareIdentifiers(c.a, c.b), c.level) << c.a << " vs " << c.b;
    EXPECT_EQ(CompareIdentifiers(c.b, c.a), c.level) << c.b << " vs " << c.a;
  }
  EXPECT_EQ(IdentifierAgreementName(IdentifierAgreement::kAdjacentTransposition),
            "adjacent_transposition");
}

// Textbook definition on byte strings of ASCII digits.
IdentifierAgreement Reference(const std::string& a, const std::string& b) {
  if (a == b) return IdentifierAgreement::kExact;
  if (a.size() != b.size()) return IdentifierAgreement::kDifferent;
  int mismatches = 0;
  for (std::size_t k = 0; k < a.size(); ++k) mismatches += a[k] != b[k];
  if (mismatches == 1) return IdentifierAgreement::kOneSubstitution;
  for (std::size_t k = 0; k + 1 < a.size(); ++k) {
    std::string swapped = a;
    std::swap(swapped[k], swapped[k + 1]);
    if (swapped == b) return IdentifierAgreement::kAdjacentTransposition;
  }
  return IdentifierAgreement::kDifferent;
}

TEST(CompareIdentifiersTest, MatchesReferenceOnRandomEdits) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> digit(0, 3), edit(0, 4), len(0, 6);
  for (int trial = 0; trial < 50000; ++trial) {
    std::string a(len(rng), '0');
    for (char& c : a) c = static_cast<char>('0' + digit(rng));
    std::string b = a;
    const int edits = edit(rng);
    for (int e = 0; e < edits && !b.empty(); ++e) {
      std::uniform_int_distribution<std::size_t> at(0, b.size() - 1);
      const std::size_t k = at(rng);
      if (e % 2 == 0 && k + 1 < b.size()) {
        std::swap(b[k], b[k + 1]);
      } else {
        b[k] = static_cast<char>('0' + digit(rng));
      }
    }
    ASSERT_EQ(CompareIdentifiers(a, b), Reference(a, b)) << a << " vs " << b;
  }
}

}  // namespace
}  // namespace linkage
