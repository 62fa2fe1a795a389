// Copyright 2026 The Linkage Authors.
//
// Optimal string alignment (OSA) distance of two UTF-8 strings, on code
// points: Levenshtein plus transposition of two adjacent code points, where
// no substring is edited more than once ("restricted" Damerau-Levenshtein;
// OSA("CA", "ABC") = 3, while unrestricted Damerau-Levenshtein gives 2; see
// damerau_levenshtein.h). Bit-parallel (Hyyrö 2003) when the shorter string
// has at most 64 code points after stripping the common affix; otherwise the
// three-row dynamic programme, O(|a| * |b|).
//
// score_cutoff: a distance above it returns score_cutoff + 1; a normalised
// similarity (1 - distance / max(|a|, |b|), 1.0 for two empty strings) below
// it returns 0.0.
//
// Invalid UTF-8: each invalid byte is one unit (U+DC00 + byte).
// Allocation: none up to 256 code points per string.
//
// Example:
//   OsaDistance("CA", "AC");  // 1
//
// Thread-safety: pure functions.
#ifndef LINKAGE_COMPARATORS_OSA_H_
#define LINKAGE_COMPARATORS_OSA_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace linkage {

std::size_t OsaDistance(std::string_view a, std::string_view b,
                        std::size_t score_cutoff = SIZE_MAX) noexcept;

double OsaNormalizedSimilarity(std::string_view a, std::string_view b,
                               double score_cutoff = 0.0) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_OSA_H_
