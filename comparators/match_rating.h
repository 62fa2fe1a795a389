// Copyright 2026 The Linkage Authors.
//
// Match Rating Approach (Western Airlines, Moore et al. 1977): a codex per
// name and a comparison of two codices. Follows jellyfish's
// `match_rating_codex` / `match_rating_comparison` (the vector source,
// tests/testdata/comparators/jellyfish/match_rating_*.csv).
//
// Codex: upper-case letters; keep the first letter, drop later vowels
// (A E I O U; Y is a consonant) and any consonant equal to the letter just
// before it; if longer than 6, keep the first 3 and the last 3.
// Comparison: unknown (std::nullopt) when the codex lengths differ by 3 or
// more; otherwise drop the positions where the codices agree left to right,
// then right to left, and compare 6 - (longest unmatched) with a minimum
// rating from the summed lengths (<=4: 5, <=7: 4, <=11: 3, else 2).
//
// Input is UTF-8 in any case; non-letters (spaces, hyphens, ...) are
// ignored. Accented Latin letters fold to their base letter by default (see
// phonetic_code.h); with fold_accents = false they are kept upper-cased and
// count as consonants, as jellyfish does ("Frédéric" -> "FRÉÉRC").
//
// Example:
//   MatchRatingCodex("Catherine") == "CTHRN"
//   MatchRatingCompare("Smith", "Smyth") == true
//   MatchRatingCompare("Tim", "Timothy") == std::nullopt
//
// Thread-safety: pure functions; safe from any thread. No allocation.
#ifndef LINKAGE_COMPARATORS_MATCH_RATING_H_
#define LINKAGE_COMPARATORS_MATCH_RATING_H_

#include <optional>
#include <string_view>

#include "comparators/phonetic_code.h"

namespace linkage {

struct MatchRatingOptions {
  // Fold accented Latin letters to A-Z (é->E). false: keep them as letters.
  bool fold_accents = true;
};

// Match Rating codex of `name` (at most 6 letters); empty if no letters.
PhoneticCode MatchRatingCodex(std::string_view name,
                              const MatchRatingOptions& options = {}) noexcept;

// Match Rating comparison of two names: true (similar), false, or
// std::nullopt when the codex lengths differ by 3 or more (the method makes
// no decision). Two names without letters compare true (empty codices).
std::optional<bool> MatchRatingCompare(std::string_view a, std::string_view b,
                                       const MatchRatingOptions& options = {}) noexcept;

// The same comparison on codices from MatchRatingCodex() (for callers that
// cache codices per unique value).
std::optional<bool> MatchRatingCompareCodex(const PhoneticCode& a,
                                            const PhoneticCode& b) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_MATCH_RATING_H_
