// Copyright 2026 The Linkage Authors.
//
// Date comparisons on day numbers (days since 1970-01-01, proleptic
// Gregorian calendar, int32): the absolute difference in days, whole
// calendar months and whole years (an age-style difference), and detection
// of a day/month transposition (03/04 keyed as 04/03).
//
// This header also holds the calendar conversions (Howard Hinnant's
// days_from_civil / civil_from_days, "chrono-Compatible Low-Level Date
// Algorithms"), exact for every int32 day number; normalise/ reuses them to
// turn parsed dates into day numbers, so there is one calendar in the
// project.
//
// Example:
//   const int32_t a = DaysFromCivil(2020, 2, 29);
//   const int32_t b = DaysFromCivil(2021, 2, 28);
//   DaysBetween(a, b) == 365; YearsBetween(a, b) == 0; MonthsBetween(a, b) == 11
//   DayMonthSwapped(DaysFromCivil(1990, 3, 4), DaysFromCivil(1990, 4, 3)) == true
//
// Thread-safety: pure constexpr/noexcept functions; safe from any thread.
#ifndef LINKAGE_COMPARATORS_DATE_COMPARE_H_
#define LINKAGE_COMPARATORS_DATE_COMPARE_H_

#include <cmath>
#include <cstdint>

namespace linkage {

struct CivilDate {
  std::int32_t year = 1970;
  std::uint32_t month = 1;  // 1..12
  std::uint32_t day = 1;    // 1..31

  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

constexpr bool IsLeapYear(std::int64_t year) noexcept {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

// Days in `month` of `year`; 0 if `month` is not in 1..12.
constexpr std::uint32_t DaysInMonth(std::int64_t year, std::uint32_t month) noexcept {
  constexpr std::uint8_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// True if year/month/day names a real date.
constexpr bool IsValidCivil(std::int64_t year, std::uint32_t month, std::uint32_t day) noexcept {
  return day >= 1 && day <= DaysInMonth(year, month);
}

// Day number of year/month/day (Hinnant's days_from_civil), as int64 so that
// any year fits. REQUIRES: IsValidCivil(year, month, day) for a meaningful
// result (out-of-range days roll over as in the original algorithm).
constexpr std::int64_t DaysFromCivil64(std::int64_t year, std::uint32_t month,
                                       std::uint32_t day) noexcept {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t yoe = year - era * 400;                              // [0, 399]
  const std::int64_t mp = (static_cast<std::int64_t>(month) + 9) % 12;    // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + static_cast<std::int64_t>(day) - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;         // [0, 146096]
  return era * 146097 + doe - 719468;
}

// Day number of year/month/day. REQUIRES: the date is valid and its day
// number fits in int32 (years about -5.8 million .. +5.8 million).
constexpr std::int32_t DaysFromCivil(std::int32_t year, std::uint32_t month,
                                     std::uint32_t day) noexcept {
  return static_cast<std::int32_t>(DaysFromCivil64(year, month, day));
}

// Calendar date of day number `days` (Hinnant's civil_from_days). Exact for
// every int32 value.
constexpr CivilDate CivilFromDays(std::int32_t days) noexcept {
  const std::int64_t z = static_cast<std::int64_t>(days) + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                 // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                               // [0, 11]
  const std::uint32_t day = static_cast<std::uint32_t>(doy - (153 * mp + 2) / 5 + 1);
  const std::uint32_t month = static_cast<std::uint32_t>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t year = yoe + era * 400 + (month <= 2);
  return CivilDate{static_cast<std::int32_t>(year), month, day};
}

// Writes the ISO 8601 text "YYYY-MM-DD" of day number `days` to out[0..10)
// (as the date normaliser writes a full date) and returns true; false, with
// `out` unspecified, when the year is outside 0..9999, which four digits
// cannot hold.
constexpr bool IsoDateText(std::int32_t days, char out[10]) noexcept {
  const CivilDate date = CivilFromDays(days);
  if (date.year < 0 || date.year > 9999) return false;
  const auto put = [&](int at, std::uint32_t value, int width) {
    for (int k = width - 1; k >= 0; --k) {
      out[at + k] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, static_cast<std::uint32_t>(date.year), 4);
  out[4] = '-';
  put(5, date.month, 2);
  out[7] = '-';
  put(8, date.day, 2);
  return true;
}

// |a - b| in days. Never overflows.
constexpr std::int64_t DaysBetween(std::int32_t a, std::int32_t b) noexcept {
  const std::int64_t diff = static_cast<std::int64_t>(a) - b;
  return diff < 0 ? -diff : diff;
}

struct DateDiffOptions {
  // How a month is completed when the later month is shorter than the
  // earlier date's day (from Jan 31 to Feb 29, from Feb 29 to Feb 28 of a
  // common year):
  //  false (default): strict, as java.time.Period and UK age law: the month
  //    completes only when the later day-of-month reaches the earlier one
  //    (someone born 29 Feb turns one on 1 Mar of a common year);
  //  true: the last day of the later month also completes it, as Python's
  //    dateutil.relativedelta (turns one on 28 Feb).
  bool month_end_completes_month = false;
};

// Whole calendar months from the earlier to the later of `a` and `b`
// (order does not matter; result >= 0). Age-style: 2000-01-15 to 2000-02-14
// is 0 months, to 2000-02-15 is 1.
std::int64_t MonthsBetween(std::int32_t a, std::int32_t b,
                           const DateDiffOptions& options = {}) noexcept;

// Whole years from the earlier to the later date: MonthsBetween / 12, i.e.
// the age on the later date of someone born on the earlier one.
std::int64_t YearsBetween(std::int32_t a, std::int32_t b,
                          const DateDiffOptions& options = {}) noexcept;

// The day counts beyond which two dates are more than max_months months
// (max_years years) apart, whatever DateDiffOptions say: a (t + 1)-month
// anniversary is at most 31 (t + 1) + 3 days after the date, a (t + 1)-year
// one at most 366 (t + 1) + 1, where t is the whole part of the maximum.
inline double MonthsApartBeyondDays(double max_months) noexcept {
  return 31.0 * (std::floor(max_months) + 1) + 3;
}
inline double YearsApartBeyondDays(double max_years) noexcept {
  return 366.0 * (std::floor(max_years) + 1) + 1;
}

// MonthsBetween(a, b) <= max_months and YearsBetween(a, b) <= max_years,
// answered from the day count alone when the dates are further apart than
// the bounds above, which random pairs of dates of birth almost always are.
inline bool WithinMonths(std::int32_t a, std::int32_t b, double max_months,
                         const DateDiffOptions& options = {}) noexcept {
  const std::int64_t days = a > b ? std::int64_t{a} - b : std::int64_t{b} - a;
  if (static_cast<double>(days) > MonthsApartBeyondDays(max_months)) return false;
  return static_cast<double>(MonthsBetween(a, b, options)) <= max_months;
}
inline bool WithinYears(std::int32_t a, std::int32_t b, double max_years,
                        const DateDiffOptions& options = {}) noexcept {
  const std::int64_t days = a > b ? std::int64_t{a} - b : std::int64_t{b} - a;
  if (static_cast<double>(days) > YearsApartBeyondDays(max_years)) return false;
  return static_cast<double>(YearsBetween(a, b, options)) <= max_years;
}

// True when `a` and `b` are in the same year, a's day equals b's month and
// a's month equals b's day, and a != b: the day and month were transposed
// (1990-03-04 vs 1990-04-03). Only possible when both day numbers are <= 12.
bool DayMonthSwapped(std::int32_t a, std::int32_t b) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_DATE_COMPARE_H_
