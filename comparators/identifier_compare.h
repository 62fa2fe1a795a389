// Copyright 2026 The Linkage Authors.
//
// Agreement of identifiers such as NHS numbers, National Insurance numbers
// or local record ids, graded by the two commonest keying errors: a single
// mistyped character (Hamming distance 1 at equal length) and two adjacent
// characters swapped. Anything else (including a length difference) is
// kDifferent. Input is expected normalised (no spaces); the comparison is
// on UTF-8 code points and safe on arbitrary bytes (an invalid byte is one
// character, equal only to itself).
//
// Example:
//   CompareIdentifiers("9434765919", "9434765919") == IdentifierAgreement::kExact
//   CompareIdentifiers("9434765919", "9434765918") == IdentifierAgreement::kOneSubstitution
//   CompareIdentifiers("9434765919", "9437465919") == IdentifierAgreement::kAdjacentTransposition
//
// Thread-safety: pure functions; safe from any thread. No allocation.
#ifndef LINKAGE_COMPARATORS_IDENTIFIER_COMPARE_H_
#define LINKAGE_COMPARATORS_IDENTIFIER_COMPARE_H_

#include <cstdint>
#include <string_view>

namespace linkage {

// Ordered from best to worst agreement.
enum class IdentifierAgreement : std::uint8_t {
  kExact = 0,
  kOneSubstitution = 1,        // same length, exactly one character differs
  kAdjacentTransposition = 2,  // same length, two adjacent characters swapped
  kDifferent = 3,
};

// Agreement of `a` and `b`. Two empty strings are kExact; callers treat
// missing values as nulls before comparing.
IdentifierAgreement CompareIdentifiers(std::string_view a, std::string_view b) noexcept;

// "exact", "one_substitution", "adjacent_transposition" or "different".
std::string_view IdentifierAgreementName(IdentifierAgreement level) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_IDENTIFIER_COMPARE_H_
