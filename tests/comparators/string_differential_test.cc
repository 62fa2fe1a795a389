// Copyright 2026 The Linkage Authors.
//
// Differential tests: every fast path (ASCII bytes, UTF-8 code points,
// single-word and multi-word bit-parallel kernels, cached scorers, early
// exits under score_cutoff) against the textbook implementations in
// comparators/reference over all ordered pairs of a real name list (a
// deterministic subset of the ONS baby names and the UK surname list in
// data/reference), plus non-ASCII names, invalid UTF-8 and strings of 63, 64,
// 65, 127, 128, 129 code points around the 64-bit word boundaries.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "comparators/damerau_levenshtein.h"
#include "comparators/hamming.h"
#include "comparators/jaccard.h"
#include "comparators/jaro.h"
#include "comparators/lcs.h"
#include "comparators/lcs_seq.h"
#include "comparators/levenshtein.h"
#include "comparators/osa.h"
#include "comparators/reference/string_metrics_reference.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::linkage::testing::DataPath;
using ::linkage::testing::ReadCsvRows;

// `count` code points cycling through `alphabet` (itself UTF-8), with the
// code point at `mutate` replaced by `replacement`.
std::string Cycle(const std::vector<std::string>& alphabet, std::size_t count,
                  std::size_t mutate = SIZE_MAX,
                  const std::string& replacement = "") {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    out += i == mutate ? replacement : alphabet[(i * 7 + i / 5) % alphabet.size()];
  }
  return out;
}

const std::vector<std::string>& Names() {
  static const std::vector<std::string>* names = [] {
    auto* out = new std::vector<std::string>();
    const auto babies = ReadCsvRows(DataPath("reference/ons_babynames_ew_2024.csv"), 1);
    for (std::size_t i = 0; i < babies.size(); i += 41) out->push_back(babies[i][3]);
    const auto surnames = ReadCsvRows(DataPath("reference/lastname_uk.csv"), 1);
    for (std::size_t i = 0; i < surnames.size(); i += 37) out->push_back(surnames[i][0]);
    const char* extra[] = {
        "", "a", "ab", "ba", "Zoë", "Zoe", "Siobhán", "Siobhan", "Łukasz",
        "Lukasz", "José", "Jose", "Jos\xc3\xa9", "Jose\xcc\x81", "李", "李小龍",
        "李小龙", "😀", "😀😀x", "Sørensen", "Søren", "Müller", "Mueller",
        "François", "Ægir", "O'Brien", "Mary Ann", "Ann Mary",
        "Anne-Marie Smith", "\xff\xfe", "Jos\xc3", "\xc3\xa9", "\xed\xa0\x80",
        "\xc0\xaf", "ab\x80" "cd"};
    for (const char* e : extra) out->push_back(e);
    const std::vector<std::string> ascii = {"a", "b", "c", "d", "e", "r", "s", "t"};
    const std::vector<std::string> mixed = {"a", "é", "ß", "李", "b", "😀", "c"};
    for (std::size_t n : {31, 63, 64, 65, 127, 128, 129}) {
      out->push_back(Cycle(ascii, n));
      out->push_back(Cycle(ascii, n, n / 2, "x"));
      out->push_back(Cycle(mixed, n));
    }
    out->push_back(Cycle(ascii, 64, 0, "é"));
    out->push_back(std::string(300, 'a'));
    out->push_back(std::string(299, 'a') + "b");
    return out;
  }();
  return *names;
}

std::size_t Capped(std::size_t distance, std::size_t cutoff) {
  return distance <= cutoff ? distance : cutoff + 1;
}

constexpr std::size_t kDistanceCutoffs[] = {0, 1, 2, 3, 5, SIZE_MAX};
constexpr double kSimilarityCutoffs[] = {0.0, 0.5, 0.8, 0.9, 0.95};

TEST(StringDifferentialTest, NameListIsLarge) {
  EXPECT_GT(Names().size(), 600u);
}

TEST(StringDifferentialTest, Levenshtein) {
  const auto& names = Names();
  for (const auto& a : names) {
    const CachedLevenshtein cached(a);
    for (const auto& b : names) {
      const std::size_t expected = reference::Levenshtein(a, b);
      ASSERT_EQ(LevenshteinDistance(a, b), expected) << a << " | " << b;
      ASSERT_EQ(cached.Distance(b), expected) << a << " | " << b;
      for (std::size_t cutoff : kDistanceCutoffs) {
        ASSERT_EQ(LevenshteinDistance(a, b, cutoff), Capped(expected, cutoff))
            << a << " | " << b << " cutoff " << cutoff;
        ASSERT_EQ(cached.Distance(b, cutoff), Capped(expected, cutoff))
            << a << " | " << b << " cutoff " << cutoff;
      }
    }
  }
}

TEST(StringDifferentialTest, WeightedLevenshtein) {
  const auto& names = Names();
  const LevenshteinWeights weights[] = {{1, 1, 2}, {2, 3, 4}, {1, 2, 1}};
  for (std::size_t i = 0; i < names.size(); i += 3) {
    for (std::size_t j = 0; j < names.size(); j += 2) {
      for (const auto& w : weights) {
        const std::size_t expected = reference::Levenshtein(names[i], names[j], w);
        ASSERT_EQ(LevenshteinDistance(names[i], names[j], w), expected)
            << names[i] << " | " << names[j];
        ASSERT_EQ(LevenshteinDistance(names[i], names[j], w, 3), Capped(expected, 3));
      }
    }
  }
}

TEST(StringDifferentialTest, OsaAndDamerau) {
  const auto& names = Names();
  for (const auto& a : names) {
    for (const auto& b : names) {
      const std::size_t osa = reference::Osa(a, b);
      const std::size_t dl = reference::DamerauLevenshtein(a, b);
      ASSERT_EQ(OsaDistance(a, b), osa) << a << " | " << b;
      ASSERT_EQ(DamerauLevenshteinDistance(a, b), dl) << a << " | " << b;
      for (std::size_t cutoff : {0, 1, 2}) {
        ASSERT_EQ(OsaDistance(a, b, cutoff), Capped(osa, cutoff));
        ASSERT_EQ(DamerauLevenshteinDistance(a, b, cutoff), Capped(dl, cutoff));
      }
    }
  }
}

TEST(StringDifferentialTest, LcsSeqAndHamming) {
  const auto& names = Names();
  for (const auto& a : names) {
    for (const auto& b : names) {
      const std::size_t lcs = reference::LcsSeq(a, b);
      ASSERT_EQ(LcsSeqSimilarity(a, b), lcs) << a << " | " << b;
      const std::size_t la = reference::Decode(a).size();
      const std::size_t lb = reference::Decode(b).size();
      ASSERT_EQ(IndelDistance(a, b), la + lb - 2 * lcs);
      ASSERT_EQ(HammingDistance(a, b), reference::Hamming(a, b)) << a << " | " << b;
      ASSERT_EQ(LongestCommonSubstringLength(a, b),
                reference::LongestCommonSubstring(a, b))
          << a << " | " << b;
    }
  }
}

void ExpectSimilarity(double actual, double expected, double cutoff,
                      const std::string& a, const std::string& b,
                      const char* what) {
  // Fast and reference sum the same terms in the same order, so they agree
  // to rounding; near the cutoff either side of it is accepted.
  if (std::abs(expected - cutoff) < 1e-12) return;
  const double capped = expected >= cutoff ? expected : 0.0;
  ASSERT_NEAR(actual, capped, 1e-12)
      << what << ": " << a << " | " << b << " cutoff " << cutoff;
}

TEST(StringDifferentialTest, JaroAndJaroWinkler) {
  const auto& names = Names();
  JaroWinklerOptions long_tolerance;
  long_tolerance.long_tolerance = true;
  JaroWinklerOptions jellyfish_empty;
  jellyfish_empty.empty_strings = EmptyStrings::kZero;
  for (const auto& a : names) {
    const CachedJaroWinkler cached_jw(a);
    const CachedJaro cached_jaro(a);
    const CachedJaroWinkler cached_long(a, long_tolerance);
    for (const auto& b : names) {
      const double jaro = reference::Jaro(a, b);
      const double jw = reference::JaroWinkler(a, b);
      const double jw_long = reference::JaroWinkler(a, b, long_tolerance);
      ASSERT_NEAR(JaroWinklerSimilarity(a, b, jellyfish_empty),
                  reference::JaroWinkler(a, b, jellyfish_empty), 1e-12);
      // Jaro is symmetric even though the kernels match in opposite order.
      ASSERT_NEAR(reference::Jaro(b, a), jaro, 1e-12) << a << " | " << b;
      ASSERT_NEAR(JaroWinklerSimilarity(a, b, long_tolerance), jw_long, 1e-12)
          << a << " | " << b;
      ASSERT_NEAR(cached_long.Similarity(b), jw_long, 1e-12) << a << " | " << b;
      for (double cutoff : kSimilarityCutoffs) {
        ExpectSimilarity(JaroSimilarity(a, b, {}, cutoff), jaro, cutoff, a, b, "jaro");
        ExpectSimilarity(cached_jaro.Similarity(b, cutoff), jaro, cutoff, a, b,
                         "cached jaro");
        ExpectSimilarity(JaroWinklerSimilarity(a, b, {}, cutoff), jw, cutoff, a, b,
                         "jw");
        ExpectSimilarity(cached_jw.Similarity(b, cutoff), jw, cutoff, a, b,
                         "cached jw");
      }
    }
  }
}

TEST(StringDifferentialTest, Jaccard) {
  const auto& names = Names();
  std::vector<QgramOptions> options;
  for (std::size_t q : {1, 2, 3}) {
    for (QgramMode mode : {QgramMode::kOverlapping, QgramMode::kChunks}) {
      QgramOptions o;
      o.q = q;
      o.mode = mode;
      options.push_back(o);
    }
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = 0; j < names.size(); j += 2) {
      const auto& a = names[i];
      const auto& b = names[j];
      for (const auto& o : options) {
        ASSERT_NEAR(QgramJaccardSimilarity(a, b, o), reference::QgramJaccard(a, b, o),
                    1e-12)
            << a << " | " << b << " q=" << o.q;
      }
      ASSERT_NEAR(TokenJaccardSimilarity(a, b), reference::TokenJaccard(a, b), 1e-12)
          << a << " | " << b;
    }
  }
}

}  // namespace
}  // namespace linkage
