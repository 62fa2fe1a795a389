// Copyright 2026 The Linkage Authors.
//
// Sex and gender: NHS codes, FHIR codes and common free text mapped to one
// code set, FHIR administrative gender (http://hl7.org/fhir/administrative-
// gender): male, female, other, unknown.
//
// Accepted input (trimmed, any case; a trailing '.' is ignored):
//   male:    1, m, male, man, boy
//   female:  2, f, female, woman, girl
//   other:   9, i, o, other, indeterminate, intersex, non-binary, nonbinary
//   unknown: 0, x, u, unknown, not known, nk, not stated, not specified,
//            not recorded, prefer not to say
// NHS Data Dictionary "Person Stated Gender Code": 1 male, 2 female,
// 9 indeterminate (unable to be classified as either), X not known (not
// recorded); 0 "not known" in older code sets. Indeterminate maps to FHIR
// "other", not known to FHIR "unknown". Note X follows the NHS meaning (not
// known), not the passport meaning (unspecified/non-binary).
//
// "unknown" carries no evidence for linkage, so by default it is null with
// Issue::kPlaceholder; option "keep_unknown": true keeps it as a value.
// Anything else is Issue::kUnknownCode.
//
// Registry name "sex". Options: "keep_unknown" (bool, false). Value: the
// FHIR code. Parts: nhs_code ("1", "2", "9" or "X").
//
// Example:
//   Issue why;
//   std::optional<Sex> s = ParseSex("Girl", &why);  // Sex::kFemale
//   FhirGenderCode(*s) == "female"; NhsGenderCode(*s) == "2"
//
// Thread-safety: all functions are pure; a constructed Normaliser is
// immutable and Normalise() may be called from many threads at once.
#ifndef LINKAGE_NORMALISE_SEX_H_
#define LINKAGE_NORMALISE_SEX_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

enum class Sex : std::uint8_t { kMale, kFemale, kOther, kUnknown };

// "male", "female", "other", "unknown".
std::string_view FhirGenderCode(Sex sex) noexcept;

// NHS Person Stated Gender Code: "1", "2", "9", "X".
std::string_view NhsGenderCode(Sex sex) noexcept;

// Maps a raw value to the code set. Returns nullopt and sets *why to
// kMissing, kTooLong, kInvalidUtf8, kControlCharacter (see
// internal/field_input.h) or kUnknownCode. Returns Sex::kUnknown (and
// *why = kNone) for the "not known" tokens; the caller decides whether that
// is null. Allocation-free. REQUIRES: why != nullptr.
std::optional<Sex> ParseSex(std::string_view raw, Issue* why) noexcept;

// Builds the "sex" normaliser from a column spec (options above). Returns
// InvalidArgument, with a message starting with the option's JSON sub-path,
// for an unknown option or a bad value.
absl::StatusOr<std::unique_ptr<Normaliser>> MakeSexNormaliser(
    const nlohmann::json& spec);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_SEX_H_
