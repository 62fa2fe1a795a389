// Copyright 2026 The Linkage Authors.
//
// Levenshtein edit distance of two UTF-8 strings, on code points: the least
// total cost of insertions, deletions and substitutions turning `a` into `b`
// (Levenshtein 1966). Uniform weights (the default) run the bit-parallel
// algorithm of Myers (1999) in Hyyrö's (2003) form: one 64-bit word per text
// code point for a pattern of up to 64 code points, ceil(m/64) words beyond
// (blocks, heap-allocated). Common prefixes and suffixes are stripped first
// and the computation stops as soon as the distance must exceed the cutoff.
// A cutoff of at most 3 runs mbleven (Fujimoto 2018) instead: a handful of
// O(n) passes over the stripped strings. Both strings ASCII and at most 16
// bytes (names) take a path with no decoding, copying or table.
// Weights with replace >= insert + delete and insert == delete reduce to the
// Indel distance (see lcs_seq.h); any other weights use the Wagner-Fischer
// (1974) dynamic programme, O(|a| * |b|).
//
// score_cutoff (rapidfuzz convention):
//  - *Distance: a distance above score_cutoff is returned as score_cutoff + 1.
//  - *Similarity (maximum - distance): below score_cutoff returns 0.
//  - *NormalizedDistance (distance / maximum, 0 if maximum is 0): above
//    score_cutoff returns 1.0.
//  - *NormalizedSimilarity (1 - normalized distance): below score_cutoff
//    returns 0.0.
// The maximum is the cost of the cheapest edit that ignores content:
// min(|a|*delete + |b|*insert, substitute the shorter length and
// insert/delete the rest).
//
// Invalid UTF-8: each invalid byte is one unit (U+DC00 + byte).
//
// Allocation: none for uniform weights when the shorter string (after
// stripping the common affix) has at most 64 code points and both have at
// most 256; longer strings use heap buffers.
//
// Example:
//   LevenshteinDistance("kitten", "sitting");     // 3
//   LevenshteinDistance("kitten", "sitting", 2);  // 3 == cutoff + 1
//   CachedLevenshtein record("Smith");
//   record.Distance("Smyth", 2);                  // 1
//
// Thread-safety: functions are pure; const methods of CachedLevenshtein may
// be called concurrently.
#ifndef LINKAGE_COMPARATORS_LEVENSHTEIN_H_
#define LINKAGE_COMPARATORS_LEVENSHTEIN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "comparators/internal/pattern_match.h"

namespace linkage {

// Costs of the edit operations turning the first string into the second.
struct LevenshteinWeights {
  std::size_t insert_cost = 1;
  std::size_t delete_cost = 1;
  std::size_t replace_cost = 1;
};

// Uniform-cost distance; score_cutoff + 1 if above score_cutoff.
std::size_t LevenshteinDistance(std::string_view a, std::string_view b,
                                std::size_t score_cutoff = SIZE_MAX) noexcept;

// Weighted distance; score_cutoff + 1 if above score_cutoff.
std::size_t LevenshteinDistance(std::string_view a, std::string_view b,
                                const LevenshteinWeights& weights,
                                std::size_t score_cutoff = SIZE_MAX) noexcept;

// Maximum distance for these lengths (see file comment).
std::size_t LevenshteinMaximum(std::size_t len_a, std::size_t len_b,
                               const LevenshteinWeights& weights = {}) noexcept;

// Maximum - distance; 0 if below score_cutoff.
std::size_t LevenshteinSimilarity(std::string_view a, std::string_view b,
                                  const LevenshteinWeights& weights = {},
                                  std::size_t score_cutoff = 0) noexcept;

// Distance / maximum in [0, 1]; 1.0 if above score_cutoff.
double LevenshteinNormalizedDistance(std::string_view a, std::string_view b,
                                     const LevenshteinWeights& weights = {},
                                     double score_cutoff = 1.0) noexcept;

// 1 - normalized distance in [0, 1]; 0.0 if below score_cutoff.
double LevenshteinNormalizedSimilarity(std::string_view a, std::string_view b,
                                       const LevenshteinWeights& weights = {},
                                       double score_cutoff = 0.0) noexcept;

// Uniform-cost Levenshtein with one side prepared (decoded, pattern-match
// vectors precomputed, multi-word blocks when longer than 64 code points).
// An ASCII string of at most 64 bytes is kept as a 1 KiB table and any ASCII
// text runs Hyyro (2003) on it directly, with the cutoff's early exit (on
// prepared patterns this beats stripping + mbleven).
// Stores its own copy. Results equal the free functions with `s` as `a`.
class CachedLevenshtein {
 public:
  explicit CachedLevenshtein(std::string_view s);

  // See LevenshteinDistance.
  std::size_t Distance(std::string_view other,
                       std::size_t score_cutoff = SIZE_MAX) const noexcept;

  // See LevenshteinNormalizedSimilarity.
  double NormalizedSimilarity(std::string_view other,
                              double score_cutoff = 0.0) const noexcept;

  // Same as NormalizedSimilarity (the uniform scorer interface).
  double Similarity(std::string_view other,
                    double score_cutoff = 0.0) const noexcept {
    return NormalizedSimilarity(other, score_cutoff);
  }

  const std::string& str() const noexcept { return str_; }

 private:
  std::string str_;
  std::vector<char32_t> units_;
  // ascii_pm_ if str_ is ASCII and at most 64 bytes (the fast path), else
  // pm_ (any length, multi-word blocks).
  internal::PatternMatch pm_;
  internal::AsciiPatternMatch ascii_pm_;
  bool has_ascii_pm_ = false;
};

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_LEVENSHTEIN_H_
