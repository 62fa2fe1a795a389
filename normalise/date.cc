// Copyright 2026 The Linkage Authors.
#include "normalise/date.h"

#include <chrono>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "normalise/internal/field_input.h"
#include "normalise/internal/spec_options.h"

namespace linkage {
namespace {

using internal::IsAsciiAlpha;
using internal::IsAsciiDigit;

constexpr std::pair<std::string_view, DateFormat> kFormatNames[] = {
    {"iso", DateFormat::kIso},           {"dmy", DateFormat::kDmy},
    {"mdy", DateFormat::kMdy},           {"yyyymmdd", DateFormat::kYyyymmdd},
    {"ddmmyyyy", DateFormat::kDdmmyyyy}, {"text", DateFormat::kText},
};

// Longest cleaned value worth tokenising ("Wednesday" is not accepted, so
// "30 September 2015" plus an ISO time is the longest useful input).
constexpr std::size_t kMaxDateChars = 40;
constexpr int kMaxTokens = 4;

bool IsLeap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) noexcept {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

struct Token {
  bool numeric = false;
  std::string_view text;  // digits or letters
  char separator = 0;     // separator before the token; 0 if adjacent/first
  int value = 0;          // numeric tokens of up to 8 digits
};

// 1..12 for an English month name, full or three-letter (or "sept"), any
// case; 0 otherwise.
int MonthFromName(std::string_view word) noexcept {
  static constexpr std::string_view kMonths[] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3 || word.size() > 9) return 0;
  char lower[9];
  for (std::size_t i = 0; i < word.size(); ++i) {
    lower[i] = internal::AsciiLower(word[i]);
  }
  const std::string_view w(lower, word.size());
  for (int m = 0; m < 12; ++m) {
    if (w == kMonths[m] || w == kMonths[m].substr(0, 3)) return m + 1;
  }
  return w == "sept" ? 9 : 0;
}

bool IsOrdinalSuffix(std::string_view word) noexcept {
  if (word.size() != 2) return false;
  const char a = internal::AsciiLower(word[0]);
  const char b = internal::AsciiLower(word[1]);
  return (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
         (a == 'r' && b == 'd') || (a == 't' && b == 'h');
}

// Splits `s` into numeric and alphabetic tokens. Returns the token count, or
// -1 for a character that is neither a digit, a letter nor a separator, or
// for too many tokens. Ordinal suffixes ("1st") are dropped.
int Tokenise(std::string_view s, Token* tokens) noexcept {
  int count = 0;
  char separator = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '/' || c == '-' || c == '.' || c == ',' ||
        internal::IsAsciiSpace(c)) {
      // A run of separators counts as its first non-space one, else space.
      if (separator == 0 || separator == ' ') {
        separator = internal::IsAsciiSpace(c) ? ' ' : c;
      }
      ++i;
      continue;
    }
    const bool numeric = IsAsciiDigit(c);
    if (!numeric && !IsAsciiAlpha(c)) return -1;
    std::size_t j = i;
    while (j < s.size() && (numeric ? IsAsciiDigit(s[j]) : IsAsciiAlpha(s[j]))) {
      ++j;
    }
    const std::string_view text = s.substr(i, j - i);
    if (!numeric && separator == 0 && count > 0 && tokens[count - 1].numeric &&
        tokens[count - 1].text.size() <= 2 && IsOrdinalSuffix(text)) {
      i = j;
      continue;
    }
    if (count == kMaxTokens) return -1;
    Token& t = tokens[count++];
    t.numeric = numeric;
    t.text = text;
    t.separator = separator;
    t.value = 0;
    if (numeric) {
      if (text.size() > 8) return -1;
      for (char d : text) t.value = t.value * 10 + (d - '0');
    }
    separator = 0;
    i = j;
  }
  return count;
}

// A candidate date before range checks: month/day 0 mean unknown.
struct Civil {
  int year = 0;
  int month = 0;
  int day = 0;
};

enum class Fit { kNoMatch, kImpossible, kOk };

int ResolveYear(const Token& t, int pivot) noexcept {
  if (t.text.size() == 4) return t.value;
  return t.value < pivot ? 2000 + t.value : 1900 + t.value;
}

bool IsYearToken(const Token& t) noexcept {
  return t.numeric && (t.text.size() == 4 || t.text.size() == 2);
}
bool IsSmallToken(const Token& t) noexcept {  // a day or a month number
  return t.numeric && t.text.size() <= 2;
}

Fit Check(int year, int month, int day, Civil* out) noexcept {
  if (year < 1 || year > 9999 || month < 0 || month > 12 || day < 0) {
    return Fit::kImpossible;
  }
  if (month == 0 && day != 0) return Fit::kImpossible;
  if (day != 0 && day > DaysInMonth(year, month)) return Fit::kImpossible;
  *out = Civil{year, month, day};
  return Fit::kOk;
}

bool SameSeparators(const Token* t, int n, std::string_view allowed) noexcept {
  for (int k = 1; k < n; ++k) {
    if (t[k].separator == 0 || t[k].separator != t[1].separator ||
        allowed.find(t[k].separator) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

Fit TryFormat(DateFormat format, const Token* t, int n, int pivot,
              Civil* out) noexcept {
  switch (format) {
    case DateFormat::kIso:
      if (t[0].numeric && t[0].text.size() == 4) {
        if (n == 1) return Check(t[0].value, 0, 0, out);
        if (!SameSeparators(t, n, "-/.")) return Fit::kNoMatch;
        if (n == 2 && IsSmallToken(t[1])) return Check(t[0].value, t[1].value, 0, out);
        if (n == 3 && IsSmallToken(t[1]) && IsSmallToken(t[2])) {
          return Check(t[0].value, t[1].value, t[2].value, out);
        }
      }
      return Fit::kNoMatch;
    case DateFormat::kDmy:
    case DateFormat::kMdy: {
      if (!SameSeparators(t, n, "/-. ")) return Fit::kNoMatch;
      if (n == 3 && IsSmallToken(t[0]) && IsSmallToken(t[1]) && IsYearToken(t[2])) {
        const bool dmy = format == DateFormat::kDmy;
        const int day = dmy ? t[0].value : t[1].value;
        const int month = dmy ? t[1].value : t[0].value;
        return Check(ResolveYear(t[2], pivot), month, day, out);
      }
      if (n == 2 && IsSmallToken(t[0]) && t[1].numeric && t[1].text.size() == 4) {
        return Check(t[1].value, t[0].value, 0, out);
      }
      return Fit::kNoMatch;
    }
    case DateFormat::kYyyymmdd:
    case DateFormat::kDdmmyyyy: {
      if (n != 1 || !t[0].numeric || t[0].text.size() != 8) return Fit::kNoMatch;
      const int v = t[0].value;
      if (format == DateFormat::kYyyymmdd) {
        return Check(v / 10000, v / 100 % 100, v % 100, out);
      }
      return Check(v % 10000, v / 10000 % 100, v / 1000000, out);
    }
    case DateFormat::kText: {
      if (n == 3 && IsSmallToken(t[0]) && !t[1].numeric && IsYearToken(t[2])) {
        const int month = MonthFromName(t[1].text);
        if (month == 0) return Fit::kNoMatch;
        return Check(ResolveYear(t[2], pivot), month, t[0].value == 0 ? -1 : t[0].value, out);
      }
      if (n == 3 && !t[0].numeric && IsSmallToken(t[1]) && IsYearToken(t[2])) {
        const int month = MonthFromName(t[0].text);
        if (month == 0) return Fit::kNoMatch;
        return Check(ResolveYear(t[2], pivot), month, t[1].value == 0 ? -1 : t[1].value, out);
      }
      if (n == 2 && !t[0].numeric && t[1].numeric && t[1].text.size() == 4) {
        const int month = MonthFromName(t[0].text);
        if (month == 0) return Fit::kNoMatch;
        return Check(t[1].value, month, 0, out);
      }
      return Fit::kNoMatch;
    }
  }
  return Fit::kNoMatch;
}

// Drops an ISO time of day ("T10:20:00Z", " 00:00:00.000") after YYYY-MM-DD.
std::string_view StripIsoTime(std::string_view s) noexcept {
  if (s.size() <= 10 || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != ' ')) {
    return s;
  }
  for (char c : s.substr(11)) {
    if (!IsAsciiDigit(c) && c != ':' && c != '.' && c != '+' && c != '-' &&
        c != 'Z' && c != ' ') {
      return s;
    }
  }
  return s.substr(0, 10);
}

void AppendInt(std::string* out, int v) { absl::StrAppend(out, v); }

class DateNormaliser final : public Normaliser {
 public:
  explicit DateNormaliser(DateOptions options) : options_(std::move(options)) {}

  std::string_view name() const noexcept override { return "date"; }

  std::span<const std::string> part_names() const noexcept override {
    return part_names_;
  }

  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue out;
    std::optional<Date> d = ParseDate(raw, options_, &out.issue);
    if (!d) return out;
    char iso[10];
    out.value.assign(iso, FormatIsoDate(*d, iso));
    out.parts.resize(5);
    if (!d->partial()) AppendInt(&out.parts[0], d->day_number);
    AppendInt(&out.parts[1], d->year);
    if (d->month != 0) AppendInt(&out.parts[2], d->month);
    if (d->day != 0) AppendInt(&out.parts[3], d->day);
    out.parts[4].assign(d->accuracy.view());
    return out;
  }

 private:
  const DateOptions options_;
  const std::vector<std::string> part_names_ = {"day_number", "year", "month",
                                                "day", "accuracy"};
};

// Parses a strict "YYYY-MM-DD" option value.
std::optional<std::int32_t> ParseIsoOption(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  DateOptions strict;
  strict.formats = {DateFormat::kIso};
  strict.allow_partial = false;
  strict.placeholders.clear();
  strict.floor = std::numeric_limits<std::int32_t>::min() + 1;
  Issue why;
  std::optional<Date> d = ParseDate(s, strict, &why);
  if (!d) return std::nullopt;
  return d->day_number;
}

absl::StatusOr<std::int32_t> GetIsoDateOption(const nlohmann::json& spec,
                                              std::string_view key,
                                              std::int32_t fallback) {
  LINKAGE_ASSIGN_OR_RETURN(std::string text,
                           internal::GetStringOption(spec, key, ""));
  if (!spec.contains(std::string(key))) return fallback;
  std::optional<std::int32_t> day = ParseIsoOption(text);
  if (!day) {
    return absl::InvalidArgumentError(absl::StrFormat(
        ".%s: \"%s\" is not a date in the form YYYY-MM-DD", key, text));
  }
  return *day;
}

}  // namespace

std::string_view DateFormatName(DateFormat format) noexcept {
  for (const auto& [name, f] : kFormatNames) {
    if (f == format) return name;
  }
  return "unknown";
}

std::int32_t DaysFromCivil(int year, int month, int day) noexcept {
  // Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".
  const int y = year - (month <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(month > 2 ? month - 3 : month + 9);
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int32_t>(doe) - 719468;
}

void CivilFromDays(std::int32_t day_number, int* year, int* month,
                   int* day) noexcept {
  const std::int64_t z = static_cast<std::int64_t>(day_number) + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int>(y + (m <= 2));
  *month = static_cast<int>(m);
  *day = static_cast<int>(d);
}

std::int32_t TodayDayNumber() noexcept {
  return static_cast<std::int32_t>(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())
          .time_since_epoch()
          .count());
}

std::size_t FormatIsoDate(const Date& date, char out[10]) noexcept {
  auto put = [&](std::size_t at, int value, int width) {
    for (int k = width - 1; k >= 0; --k) {
      out[at + k] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, date.year, 4);
  if (date.month == 0) return 4;
  out[4] = '-';
  put(5, date.month, 2);
  if (date.day == 0) return 7;
  out[7] = '-';
  put(8, date.day, 2);
  return 10;
}

std::optional<Date> ParseDate(std::string_view raw, const DateOptions& options,
                              Issue* why) noexcept {
  internal::FieldBuffer buffer;
  std::string_view clean = internal::PrepareField(raw, &buffer, why);
  if (*why != Issue::kNone) return std::nullopt;
  clean = StripIsoTime(clean);
  Token tokens[kMaxTokens];
  const int n = clean.size() > kMaxDateChars ? -1 : Tokenise(clean, tokens);
  if (n <= 0) {
    *why = Issue::kBadFormat;
    return std::nullopt;
  }

  int today_year = 0, today_month = 0, today_day = 0;
  if (options.today) {
    CivilFromDays(*options.today, &today_year, &today_month, &today_day);
  }
  const int pivot = options.century_pivot >= 0 ? options.century_pivot
                    : options.today             ? today_year % 100 + 1
                                                : 50;

  // The first listed format yielding a real date wins; otherwise the first
  // format whose shape fits says why the value is impossible. ISO is always
  // tried last, so that every canonical value parses again.
  Issue failure = Issue::kBadFormat;
  std::optional<Civil> found;
  const std::size_t listed = options.formats.size();
  for (std::size_t k = 0; k <= listed; ++k) {
    const DateFormat format = k < listed ? options.formats[k] : DateFormat::kIso;
    Civil civil;
    const Fit fit = TryFormat(format, tokens, n, pivot, &civil);
    if (fit == Fit::kOk && (civil.day != 0 || options.allow_partial)) {
      found = civil;
      break;
    }
    if (failure == Issue::kBadFormat && fit == Fit::kImpossible) {
      failure = Issue::kImpossibleDate;
    }
  }
  if (!found) {
    *why = failure;
    return std::nullopt;
  }

  Date date;
  date.year = static_cast<std::int16_t>(found->year);
  date.month = static_cast<std::int8_t>(found->month);
  date.day = static_cast<std::int8_t>(found->day);
  if (found->day != 0) {
    date.day_number = DaysFromCivil(found->year, found->month, found->day);
  } else {
    date.accuracy.code[0] = 'U';
    if (found->month == 0) date.accuracy.code[1] = 'U';
  }

  // Range checks. A partial date is compared by the periods it can denote:
  // before the floor only if its whole period is, in the future only if its
  // whole period is.
  if (!date.partial()) {
    for (std::int32_t placeholder : options.placeholders) {
      if (placeholder == date.day_number) {
        *why = Issue::kPlaceholder;
        return std::nullopt;
      }
    }
  }
  int floor_year, floor_month, floor_day;
  CivilFromDays(options.floor, &floor_year, &floor_month, &floor_day);
  auto period_key = [](int y, int m) { return y * 13 + m; };
  bool before_floor, in_future = false;
  if (!date.partial()) {
    before_floor = date.day_number < options.floor;
    in_future = options.today && date.day_number > *options.today;
  } else if (date.month != 0) {
    before_floor = period_key(date.year, date.month) <
                   period_key(floor_year, floor_month);
    in_future = options.today && period_key(date.year, date.month) >
                                     period_key(today_year, today_month);
  } else {
    before_floor = date.year < floor_year;
    in_future = options.today && date.year > today_year;
  }
  if (before_floor) {
    *why = Issue::kBeforeFloor;
    return std::nullopt;
  }
  if (in_future) {
    *why = Issue::kFutureDate;
    return std::nullopt;
  }
  *why = Issue::kNone;
  return date;
}

absl::StatusOr<std::unique_ptr<Normaliser>> MakeDateNormaliser(
    const nlohmann::json& spec) {
  LINKAGE_RETURN_IF_ERROR(internal::CheckSpecKeys(
      spec, {"formats", "century_pivot", "today", "floor", "allow_partial",
             "placeholders"}));
  DateOptions options;
  if (spec.contains("formats")) {
    LINKAGE_ASSIGN_OR_RETURN(std::vector<std::string> names,
                             internal::GetStringListOption(spec, "formats", {}));
    if (names.empty()) {
      return absl::InvalidArgumentError(".formats: must not be empty");
    }
    options.formats.clear();
    for (std::size_t i = 0; i < names.size(); ++i) {
      bool known = false;
      for (const auto& [name, format] : kFormatNames) {
        if (name == names[i]) {
          options.formats.push_back(format);
          known = true;
        }
      }
      if (!known) {
        return absl::InvalidArgumentError(absl::StrFormat(
            ".formats[%d]: unknown date format \"%s\"; one of: iso, dmy, mdy, "
            "yyyymmdd, ddmmyyyy, text",
            i, names[i]));
      }
    }
  }
  LINKAGE_ASSIGN_OR_RETURN(std::int64_t pivot,
                           internal::GetIntOption(spec, "century_pivot", -1, 0, 100));
  if (spec.contains("century_pivot")) options.century_pivot = static_cast<int>(pivot);
  LINKAGE_ASSIGN_OR_RETURN(options.allow_partial,
                           internal::GetBoolOption(spec, "allow_partial", true));
  LINKAGE_ASSIGN_OR_RETURN(std::int32_t today,
                           GetIsoDateOption(spec, "today", TodayDayNumber()));
  options.today = today;
  LINKAGE_ASSIGN_OR_RETURN(options.floor,
                           GetIsoDateOption(spec, "floor", options.floor));
  if (options.floor > today) {
    return absl::InvalidArgumentError(".floor: is after \"today\"");
  }
  if (spec.contains("placeholders")) {
    LINKAGE_ASSIGN_OR_RETURN(
        std::vector<std::string> values,
        internal::GetStringListOption(spec, "placeholders", {}));
    options.placeholders.clear();
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::optional<std::int32_t> day = ParseIsoOption(values[i]);
      if (!day) {
        return absl::InvalidArgumentError(absl::StrFormat(
            ".placeholders[%d]: \"%s\" is not a date in the form YYYY-MM-DD",
            i, values[i]));
      }
      options.placeholders.push_back(*day);
    }
  }
  return std::make_unique<DateNormaliser>(std::move(options));
}

}  // namespace linkage
