// Copyright 2026 The Linkage Authors.
//
// The common shape of every person-identifier normaliser: a raw string in, a
// canonical value (or null with a reason) and named derived parts out.
//
// Each normaliser also has a typed API of its own (see date.h, postcode.h,
// nhs_number.h, name.h, ...) for callers that want parsed values without
// strings; this interface is what config-driven code (RecordTable, the
// data-quality report) uses, one call per unique raw value.
//
// Example:
//   absl::StatusOr<std::unique_ptr<Normaliser>> n =
//       MakeNormaliser(nlohmann::json{{"normaliser", "uk_postcode"}});
//   NormalisedValue v = (*n)->Normalise("sw1a1aa");
//   // v.value == "SW1A 1AA", v.issue == Issue::kNone,
//   // v.parts[index of "sector"] == "SW1A 1"
//
// Thread-safety: a constructed Normaliser is immutable; Normalise() may be
// called from many threads at once.
#ifndef LINKAGE_NORMALISE_NORMALISER_H_
#define LINKAGE_NORMALISE_NORMALISER_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace linkage {

// Why a value was nulled. kNone means the value is valid. The data-quality
// report counts values by these codes, so each names one thing a data owner
// can fix. Stable: names are written to reports (see IssueName()).
enum class Issue : std::uint8_t {
  kNone = 0,           // valid
  kMissing,            // empty or only whitespace
  kPlaceholder,        // a known "no value" token (UNKNOWN, NK, 0000000000)
  kInvalidUtf8,        // bytes that are not UTF-8
  kTooLong,            // longer than the normaliser accepts
  kControlCharacter,   // NUL, other C0/C1 controls, bidi overrides
  kNoLetters,          // a name with nothing left after cleaning
  kBadFormat,          // does not match any accepted format
  kImpossibleDate,     // e.g. 31/02, month 13, day 0
  kFutureDate,         // after the configured "today"
  kBeforeFloor,        // before the configured earliest date
  kWrongLength,        // e.g. an NHS number that is not 10 digits
  kNonDigit,           // letters where only digits are allowed
  kBadCheckDigit,      // Modulus 11 (NHS number) or similar check fails
  kUnknownCode,        // a coded value (sex) not in the code set
  kPatternMismatch,    // failed a config validation pattern (RE2)
};

// Stable snake_case name of `issue`, e.g. "bad_check_digit".
std::string_view IssueName(Issue issue) noexcept;

// One normalised value.
struct NormalisedValue {
  // Canonical form; empty iff the value is null.
  std::string value;
  // kNone iff `value` is valid; else why it was nulled.
  Issue issue = Issue::kNone;
  // Derived parts aligned with Normaliser::part_names(); an empty string is an
  // absent part. Empty when the value is null.
  std::vector<std::string> parts;

  bool null() const noexcept { return issue != Issue::kNone; }
};

// Interface implemented by every normaliser.
class Normaliser {
 public:
  virtual ~Normaliser() = default;

  // The registry name, e.g. "uk_postcode".
  virtual std::string_view name() const noexcept = 0;

  // Names of the derived parts, in the order NormalisedValue::parts uses.
  // The returned span stays valid for the lifetime of this object.
  virtual std::span<const std::string> part_names() const noexcept = 0;

  // Normalises one raw value. Never throws and never crashes on any bytes.
  virtual NormalisedValue Normalise(std::string_view raw) const = 0;
};

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_NORMALISER_H_
