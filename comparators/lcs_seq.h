// Copyright 2026 The Linkage Authors.
//
// Longest common subsequence (LCS) of two UTF-8 strings on code points, and
// the Indel distance derived from it (edits restricted to insertions and
// deletions: |a| + |b| - 2 * LCS). Bit-parallel: Allison & Dix (1986) /
// Hyyrö (2004), ceil(m/64) words per text code point. Function families
// and score_cutoff follow rapidfuzz's LCSseq and Indel:
//  - LcsSeqSimilarity = LCS; LcsSeqDistance = max(|a|,|b|) - LCS;
//    normalised by max(|a|,|b|).
//  - IndelDistance = |a| + |b| - 2 LCS; IndelSimilarity = 2 LCS;
//    normalised by |a| + |b|.
//  - Distances above score_cutoff return score_cutoff + 1 (normalised: 1.0);
//    similarities below score_cutoff return 0 (normalised: 0.0).
// Two empty strings have normalised distance 0 and normalised similarity 1.
//
// Invalid UTF-8: each invalid byte is one unit (U+DC00 + byte).
// Allocation: none when the shorter string has at most 64 code points and
// both at most 256.
//
// Example:
//   LcsSeqSimilarity("South Korea", "North Korea");  // 9
//   IndelDistance("South Korea", "North Korea");     // 4
//
// Thread-safety: pure functions.
#ifndef LINKAGE_COMPARATORS_LCS_SEQ_H_
#define LINKAGE_COMPARATORS_LCS_SEQ_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace linkage {

std::size_t LcsSeqSimilarity(std::string_view a, std::string_view b,
                             std::size_t score_cutoff = 0) noexcept;
std::size_t LcsSeqDistance(std::string_view a, std::string_view b,
                           std::size_t score_cutoff = SIZE_MAX) noexcept;
double LcsSeqNormalizedSimilarity(std::string_view a, std::string_view b,
                                  double score_cutoff = 0.0) noexcept;
double LcsSeqNormalizedDistance(std::string_view a, std::string_view b,
                                double score_cutoff = 1.0) noexcept;

std::size_t IndelDistance(std::string_view a, std::string_view b,
                          std::size_t score_cutoff = SIZE_MAX) noexcept;
std::size_t IndelSimilarity(std::string_view a, std::string_view b,
                            std::size_t score_cutoff = 0) noexcept;
double IndelNormalizedSimilarity(std::string_view a, std::string_view b,
                                 double score_cutoff = 0.0) noexcept;
double IndelNormalizedDistance(std::string_view a, std::string_view b,
                               double score_cutoff = 1.0) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_LCS_SEQ_H_
