// Copyright 2026 The Linkage Authors.
//
// The CharSignature bounds hold: JaroWinklerUpperBound never falls below
// JaroWinklerSimilarity, and EditDistanceLowerBound never exceeds the
// Levenshtein, OSA or Damerau-Levenshtein distance: on every pair of the
// surname variant list
// (similar names, near the usual thresholds), on random pairs of UK
// surnames, and on random strings over alphabets whose characters share
// buckets (byte & 31: 'A', 'a' and '!' are one bucket) with repeats, under
// several option sets. And they are useful: most random surname pairs are
// bounded below 0.8 (the loosest Jaro-Winkler threshold configs use) and
// above an edit distance of 2.
#include <cmath>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "comparators/char_signature.h"
#include "comparators/damerau_levenshtein.h"
#include "comparators/jaro.h"
#include "comparators/levenshtein.h"
#include "comparators/osa.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

// The first CSV column of `path` (quoted), header skipped.
std::vector<std::string> FirstColumn(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<std::string> out;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const std::size_t comma = line.find(',');
    std::string field = line.substr(0, comma);
    if (field.size() >= 2 && field.front() == '"') field = field.substr(1, field.size() - 2);
    out.push_back(field);
  }
  return out;
}

std::vector<JaroWinklerOptions> OptionSets() {
  JaroWinklerOptions strong;
  strong.prefix_scale = 0.25;
  JaroWinklerOptions no_threshold;
  no_threshold.boost_threshold = 0.0;
  no_threshold.max_prefix = 6;
  no_threshold.prefix_scale = 0.15;
  return {JaroWinklerOptions{}, strong, no_threshold};
}

void ExpectBound(const std::string& a, const std::string& b) {
  const CharSignature sa = MakeCharSignature(a), sb = MakeCharSignature(b);
  for (const JaroWinklerOptions& options : OptionSets()) {
    ASSERT_GE(JaroWinklerUpperBound(sa, sb, options), JaroWinklerSimilarity(a, b, options))
        << "\"" << a << "\" vs \"" << b << "\"";
  }
  const std::size_t floor = EditDistanceLowerBound(sa, sb);
  ASSERT_LE(floor, LevenshteinDistance(a, b)) << "\"" << a << "\" vs \"" << b << "\"";
  ASSERT_LE(floor, OsaDistance(a, b)) << "\"" << a << "\" vs \"" << b << "\"";
  ASSERT_LE(floor, DamerauLevenshteinDistance(a, b)) << "\"" << a << "\" vs \"" << b << "\"";
}

TEST(CharSignatureTest, BoundsSurnameVariantPairs) {
  const std::string dir = LINKAGE_DATA_DIR;
  std::ifstream in(dir + "/reference/lastname_uk_variant.csv");
  ASSERT_TRUE(in);
  std::string line;
  std::getline(in, line);
  int pairs = 0;
  while (std::getline(in, line)) {
    const std::size_t c1 = line.find(',');
    const std::size_t c2 = line.find(',', c1 + 1);
    auto unquote = [](std::string s) {
      return s.size() >= 2 && s.front() == '"' ? s.substr(1, s.size() - 2) : s;
    };
    const std::string a = unquote(line.substr(0, c1));
    const std::string b = unquote(line.substr(c1 + 1, c2 - c1 - 1));
    ASSERT_NO_FATAL_FAILURE(ExpectBound(a, b));
    ++pairs;
  }
  EXPECT_GT(pairs, 500);
}

TEST(CharSignatureTest, BoundsRandomSurnamePairsAndRejectsMost) {
  const std::vector<std::string> names =
      FirstColumn(std::string(LINKAGE_DATA_DIR) + "/reference/lastname_uk.csv");
  ASSERT_GT(names.size(), 5000u);
  std::mt19937_64 rng(7);
  int below = 0, far = 0;
  constexpr int kPairs = 200000;
  for (int i = 0; i < kPairs; ++i) {
    const std::string& a = names[rng() % names.size()];
    const std::string& b = names[rng() % names.size()];
    ASSERT_NO_FATAL_FAILURE(ExpectBound(a, b));
    below += JaroWinklerUpperBound(MakeCharSignature(a), MakeCharSignature(b)) < 0.8;
    far += EditDistanceLowerBound(MakeCharSignature(a), MakeCharSignature(b)) > 2;
  }
  EXPECT_GT(below, kPairs / 2) << below;
  EXPECT_GT(far, kPairs / 2) << far;
}

// The table answers exactly as the formula it tabulates, for every pair of
// lengths inside and around its range, shared counts from 0 past both
// lengths, both first-character cases, and thresholds at and between the
// bound's values (where rounding would show).
TEST(CharSignatureTest, BoundTableAgreesWithTheFormula) {
  std::mt19937_64 rng(5);
  std::vector<double> thresholds = {0.0, 0.5, 0.7, 0.8, 0.84, 0.9, 0.92, 0.95, 1.0, 2.0};
  for (int i = 0; i < 4; ++i) {
    // Exactly a value of the bound, and just above it.
    const double at = JaroWinklerBoundFromCounts(3 + i, 4 + i, 5 + 2 * i, i % 2 == 0);
    thresholds.push_back(at);
    thresholds.push_back(std::nextafter(at, 2.0));
  }
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (const double threshold : thresholds) {
    const JaroWinklerBoundTable table(threshold);
    for (int i = 0; i < 20000; ++i) {
      // Lengths 0..40 from a small alphabet (so that pairs share many
      // characters), the first character forced equal half the time.
      auto make = [&](std::size_t length, std::size_t letters) {
        std::string s(length, 'A');
        for (char& c : s) c = alphabet[rng() % letters];
        return s;
      };
      const std::size_t letters = 1 + rng() % 6;
      std::string a = make(rng() % 41, letters), b = make(rng() % 41, letters);
      if (!a.empty() && !b.empty() && rng() % 2 == 0) b[0] = a[0];
      const CharSignature sa = MakeCharSignature(a), sb = MakeCharSignature(b);
      ASSERT_EQ(table.Below(sa, sb), JaroWinklerUpperBound(sa, sb) < threshold)
          << a << " / " << b << " at " << threshold;
    }
  }
  // Non-ASCII: no bound, as the formula.
  const JaroWinklerBoundTable table(0.9);
  EXPECT_FALSE(table.Below(MakeCharSignature("José"), MakeCharSignature("Xavi")));
}

TEST(CharSignatureTest, BoundsRandomStringsWithSharedBuckets) {
  // 'A' (65), 'a' (97) and '!' (33) share bucket 1; 'B', 'b', '"' bucket 2;
  // ' ', '@', '`' bucket 0.
  const std::string alphabets[] = {"Aa!Bb\"", "ab", "abc @`", "aaaab", "0123456789 -'"};
  std::mt19937_64 rng(11);
  for (const std::string& alphabet : alphabets) {
    for (int i = 0; i < 40000; ++i) {
      auto make = [&] {
        std::string s(rng() % 24, ' ');
        for (char& c : s) c = alphabet[rng() % alphabet.size()];
        return s;
      };
      ASSERT_NO_FATAL_FAILURE(ExpectBound(make(), make()));
    }
  }
}

TEST(CharSignatureTest, EdgeCases) {
  EXPECT_EQ(JaroWinklerUpperBound(MakeCharSignature(""), MakeCharSignature("")), 1.0);
  EXPECT_EQ(JaroWinklerUpperBound(MakeCharSignature(""), MakeCharSignature("abc")), 0.0);
  EXPECT_EQ(JaroWinklerUpperBound(MakeCharSignature("abc"), MakeCharSignature("xyz")), 0.0);
  // Non-ASCII: no bound.
  EXPECT_EQ(JaroWinklerUpperBound(MakeCharSignature("José"), MakeCharSignature("Jose")), 1.0);
  JaroWinklerOptions long_tolerance;
  long_tolerance.long_tolerance = true;
  EXPECT_EQ(JaroWinklerUpperBound(MakeCharSignature("abcdef"), MakeCharSignature("uvwxyz"),
                                  long_tolerance),
            1.0);
  // Equal strings: the bound is 1 (Jaro-Winkler is 1).
  EXPECT_GE(JaroWinklerUpperBound(MakeCharSignature("MARTHA"), MakeCharSignature("MARTHA")),
            1.0);
  // Character counts matter: "aab" and "abb" share two characters (one
  // 'a', one 'b'), so Jaro is at most (2/3 + 2/3 + 1) / 3 = 7/9; the first
  // characters agree, so the prefix (at most 3 here) may add 0.3 (1 - 7/9).
  EXPECT_NEAR(JaroWinklerUpperBound(MakeCharSignature("aab"), MakeCharSignature("abb")),
              7.0 / 9.0 + 0.3 * (2.0 / 9.0), 1e-9);
  // Edit distance: "abcd" and "abxy" share two characters, so at least 2
  // edits; anagrams may be 0 apart as far as the signature knows.
  EXPECT_EQ(EditDistanceLowerBound(MakeCharSignature("abcd"), MakeCharSignature("abxy")), 2u);
  EXPECT_EQ(EditDistanceLowerBound(MakeCharSignature("abc"), MakeCharSignature("cab")), 0u);
  EXPECT_EQ(EditDistanceLowerBound(MakeCharSignature("ab"), MakeCharSignature("abcde")), 3u);
  EXPECT_EQ(EditDistanceLowerBound(MakeCharSignature("Zoë"), MakeCharSignature("xyz")), 0u);
  // First characters differ: no prefix.
  EXPECT_NEAR(JaroWinklerUpperBound(MakeCharSignature("aab"), MakeCharSignature("bba")),
              7.0 / 9.0, 1e-9);
}

}  // namespace
}  // namespace linkage
