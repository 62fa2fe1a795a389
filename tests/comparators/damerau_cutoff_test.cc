// Copyright 2026 The Linkage Authors.
//
// Damerau-Levenshtein with small cutoffs (the "<= 1" fast path that dates of
// birth take) against the textbook implementation in comparators/reference:
// exhaustively over every pair of strings of up to 5 letters from a 3-letter
// alphabet (where one- and two-edit pairs are dense), and over dates with
// random single and double edits.
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "comparators/damerau_levenshtein.h"
#include "comparators/reference/string_metrics_reference.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

std::size_t Capped(std::size_t distance, std::size_t cutoff) {
  return distance <= cutoff ? distance : cutoff + 1;
}

void AllStrings(const std::string& prefix, std::size_t max_len,
                std::vector<std::string>* out) {
  out->push_back(prefix);
  if (prefix.size() == max_len) return;
  for (char c : {'a', 'b', 'c'}) AllStrings(prefix + c, max_len, out);
}

TEST(DamerauCutoffTest, ExhaustiveSmallAlphabet) {
  std::vector<std::string> strings;
  AllStrings("", 5, &strings);
  ASSERT_EQ(strings.size(), 364u);  // 1 + 3 + 9 + 27 + 81 + 243
  std::size_t within_one = 0;
  for (const std::string& a : strings) {
    for (const std::string& b : strings) {
      const std::size_t expected = reference::DamerauLevenshtein(a, b);
      within_one += expected <= 1;
      for (std::size_t cutoff : {0, 1, 2, 3}) {
        ASSERT_EQ(DamerauLevenshteinDistance(a, b, cutoff), Capped(expected, cutoff))
            << "\"" << a << "\" | \"" << b << "\" cutoff " << cutoff;
      }
    }
  }
  // The test must exercise the fast path's "yes" answers, not only "no".
  EXPECT_GT(within_one, 3000u);
}

TEST(DamerauCutoffTest, DatesWithRandomEdits) {
  std::mt19937_64 rng(7);
  auto digit = [&] { return static_cast<char>('0' + rng() % 10); };
  std::size_t ones = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string a = "19" + std::string{digit(), digit()} + "-" +
                    std::string{digit(), digit()} + "-" +
                    std::string{digit(), digit()};
    std::string b = a;
    const int edits = 1 + static_cast<int>(rng() % 2);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = rng() % b.size();
      switch (rng() % 4) {
        case 0: b[pos] = digit(); break;
        case 1:
          if (pos + 1 < b.size()) std::swap(b[pos], b[pos + 1]);
          break;
        case 2: b.erase(pos, 1); break;
        default: b.insert(pos, 1, digit()); break;
      }
    }
    const std::size_t expected = reference::DamerauLevenshtein(a, b);
    ones += expected == 1;
    for (std::size_t cutoff : {0, 1, 2}) {
      ASSERT_EQ(DamerauLevenshteinDistance(a, b, cutoff), Capped(expected, cutoff))
          << a << " | " << b << " cutoff " << cutoff;
    }
  }
  EXPECT_GT(ones, 10000u);
}

}  // namespace
}  // namespace linkage
