// Copyright 2026 The Linkage Authors.
#include "comparators/date_compare.h"

#include <utility>

namespace linkage {

std::int64_t MonthsBetween(std::int32_t a, std::int32_t b,
                           const DateDiffOptions& options) noexcept {
  if (a > b) std::swap(a, b);
  const CivilDate from = CivilFromDays(a);
  const CivilDate to = CivilFromDays(b);
  std::int64_t months = (static_cast<std::int64_t>(to.year) - from.year) * 12 +
                        (static_cast<std::int64_t>(to.month) - from.month);
  if (to.day < from.day) {
    const bool month_end =
        options.month_end_completes_month && to.day == DaysInMonth(to.year, to.month);
    if (!month_end) --months;
  }
  return months;
}

std::int64_t YearsBetween(std::int32_t a, std::int32_t b,
                          const DateDiffOptions& options) noexcept {
  return MonthsBetween(a, b, options) / 12;
}

bool DayMonthSwapped(std::int32_t a, std::int32_t b) noexcept {
  // One year apart or more: not the same year (and no calendar arithmetic).
  const std::int64_t days = std::int64_t{a} - b;
  if (days == 0 || days > 365 || days < -365) return false;
  const CivilDate x = CivilFromDays(a);
  const CivilDate y = CivilFromDays(b);
  return x.year == y.year && x.day == y.month && x.month == y.day;
}

}  // namespace linkage
