// Copyright 2026 The Linkage Authors.
//
// How similarity metrics score two empty strings. Sources disagree:
// rapidfuzz (and DuckDB, Splink) score "" vs "" as identical (1.0); jellyfish
// scores it 0.0 because no characters match. A string metric whose options
// carry an EmptyStrings field follows the chosen convention; one empty and
// one non-empty string always score 0.
//
// Example:
//   JaroWinklerOptions jellyfish_like;
//   jellyfish_like.empty_strings = EmptyStrings::kZero;
//
// Thread-safety: a plain enum.
#ifndef LINKAGE_COMPARATORS_EMPTY_STRINGS_H_
#define LINKAGE_COMPARATORS_EMPTY_STRINGS_H_

namespace linkage {

enum class EmptyStrings {
  kOne,   // "" vs "" scores 1.0 (rapidfuzz; the default)
  kZero,  // "" vs "" scores 0.0 (jellyfish)
};

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_EMPTY_STRINGS_H_
