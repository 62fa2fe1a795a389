// Copyright 2026 The Linkage Authors.
//
// Jaro and Jaro-Winkler similarity of two UTF-8 strings, on code points.
//
// Jaro (1989): with m matching code points (equal and at most
// max(|a|,|b|)/2 - 1 positions apart, matched greedily left to right) and t
// transpositions (half the matched pairs that are out of order),
//   jaro = (m/|a| + m/|b| + (m - t)/m) / 3,   0 if m == 0.
// Jaro-Winkler (Winkler 1990): if jaro > boost_threshold, add
// l * prefix_scale * (1 - jaro) for a common prefix of l <= max_prefix code
// points. With long_tolerance (jellyfish's option), strings longer than 4
// whose matches exceed the prefix by 2 or more and cover at least half of the
// rest get a further (1 - s) * (m - l - 1) / (|a| + |b| - 2l + 2).
// Defaults follow jellyfish and rapidfuzz (0.1, 4, 0.7, no long tolerance);
// "" vs "" follows options.empty_strings (see empty_strings.h).
//
// score_cutoff: a similarity below score_cutoff is returned as 0.0; a
// distance (1 - similarity) above score_cutoff is returned as 1.0.
//
// Invalid UTF-8: each invalid byte is one unit (U+DC00 + byte) that equals
// only the same invalid byte; nothing fails.
//
// Performance: both strings ASCII and at most 16 bytes (names): bit-parallel
// on bytes held in registers, no table, no copy (internal/short_ascii.h).
// Both at most 64 code points: bit-parallel, no allocation. Up to 256 code
// points: stack buffers. Longer: one heap buffer per string.
// CachedJaroWinkler prepares one string once (an ASCII string of at most 64
// bytes as a 1 KiB table; then any ASCII text is compared without decoding).
// A prepared ASCII string of 1-16 bytes also gets a kernel for its length,
// picked at construction, for x86-64-v3 on CPUs that have it
// (internal/short_jaro.h): the common case, a name against a short ASCII
// name with no cutoff, is one indirect call to it.
//
// Example:
//   double s = JaroWinklerSimilarity("MARTHA", "MARHTA");  // 0.961...
//   CachedJaroWinkler record("Smith");
//   for (std::string_view candidate : block) {
//     if (record.Similarity(candidate, 0.9) > 0) ...;
//   }
//
// Thread-safety: the functions are pure; const methods of the Cached*
// classes may be called from many threads at once.
#ifndef LINKAGE_COMPARATORS_JARO_H_
#define LINKAGE_COMPARATORS_JARO_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "comparators/empty_strings.h"
#include "comparators/internal/pattern_match.h"
#include "comparators/internal/short_ascii.h"
#include "comparators/internal/short_jaro.h"

namespace linkage {

struct JaroOptions {
  // Score of "" vs "" (one empty string always scores 0).
  EmptyStrings empty_strings = EmptyStrings::kOne;
};

struct JaroWinklerOptions {
  // Weight of each common prefix code point. REQUIRES: in [0, 0.25].
  double prefix_scale = 0.1;
  // At most this many prefix code points count.
  std::size_t max_prefix = 4;
  // The prefix boost applies only when jaro > boost_threshold.
  double boost_threshold = 0.7;
  // jellyfish's long_tolerance adjustment (off in rapidfuzz and Winkler).
  bool long_tolerance = false;
  // Score of "" vs "" (one empty string always scores 0).
  EmptyStrings empty_strings = EmptyStrings::kOne;
};

// Jaro similarity in [0, 1]; 0.0 if below score_cutoff.
double JaroSimilarity(std::string_view a, std::string_view b,
                      const JaroOptions& options = {},
                      double score_cutoff = 0.0) noexcept;

// 1 - JaroSimilarity; 1.0 if above score_cutoff.
double JaroDistance(std::string_view a, std::string_view b,
                    const JaroOptions& options = {},
                    double score_cutoff = 1.0) noexcept;

// Jaro-Winkler similarity in [0, 1]; 0.0 if below score_cutoff.
// REQUIRES: options.prefix_scale * options.max_prefix <= 1 (else scores may
// exceed 1).
double JaroWinklerSimilarity(std::string_view a, std::string_view b,
                             const JaroWinklerOptions& options = {},
                             double score_cutoff = 0.0) noexcept;

// 1 - JaroWinklerSimilarity; 1.0 if above score_cutoff.
double JaroWinklerDistance(std::string_view a, std::string_view b,
                           const JaroWinklerOptions& options = {},
                           double score_cutoff = 1.0) noexcept;

// Jaro-Winkler with one side prepared: decoded once, with its pattern-match
// bit vectors precomputed. Stores its own copy of the string. Similarity()
// equals JaroWinklerSimilarity(prepared, other, options, score_cutoff).
class CachedJaroWinkler {
 public:
  explicit CachedJaroWinkler(std::string_view s,
                             const JaroWinklerOptions& options = {});

  // See JaroWinklerSimilarity. Allocation-free when `other` has at most
  // 256 code points. One indirect call to the scorer picked at construction
  // (for a prepared ASCII string of 1-16 bytes, a kernel for its length).
  double Similarity(std::string_view other,
                    double score_cutoff = 0.0) const noexcept {
    return similarity_(*this, other, score_cutoff);
  }

  const std::string& str() const noexcept { return str_; }

 private:
  using SimilarityFn = double (*)(const CachedJaroWinkler&, std::string_view,
                                  double) noexcept;

  // The kernel for a prepared ASCII string of `size` (1-16) bytes, for
  // options without long_tolerance, from the set `kernels` (see
  // internal/short_jaro.h).
  static SimilarityFn ShortKernel(std::size_t size,
                                  internal::JaroKernels kernels) noexcept;
  // Similarity() with a prepared string of exactly kSize ASCII bytes and
  // no long_tolerance, for a short ASCII text and no cutoff (Jaro's table
  // row and the kernel's loops fixed for kSize); anything else goes to
  // SimilarityAny().
  template <std::size_t kSize>
  static double SimilarityShort(const CachedJaroWinkler& self,
                                std::string_view other,
                                double score_cutoff) noexcept;
#if LINKAGE_JARO_V3
  // SimilarityShort for x86-64-v3; kPext: with CountsFixedV3 (fast
  // pdep/pext), else with Counts().
  template <std::size_t kSize, bool kPext>
  LINKAGE_TARGET_V3 static double SimilarityShortV3(
      const CachedJaroWinkler& self, std::string_view other,
      double score_cutoff) noexcept;
#endif
  // Similarity() for every other prepared string or option set.
  static double SimilarityAny(const CachedJaroWinkler& self,
                              std::string_view other,
                              double score_cutoff) noexcept;
  // Similarity() when the short path (both ASCII, <= 16 bytes) does not
  // apply.
  double SimilarityLong(std::string_view other,
                        double score_cutoff) const noexcept;

  // Similarity()'s scorer, picked at construction: ShortKernel() or
  // SimilarityAny().
  SimilarityFn similarity_ = &SimilarityAny;
  std::string str_;
  std::vector<char32_t> units_;
  // At most 64 units: ascii_pm_ if str_ is ASCII (the fast path), else pm_.
  internal::PatternMatch pm_;
  internal::AsciiPatternMatch ascii_pm_;
  bool has_ascii_pm_ = false;
  JaroWinklerOptions options_;
  // The string itself (<= 16 ASCII bytes) prepared for the short kernel
  // (internal/short_jaro.h): every byte broadcast, the text as match table.
  internal::ShortJaroPattern short_pattern_;
  bool has_short_pattern_ = false;
  // l * options_.prefix_scale for every prefix length l of the short path
  // (one load instead of a conversion and a multiplication).
  double prefix_weight_[internal::ShortAscii::kMaxSize + 1];
  // min(options_.max_prefix, str_.size(), 16): the longest prefix that
  // counts on the short path.
  std::size_t prefix_cap_ = 0;
  // The short path's compile-time Jaro scores (jaro.cc) for a prepared
  // string of str_.size() (1-16) bytes, entry [text length - 1][m][t / 2]:
  // found once here rather than indexed by str_.size() per call. Null when
  // the short path cannot run (str_ empty, longer or not ASCII).
  const double (*short_jaro_row_)[internal::ShortAscii::kMaxSize + 1]
                                 [internal::ShortAscii::kMaxSize / 2 + 1] =
      nullptr;
};

// Jaro with one side prepared; Similarity() equals JaroSimilarity().
class CachedJaro {
 public:
  explicit CachedJaro(std::string_view s, const JaroOptions& options = {});

  // See JaroSimilarity.
  double Similarity(std::string_view other,
                    double score_cutoff = 0.0) const noexcept;

 private:
  CachedJaroWinkler impl_;
};

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_JARO_H_
