// Copyright 2026 The Linkage Authors.
//
// NYSIIS (New York State Identification and Intelligence System, Taft 1970)
// phonetic code, e.g. "Catherine", "Katherine", "Katerina" -> "CATARAN".
// Rules follow jellyfish's `nysiis` (the vector source,
// tests/testdata/comparators/jellyfish/nysiis.csv): prefixes MAC KN K PH PF
// SCH, suffixes EE IE DT RT RD NT ND, the translation table, then removal of
// a final S, AY->Y and a final A. The original specification truncates the
// code to 6 characters; jellyfish does not; NysiisOptions chooses.
//
// Input is UTF-8 in any case; non-letters (spaces, hyphens, digits, ...) are
// ignored. Accented Latin letters fold to their base letter by default (see
// phonetic_code.h); with fold_accents = false they are kept upper-cased as
// consonants, as jellyfish does ("ç" -> "Ç").
//
// Example:
//   Nysiis("MacArthur") == "MCARTA"                              // 6 chars
//   Nysiis("MacArthur", {.truncate_to_6 = false}) == "MCARTAR"
//
// Thread-safety: pure function; safe from any thread. No allocation.
#ifndef LINKAGE_COMPARATORS_NYSIIS_H_
#define LINKAGE_COMPARATORS_NYSIIS_H_

#include <string_view>

#include "comparators/phonetic_code.h"

namespace linkage {

struct NysiisOptions {
  // Truncate the code to 6 characters, as the original specification does.
  bool truncate_to_6 = true;
  // Fold accented Latin letters to A-Z (é->E). false: keep them as letters.
  bool fold_accents = true;
};

// NYSIIS code of `name`; empty if `name` has no letters. Codes longer than
// PhoneticCode::kCapacity bytes are cut there (names of 30+ letters only).
PhoneticCode Nysiis(std::string_view name, const NysiisOptions& options = {}) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_NYSIIS_H_
