// Copyright 2026 The Linkage Authors.
//
// NHS numbers (England, Wales, Isle of Man): ten digits, the last a Modulus
// 11 check digit over the first nine (weights 10..2; check = 11 - sum mod
// 11; 11 means 0; 10 means the number is never issued). Spaces and dashes
// are separators ("943 476 5919", "943-476-5919"); any other character is
// an error. Known placeholders (default 0000000000 and 9999999999, which
// pass the check but are never issued) are treated as missing.
//
// Registry name "nhs_number". Options (all optional):
//   "placeholders":          list of 10-digit strings treated as missing
//                            (default ["0000000000", "9999999999"])
//   "reject_bad_check_digit": bool, default true: a wrong check digit nulls
//                            the value (Issue::kBadCheckDigit); false keeps
//                            it and reports part check_digit = "invalid".
// Value: the ten digits, no separators. Parts: check_digit ("valid" or
// "invalid").
//
// Example:
//   Issue why;
//   std::optional<NhsNumber> n = ParseNhsNumber("943 476 5919", {}, &why);
//   // n->view() == "9434765919"
//
// Thread-safety: all functions are pure; a constructed Normaliser is
// immutable and Normalise() may be called from many threads at once.
#ifndef LINKAGE_NORMALISE_NHS_NUMBER_H_
#define LINKAGE_NORMALISE_NHS_NUMBER_H_

#include <array>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

// A syntactically valid NHS number: exactly ten ASCII digits.
struct NhsNumber {
  std::array<char, 10> digits{};
  // False only when parsed with reject_bad_check_digit = false and the check
  // digit is wrong.
  bool check_digit_valid = true;

  std::string_view view() const noexcept {
    return std::string_view(digits.data(), digits.size());
  }
};

struct NhsNumberOptions {
  // Values treated as missing (Issue::kPlaceholder). Each must be ten digits.
  std::vector<std::array<char, 10>> placeholders = {
      {'0', '0', '0', '0', '0', '0', '0', '0', '0', '0'},
      {'9', '9', '9', '9', '9', '9', '9', '9', '9', '9'}};
  // If true a wrong check digit is an error (Issue::kBadCheckDigit).
  bool reject_bad_check_digit = true;
};

// True if `digits10` is ten ASCII digits whose Modulus 11 check digit is
// right. Any other input (wrong length, non-digits) returns false.
bool IsValidNhsNumber(std::string_view digits10) noexcept;

// Parses a raw NHS number. Returns nullopt and sets *why to kMissing,
// kTooLong, kInvalidUtf8, kControlCharacter (see internal/field_input.h),
// kNonDigit (a character other than a digit, space or dash), kWrongLength
// (not ten digits), kPlaceholder or kBadCheckDigit. On success sets *why to
// kNone. Allocation-free. REQUIRES: why != nullptr.
std::optional<NhsNumber> ParseNhsNumber(std::string_view raw,
                                        const NhsNumberOptions& options,
                                        Issue* why) noexcept;

// Builds the "nhs_number" normaliser from a column spec (options above).
// Returns InvalidArgument, with a message starting with the option's JSON
// sub-path, for an unknown option or a bad value.
absl::StatusOr<std::unique_ptr<Normaliser>> MakeNhsNumberNormaliser(
    const nlohmann::json& spec);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_NHS_NUMBER_H_
