// Copyright 2026 The Linkage Authors.
//
// Jaccard similarity |A ∩ B| / |A ∪ B| of the sets of q-grams or of
// whitespace-separated tokens of two UTF-8 strings (sets: repeated grams or
// tokens count once).
//
// Q-grams are runs of q code points. QgramMode::kOverlapping (the default)
// takes every run (a string of n >= q code points has n - q + 1); a
// non-empty string shorter than q is one gram, itself. QgramMode::kChunks
// cuts the string into consecutive non-overlapping chunks of q code points,
// the last possibly shorter: jellyfish's jaccard_similarity(ngram_size=q).
// Tokens are maximal runs of code points that are not Unicode White_Space
// (as Python's str.split() and Rust's split_whitespace()); jellyfish's
// jaccard_similarity without ngram_size.
//
// When both sets are empty the score follows `empty_strings`: kOne gives
// 1.0, kZero gives 0.0 (jellyfish).
//
// score_cutoff: a similarity below it returns 0.0.
//
// Invalid UTF-8: each invalid byte is one unit (U+DC00 + byte).
// Allocation: none up to 256 code points per string (q-grams) or 128 tokens
// per string; larger inputs use heap buffers.
//
// Example:
//   QgramJaccardSimilarity("night", "nacht");                  // 1/7
//   TokenJaccardSimilarity("John Smith", "Smith John");        // 1.0
//
// Thread-safety: pure functions.
#ifndef LINKAGE_COMPARATORS_JACCARD_H_
#define LINKAGE_COMPARATORS_JACCARD_H_

#include <cstddef>
#include <string_view>

#include "comparators/empty_strings.h"

namespace linkage {

enum class QgramMode {
  kOverlapping,  // every run of q code points
  kChunks,       // consecutive non-overlapping chunks (jellyfish)
};

struct QgramOptions {
  // Gram length in code points. REQUIRES: q >= 1.
  std::size_t q = 2;
  QgramMode mode = QgramMode::kOverlapping;
  // Score when both gram sets are empty.
  EmptyStrings empty_strings = EmptyStrings::kOne;
};

double QgramJaccardSimilarity(std::string_view a, std::string_view b,
                              const QgramOptions& options = {},
                              double score_cutoff = 0.0) noexcept;

double TokenJaccardSimilarity(std::string_view a, std::string_view b,
                              EmptyStrings empty_strings = EmptyStrings::kOne,
                              double score_cutoff = 0.0) noexcept;

// True for the Unicode White_Space code points (used to split tokens).
bool IsUnicodeWhiteSpace(char32_t c) noexcept;

// The tokens of `s` as TokenJaccardSimilarity splits them, in order
// (repeats included), written to out[0, min(count, capacity)); returns the
// count, which may exceed capacity (then call again with room).
std::size_t SplitTokens(std::string_view s, std::string_view* out,
                        std::size_t capacity) noexcept;

// Jaccard similarity from set sizes: intersection / union, and for two
// empty sets per `empty_strings`. TokenJaccardSimilarity(a, b) equals
// JaccardRatio(common distinct tokens, distinct tokens of a, of b), so a
// caller holding token sets (e.g. as ids) gets bit-identical scores.
double JaccardRatio(std::size_t intersection, std::size_t size_a,
                    std::size_t size_b, EmptyStrings empty_strings) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_JACCARD_H_
