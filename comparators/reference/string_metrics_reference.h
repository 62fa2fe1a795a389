// Copyright 2026 The Linkage Authors.
//
// Textbook implementations of the string metrics, for differential tests and
// fuzzers only (see README.md): full dynamic-programming matrices, std::set
// and std::map, no bit tricks, no early exits. Every function decodes UTF-8
// with internal::DecodeUtf8 (invalid byte -> U+DC00 + byte) and returns the
// raw score: no score_cutoff.
//
// Example:
//   EXPECT_EQ(LevenshteinDistance(a, b), reference::Levenshtein(a, b));
//
// Thread-safety: pure functions.
#ifndef LINKAGE_COMPARATORS_REFERENCE_STRING_METRICS_REFERENCE_H_
#define LINKAGE_COMPARATORS_REFERENCE_STRING_METRICS_REFERENCE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "comparators/empty_strings.h"
#include "comparators/jaccard.h"
#include "comparators/jaro.h"
#include "comparators/levenshtein.h"

namespace linkage::reference {

std::u32string Decode(std::string_view s);

// Jaro / Jaro-Winkler, transcribed from jellyfish's _jaro_winkler.
double Jaro(std::string_view a, std::string_view b,
            EmptyStrings empty_strings = EmptyStrings::kOne);
double JaroWinkler(std::string_view a, std::string_view b,
                   const JaroWinklerOptions& options = {});

// Wagner-Fischer full matrix with weights.
std::size_t Levenshtein(std::string_view a, std::string_view b,
                        const LevenshteinWeights& weights = {});

// Damerau's restricted recurrence, full matrix.
std::size_t Osa(std::string_view a, std::string_view b);

// Lowrance-Wagner (1975) full matrix with a std::map of last rows.
std::size_t DamerauLevenshtein(std::string_view a, std::string_view b);

std::size_t Hamming(std::string_view a, std::string_view b);

// Longest common subsequence length, full matrix.
std::size_t LcsSeq(std::string_view a, std::string_view b);

// Longest common substring length, full matrix.
std::size_t LongestCommonSubstring(std::string_view a, std::string_view b);

double QgramJaccard(std::string_view a, std::string_view b,
                    const QgramOptions& options = {});
double TokenJaccard(std::string_view a, std::string_view b,
                    EmptyStrings empty_strings = EmptyStrings::kOne);

}  // namespace linkage::reference

#endif  // LINKAGE_COMPARATORS_REFERENCE_STRING_METRICS_REFERENCE_H_
