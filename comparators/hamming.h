// Copyright 2026 The Linkage Authors.
//
// Hamming distance of two UTF-8 strings, on code points: the number of
// positions whose code points differ. Strings of different lengths are
// compared as if the shorter were padded with units equal to nothing, so
// each extra code point counts as one mismatch; this is rapidfuzz's
// default (pad=true) and jellyfish's definition. O(|a| + |b|).
//
// score_cutoff: a distance above it returns score_cutoff + 1; a normalised
// similarity (1 - distance / max(|a|, |b|), 1.0 for two empty strings) below
// it returns 0.0.
//
// Invalid UTF-8: each invalid byte is one unit (U+DC00 + byte).
// Allocation: none.
//
// Example:
//   HammingDistance("abaa", "aaba");   // 2
//   HammingDistance("aaaa", "aaaaa");  // 1
//
// Thread-safety: pure functions.
#ifndef LINKAGE_COMPARATORS_HAMMING_H_
#define LINKAGE_COMPARATORS_HAMMING_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace linkage {

std::size_t HammingDistance(std::string_view a, std::string_view b,
                            std::size_t score_cutoff = SIZE_MAX) noexcept;

double HammingNormalizedSimilarity(std::string_view a, std::string_view b,
                                   double score_cutoff = 0.0) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_HAMMING_H_
