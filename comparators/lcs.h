// Copyright 2026 The Linkage Authors.
//
// Longest common substring (contiguous) of two UTF-8 strings, on code points,
// and a ratio built from it: 2 * L / (|a| + |b|), which is 1 only for equal
// strings and 0 when no code point is shared. Dynamic programme over one row,
// O(|a| * |b|) time. (For the longest common subsequence see lcs_seq.h.)
//
// score_cutoff: a ratio below it returns 0.0. Two empty strings score
// according to `empty_strings` (see empty_strings.h).
//
// Invalid UTF-8: each invalid byte is one unit (U+DC00 + byte).
// Allocation: none up to 256 code points per string.
//
// Example:
//   LongestCommonSubstringLength("JOHNSTON", "JOHNSON");  // 5 ("JOHNS")
//   LongestCommonSubstringRatio("JOHNSTON", "JOHNSON");   // 10 / 15
//
// Thread-safety: pure functions.
#ifndef LINKAGE_COMPARATORS_LCS_H_
#define LINKAGE_COMPARATORS_LCS_H_

#include <cstddef>
#include <string_view>

#include "comparators/empty_strings.h"

namespace linkage {

std::size_t LongestCommonSubstringLength(std::string_view a,
                                         std::string_view b) noexcept;

double LongestCommonSubstringRatio(
    std::string_view a, std::string_view b,
    EmptyStrings empty_strings = EmptyStrings::kOne,
    double score_cutoff = 0.0) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_LCS_H_
