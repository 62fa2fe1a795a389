// Copyright 2026 The Linkage Authors.
#include "normalise/date.h"

#include <chrono>
#include <string>

#include "comparators/date_compare.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

// Reference day numbers from the standard library's calendar (C++20
// <chrono>), independent of DaysFromCivil.
std::int32_t ChronoDays(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return static_cast<std::int32_t>(
      sys_days(year_month_day(year(y), month(m), day(d))).time_since_epoch().count());
}

std::unique_ptr<Normaliser> Make(nlohmann::json spec) {
  spec["normaliser"] = "date";
  if (!spec.contains("today")) spec["today"] = "2026-06-30";
  absl::StatusOr<std::unique_ptr<Normaliser>> made = MakeDateNormaliser(spec);
  EXPECT_TRUE(made.ok()) << made.status();
  return made.ok() ? std::move(*made) : nullptr;
}

TEST(DateTest, DaysFromCivilMatchesChronoEverywhere) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1900, 1, 1), -25567);
  EXPECT_EQ(DaysFromCivil(2000, 2, 29), 11016);
  // Every day from 1800 to 2100, both directions.
  for (std::int32_t z = ChronoDays(1800, 1, 1); z <= ChronoDays(2100, 12, 31);
       ++z) {
    using namespace std::chrono;
    const year_month_day ymd{sys_days{days{z}}};
    const int y = static_cast<int>(ymd.year());
    const int m = static_cast<int>(static_cast<unsigned>(ymd.month()));
    const int d = static_cast<int>(static_cast<unsigned>(ymd.day()));
    ASSERT_EQ(DaysFromCivil(y, m, d), z);
    int y2, m2, d2;
    CivilFromDays(z, &y2, &m2, &d2);
    ASSERT_EQ(y2, y);
    ASSERT_EQ(m2, m);
    ASSERT_EQ(d2, d);
  }
}

struct Case {
  std::string raw;
  Issue issue;
  std::string value;
};

void RunTable(const Normaliser& n, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.raw.substr(0, 40));
    NormalisedValue v = n.Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue) << IssueName(v.issue);
    EXPECT_EQ(v.value, c.value);
    EXPECT_EQ(v.null(), v.value.empty());
    EXPECT_EQ(v.parts.size(), v.null() ? 0u : 5u);
    if (!v.null()) {
      EXPECT_EQ(n.Normalise(v.value).value, v.value) << "idempotent";
    }
  }
}

TEST(DateTest, DefaultFormatsUkOrder) {
  auto n = Make({});
  RunTable(*n, {
      {"2015-05-01", Issue::kNone, "2015-05-01"},
      {"2015/5/1", Issue::kNone, "2015-05-01"},
      {"2015-05-01T10:20:30Z", Issue::kNone, "2015-05-01"},
      {"2015-05-01 00:00:00.000", Issue::kNone, "2015-05-01"},
      {"20150501", Issue::kNone, "2015-05-01"},
      {"01/05/2015", Issue::kNone, "2015-05-01"},  // dmy, not mdy
      {"1/5/2015", Issue::kNone, "2015-05-01"},
      {"01-05-2015", Issue::kNone, "2015-05-01"},
      {"01.05.2015", Issue::kNone, "2015-05-01"},
      {"1/5/15", Issue::kNone, "2015-05-01"},
      {"1/5/26", Issue::kNone, "2026-05-01"},  // pivot: today's yy + 1 = 27
      {"1/5/27", Issue::kNone, "1927-05-01"},
      {"1/5/99", Issue::kNone, "1999-05-01"},
      {"1 May 2015", Issue::kNone, "2015-05-01"},
      {"01-MAY-2015", Issue::kNone, "2015-05-01"},
      {"1st May 2015", Issue::kNone, "2015-05-01"},
      {"22nd September 1981", Issue::kNone, "1981-09-22"},
      {"May 1, 2015", Issue::kNone, "2015-05-01"},
      {"1 sept 1981", Issue::kNone, "1981-09-01"},
      {"29/02/2000", Issue::kNone, "2000-02-29"},
      {"  31/12/1999\t", Issue::kNone, "1999-12-31"},
      {"\u200E31/12/1999", Issue::kNone, "1999-12-31"},  // LRM stripped
      // Partial dates.
      {"2015-05", Issue::kNone, "2015-05"},
      {"05/2015", Issue::kNone, "2015-05"},
      {"May 2015", Issue::kNone, "2015-05"},
      {"2015", Issue::kNone, "2015"},
      {"00/05/1980", Issue::kNone, "1980-05"},
      {"1980-00-00", Issue::kNone, "1980"},
      // Impossible.
      {"31/02/2015", Issue::kImpossibleDate, ""},
      {"29/02/1900", Issue::kImpossibleDate, ""},
      {"29/02/2015", Issue::kImpossibleDate, ""},
      {"01/13/2015", Issue::kImpossibleDate, ""},  // mdy not listed
      {"2015-13-01", Issue::kImpossibleDate, ""},
      {"20151301", Issue::kImpossibleDate, ""},
      {"32 May 2015", Issue::kImpossibleDate, ""},
      {"0 May 2015", Issue::kImpossibleDate, ""},
      {"15/00/2015", Issue::kImpossibleDate, ""},
      // Range.
      {"1900-01-01", Issue::kPlaceholder, ""},
      {"1899-12-31", Issue::kBeforeFloor, ""},
      {"1899", Issue::kBeforeFloor, ""},
      {"1900-01-02", Issue::kNone, "1900-01-02"},
      {"2026-06-30", Issue::kNone, "2026-06-30"},
      {"2026-07-01", Issue::kFutureDate, ""},
      {"2026-07", Issue::kFutureDate, ""},
      {"2026-06", Issue::kNone, "2026-06"},
      {"2027", Issue::kFutureDate, ""},
      // Not dates.
      {"yesterday", Issue::kBadFormat, ""},
      {"1 Mai 2015", Issue::kBadFormat, ""},
      {"2015-05-01 junk", Issue::kBadFormat, ""},
      {"01/05/2015/7", Issue::kBadFormat, ""},
      {"2015-05/01", Issue::kBadFormat, ""},  // mixed separators
      {"123456789012", Issue::kBadFormat, ""},
      {"1@5@2015", Issue::kBadFormat, ""},
      {"", Issue::kMissing, ""},
      {std::string("2015-05-01\0", 11), Issue::kControlCharacter, ""},
      {"\u202E2015-05-01", Issue::kControlCharacter, ""},
      {"2015-05-01\xfe", Issue::kInvalidUtf8, ""},
      {std::string(1 << 20, '1'), Issue::kTooLong, ""},
  });
}

TEST(DateTest, FirstListedFormatWins) {
  auto dmy_first = Make({{"formats", {"dmy", "mdy"}}});
  auto mdy_first = Make({{"formats", {"mdy", "dmy"}}});
  EXPECT_EQ(dmy_first->Normalise("01/02/2015").value, "2015-02-01");
  EXPECT_EQ(mdy_first->Normalise("01/02/2015").value, "2015-01-02");
  // Impossible in the first format, possible in the second.
  EXPECT_EQ(dmy_first->Normalise("02/13/2015").value, "2015-02-13");
  EXPECT_EQ(mdy_first->Normalise("13/02/2015").value, "2015-02-13");
  // Formats not listed are not tried, except iso (always last).
  EXPECT_EQ(dmy_first->Normalise("20150213").issue, Issue::kBadFormat);
  EXPECT_EQ(dmy_first->Normalise("13 Feb 2015").issue, Issue::kBadFormat);
  EXPECT_EQ(dmy_first->Normalise("2015-02-13").value, "2015-02-13");
  auto ddmmyyyy = Make({{"formats", {"ddmmyyyy"}}});
  EXPECT_EQ(ddmmyyyy->Normalise("01052015").value, "2015-05-01");
}

TEST(DateTest, OptionsChangeRanges) {
  auto n = Make({{"century_pivot", 50},
                 {"floor", "1850-06-15"},
                 {"placeholders", nlohmann::json::array()},
                 {"allow_partial", false},
                 {"today", "2000-01-01"}});
  RunTable(*n, {
      {"1/5/49", Issue::kFutureDate, ""},  // 49 < pivot: 2049
      {"1/5/50", Issue::kNone, "1950-05-01"},
      {"1900-01-01", Issue::kNone, "1900-01-01"},
      {"1850-06-15", Issue::kNone, "1850-06-15"},
      {"1850-06-14", Issue::kBeforeFloor, ""},
      {"2000-01-02", Issue::kFutureDate, ""},
      {"2000-01", Issue::kBadFormat, ""},
      {"1999", Issue::kBadFormat, ""},
  });
  auto pivot = Make({{"century_pivot", 50}});
  EXPECT_EQ(pivot->Normalise("1/5/49").issue, Issue::kFutureDate);  // 2049
}

TEST(DateTest, PartsAndAccuracy) {
  auto n = Make({});
  EXPECT_THAT(n->part_names(),
              ElementsAre("day_number", "year", "month", "day", "accuracy"));
  EXPECT_THAT(n->Normalise("1 May 2015").parts,
              ElementsAre(std::to_string(ChronoDays(2015, 5, 1)), "2015", "5",
                          "1", "AAA"));
  EXPECT_THAT(n->Normalise("1969-12-31").parts,
              ElementsAre("-1", "1969", "12", "31", "AAA"));
  EXPECT_THAT(n->Normalise("May 1981").parts,
              ElementsAre("", "1981", "5", "", "UAA"));
  EXPECT_THAT(n->Normalise("1981").parts, ElementsAre("", "1981", "", "", "UUA"));
}

// Scoring computes dates' edit distances from their day numbers
// (comparators' IsoDateText()) when the texts are this normaliser's: a
// full date's value must be the ISO text of its day_number part (dates up
// to the normaliser's "today", every 17th day).
TEST(DateTest, FullDateValueIsTheIsoTextOfItsDayNumber) {
  auto n = Make({{"floor", "0001-01-01"}});
  for (std::int32_t z = ChronoDays(1800, 1, 1); z <= ChronoDays(2026, 6, 30); z += 17) {
    using namespace std::chrono;
    const year_month_day ymd{sys_days{days{z}}};
    // Written day first, as a UK form would have it.
    const std::string raw = std::to_string(static_cast<unsigned>(ymd.day())) + "/" +
                            std::to_string(static_cast<unsigned>(ymd.month())) + "/" +
                            std::to_string(static_cast<int>(ymd.year()));
    const NormalisedValue v = n->Normalise(raw);
    ASSERT_FALSE(v.null()) << raw;
    ASSERT_EQ(v.parts[0], std::to_string(z)) << raw;
    char text[10];
    ASSERT_TRUE(IsoDateText(z, text)) << raw;
    ASSERT_EQ(v.value, std::string(text, sizeof(text))) << raw;
  }
}

TEST(DateTest, TypedApi) {
  DateOptions options;
  options.today = DaysFromCivil(2026, 1, 1);
  Issue why = Issue::kMissing;
  std::optional<Date> d = ParseDate("1 May 2015", options, &why);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(why, Issue::kNone);
  EXPECT_EQ(d->day_number, 16556);
  EXPECT_EQ(d->day_number, ChronoDays(2015, 5, 1));
  EXPECT_EQ(d->year, 2015);
  EXPECT_EQ(d->month, 5);
  EXPECT_EQ(d->day, 1);
  EXPECT_FALSE(d->partial());
  EXPECT_EQ(d->accuracy.view(), "AAA");
  char iso[10];
  EXPECT_EQ(std::string_view(iso, FormatIsoDate(*d, iso)), "2015-05-01");

  d = ParseDate("2015-05", options, &why);
  ASSERT_TRUE(d.has_value());
  EXPECT_TRUE(d->partial());
  EXPECT_EQ(d->day_number, kNoDayNumber);
  EXPECT_EQ(std::string_view(iso, FormatIsoDate(*d, iso)), "2015-05");

  // Without `today` there is no future check.
  DateOptions open;
  EXPECT_TRUE(ParseDate("2999-01-01", open, &why).has_value());
  EXPECT_FALSE(ParseDate("31/04/2015", open, &why).has_value());
  EXPECT_EQ(why, Issue::kImpossibleDate);
}

TEST(DateTest, FactoryErrorsNameTheOption) {
  struct ErrorCase {
    nlohmann::json spec;
    std::string prefix;
  };
  const ErrorCase cases[] = {
      {{{"formats", {"iso", "xyz"}}},
       ".formats[1]: unknown date format \"xyz\"; one of: iso, dmy"},
      {{{"formats", nlohmann::json::array()}}, ".formats: "},
      {{{"formats", "iso"}}, ".formats: "},
      {{{"century_pivot", 101}}, ".century_pivot: "},
      {{{"century_pivot", "30"}}, ".century_pivot: "},
      {{{"today", "30/06/2026"}}, ".today: "},
      {{{"today", "2026-02-30"}}, ".today: "},
      {{{"floor", 1900}}, ".floor: "},
      {{{"floor", "2030-01-01"}, {"today", "2026-01-01"}}, ".floor: "},
      {{{"placeholders", {"1900-01-01", "x"}}}, ".placeholders[1]: "},
      {{{"allow_partial", "no"}}, ".allow_partial: "},
      {{{"format", {"iso"}}}, ".format: unknown option"},
  };
  for (const ErrorCase& c : cases) {
    nlohmann::json spec = c.spec;
    spec["normaliser"] = "date";
    absl::StatusOr<std::unique_ptr<Normaliser>> made = MakeDateNormaliser(spec);
    ASSERT_FALSE(made.ok()) << spec.dump();
    EXPECT_EQ(made.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(made.status().message()), StartsWith(c.prefix));
  }
  // The bare spec works and checks against the real current date.
  auto bare = MakeDateNormaliser({{"normaliser", "date"}});
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ((*bare)->Normalise("1980-02-29").value, "1980-02-29");
  EXPECT_EQ((*bare)->Normalise("9000-01-01").issue, Issue::kFutureDate);
}

}  // namespace
}  // namespace linkage
