// Copyright 2026 The Linkage Authors.
//
// Unrestricted Damerau-Levenshtein distance of two UTF-8 strings, on code
// points: insertions, deletions, substitutions and transpositions of
// adjacent code points, where a transposed pair may be edited further
// (DL("CA", "ABC") = 2; compare OSA in osa.h). Lowrance & Wagner (1975)
// algorithm, O(|a| * |b|) time and space.
//
// score_cutoff: a distance above it returns score_cutoff + 1; a normalised
// similarity (1 - distance / max(|a|, |b|), 1.0 for two empty strings) below
// it returns 0.0.
//
// Invalid UTF-8: each invalid byte is one unit (U+DC00 + byte).
// Allocation: none while (|a| + 2) * (|b| + 2) <= 66 * 66 after stripping
// the common affix; larger matrices are heap-allocated.
//
// Example:
//   DamerauLevenshteinDistance("CA", "ABC");  // 2
//
// Thread-safety: pure functions.
#ifndef LINKAGE_COMPARATORS_DAMERAU_LEVENSHTEIN_H_
#define LINKAGE_COMPARATORS_DAMERAU_LEVENSHTEIN_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace linkage {

std::size_t DamerauLevenshteinDistance(
    std::string_view a, std::string_view b,
    std::size_t score_cutoff = SIZE_MAX) noexcept;

double DamerauLevenshteinNormalizedSimilarity(std::string_view a,
                                              std::string_view b,
                                              double score_cutoff = 0.0) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_DAMERAU_LEVENSHTEIN_H_
