// Copyright 2026 The Linkage Authors.

#include "comparators/jaro.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

#include "comparators/internal/bit_parallel.h"
#include "comparators/internal/code_points.h"
#include "comparators/internal/pattern_match.h"
#include "comparators/internal/short_ascii.h"
#include "comparators/internal/short_jaro.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if LINKAGE_JARO_V3
#include <cpuid.h>
#endif

namespace linkage {
namespace {

using internal::JaroCounts;
using internal::ShortAscii;
using internal::Units;

// Jaro (1989) matching as jellyfish writes it: each unit of `a`, in order,
// takes the first unmatched equal unit of `b` inside the window. Used when a
// string exceeds 64 units. Flags live on the stack up to 256 units.
template <typename A, typename B>
JaroCounts JaroGeneric(Units<A> a, Units<B> b) noexcept {
  const std::size_t longer = std::max(a.size, b.size);
  const std::size_t bound = longer / 2 > 0 ? longer / 2 - 1 : 0;
  bool a_inline[internal::kInlineCodePoints];
  bool b_inline[internal::kInlineCodePoints];
  std::unique_ptr<bool[]> a_heap;
  std::unique_ptr<bool[]> b_heap;
  bool* a_flag = a_inline;
  bool* b_flag = b_inline;
  if (a.size > internal::kInlineCodePoints) {
    a_heap.reset(new bool[a.size]);
    a_flag = a_heap.get();
  }
  if (b.size > internal::kInlineCodePoints) {
    b_heap.reset(new bool[b.size]);
    b_flag = b_heap.get();
  }
  std::fill(a_flag, a_flag + a.size, false);
  std::fill(b_flag, b_flag + b.size, false);
  JaroCounts counts;
  for (std::size_t i = 0; i < a.size; ++i) {
    const std::size_t lo = i > bound ? i - bound : 0;
    const std::size_t hi = std::min(i + bound + 1, b.size);
    for (std::size_t j = lo; j < hi; ++j) {
      if (!b_flag[j] && b[j] == a[i]) {
        a_flag[i] = b_flag[j] = true;
        ++counts.common;
        break;
      }
    }
  }
  std::size_t k = 0;
  for (std::size_t i = 0; i < a.size; ++i) {
    if (!a_flag[i]) continue;
    while (!b_flag[k]) ++k;
    counts.transpositions += a[i] != b[k];
    ++k;
  }
  return counts;
}

template <typename A, typename B>
JaroCounts Counts(Units<A> a, Units<B> b) noexcept {
  if (a.size <= 64 && b.size <= 64) {
    internal::StackPatternMatch pm;
    pm.Build(b, a);
    return internal::JaroBitParallel(pm, b.size, a);
  }
  return JaroGeneric(a, b);
}

// n / d for 0 <= n <= d <= 16, computed once (at compile time, with the
// same IEEE division as at run time, so results are bit-identical). The Jaro
// formula needs three such quotients per comparison; on short names the
// divisions, not the matching, would otherwise dominate.
constexpr std::size_t kRatioMax = 16;
static_assert(kRatioMax == ShortAscii::kMaxSize,
              "CachedJaroWinkler::short_jaro_row_ has ShortAscii's sizes");
struct RatioTable {
  double value[kRatioMax + 1][kRatioMax + 1];
};
constexpr RatioTable MakeRatioTable() {
  RatioTable t{};
  for (std::size_t d = 1; d <= kRatioMax; ++d) {
    for (std::size_t n = 0; n <= d; ++n) {
      t.value[n][d] = static_cast<double>(n) / static_cast<double>(d);
    }
  }
  return t;
}
constexpr RatioTable kRatios = MakeRatioTable();

// The Jaro score of every pair of lengths 1-16 and every (m, t/2), with the
// exact arithmetic of JaroFromCounts (so bit-identical to it), computed at
// compile time: the short paths then pay one load instead of three loads,
// two additions and a division (on the critical path of every comparison).
// Entry [len_a - 1][len_b - 1][m][t] for m <= min(len_a, len_b), t <= m / 2;
// 16 * 16 * 17 * 9 doubles (313 KB of read-only data, of which one pair of
// lengths uses 1.2 KB).
struct ShortJaroTable {
  double value[kRatioMax][kRatioMax][kRatioMax + 1][kRatioMax / 2 + 1];
};
constexpr ShortJaroTable MakeShortJaroTable() {
  ShortJaroTable t{};
  for (std::size_t a = 1; a <= kRatioMax; ++a) {
    for (std::size_t b = 1; b <= kRatioMax; ++b) {
      const std::size_t shorter = a < b ? a : b;
      for (std::size_t m = 1; m <= shorter; ++m) {
        for (std::size_t h = 0; h <= m / 2; ++h) {
          t.value[a - 1][b - 1][m][h] =
              (kRatios.value[m][a] + kRatios.value[m][b] +
               kRatios.value[m - h][m]) /
              3.0;
        }
      }
    }
  }
  return t;
}
constexpr ShortJaroTable kShortJaro = MakeShortJaroTable();

// kShortJaro's entries for a prepared string of len_a units (1-16), looked
// up once by the cached scorer (no per-call multiplication by len_a's
// stride): ShortJaroRow(len_a)[len_b - 1][m][t] ==
// kShortJaro.value[len_a - 1][len_b - 1][m][t].
using ShortJaroRowPtr = const double (*)[kRatioMax + 1][kRatioMax / 2 + 1];
inline ShortJaroRowPtr ShortJaroRow(std::size_t len_a) noexcept {
  return kShortJaro.value[len_a - 1];
}

// n / d as a double. REQUIRES: n <= d, d >= 1.
inline double Ratio(std::size_t n, std::size_t d) noexcept {
  if (d <= kRatioMax) return kRatios.value[n][d];
  return static_cast<double>(n) / static_cast<double>(d);
}

[[gnu::always_inline]] inline double JaroFromCounts(
    std::size_t len_a, std::size_t len_b, JaroCounts counts) noexcept {
  if (counts.common == 0) return 0.0;
  const std::size_t m = counts.common;
  const std::size_t t = counts.transpositions / 2;
  return (Ratio(m, len_a) + Ratio(m, len_b) + Ratio(m - t, m)) / 3.0;
}

// The largest Jaro-Winkler score any pair of these lengths can reach.
double UpperBound(std::size_t len_a, std::size_t len_b,
                  const JaroWinklerOptions& options) noexcept {
  if (options.long_tolerance) return 1.0;
  const std::size_t shorter = std::min(len_a, len_b);
  const double jaro =
      (Ratio(shorter, len_a) + Ratio(shorter, len_b) + 1.0) / 3.0;
  const std::size_t prefix = std::min(shorter, options.max_prefix);
  return jaro +
         static_cast<double>(prefix) * options.prefix_scale * (1.0 - jaro);
}

// Adds Winkler's prefix boost (and jellyfish's long tolerance) to the Jaro
// score; common_prefix(limit) returns the common prefix length, at most
// limit, and is only called when the boost applies.
template <typename PrefixFn>
[[gnu::always_inline]] inline double Winkler(
    std::size_t len_a, std::size_t len_b, JaroCounts counts,
    const JaroWinklerOptions& options, PrefixFn&& common_prefix) noexcept {
  double score = JaroFromCounts(len_a, len_b, counts);
  if (score <= options.boost_threshold) return score;
  const std::size_t shorter = std::min(len_a, len_b);
  const std::size_t prefix =
      common_prefix(std::min(shorter, options.max_prefix));
  score += static_cast<double>(prefix) * options.prefix_scale * (1.0 - score);
  if (options.long_tolerance && shorter > 4 && counts.common > prefix + 1 &&
      2 * counts.common >= shorter + prefix) {
    score += (1.0 - score) * static_cast<double>(counts.common - prefix - 1) /
             static_cast<double>(len_a + len_b - 2 * prefix + 2);
  }
  return score;
}

template <typename A, typename B>
[[gnu::always_inline]] inline double Winkler(
    Units<A> a, Units<B> b, JaroCounts counts,
    const JaroWinklerOptions& options) noexcept {
  return Winkler(a.size, b.size, counts, options,
                 [&](std::size_t limit) noexcept {
                   std::size_t prefix = 0;
                   while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
                   return prefix;
                 });
}

// Handles empty strings and the length bound; returns < 0 to continue.
[[gnu::noinline]] double EarlyResultSlow(std::size_t len_a, std::size_t len_b,
                                         const JaroWinklerOptions& options,
                                         double score_cutoff) noexcept {
  if (score_cutoff > 1.0) return 0.0;
  if (len_a == 0 || len_b == 0) {
    const double score = (len_a == 0 && len_b == 0 &&
                          options.empty_strings == EmptyStrings::kOne)
                             ? 1.0
                             : 0.0;
    return score >= score_cutoff ? score : 0.0;
  }
  if (score_cutoff > 0.0 && UpperBound(len_a, len_b, options) < score_cutoff) {
    return 0.0;
  }
  return -1.0;
}

// The common case (no cutoff, both non-empty) inline; the rest out of line.
inline double EarlyResult(std::size_t len_a, std::size_t len_b,
                          const JaroWinklerOptions& options,
                          double score_cutoff) noexcept {
  if (score_cutoff <= 0.0 && len_a != 0 && len_b != 0) return -1.0;
  return EarlyResultSlow(len_a, len_b, options, score_cutoff);
}

JaroWinklerOptions AsJaro(const JaroOptions& options) {
  JaroWinklerOptions jw;
  jw.prefix_scale = 0.0;
  jw.max_prefix = 0;
  jw.long_tolerance = false;
  jw.boost_threshold = 2.0;  // never boost
  jw.empty_strings = options.empty_strings;
  return jw;
}

// The prefix boost of ShortWinkler() on a Jaro score from kShortJaro.
template <typename WeightFn>
[[gnu::always_inline]] inline double BoostShort(
    double score, std::size_t common_prefix, const JaroWinklerOptions& options,
    WeightFn&& weight) noexcept {
  // A mask, not `?:`, which GCC compiles to a (mispredicted) branch.
  const std::size_t prefix =
      std::min(common_prefix, options.max_prefix) &
      (std::size_t{0} - static_cast<std::size_t>(score > options.boost_threshold));
  score += weight(prefix) * (1.0 - score);
  return score;
}

// Jaro-Winkler of two strings of 1-16 units from their counts, without the
// branches of Winkler() (whether a pair clears boost_threshold is a coin
// toss on real candidates): the Jaro score comes from kShortJaro (whose
// m == 0 entries are 0, so m == 0 needs no test), and the prefix boost is
// added with a prefix of 0 below the threshold. Bit-identical to Winkler().
// REQUIRES: 1 <= len_a, len_b <= kRatioMax; !options.long_tolerance;
// common_prefix <= min(len_a, len_b).
// weight(prefix) returns static_cast<double>(prefix) * options.prefix_scale
// (the cached scorer looks it up).
template <typename WeightFn>
[[gnu::always_inline]] inline double ShortWinkler(
    std::size_t len_a, std::size_t len_b, JaroCounts counts,
    std::size_t common_prefix, const JaroWinklerOptions& options,
    WeightFn&& weight) noexcept {
  return BoostShort(kShortJaro.value[len_a - 1][len_b - 1][counts.common]
                                    [counts.transpositions / 2],
                    common_prefix, options, weight);
}

// Both strings ASCII and at most 16 bytes: `pattern` is its own
// pattern-match table (see short_ascii.h); nothing is decoded or copied.
[[gnu::always_inline]] inline double ShortJaroWinkler(
    const ShortAscii& pattern, std::string_view text,
    const ShortAscii& text_words, const JaroWinklerOptions& options,
    double score_cutoff) noexcept {
  const double early =
      EarlyResult(pattern.size(), text.size(), options, score_cutoff);
  if (early >= 0.0) return early;
  const JaroCounts counts = internal::JaroBitParallel(
      pattern, pattern.size(), internal::AsciiUnits(text));
  const std::size_t prefix = CommonPrefix(pattern, text_words);
  const double score =
      options.long_tolerance
          ? Winkler(pattern.size(), text.size(), counts, options,
                    [&](std::size_t limit) noexcept {
                      return std::min(prefix, limit);
                    })
          : ShortWinkler(pattern.size(), text.size(), counts, prefix,
                         options, [&](std::size_t p) noexcept {
                           return static_cast<double>(p) *
                                  options.prefix_scale;
                         });
  return score >= score_cutoff ? score : 0.0;
}

// The cached scorer's short path: prepared string and text both ASCII and at
// most 16 bytes (see internal/short_jaro.h).
// prefix_weight[l] = l * options.prefix_scale for l <= 16; jaro_row =
// ShortJaroRow(pattern.size()).
[[gnu::always_inline]] inline double CachedShortJaroWinkler(
    const internal::ShortJaroPattern& pattern, const ShortAscii& text,
    const JaroWinklerOptions& options, const double* prefix_weight,
    ShortJaroRowPtr jaro_row, double score_cutoff) noexcept {
  const std::size_t p = pattern.size();
  const std::size_t n = text.size();
  const double early = EarlyResult(p, n, options, score_cutoff);
  if (early >= 0.0) return early;
  const JaroCounts counts = pattern.Counts(text);
  const std::size_t prefix = CommonPrefix(pattern.words(), text);
  const double score =
      options.long_tolerance
          ? Winkler(p, n, counts, options,
                    [&](std::size_t limit) noexcept {
                      return std::min(prefix, limit);
                    })
          : BoostShort(jaro_row[n - 1][counts.common]
                               [counts.transpositions / 2],
                       prefix, options, [&](std::size_t l) noexcept {
                         return prefix_weight[l];
                       });
  return score >= score_cutoff ? score : 0.0;
}

// The end of the cached scorer's fixed-length kernels (prepared string of
// kSize bytes): the Jaro score from kShortJaro (compile-time row) and the
// prefix boost, bit-identical to CachedShortJaroWinkler before the score
// cutoff. `prefix` is the common prefix (at most min(kSize, n)),
// prefix_cap = min(options.max_prefix, kSize).
// REQUIRES: 1 <= n <= 16; !options.long_tolerance.
template <std::size_t kSize>
[[gnu::always_inline]] inline double FinishShort(
    std::size_t n, JaroCounts counts, std::size_t prefix,
    std::size_t prefix_cap, const double& boost_threshold,
    const double* prefix_weight) noexcept {
  // The row for n first (off the critical path), then m and t / 2.
  const double* row = &kShortJaro.value[kSize - 1][n - 1][0][0];
  const double& jaro =
      row[counts.common * (kRatioMax / 2 + 1) + counts.transpositions / 2];
  prefix = prefix < prefix_cap ? prefix : prefix_cap;
  // The boost weight is masked to 0 below the threshold (a compare mask in
  // the vector unit, not a branch or a round trip through an integer
  // register): jaro + 0 * (1 - jaro) is jaro itself, as in BoostShort.
#if defined(__SSE2__)
  // Scalar loads (upper lanes zero, so that full-width operations need no
  // merging).
  const __m128d jaro_v = _mm_load_sd(&jaro);
  const __m128d weight =
      _mm_and_pd(_mm_cmpgt_pd(jaro_v, _mm_load_sd(&boost_threshold)),
                 _mm_load_sd(&prefix_weight[prefix]));
  return _mm_cvtsd_f64(_mm_add_sd(
      jaro_v, _mm_mul_sd(weight, _mm_sub_sd(_mm_set_sd(1.0), jaro_v))));
#else
  const double weight = jaro > boost_threshold ? prefix_weight[prefix] : 0.0;
  return jaro + weight * (1.0 - jaro);
#endif
}

// Testing cap (internal::SetJaroKernelsCapForTesting).
std::atomic<internal::JaroKernels> jaro_kernels_cap{
    internal::JaroKernels::kV3Pext};

// The best kernel set this CPU supports.
internal::JaroKernels DetectJaroKernels() noexcept {
#if LINKAGE_JARO_V3
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("x86-64-v3")) {
    return internal::JaroKernels::kBaseline;
  }
  // pdep/pext are microcoded on AMD (and Hygon) before family 19h (Zen 3):
  // 18 to several hundred cycles, depending on the mask.
  unsigned eax = 0;
  unsigned ebx = 0;
  unsigned ecx = 0;
  unsigned edx = 0;
  if (__get_cpuid(0, &eax, &ebx, &ecx, &edx) == 0) {
    return internal::JaroKernels::kV3;
  }
  const bool amd = (ebx == 0x68747541 && edx == 0x69746e65 &&
                    ecx == 0x444d4163) ||  // "AuthenticAMD"
                   (ebx == 0x6f677948 && edx == 0x6e65476e &&
                    ecx == 0x656e6975);  // "HygonGenuine"
  if (!amd) return internal::JaroKernels::kV3Pext;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) {
    return internal::JaroKernels::kV3;
  }
  unsigned family = (eax >> 8) & 0xF;
  if (family == 0xF) family += (eax >> 20) & 0xFF;
  return family >= 0x19 ? internal::JaroKernels::kV3Pext
                        : internal::JaroKernels::kV3;
#else
  return internal::JaroKernels::kBaseline;
#endif
}

}  // namespace

namespace internal {

JaroKernels ActiveJaroKernels() noexcept {
  static const JaroKernels detected = DetectJaroKernels();
  const JaroKernels cap = jaro_kernels_cap.load(std::memory_order_relaxed);
  return static_cast<int>(cap) < static_cast<int>(detected) ? cap : detected;
}

void SetJaroKernelsCapForTesting(JaroKernels cap) noexcept {
  jaro_kernels_cap.store(cap, std::memory_order_relaxed);
}

}  // namespace internal

LINKAGE_HOT_CLONES
double JaroWinklerSimilarity(std::string_view a, std::string_view b,
                             const JaroWinklerOptions& options,
                             double score_cutoff) noexcept {
  if (a.size() <= ShortAscii::kMaxSize && b.size() <= ShortAscii::kMaxSize) {
    ShortAscii sa;
    ShortAscii sb;
    if (sa.Load(a) && sb.Load(b)) {
      return ShortJaroWinkler(sa, b, sb, options, score_cutoff);
    }
  }
  return internal::DispatchUnits(a, b, [&](auto ua, auto ub) noexcept {
    const double early = EarlyResult(ua.size, ub.size, options, score_cutoff);
    if (early >= 0.0) return early;
    const double score = Winkler(ua, ub, Counts(ua, ub), options);
    return score >= score_cutoff ? score : 0.0;
  });
}

double JaroWinklerDistance(std::string_view a, std::string_view b,
                           const JaroWinklerOptions& options,
                           double score_cutoff) noexcept {
  const double distance = 1.0 - JaroWinklerSimilarity(a, b, options);
  return distance <= score_cutoff ? distance : 1.0;
}

double JaroSimilarity(std::string_view a, std::string_view b,
                      const JaroOptions& options,
                      double score_cutoff) noexcept {
  return JaroWinklerSimilarity(a, b, AsJaro(options), score_cutoff);
}

double JaroDistance(std::string_view a, std::string_view b,
                    const JaroOptions& options, double score_cutoff) noexcept {
  const double distance = 1.0 - JaroSimilarity(a, b, options);
  return distance <= score_cutoff ? distance : 1.0;
}

CachedJaroWinkler::CachedJaroWinkler(std::string_view s,
                                     const JaroWinklerOptions& options)
    : str_(s), options_(options) {
  has_short_pattern_ =
      str_.size() <= ShortAscii::kMaxSize && short_pattern_.Prepare(str_);
  if (has_short_pattern_ && !str_.empty()) {
    short_jaro_row_ = ShortJaroRow(str_.size());
    if (!options_.long_tolerance) {
      similarity_ = ShortKernel(str_.size(), internal::ActiveJaroKernels());
    }
  }
  for (std::size_t l = 0; l <= ShortAscii::kMaxSize; ++l) {
    prefix_weight_[l] = static_cast<double>(l) * options_.prefix_scale;
  }
  prefix_cap_ =
      std::min({options_.max_prefix, str_.size(), ShortAscii::kMaxSize});
  internal::CodePoints cps(str_);
  units_.assign(cps.data(), cps.data() + cps.size());
  if (units_.size() <= 64) {
    if (internal::IsAscii(str_)) {
      ascii_pm_ = internal::AsciiPatternMatch(str_);
      has_ascii_pm_ = true;
    } else {
      pm_ =
          internal::PatternMatch(Units<char32_t>{units_.data(), units_.size()});
    }
  }
}

template <std::size_t kSize>
double CachedJaroWinkler::SimilarityShort(const CachedJaroWinkler& self,
                                          std::string_view other,
                                          double score_cutoff) noexcept {
  ShortAscii text;
  // A cutoff, an empty text (both rare) or a text off the short path: the
  // general scorer (see SimilarityShortV3).
  if (!(score_cutoff <= 0.0) || other.size() > ShortAscii::kMaxSize ||
      !text.Load(other) || text.size() == 0) {
    return SimilarityAny(self, other, score_cutoff);
  }
  return FinishShort<kSize>(
      text.size(), self.short_pattern_.Counts(text),
      CommonPrefix(self.short_pattern_.words(), text), self.prefix_cap_,
      self.options_.boost_threshold, self.prefix_weight_);
}

#if LINKAGE_JARO_V3
template <std::size_t kSize, bool kPext>
LINKAGE_TARGET_V3 double CachedJaroWinkler::SimilarityShortV3(
    const CachedJaroWinkler& self, std::string_view other,
    double score_cutoff) noexcept {
  ShortAscii text;
  __m128i table;
  // A cutoff, an empty text (both rare) or a text off the short path: the
  // general scorer, so that this one makes no call (no register is saved
  // around one) and needs no final comparison (with score_cutoff <= 0,
  // every score passes).
  if (!(score_cutoff <= 0.0) ||
      !internal::LoadShortTextV3(other, &text, &table) || text.size() == 0) {
    return SimilarityAny(self, other, score_cutoff);
  }
  // The common prefix: the first byte where the vectors differ (both are
  // zero-padded, so it is capped by the shorter length below).
  const std::size_t n = text.size();
  std::size_t prefix = _tzcnt_u32(~static_cast<unsigned>(_mm_movemask_epi8(
      _mm_cmpeq_epi8(table, self.short_pattern_.vector()))));
  prefix = prefix < n ? prefix : n;
  JaroCounts counts;
  if constexpr (kPext) {
    counts = self.short_pattern_.CountsFixedV3<kSize>(text, table);
  } else {
    counts = self.short_pattern_.Counts(text, table);
  }
  return FinishShort<kSize>(n, counts, prefix, self.prefix_cap_,
                            self.options_.boost_threshold,
                            self.prefix_weight_);
}
#endif

CachedJaroWinkler::SimilarityFn CachedJaroWinkler::ShortKernel(
    std::size_t size, internal::JaroKernels kernels) noexcept {
  // One kernel per prepared length 1..kMaxSize, for each kernel set.
  constexpr auto table = [](auto kernel_for_length) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::array<SimilarityFn, sizeof...(I)>{
          kernel_for_length(std::integral_constant<std::size_t, I + 1>())...};
    }(std::make_index_sequence<ShortAscii::kMaxSize>());
  };
  static constexpr auto kBaseline =
      table([](auto p) -> SimilarityFn { return &SimilarityShort<p()>; });
#if LINKAGE_JARO_V3
  static constexpr auto kV3 =
      table([](auto p) -> SimilarityFn { return &SimilarityShortV3<p(), false>; });
  static constexpr auto kV3Pext =
      table([](auto p) -> SimilarityFn { return &SimilarityShortV3<p(), true>; });
  switch (kernels) {
    case internal::JaroKernels::kV3Pext:
      return kV3Pext[size - 1];
    case internal::JaroKernels::kV3:
      return kV3[size - 1];
    case internal::JaroKernels::kBaseline:
      break;
  }
#else
  (void)kernels;
#endif
  return kBaseline[size - 1];
}

LINKAGE_HOT_CLONES
double CachedJaroWinkler::SimilarityAny(const CachedJaroWinkler& self,
                                        std::string_view other,
                                        double score_cutoff) noexcept {
  if (self.has_short_pattern_ && other.size() <= ShortAscii::kMaxSize) {
    ShortAscii words;
    if (words.Load(other)) {
      return CachedShortJaroWinkler(self.short_pattern_, words, self.options_,
                                    self.prefix_weight_, self.short_jaro_row_,
                                    score_cutoff);
    }
  }
  return self.SimilarityLong(other, score_cutoff);
}

// Out of line, so that the short path above saves no registers and sets up
// no stack frame for the code-point buffers used here.
[[gnu::noinline]] double CachedJaroWinkler::SimilarityLong(
    std::string_view other, double score_cutoff) const noexcept {
  if (has_ascii_pm_) {
    // ASCII pattern of at most 64 bytes; the text only needs to be ASCII.
    ShortAscii words;
    const bool ascii = other.size() <= ShortAscii::kMaxSize
                           ? words.Load(other)
                           : other.size() <= 64 && internal::IsAscii(other);
    if (ascii) {
      const std::size_t m = str_.size();
      const double early = EarlyResult(m, other.size(), options_, score_cutoff);
      if (early >= 0.0) return early;
      const JaroCounts counts = internal::JaroBitParallel(
          ascii_pm_.ForAsciiText(), m, internal::AsciiUnits(other));
      const double score =
          Winkler(internal::AsciiUnits(str_), internal::AsciiUnits(other),
                  counts, options_);
      return score >= score_cutoff ? score : 0.0;
    }
  }
  const Units<char32_t> pattern{units_.data(), units_.size()};
  auto run = [&](auto text) noexcept {
    const double early =
        EarlyResult(pattern.size, text.size, options_, score_cutoff);
    if (early >= 0.0) return early;
    JaroCounts counts;
    if (pattern.size <= 64 && text.size <= 64) {
      counts = has_ascii_pm_
                   ? internal::JaroBitParallel(ascii_pm_, pattern.size, text)
                   : internal::JaroBitParallel(pm_, pattern.size, text);
    } else {
      counts = JaroGeneric(pattern, text);
    }
    const double score = Winkler(pattern, text, counts, options_);
    return score >= score_cutoff ? score : 0.0;
  };
  if (internal::IsAscii(other)) return run(internal::AsciiUnits(other));
  internal::CodePoints cps(other);
  return run(Units<char32_t>{cps.data(), cps.size()});
}

CachedJaro::CachedJaro(std::string_view s, const JaroOptions& options)
    : impl_(s, AsJaro(options)) {}

double CachedJaro::Similarity(std::string_view other,
                              double score_cutoff) const noexcept {
  return impl_.Similarity(other, score_cutoff);
}


}  // namespace linkage
