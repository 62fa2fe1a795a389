// Copyright 2026 The Linkage Authors.
//
// The kernels of CachedJaroWinkler's short path (internal/short_jaro.h):
// Counts() on any CPU, and on x86-64-v3 CountsFixedV3<P> with
// LoadShortTextV3, one kernel per prepared length picked when the scorer is
// constructed. Every prepared length 1-16 is checked against every text
// length 0-18, on random ASCII strings (all 128 byte values, NUL included,
// which equals the zero padding) and on a three-letter alphabet (many
// matches and transpositions): the counts against the variable-length
// kernels, the scores bit for bit against the uncached function and within
// rounding against the textbook reference, with each kernel set the CPU
// supports (internal::JaroKernels).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "comparators/internal/bit_parallel.h"
#include "comparators/internal/code_points.h"
#include "comparators/internal/short_ascii.h"
#include "comparators/internal/short_jaro.h"
#include "comparators/jaro.h"
#include "comparators/reference/string_metrics_reference.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::size_t Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state_ >> 33);
  }
  // `n` bytes: any ASCII byte (0-127) if `small` is false, else 'a'-'c'.
  std::string String(std::size_t n, bool small) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
      s += small ? static_cast<char>('a' + Next() % 3)
                 : static_cast<char>(Next() % 128);
    }
    return s;
  }

 private:
  std::uint64_t state_;
};

std::string Show(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      out += "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) +
             std::string(1, "0123456789abcdef"[c & 15]);
    }
  }
  return out + "\" (" + std::to_string(s.size()) + ")";
}

// Texts of every length 0-18, several per length and alphabet.
std::vector<std::string> Texts(Random& random) {
  std::vector<std::string> texts;
  for (std::size_t n = 0; n <= 18; ++n) {
    for (int k = 0; k < 6; ++k) texts.push_back(random.String(n, k % 2 == 1));
  }
  return texts;
}

// Prepared strings of length P: random, and texts' own prefixes (so that
// long common prefixes and high scores occur).
std::vector<std::string> Patterns(Random& random, std::size_t p,
                                  const std::vector<std::string>& texts) {
  std::vector<std::string> patterns;
  for (int k = 0; k < 8; ++k) patterns.push_back(random.String(p, k % 2 == 1));
  for (const std::string& t : texts) {
    if (t.size() >= p && random.Next() % 8 == 0) {
      patterns.push_back(t.substr(0, p));
    }
  }
  return patterns;
}

#if LINKAGE_JARO_V3
bool CpuHasV3() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("x86-64-v3");
}

// LoadShortTextV3 and CountsFixedV3<P> (compiled for x86-64-v3, so only
// called when the CPU has it).
struct V3Result {
  bool loaded = false;
  internal::ShortAscii words;
  std::uint64_t vector_lo = 0;
  std::uint64_t vector_hi = 0;
  internal::JaroCounts counts;
};

template <std::size_t P>
LINKAGE_TARGET_V3 V3Result RunV3(const internal::ShortJaroPattern* pattern,
                                 std::string_view text) {
  V3Result r;
  __m128i vector;
  r.loaded = internal::LoadShortTextV3(text, &r.words, &vector);
  if (!r.loaded) return r;
  r.vector_lo = static_cast<std::uint64_t>(_mm_cvtsi128_si64(vector));
  r.vector_hi = static_cast<std::uint64_t>(_mm_extract_epi64(vector, 1));
  if (pattern != nullptr && !text.empty()) {
    r.counts = pattern->CountsFixedV3<P>(r.words, vector);
  }
  return r;
}
#endif

template <std::size_t P>
void CheckCounts(Random& random, const std::vector<std::string>& texts) {
  for (const std::string& a : Patterns(random, P, texts)) {
    internal::ShortJaroPattern pattern;
    ASSERT_TRUE(pattern.Prepare(a)) << Show(a);
    for (const std::string& b : texts) {
      internal::ShortAscii text;
      if (b.empty() || !text.Load(b)) continue;
      // The variable-length kernels, checked against reference::Jaro by
      // string_fast_paths_test.
      const internal::JaroCounts expected = internal::JaroBitParallel(
          pattern.words(), a.size(), internal::AsciiUnits(b));
      const internal::JaroCounts general = pattern.Counts(text);
      ASSERT_EQ(general.common, expected.common) << Show(a) << Show(b);
      ASSERT_EQ(general.transpositions, expected.transpositions)
          << Show(a) << Show(b);
#if LINKAGE_JARO_V3
      if (CpuHasV3()) {
        const V3Result v3 = RunV3<P>(&pattern, b);
        ASSERT_TRUE(v3.loaded) << Show(b);
        ASSERT_EQ(v3.counts.common, expected.common) << Show(a) << Show(b);
        ASSERT_EQ(v3.counts.transpositions, expected.transpositions)
            << Show(a) << Show(b);
      }
#endif
    }
  }
}

template <std::size_t... I>
void CheckCountsEveryLength(Random& random,
                            const std::vector<std::string>& texts,
                            std::index_sequence<I...>) {
  (CheckCounts<I + 1>(random, texts), ...);
}

TEST(JaroKernelsTest, CountsMatchBitParallelKernel) {
  Random random(11);
  const std::vector<std::string> texts = Texts(random);
  CheckCountsEveryLength(random, texts, std::make_index_sequence<16>());
  // Hand-checked: "abcd"/"badc" has 4 matches, all 4 out of order (the
  // baseline's MARTHA/MARHTA case is in string_fast_paths_test; the v3
  // kernels get it below).
  internal::ShortJaroPattern martha;
  ASSERT_TRUE(martha.Prepare("MARTHA"));
  internal::ShortJaroPattern abcd;
  internal::ShortAscii badc;
  ASSERT_TRUE(abcd.Prepare("abcd"));
  ASSERT_TRUE(badc.Load("badc"));
  EXPECT_EQ(abcd.Counts(badc).common, 4u);
  EXPECT_EQ(abcd.Counts(badc).transpositions, 4u);
#if LINKAGE_JARO_V3
  if (CpuHasV3()) {
    EXPECT_EQ(RunV3<6>(&martha, "MARHTA").counts.common, 6u);
    EXPECT_EQ(RunV3<6>(&martha, "MARHTA").counts.transpositions, 2u);
    EXPECT_EQ(RunV3<4>(&abcd, "badc").counts.common, 4u);
    EXPECT_EQ(RunV3<4>(&abcd, "badc").counts.transpositions, 4u);
  }
#endif
}

#if LINKAGE_JARO_V3
// The vector loader reads the same bytes as ShortAscii::Load and rejects
// the same strings.
TEST(JaroKernelsTest, VectorLoadMatchesLoad) {
  if (!CpuHasV3()) GTEST_SKIP() << "CPU lacks x86-64-v3";
  Random random(5);
  for (std::size_t n = 0; n <= 18; ++n) {
    for (int k = 0; k < 20; ++k) {
      std::string s = random.String(n, false);
      if (k % 5 == 4 && n > 0) {
        s[random.Next() % n] = static_cast<char>(0x80 | k);
      }
      internal::ShortAscii expected;
      const bool ok = expected.Load(s);
      const V3Result got = RunV3<1>(nullptr, s);
      ASSERT_EQ(got.loaded, ok) << Show(s);
      if (!ok) continue;
      EXPECT_EQ(got.words.lo(), expected.lo()) << Show(s);
      EXPECT_EQ(got.words.hi(), expected.hi()) << Show(s);
      EXPECT_EQ(got.words.size(), n) << Show(s);
      EXPECT_EQ(got.vector_lo, expected.lo()) << Show(s);
      EXPECT_EQ(got.vector_hi, expected.hi()) << Show(s);
    }
  }
}
#endif

// Every prepared length 1-16 (and 0, 17, 18, which take other paths)
// against every text: cached scorer bit for bit equal to the uncached
// function and close to the reference, with default and custom options
// (max_prefix above 8 uses all 16 bytes of the prefix), with and without a
// cutoff.
void CheckScores() {
  Random random(3);
  const std::vector<std::string> texts = Texts(random);
  JaroWinklerOptions custom;
  custom.prefix_scale = 0.05;
  custom.max_prefix = 12;
  custom.boost_threshold = 0.5;
  JaroWinklerOptions no_prefix;
  no_prefix.max_prefix = 0;
  const JaroWinklerOptions all_options[] = {JaroWinklerOptions{}, custom,
                                            no_prefix};
  for (std::size_t p = 0; p <= 18; ++p) {
    for (const std::string& a : Patterns(random, p, texts)) {
      for (const JaroWinklerOptions& options : all_options) {
        const CachedJaroWinkler cached(a, options);
        for (const std::string& b : texts) {
          const double expected = JaroWinklerSimilarity(a, b, options);
          ASSERT_EQ(cached.Similarity(b), expected) << Show(a) << Show(b);
          ASSERT_NEAR(expected, reference::JaroWinkler(a, b, options), 1e-12)
              << Show(a) << Show(b);
          ASSERT_EQ(cached.Similarity(b, -1.0), expected);
          ASSERT_EQ(cached.Similarity(b, expected), expected);
          ASSERT_EQ(cached.Similarity(b, expected + 1e-9), 0.0);
          ASSERT_EQ(cached.Similarity(
                        b, std::numeric_limits<double>::quiet_NaN()),
                    JaroWinklerSimilarity(
                        a, b, options,
                        std::numeric_limits<double>::quiet_NaN()));
        }
      }
      const CachedJaro cached_jaro(a);
      for (const std::string& b : texts) {
        ASSERT_EQ(cached_jaro.Similarity(b), JaroSimilarity(a, b))
            << Show(a) << Show(b);
      }
    }
  }
  // Hand-computed: MARTHA/MARHTA, jaro = (1 + 1 + 5/6) / 3 = 0.9444...,
  // prefix 3: 0.9444... + 0.3 * 0.0555... = 0.9611...; "abcd"/"badc": 5/6.
  EXPECT_NEAR(CachedJaroWinkler("MARTHA").Similarity("MARHTA"),
              0.9611111111111111, 1e-15);
  EXPECT_DOUBLE_EQ(CachedJaroWinkler("abcd").Similarity("badc"), 5.0 / 6.0);
}

// Every kernel set this CPU supports, from the baseline up.
TEST(JaroKernelsTest, EveryKernelSetScores) {
  using internal::JaroKernels;
  internal::SetJaroKernelsCapForTesting(JaroKernels::kV3Pext);
  const JaroKernels best = internal::ActiveJaroKernels();
#if LINKAGE_JARO_V3
  EXPECT_EQ(best != JaroKernels::kBaseline, CpuHasV3());
#else
  EXPECT_EQ(best, JaroKernels::kBaseline);
#endif
  for (const JaroKernels cap :
       {JaroKernels::kBaseline, JaroKernels::kV3, JaroKernels::kV3Pext}) {
    SCOPED_TRACE(static_cast<int>(cap));
    internal::SetJaroKernelsCapForTesting(cap);
    EXPECT_EQ(internal::ActiveJaroKernels(),
              static_cast<int>(cap) < static_cast<int>(best) ? cap : best);
    CheckScores();
  }
  internal::SetJaroKernelsCapForTesting(JaroKernels::kV3Pext);
}

// A scorer keeps the kernel it was constructed with, and copies keep it.
TEST(JaroKernelsTest, ScorersConstructedUnderEitherSettingAgree) {
  internal::SetJaroKernelsCapForTesting(internal::JaroKernels::kBaseline);
  const CachedJaroWinkler baseline("Catherine");
  internal::SetJaroKernelsCapForTesting(internal::JaroKernels::kV3Pext);
  const CachedJaroWinkler fast("Catherine");
  const CachedJaroWinkler copy = baseline;
  for (const char* b : {"Kathryn", "Catharine", "Cathy", "enirehtaC", "C",
                        "Catherine", "Catherine-Anne", ""}) {
    EXPECT_EQ(baseline.Similarity(b), fast.Similarity(b)) << b;
    EXPECT_EQ(copy.Similarity(b), JaroWinklerSimilarity("Catherine", b)) << b;
  }
}

}  // namespace
}  // namespace linkage
