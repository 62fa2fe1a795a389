// Copyright 2026 The Linkage Authors.
#include "comparators/identifier_compare.h"

#include <cstddef>

#include "comparators/internal/utf8.h"

namespace linkage {

IdentifierAgreement CompareIdentifiers(std::string_view a, std::string_view b) noexcept {
  if (a == b) return IdentifierAgreement::kExact;
  // Skip the common prefix, code point by code point.
  std::size_t pa = 0, pb = 0;
  char32_t ca = 0, cb = 0;
  std::size_t next_a = 0, next_b = 0;
  while (pa < a.size() && pb < b.size()) {
    next_a = pa;
    next_b = pb;
    ca = internal::DecodeOne(a, &next_a);
    cb = internal::DecodeOne(b, &next_b);
    if (ca != cb) break;
    pa = next_a;
    pb = next_b;
  }
  // One string is a proper prefix of the other: lengths differ.
  if (pa >= a.size() || pb >= b.size()) return IdentifierAgreement::kDifferent;
  // Decoding is injective (invalid bytes escape to distinct code points), so
  // equal byte tails are exactly equal character tails.
  if (a.substr(next_a) == b.substr(next_b)) return IdentifierAgreement::kOneSubstitution;
  if (next_a < a.size() && next_b < b.size()) {
    std::size_t after_a = next_a, after_b = next_b;
    const char32_t ca2 = internal::DecodeOne(a, &after_a);
    const char32_t cb2 = internal::DecodeOne(b, &after_b);
    if (ca == cb2 && ca2 == cb && a.substr(after_a) == b.substr(after_b)) {
      return IdentifierAgreement::kAdjacentTransposition;
    }
  }
  return IdentifierAgreement::kDifferent;
}

std::string_view IdentifierAgreementName(IdentifierAgreement level) noexcept {
  switch (level) {
    case IdentifierAgreement::kExact: return "exact";
    case IdentifierAgreement::kOneSubstitution: return "one_substitution";
    case IdentifierAgreement::kAdjacentTransposition: return "adjacent_transposition";
    case IdentifierAgreement::kDifferent: return "different";
  }
  return "different";
}

}  // namespace linkage
