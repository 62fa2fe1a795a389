// Copyright 2026 The Linkage Authors.
//
// The hostile-input gate shared by the structured normalisers (date,
// uk_postcode, nhs_number, sex, phone, email, uprn): one pass that rejects
// or cleans what no structured identifier may contain, before any
// format-specific parsing. Allocation-free: a value that needs cleaning is
// copied into a caller-provided fixed buffer.
//
// Policy, in the order applied:
//   1. more than kMaxFieldBytes bytes          -> Issue::kTooLong (O(1))
//   2. not valid UTF-8                          -> Issue::kInvalidUtf8
//   3. NUL, other C0 controls except TAB/LF/CR, DEL, C1 controls (U+0080..
//      U+009F), bidi embeddings/overrides/isolates (U+202A..U+202E,
//      U+2066..U+2069)                          -> Issue::kControlCharacter
//   4. invisible marks stripped wherever they are: ZWSP, ZWNJ, ZWJ, LRM, RLM
//      (U+200B..U+200F), ALM (U+061C), word joiner (U+2060), BOM (U+FEFF),
//      soft hyphen (U+00AD)
//   5. NBSP (U+00A0) becomes an ASCII space; leading/trailing whitespace
//      trimmed (ASCII space, TAB, LF, CR, VT, FF); TAB/LF/CR inside the value
//      are left for the caller
//   6. nothing left                             -> Issue::kMissing
//
// Example:
//   internal::FieldBuffer buffer;
//   Issue why = Issue::kNone;
//   std::string_view clean = internal::PrepareField(raw, &buffer, &why);
//   if (why != Issue::kNone) return std::nullopt;
//
// Thread-safety: pure functions; safe from any thread.
#ifndef LINKAGE_NORMALISE_INTERNAL_FIELD_INPUT_H_
#define LINKAGE_NORMALISE_INTERNAL_FIELD_INPUT_H_

#include <cstddef>
#include <string_view>

#include "normalise/normaliser.h"

namespace linkage::internal {

// Longest raw value (in bytes) a structured normaliser looks at.
inline constexpr std::size_t kMaxFieldBytes = 1024;

// Scratch space for PrepareField when a value must be copied to be cleaned.
struct FieldBuffer {
  char data[kMaxFieldBytes];
};

// Applies the policy above. On success sets *why = kNone and returns the
// cleaned value, which points into `raw` or into `buffer` (valid while both
// live). On failure sets *why and returns an empty view.
// REQUIRES: buffer != nullptr, why != nullptr.
std::string_view PrepareField(std::string_view raw, FieldBuffer* buffer,
                              Issue* why) noexcept;

// ASCII helpers used by the structured parsers.
inline constexpr bool IsAsciiDigit(char c) noexcept {
  return c >= '0' && c <= '9';
}
inline constexpr bool IsAsciiAlpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline constexpr char AsciiUpper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}
inline constexpr char AsciiLower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
inline constexpr bool IsAsciiSpace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

}  // namespace linkage::internal

#endif  // LINKAGE_NORMALISE_INTERNAL_FIELD_INPUT_H_
