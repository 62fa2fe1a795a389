// Copyright 2026 The Linkage Authors.
//
// Date comparisons. Day numbers below were computed independently with
// Python's datetime (date(y, m, d) - date(1970, 1, 1)).days.
#include "comparators/date_compare.h"

#include <cstdint>
#include <limits>
#include <string>

#include "gtest/gtest.h"

namespace linkage {
namespace {

TEST(CivilDaysTest, KnownDayNumbers) {
  struct Case {
    std::int32_t year;
    std::uint32_t month, day;
    std::int32_t days;
  } const kCases[] = {
      {1970, 1, 1, 0},          {1969, 12, 31, -1},       {2000, 3, 1, 11017},
      {2020, 2, 29, 18321},     {2021, 2, 28, 18686},     {1900, 1, 1, -25567},
      {1, 1, 1, -719162},       {9999, 12, 31, 2932896},  {2038, 1, 19, 24855},
      {1600, 2, 29, -135081},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), c.days) << c.year << "-" << c.month;
    EXPECT_EQ(CivilFromDays(c.days), (CivilDate{c.year, c.month, c.day})) << c.days;
  }
}

TEST(CivilDaysTest, IsoDateTextOfKnownDays) {
  // The texts from the day numbers above (Python's date.isoformat(); year 0,
  // which Python has not, is a leap year 366 days before 0001-01-01).
  const struct {
    std::int32_t days;
    const char* text;
  } kCases[] = {{0, "1970-01-01"},        {-1, "1969-12-31"},      {18321, "2020-02-29"},
                {-719162, "0001-01-01"},  {-719528, "0000-01-01"}, {2932896, "9999-12-31"},
                {-135081, "1600-02-29"},  {11017, "2000-03-01"}};
  for (const auto& c : kCases) {
    char text[10];
    ASSERT_TRUE(IsoDateText(c.days, text)) << c.days;
    EXPECT_EQ(std::string(text, sizeof(text)), c.text) << c.days;
  }
  // Years four digits cannot write.
  char text[10];
  EXPECT_FALSE(IsoDateText(-719529, text));  // -0001-12-31
  EXPECT_FALSE(IsoDateText(2932897, text));  // 10000-01-01
}

TEST(CivilDaysTest, RoundTripsAndStepsByOneDay) {
  CivilDate previous = CivilFromDays(-800000);
  for (std::int32_t days = -799999; days <= 800000; ++days) {
    const CivilDate date = CivilFromDays(days);
    ASSERT_TRUE(IsValidCivil(date.year, date.month, date.day)) << days;
    ASSERT_EQ(DaysFromCivil(date.year, date.month, date.day), days);
    // The next day of `previous`.
    const bool month_end = previous.day == DaysInMonth(previous.year, previous.month);
    if (!month_end) {
      ASSERT_EQ(date, (CivilDate{previous.year, previous.month, previous.day + 1}));
    } else if (previous.month < 12) {
      ASSERT_EQ(date, (CivilDate{previous.year, previous.month + 1, 1}));
    } else {
      ASSERT_EQ(date, (CivilDate{previous.year + 1, 1, 1}));
    }
    previous = date;
  }
}

TEST(CivilDaysTest, Int32ExtremesRoundTrip) {
  for (std::int32_t days : {std::numeric_limits<std::int32_t>::min(),
                            std::numeric_limits<std::int32_t>::max()}) {
    const CivilDate date = CivilFromDays(days);
    EXPECT_TRUE(IsValidCivil(date.year, date.month, date.day));
    EXPECT_EQ(DaysFromCivil64(date.year, date.month, date.day), days);
  }
}

TEST(CivilDaysTest, LeapYearsAndMonthLengths) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_EQ(DaysInMonth(2024, 2), 29u);
  EXPECT_EQ(DaysInMonth(2100, 2), 28u);
  EXPECT_EQ(DaysInMonth(2023, 4), 30u);
  EXPECT_EQ(DaysInMonth(2023, 13), 0u);
  EXPECT_FALSE(IsValidCivil(2023, 2, 29));
  EXPECT_FALSE(IsValidCivil(2023, 0, 1));
}

std::int32_t D(std::int32_t y, std::uint32_t m, std::uint32_t d) { return DaysFromCivil(y, m, d); }

TEST(DateDiffTest, DaysMonthsYearsHandComputed) {
  struct Case {
    std::int32_t a, b;
    std::int64_t days, months, years;          // strict (default)
    std::int64_t months_clamped, years_clamped;  // month_end_completes_month
  } const kCases[] = {
      // Leap-day birthday: strict turns one on 1 March, clamped on 28 Feb.
      {D(2020, 2, 29), D(2021, 2, 28), 365, 11, 0, 12, 1},
      {D(2020, 2, 29), D(2021, 3, 1), 366, 12, 1, 12, 1},
      {D(2020, 2, 29), D(2024, 2, 29), 1461, 48, 4, 48, 4},
      // Month ends.
      {D(2020, 1, 31), D(2020, 2, 29), 29, 0, 0, 1, 0},
      {D(2019, 1, 31), D(2019, 3, 1), 29, 1, 0, 1, 0},
      {D(2019, 1, 31), D(2019, 4, 30), 89, 2, 0, 3, 0},
      {D(2000, 1, 15), D(2000, 2, 14), 30, 0, 0, 0, 0},
      {D(2000, 1, 15), D(2000, 2, 15), 31, 1, 0, 1, 0},
      // Ages.
      {D(1980, 6, 15), D(2024, 6, 14), 16070, 527, 43, 527, 43},
      {D(1980, 6, 15), D(2024, 6, 15), 16071, 528, 44, 528, 44},
      {D(1960, 12, 31), D(1961, 1, 1), 1, 0, 0, 0, 0},
      {D(1965, 5, 5), D(1965, 5, 5), 0, 0, 0, 0, 0},
      // Before 1970 and across it.
      {D(1901, 3, 10), D(1999, 3, 9), 35793, 1175, 97, 1175, 97},
  };
  for (const Case& c : kCases) {
    for (bool swap : {false, true}) {
      const std::int32_t a = swap ? c.b : c.a;
      const std::int32_t b = swap ? c.a : c.b;
      EXPECT_EQ(DaysBetween(a, b), c.days) << c.a << " " << c.b;
      EXPECT_EQ(MonthsBetween(a, b), c.months) << c.a << " " << c.b;
      EXPECT_EQ(YearsBetween(a, b), c.years) << c.a << " " << c.b;
      const DateDiffOptions clamp{.month_end_completes_month = true};
      EXPECT_EQ(MonthsBetween(a, b, clamp), c.months_clamped) << c.a << " " << c.b;
      EXPECT_EQ(YearsBetween(a, b, clamp), c.years_clamped) << c.a << " " << c.b;
    }
  }
}

TEST(DateDiffTest, ExtremesDoNotOverflow) {
  const std::int32_t lo = std::numeric_limits<std::int32_t>::min();
  const std::int32_t hi = std::numeric_limits<std::int32_t>::max();
  EXPECT_EQ(DaysBetween(lo, hi), 4294967295LL);
  EXPECT_GT(YearsBetween(lo, hi), 11000000);
}

TEST(DayMonthSwappedTest, Table) {
  struct Case {
    std::int32_t a, b;
    bool swapped;
  } const kCases[] = {
      {D(1990, 3, 4), D(1990, 4, 3), true},
      {D(1990, 12, 1), D(1990, 1, 12), true},
      {D(1990, 3, 4), D(1990, 3, 4), false},   // equal is not swapped
      {D(1990, 5, 5), D(1990, 5, 5), false},
      {D(1990, 3, 4), D(1991, 4, 3), false},   // different year
      {D(1990, 3, 4), D(1990, 4, 4), false},
      {D(1990, 3, 13), D(1990, 3, 31), false},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(DayMonthSwapped(c.a, c.b), c.swapped) << c.a << " " << c.b;
    EXPECT_EQ(DayMonthSwapped(c.b, c.a), c.swapped) << c.b << " " << c.a;
  }
}

// The day-count shortcuts of WithinMonths / WithinYears / DayMonthSwapped
// (MonthsApartBeyondDays, YearsApartBeyondDays) give what the calendar
// arithmetic gives, for every date of 1999-2004 (leap years, month ends)
// against every date up to a few thresholds away.
TEST(DateShortcutsTest, AgreeWithCalendarArithmeticExhaustively) {
  const std::int32_t first = DaysFromCivil(1999, 1, 1);
  const std::int32_t last = DaysFromCivil(2004, 12, 31);
  for (const bool month_end : {false, true}) {
    DateDiffOptions options;
    options.month_end_completes_month = month_end;
    for (const double t : {0.0, 1.0, 1.5, 2.0, 6.0}) {
      const std::int32_t span = static_cast<std::int32_t>(31 * (t + 4));
      for (std::int32_t a = first; a <= last; a += 3) {
        for (std::int32_t b = a - span; b <= a + span; ++b) {
          ASSERT_EQ(WithinMonths(a, b, t, options),
                    MonthsBetween(a, b, options) <= static_cast<std::int64_t>(t))
              << a << " " << b << " " << t;
        }
      }
    }
    for (const double t : {0.0, 0.5, 1.0, 2.0}) {
      const std::int32_t span = static_cast<std::int32_t>(366 * (t + 3));
      for (std::int32_t a = first; a <= last; a += 7) {
        for (std::int32_t b = a - span; b <= a + span; ++b) {
          ASSERT_EQ(WithinYears(a, b, t, options),
                    YearsBetween(a, b, options) <= static_cast<std::int64_t>(t))
              << a << " " << b << " " << t;
        }
      }
    }
  }
  for (std::int32_t a = first; a <= last; a += 5) {
    const CivilDate x = CivilFromDays(a);
    for (std::int32_t b = a - 800; b <= a + 800; ++b) {
      const CivilDate y = CivilFromDays(b);
      const bool expected =
          a != b && x.year == y.year && x.day == y.month && x.month == y.day;
      ASSERT_EQ(DayMonthSwapped(a, b), expected) << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace linkage
