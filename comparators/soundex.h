// Copyright 2026 The Linkage Authors.
//
// American Soundex (Russell & Odell; the US census rules as in Knuth, TAOCP
// vol. 3): first letter plus three digits, e.g. "Ashcroft" -> "A261". H and W
// do not separate letters with the same code; vowels (A E I O U Y) and any
// non-letter character do. Follows jellyfish's `soundex` (the vector source,
// tests/testdata/comparators/jellyfish/soundex.csv).
//
// Input is UTF-8 in any case. Latin letters with accents are folded to their
// base letter (é->E, ß->SS; see phonetic_code.h); letters of other scripts
// count as non-letters. Combining marks (U+0300..U+036F) are ignored, so
// decomposed and composed accents give the same code.
//
// Example:
//   Soundex("Tymczak") == "T522"
//
// Thread-safety: pure function; safe from any thread. No allocation.
#ifndef LINKAGE_COMPARATORS_SOUNDEX_H_
#define LINKAGE_COMPARATORS_SOUNDEX_H_

#include <string_view>

#include "comparators/phonetic_code.h"

namespace linkage {

struct SoundexOptions {
  // false (default): the code starts at the first letter; leading
  // non-letters ("  O'Neil", "¿") are skipped. true: like jellyfish, the
  // first character is kept whatever it is ("¿" -> "¿000"), upper-cased.
  bool keep_leading_non_letter = false;
};

// Soundex code of `name`: four characters (letter + 3 digits, zero padded),
// or empty if `name` has no letters (or is empty).
PhoneticCode Soundex(std::string_view name,
                     const SoundexOptions& options = {}) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_SOUNDEX_H_
