// Copyright 2026 The Linkage Authors.
//
// UK postcodes: validation by the published format rules and canonical
// "AA9A 9AA" form (upper case, one space before the three-character inward
// code), with the parts used for blocking and comparison.
//
// Accepted outward formats: A9, A99, AA9, AA99, A9A, AA9A, followed by an
// inward code 9AA. Letter rules (Royal Mail / ONS):
//   position 1: any letter but Q, V, X
//   position 2 (if a letter): any letter but I, J, Z
//   position 3 in A9A: A B C D E F G H J K P S T U W
//   position 4 in AA9A: A B E H M N P R V W X Y
//   inward letters: any letter but C, I, K, M, O, V
// Spaces anywhere are ignored ("SW1A1AA", "sw1a 1aa", " SW1A  1AA ").
// Whether the postcode exists (is in ONSPD / PAF) is not checked.
// Special cases:
//   GIR 0AA (Girobank) is valid: outward GIR, area GIR, district GIR.
//   BF1 postcodes (British Forces) follow the normal rules.
//   BFPO numbers ("BFPO 123", 1-4 digits) are kept as "BFPO 123" when
//   allow_bfpo (default true): outward "BFPO", inward the number, area
//   "BFPO"; district, sub_district, sector and unit are empty.
//   Outward codes alone ("SW1A") are kept only with allow_partial (default
//   false): inward, sector and unit are then empty.
// Parts follow the ideal-postcodes definitions: area "SW", district "SW1",
// sub_district "SW1A" (empty unless the outward code ends in a letter),
// sector "SW1A 1", unit "AA", outward "SW1A", inward "1AA".
//
// Registry name "uk_postcode". Options: "allow_partial" (bool, false),
// "allow_bfpo" (bool, true). Value: the canonical postcode. Parts, in
// order: outward, inward, area, district, sub_district, sector, unit.
//
// Example:
//   Issue why;
//   std::optional<UkPostcode> p = ParseUkPostcode("sw1a1aa", {}, &why);
//   // p->value() == "SW1A 1AA", p->sector() == "SW1A 1"
//
// Thread-safety: all functions are pure; a constructed Normaliser is
// immutable and Normalise() may be called from many threads at once.
#ifndef LINKAGE_NORMALISE_POSTCODE_H_
#define LINKAGE_NORMALISE_POSTCODE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

enum class UkPostcodeKind : std::uint8_t {
  kFull,         // "SW1A 1AA"
  kOutwardOnly,  // "SW1A" (allow_partial)
  kGiro,         // "GIR 0AA"
  kBfpo,         // "BFPO 123" (allow_bfpo)
};

// A parsed postcode. Every part is a view into `text`, so the struct is
// self-contained and trivially copyable (views are invalidated by a copy:
// call the accessors on the copy).
struct UkPostcode {
  std::array<char, 10> text{};  // canonical form, not NUL-terminated
  std::uint8_t size = 0;          // bytes used in `text`
  std::uint8_t outward_size = 0;  // bytes of the outward code
  std::uint8_t area_size = 0;     // leading letters of the outward code
  UkPostcodeKind kind = UkPostcodeKind::kFull;

  std::string_view value() const noexcept { return {text.data(), size}; }
  std::string_view outward() const noexcept {
    return {text.data(), outward_size};
  }
  // Empty for kOutwardOnly.
  std::string_view inward() const noexcept {
    return size > outward_size + 1
               ? std::string_view(text.data() + outward_size + 1,
                                  size - outward_size - 1)
               : std::string_view();
  }
  std::string_view area() const noexcept { return {text.data(), area_size}; }
  // The outward code without a trailing letter ("SW1A" -> "SW1"); empty for
  // BFPO.
  std::string_view district() const noexcept;
  // The outward code when it ends with a letter ("SW1A"), else empty.
  std::string_view sub_district() const noexcept;
  // Outward code, space, first inward digit ("SW1A 1"); empty for
  // kOutwardOnly and BFPO.
  std::string_view sector() const noexcept;
  // Last two letters ("AA"); empty for kOutwardOnly and BFPO.
  std::string_view unit() const noexcept;
};

struct UkPostcodeOptions {
  bool allow_partial = false;  // accept an outward code alone
  bool allow_bfpo = true;      // accept "BFPO <1-4 digits>"
};

// Parses and validates a raw postcode. Returns nullopt and sets *why to
// kMissing, kTooLong, kInvalidUtf8, kControlCharacter (see
// internal/field_input.h) or kBadFormat; else sets *why to kNone.
// Allocation-free. REQUIRES: why != nullptr.
std::optional<UkPostcode> ParseUkPostcode(std::string_view raw,
                                          const UkPostcodeOptions& options,
                                          Issue* why) noexcept;

// Builds the "uk_postcode" normaliser from a column spec (options above).
// Returns InvalidArgument, with a message starting with the option's JSON
// sub-path, for an unknown option or a bad value.
absl::StatusOr<std::unique_ptr<Normaliser>> MakeUkPostcodeNormaliser(
    const nlohmann::json& spec);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_POSTCODE_H_
