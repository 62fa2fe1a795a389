// Copyright 2026 The Linkage Authors.
//
// Dates (of birth, death, events): many input formats in, one calendar date
// out, as a day number (days since 1970-01-01, proleptic Gregorian) plus its
// year/month/day parts, so that comparisons are integer arithmetic.
//
// Formats (names used in the "formats" option):
//   iso       2015-05-01, 2015/05/01, 2015.5.1, 2015-05-01T10:20:00Z;
//             partial 2015-05, 2015
//   dmy       01/05/2015, 1-5-15, 1.5.2015, 01 05 2015; partial 05/2015
//   mdy       05/01/2015, 5-1-15 (US); partial 05/2015
//   yyyymmdd  20150501
//   ddmmyyyy  01052015
//   text      1 May 2015, 01-MAY-2015, 1st May 2015, May 1, 2015,
//             1 September 15; partial May 2015
// Default order: iso, yyyymmdd, dmy, text (UK). When a value fits several
// listed formats (01/02/2015 is dmy and mdy), the first listed format that
// yields a real calendar date wins; so with ["dmy", "mdy"] 01/02/2015 is
// 1 February and 02/13/2015 falls through to mdy (13 February). iso is
// always tried after the listed formats (its four-digit first field cannot be
// confused with the others), so every canonical value parses again.
// Two-digit years: yy < century_pivot -> 20yy, else 19yy. The default pivot
// is (today's two-digit year + 1), so no two-digit year lands in the future.
// A day or month written as 00 ("00/05/1980", "1980-00-00") means unknown.
//
// Validation, in order: impossible dates (31/02, month 13, day 0 with a
// known month is a partial date, not an error) -> kImpossibleDate;
// placeholders (default 1900-01-01, a common "unknown" dummy) ->
// kPlaceholder; before `floor` (default 1900-01-01) -> kBeforeFloor; after
// `today` (default: the UTC date when the normaliser was built) ->
// kFutureDate; partial dates when !allow_partial -> kBadFormat.
//
// Accuracy: the date accuracy indicator of AS 5017 / METeOR 294429, as used
// by the HL7 AU Base "date accuracy indicator" extension: three characters
// for day, month and year, each A (accurate), E (estimated) or U (unknown).
// A full date is "AAA", a year-month "UAA", a year alone "UUA". (No UK
// Person Standard code list for date-of-birth accuracy was available to us;
// the NHS Data Dictionary's PERSON BIRTH DATE has no accuracy attribute.
// Source: https://build.fhir.org/ig/hl7au/au-fhir-base/ examples
// Patient-DateAccuracyIndicator{AAA,AAU,UEA}.)
//
// Registry name "date". Options: "formats" (list, default above),
// "century_pivot" (0..100), "today" and "floor" ("YYYY-MM-DD"),
// "allow_partial" (bool, default true), "placeholders" (list of
// "YYYY-MM-DD", default ["1900-01-01"]). Value: "YYYY-MM-DD", or "YYYY-MM" /
// "YYYY" for partial dates. Parts, in order: day_number (decimal, empty for
// partial dates), year, month, day (decimal without leading zeros, empty
// when unknown), accuracy.
//
// Example:
//   DateOptions options;
//   options.today = DaysFromCivil(2026, 1, 1);
//   Issue why;
//   std::optional<Date> d = ParseDate("1 May 2015", options, &why);
//   // d->day_number == 16556, d->year == 2015, d->month == 5, d->day == 1
//
// Thread-safety: all functions are pure; a constructed Normaliser is
// immutable and Normalise() may be called from many threads at once.
#ifndef LINKAGE_NORMALISE_DATE_H_
#define LINKAGE_NORMALISE_DATE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

enum class DateFormat : std::uint8_t {
  kIso,
  kDmy,
  kMdy,
  kYyyymmdd,
  kDdmmyyyy,
  kText,
};

// The option name of `format`, e.g. "dmy".
std::string_view DateFormatName(DateFormat format) noexcept;

// Day number of a date that has no single day (a partial date).
inline constexpr std::int32_t kNoDayNumber =
    std::numeric_limits<std::int32_t>::min();

// AS 5017 date accuracy indicator: day, month, year; each 'A', 'E' or 'U'.
struct DateAccuracy {
  std::array<char, 3> code = {'A', 'A', 'A'};
  std::string_view view() const noexcept { return {code.data(), 3}; }
};

struct Date {
  std::int32_t day_number = kNoDayNumber;  // kNoDayNumber iff partial()
  std::int16_t year = 0;
  std::int8_t month = 0;  // 1..12, 0 when unknown
  std::int8_t day = 0;    // 1..31, 0 when unknown
  DateAccuracy accuracy;

  bool partial() const noexcept { return day == 0; }
};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil). REQUIRES: 1 <= month <= 12, 1 <= day <= 31.
std::int32_t DaysFromCivil(int year, int month, int day) noexcept;

// Inverse of DaysFromCivil.
void CivilFromDays(std::int32_t day_number, int* year, int* month,
                   int* day) noexcept;

// Today's UTC date as a day number.
std::int32_t TodayDayNumber() noexcept;

// Writes `date` as "YYYY-MM-DD", "YYYY-MM" or "YYYY" into `out` and returns
// the number of characters written (10, 7 or 4). REQUIRES: 1 <= year <= 9999.
std::size_t FormatIsoDate(const Date& date, char out[10]) noexcept;

struct DateOptions {
  // Tried in order; see the file comment.
  std::vector<DateFormat> formats = {DateFormat::kIso, DateFormat::kYyyymmdd,
                                     DateFormat::kDmy, DateFormat::kText};
  // Two-digit years below the pivot are 20yy, others 19yy. -1: derived from
  // `today` (its two-digit year + 1), or 50 when `today` is unset.
  int century_pivot = -1;
  // Latest accepted day number; unset = no future check. The normaliser
  // factory sets it to TodayDayNumber() unless the spec gives "today".
  std::optional<std::int32_t> today;
  // Earliest accepted day number (1900-01-01).
  std::int32_t floor = -25567;
  // Accept year-month and year-only dates.
  bool allow_partial = true;
  // Day numbers treated as "unknown" (kPlaceholder): 1900-01-01.
  std::vector<std::int32_t> placeholders = {-25567};
};

// Parses a raw date. Returns nullopt and sets *why to kMissing, kTooLong,
// kInvalidUtf8, kControlCharacter (see internal/field_input.h), kBadFormat,
// kImpossibleDate, kPlaceholder, kBeforeFloor or kFutureDate; on success
// sets *why to kNone. Allocation-free. REQUIRES: why != nullptr.
std::optional<Date> ParseDate(std::string_view raw, const DateOptions& options,
                              Issue* why) noexcept;

// Builds the "date" normaliser from a column spec (options above). Returns
// InvalidArgument, with a message starting with the option's JSON sub-path
// (".formats[1]: unknown date format ..."), for an unknown option or a bad
// value.
absl::StatusOr<std::unique_ptr<Normaliser>> MakeDateNormaliser(
    const nlohmann::json& spec);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_DATE_H_
