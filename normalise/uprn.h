// Copyright 2026 The Linkage Authors.
//
// UPRN (Unique Property Reference Number, GeoPlace / OS AddressBase): a
// positive integer of at most 12 digits. It is a number, not a code, so
// leading zeros are not significant and are stripped ("000100023336956" and
// "100023336956" are the same property); the canonical value is the decimal
// number without leading zeros. All zeros is Issue::kPlaceholder (no UPRN is
// 0). Spaces, separators and signs are not accepted (Issue::kNonDigit): a
// UPRN exported as "1.00023E+11" has lost digits and cannot be repaired.
//
// Registry name "uprn". No options. Value: the decimal UPRN. No parts.
//
// Example:
//   Issue why;
//   std::optional<std::uint64_t> u = ParseUprn("000100023336956", &why);
//   // *u == 100023336956
//
// Thread-safety: all functions are pure; a constructed Normaliser is
// immutable and Normalise() may be called from many threads at once.
#ifndef LINKAGE_NORMALISE_UPRN_H_
#define LINKAGE_NORMALISE_UPRN_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

// Largest UPRN: 12 digits.
inline constexpr std::uint64_t kMaxUprn = 999'999'999'999ULL;

// Parses a raw UPRN. Returns nullopt and sets *why to kMissing, kTooLong,
// kInvalidUtf8, kControlCharacter (see internal/field_input.h), kNonDigit,
// kWrongLength (more than 12 significant digits) or kPlaceholder (zero);
// else sets *why to kNone. Allocation-free. REQUIRES: why != nullptr.
std::optional<std::uint64_t> ParseUprn(std::string_view raw,
                                       Issue* why) noexcept;

// Builds the "uprn" normaliser. Returns InvalidArgument, with a message
// starting with the option's JSON sub-path, for any option.
absl::StatusOr<std::unique_ptr<Normaliser>> MakeUprnNormaliser(
    const nlohmann::json& spec);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_UPRN_H_
