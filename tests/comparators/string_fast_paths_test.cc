// Copyright 2026 The Linkage Authors.
//
// The short-string fast paths (internal/short_ascii.h, the mbleven kernel,
// the ASCII tables of the Cached* scorers) against the textbook reference
// implementations, on inputs the name-list differential test does not reach:
// every length 0-18 around the 16-byte ShortAscii limit and 62-66 around the
// 64-bit word, NUL bytes (which equal ShortAscii's zero padding), a small
// alphabet (many matches and transpositions), and strings mixing ASCII and
// multi-byte UTF-8 so that one side leaves the fast path.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "comparators/internal/bit_parallel.h"
#include "comparators/internal/code_points.h"
#include "comparators/internal/short_ascii.h"
#include "comparators/internal/short_jaro.h"
#include "comparators/jaro.h"
#include "comparators/levenshtein.h"
#include "comparators/reference/string_metrics_reference.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

// Deterministic strings over {a, b, c, NUL} (and "é" when `utf8`), every
// length in `lengths`, several per length.
std::vector<std::string> Corpus(const std::vector<std::size_t>& lengths,
                                int per_length, bool utf8) {
  std::uint64_t state = 7;
  auto next = [&state]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  std::vector<std::string> out;
  for (std::size_t length : lengths) {
    for (int k = 0; k < per_length; ++k) {
      std::string s;
      for (std::size_t i = 0; i < length; ++i) {
        const std::size_t pick = next() % (utf8 ? 5 : 4);
        if (pick == 4) {
          s += "\xC3\xA9";  // é: one code point, two bytes
        } else {
          s += "abc\0"[pick];
        }
      }
      out.push_back(s);
    }
  }
  return out;
}

std::vector<std::size_t> ShortLengths() {
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 18; ++n) lengths.push_back(n);
  return lengths;
}

std::string Show(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\0' ? std::string("\\0") : std::string(1, c);
  return "\"" + out + "\"";
}

TEST(ShortAsciiTest, LoadAndGetMatchBytewiseDefinition) {
  for (const std::string& s : Corpus(ShortLengths(), 6, false)) {
    internal::ShortAscii words;
    ASSERT_EQ(words.Load(s), s.size() <= 16) << Show(s);
    if (s.size() > 16) continue;
    ASSERT_EQ(words.size(), s.size());
    for (int c = 0; c < 128; ++c) {
      std::uint64_t expected = 0;
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (static_cast<unsigned char>(s[i]) == c) expected |= 1ull << i;
      }
      const std::uint64_t low = (1ull << s.size()) - 1;
      ASSERT_EQ(words.Get(static_cast<unsigned char>(c)) & low, expected)
          << Show(s) << " c=" << c;
    }
  }
}

// The branch-free loads place byte i at bits 8i..8i+7 and leave the padding
// zero, for every length: distinct bytes per position show any misplaced or
// duplicated chunk.
TEST(ShortAsciiTest, LoadPlacesEveryByteAndZeroPads) {
  for (std::size_t n = 0; n <= 16; ++n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('A' + i);
    internal::ShortAscii words;
    ASSERT_TRUE(words.Load(s)) << n;
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t byte = static_cast<unsigned char>(s[i]);
      if (i < 8) {
        lo |= byte << (8 * i);
      } else {
        hi |= byte << (8 * (i - 8));
      }
    }
    EXPECT_EQ(words.lo(), lo) << "length " << n;
    EXPECT_EQ(words.hi(), hi) << "length " << n;
  }
}

// The cached scorer's kernel (prepared side looped, text as match table)
// against the textbook matching, both ways round, on every pair of short
// strings over {a, b, c, NUL}: NUL equals the zero padding of the text.
TEST(ShortJaroPatternTest, CountsMatchReference) {
  const auto corpus = Corpus(ShortLengths(), 5, false);
  for (const std::string& a : corpus) {
    internal::ShortJaroPattern pattern;
    ASSERT_EQ(pattern.Prepare(a), a.size() <= 16);
    if (a.empty() || a.size() > 16) continue;
    for (const std::string& b : corpus) {
      internal::ShortAscii text;
      if (b.empty() || !text.Load(b)) continue;
      const internal::JaroCounts counts = pattern.Counts(text);
      // JaroBitParallel with a as the table and b looped, already checked
      // against reference::Jaro by the tests above.
      const internal::JaroCounts expected = internal::JaroBitParallel(
          pattern.words(), a.size(), internal::AsciiUnits(b));
      ASSERT_EQ(counts.common, expected.common) << Show(a) << Show(b);
      ASSERT_EQ(counts.transpositions, expected.transpositions)
          << Show(a) << Show(b);
    }
  }
  // Hand-checked: MARTHA/MARHTA has 6 matches, T-H and H-T out of order.
  internal::ShortJaroPattern martha;
  internal::ShortAscii marhta;
  ASSERT_TRUE(martha.Prepare("MARTHA"));
  ASSERT_TRUE(marhta.Load("MARHTA"));
  EXPECT_EQ(martha.Counts(marhta).common, 6u);
  EXPECT_EQ(martha.Counts(marhta).transpositions, 2u);
}

// A cached scorer whose options differ from the defaults (prefix weights are
// precomputed per scorer) agrees with the uncached function.
TEST(FastPathTest, CachedJaroWinklerCustomOptions) {
  JaroWinklerOptions options;
  options.prefix_scale = 0.2;
  options.max_prefix = 3;
  options.boost_threshold = 0.5;
  const auto corpus = Corpus(ShortLengths(), 3, false);
  for (const std::string& a : corpus) {
    const CachedJaroWinkler cached(a, options);
    for (const std::string& b : corpus) {
      ASSERT_EQ(cached.Similarity(b), JaroWinklerSimilarity(a, b, options))
          << Show(a) << Show(b);
    }
  }
  EXPECT_NEAR(CachedJaroWinkler("MARTHA", options).Similarity("MARHTA"),
              0.9444444444444444 + 3 * 0.2 * (1 - 0.9444444444444444), 1e-15);
}

// The cached short path looks its Jaro score up in a per-prepared-length
// row of the score table and counts transpositions in a fixed-length loop:
// every prepared length 1-16 against every text length 1-16, with texts
// that are the prepared string rotated (many transpositions), reversed,
// shortened or padded with another letter, agrees bit for bit with the
// uncached function and, within rounding, with the textbook reference.
TEST(FastPathTest, CachedJaroWinklerEveryShortLengthPair) {
  const std::string alphabet = "abcdefghijklmnop";
  for (std::size_t la = 1; la <= 16; ++la) {
    const std::string a = alphabet.substr(0, la);
    const CachedJaroWinkler cached(a);
    for (std::size_t lb = 1; lb <= 16; ++lb) {
      std::string reversed(a.rbegin(), a.rend());
      std::vector<std::string> texts;
      for (std::size_t r = 0; r < la; ++r) {
        std::string rotated = a.substr(r) + a.substr(0, r);
        rotated.resize(lb, 'z');
        texts.push_back(rotated);
      }
      reversed.resize(lb, 'a');
      texts.push_back(reversed);
      for (const std::string& b : texts) {
        const double got = cached.Similarity(b);
        ASSERT_EQ(got, JaroWinklerSimilarity(a, b)) << Show(a) << Show(b);
        ASSERT_NEAR(got, reference::JaroWinkler(a, b), 1e-12)
            << Show(a) << Show(b);
      }
    }
  }
  // Hand-computed: "abcd" vs "badc": m = 4, 4 half-transpositions (t = 2),
  // jaro = (1 + 1 + 2/4) / 3 = 5/6, no common prefix.
  EXPECT_DOUBLE_EQ(CachedJaroWinkler("abcd").Similarity("badc"), 5.0 / 6.0);
}

TEST(ShortAsciiTest, RejectsAnyNonAsciiByte) {
  for (std::size_t n = 1; n <= 16; ++n) {
    for (std::size_t pos = 0; pos < n; ++pos) {
      std::string s(n, 'x');
      s[pos] = static_cast<char>(0x80 | pos);
      internal::ShortAscii words;
      EXPECT_FALSE(words.Load(s)) << "length " << n << " position " << pos;
    }
  }
}

TEST(ShortAsciiTest, CommonPrefixStopsAtShorterString) {
  struct Case {
    std::string a, b;
    std::size_t prefix;
  };
  const Case cases[] = {
      {"", "", 0},
      {"abc", "abd", 2},
      {"MARTHA", "MARHTA", 3},
      {"abcdefghijklmnop", "abcdefghijklmnoq", 15},
      {"abcdefghijklmnop", "abcdefghijklmnop", 16},
      {"abcdefgh", "abcdefghij", 8},
      {std::string("a\0", 2), "a", 1},  // NUL is not padding
      {std::string("a\0b", 3), std::string("a\0c", 3), 2},
  };
  for (const Case& c : cases) {
    internal::ShortAscii a;
    internal::ShortAscii b;
    ASSERT_TRUE(a.Load(c.a));
    ASSERT_TRUE(b.Load(c.b));
    EXPECT_EQ(CommonPrefix(a, b), c.prefix) << Show(c.a) << " " << Show(c.b);
  }
}

constexpr std::size_t kCutoffs[] = {0, 1, 2, 3, 4, 5, SIZE_MAX};

std::size_t Capped(std::size_t d, std::size_t cutoff) {
  return d <= cutoff ? d : cutoff + 1;
}

void CheckLevenshtein(const std::vector<std::string>& corpus) {
  for (const std::string& a : corpus) {
    const CachedLevenshtein cached(a);
    for (const std::string& b : corpus) {
      const std::size_t expected = reference::Levenshtein(a, b);
      for (std::size_t cutoff : kCutoffs) {
        ASSERT_EQ(LevenshteinDistance(a, b, cutoff), Capped(expected, cutoff))
            << Show(a) << " " << Show(b) << " cutoff " << cutoff;
        ASSERT_EQ(cached.Distance(b, cutoff), Capped(expected, cutoff))
            << Show(a) << " " << Show(b) << " cutoff " << cutoff;
      }
      const std::size_t maximum =
          std::max(reference::Decode(a).size(), reference::Decode(b).size());
      const double similarity = maximum == 0
                                    ? 1.0
                                    : 1.0 - static_cast<double>(expected) /
                                                static_cast<double>(maximum);
      ASSERT_DOUBLE_EQ(LevenshteinNormalizedSimilarity(a, b), similarity)
          << Show(a) << " " << Show(b);
      ASSERT_DOUBLE_EQ(cached.NormalizedSimilarity(b), similarity)
          << Show(a) << " " << Show(b);
    }
  }
}

TEST(FastPathDifferentialTest, LevenshteinShortAsciiWithNul) {
  CheckLevenshtein(Corpus(ShortLengths(), 5, false));
}

TEST(FastPathDifferentialTest, LevenshteinMixedUtf8) {
  CheckLevenshtein(Corpus(ShortLengths(), 3, true));
}

TEST(FastPathDifferentialTest, LevenshteinWordBoundary) {
  CheckLevenshtein(Corpus({1, 2, 15, 16, 17, 62, 63, 64, 65, 66}, 3, false));
}

// mbleven on its own: every stripped pair of short strings, max 1-3.
TEST(FastPathDifferentialTest, Mbleven2018MatchesWagnerFischer) {
  const auto corpus = Corpus({1, 2, 3, 4, 5, 6, 7, 8}, 12, false);
  for (const std::string& a : corpus) {
    for (const std::string& b : corpus) {
      internal::Units<unsigned char> ua = internal::AsciiUnits(a);
      internal::Units<unsigned char> ub = internal::AsciiUnits(b);
      internal::StripCommonAffix(ua, ub);
      if (ua.size == 0 || ub.size == 0) continue;
      const std::size_t expected = reference::Levenshtein(a, b);
      for (std::size_t max = 1; max <= 3; ++max) {
        ASSERT_EQ(internal::LevenshteinMbleven2018(ua, ub, max),
                  Capped(expected, max))
            << Show(a) << " " << Show(b) << " max " << max;
      }
    }
  }
}

void CheckJaro(const std::vector<std::string>& corpus) {
  JaroWinklerOptions long_tolerance;
  long_tolerance.long_tolerance = true;
  for (const std::string& a : corpus) {
    // Copies and moves must keep working (the scorers hold no pointers into
    // their own strings).
    std::vector<CachedJaroWinkler> cached;
    cached.emplace_back(a);
    cached.push_back(cached.front());
    cached.emplace_back(a, long_tolerance);
    const CachedJaro cached_jaro(a);
    for (const std::string& b : corpus) {
      const double jaro = reference::Jaro(a, b);
      const double jw = reference::JaroWinkler(a, b);
      const double jw_long = reference::JaroWinkler(a, b, long_tolerance);
      ASSERT_NEAR(JaroSimilarity(a, b), jaro, 1e-12) << Show(a) << Show(b);
      ASSERT_NEAR(cached_jaro.Similarity(b), jaro, 1e-12) << Show(a) << Show(b);
      ASSERT_NEAR(JaroWinklerSimilarity(a, b), jw, 1e-12) << Show(a) << Show(b);
      ASSERT_NEAR(cached[0].Similarity(b), jw, 1e-12) << Show(a) << Show(b);
      ASSERT_NEAR(cached[1].Similarity(b), jw, 1e-12) << Show(a) << Show(b);
      ASSERT_NEAR(JaroWinklerSimilarity(a, b, long_tolerance), jw_long, 1e-12)
          << Show(a) << Show(b);
      ASSERT_NEAR(cached[2].Similarity(b), jw_long, 1e-12)
          << Show(a) << Show(b);
      // A cutoff away from the score keeps or zeroes it.
      ASSERT_EQ(JaroWinklerSimilarity(a, b, {}, jw + 1e-9), 0.0);
      ASSERT_EQ(cached[0].Similarity(b, jw + 1e-9), 0.0);
      ASSERT_NEAR(cached[0].Similarity(b, jw - 1e-9), jw, 1e-12);
    }
  }
}

TEST(FastPathDifferentialTest, JaroShortAsciiWithNul) {
  CheckJaro(Corpus(ShortLengths(), 5, false));
}

TEST(FastPathDifferentialTest, JaroMixedUtf8) {
  CheckJaro(Corpus(ShortLengths(), 3, true));
}

TEST(FastPathDifferentialTest, JaroWordBoundary) {
  CheckJaro(Corpus({1, 2, 15, 16, 17, 62, 63, 64, 65, 66}, 3, false));
}

// Hand-checked values on the fast path (both ASCII, <= 16 bytes).
TEST(FastPathTest, KnownValues) {
  EXPECT_NEAR(JaroWinklerSimilarity("MARTHA", "MARHTA"), 0.9611111111111111,
              1e-15);
  EXPECT_NEAR(JaroSimilarity("DIXON", "DICKSONX"), 0.7666666666666666, 1e-15);
  EXPECT_NEAR(CachedJaroWinkler("DWAYNE").Similarity("DUANE"), 0.84, 1e-15);
  EXPECT_EQ(LevenshteinDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(LevenshteinDistance("kitten", "sitting", 2), 3u);
  EXPECT_EQ(LevenshteinDistance("kitten", "sitting", 3), 3u);
  EXPECT_EQ(CachedLevenshtein("Smith").Distance("Smyth", 2), 1u);
  EXPECT_EQ(CachedLevenshtein("flaw").Distance("lawn", 1), 2u);
}

}  // namespace
}  // namespace linkage
