// Copyright 2026 The Linkage Authors.
//
// Original Metaphone (Lawrence Philips, "Hanging on the Metaphone", Computer
// Language, December 1990), as jellyfish implements it (the vector source,
// tests/testdata/comparators/jellyfish/metaphone.csv), e.g.
// "Thompson" -> "0MPSN". Prefer DoubleMetaphone() for new models; this is
// here for configs and studies that name plain Metaphone.
//
// jellyfish's quirks are kept: words are encoded one by one and separated by
// one space ("sunlight labs" -> "SNLT LBS"); a vowel is kept only at the
// start of a word; a final "MB" keeps its B; "GN" is always "KN".
//
// Input is UTF-8 in any case; accented Latin letters fold to their base
// letter (see phonetic_code.h); combining marks are ignored; other
// characters produce no code but count as non-vowel neighbours. Codes
// longer than PhoneticCode::kCapacity bytes are cut there.
//
// Example:
//   Metaphone("Thumbail") == "0MBL"
//
// Thread-safety: pure function; safe from any thread. No allocation.
#ifndef LINKAGE_COMPARATORS_METAPHONE_H_
#define LINKAGE_COMPARATORS_METAPHONE_H_

#include <string_view>

#include "comparators/phonetic_code.h"

namespace linkage {

// Metaphone code of `name`; empty if `name` has no letters.
PhoneticCode Metaphone(std::string_view name) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_METAPHONE_H_
