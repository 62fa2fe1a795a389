// Copyright 2026 The Linkage Authors.
//
// Double Metaphone (Lawrence Philips, "The Double Metaphone Search
// Algorithm", C/C++ Users Journal, June 2000): a primary and an alternate
// phonetic code per name, so that names with two plausible pronunciations
// ("Schmidt"/"Smith", "Wasserman"/"Vasserman") meet on at least one code.
//
// This is a port of Apache commons-codec's DoubleMetaphone.java (the source
// of tests/testdata/comparators/double_metaphone/double_metaphone_surnames_dev.csv
// and double_metaphone_words.csv), rule for rule, including its quirks:
// a final J gives the alternate a ' ' ("Raj" -> "RJ" / "R "), the primary
// and alternate are cut at max_code_len, and encoding stops once both are
// full. The Python and JavaScript ports' vector files
// (double_metaphone_{py,js}_vectors.csv, uncapped) agree with this port on
// every row.
//
// Input is UTF-8 in any case; it is trimmed, upper-cased and, by default,
// accented Latin letters fold to their base letter (é->E, ß->SS; see
// phonetic_code.h) except Ç and Ñ, which the algorithm handles itself
// (Ç->S, Ñ->N). Other characters (spaces, hyphens, other scripts) produce
// no code but stay in place, so context rules see them ("SAN JOSE").
//
// Example:
//   DoubleMetaphoneCode code = DoubleMetaphone("Schmidt");
//   code.primary == "XMT", code.alternate == "SMT"
//   DoubleMetaphone("Mazurkiewicz", {.max_code_len = 0}).alternate == "MTSRKFX"
//
// Thread-safety: pure function; safe from any thread. No allocation.
#ifndef LINKAGE_COMPARATORS_DOUBLE_METAPHONE_H_
#define LINKAGE_COMPARATORS_DOUBLE_METAPHONE_H_

#include <cstddef>
#include <string_view>

#include "comparators/phonetic_code.h"

namespace linkage {

struct DoubleMetaphoneOptions {
  // Maximum length of each code; commons-codec's default is 4. 0 or any
  // value >= PhoneticCode::kCapacity means unlimited (codes are then cut at
  // PhoneticCode::kCapacity bytes, which no real name reaches).
  std::size_t max_code_len = 4;
  // Fold accented Latin letters (é->E). false: as commons-codec, upper-case
  // them and give them no code (only Ç and Ñ are encoded).
  bool fold_accents = true;
};

struct DoubleMetaphoneCode {
  PhoneticCode primary;
  PhoneticCode alternate;

  friend bool operator==(const DoubleMetaphoneCode&,
                         const DoubleMetaphoneCode&) noexcept = default;
};

// Double Metaphone codes of `name`; both empty if `name` is empty or blank.
DoubleMetaphoneCode DoubleMetaphone(std::string_view name,
                                    const DoubleMetaphoneOptions& options = {}) noexcept;

// True when the two names share a code (primary or alternate of one equals
// primary or alternate of the other), the usual Double Metaphone match.
// Names without a code never match.
bool DoubleMetaphoneMatch(const DoubleMetaphoneCode& a,
                          const DoubleMetaphoneCode& b) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_DOUBLE_METAPHONE_H_
