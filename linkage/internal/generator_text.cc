// Copyright 2026 The Linkage Authors.

#include "linkage/internal/generator_text.h"

#include <cstddef>
#include <utility>
#include <vector>

namespace linkage::internal {
namespace {

constexpr const char* kMonthNames[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// QWERTY neighbours of each lower-case letter (same row and adjacent rows).
constexpr const char* kNeighbours[26] = {
    "qwsz",   "vghn", "xdfv",   "serfcx", "wsdr",   "drtgvc", "ftyhbv",
    "gyujnb", "ujko", "huikmn", "jiolm",  "kop",    "njk",    "bhjm",
    "iklp",   "ol",   "wa",     "edft",   "awedxz", "rfgy",   "yhji",
    "cfgb",   "qase", "zsdc",   "tghu",   "asx"};

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

char MatchCase(char c, char like) {
  return (like >= 'A' && like <= 'Z') ? c - ('a' - 'A') : c;
}

char Neighbour(char c, Xoshiro256& rng) {
  const char lower = Lower(c);
  if (lower < 'a' || lower > 'z') return 'e';
  const std::string_view options = kNeighbours[lower - 'a'];
  return MatchCase(options[rng.Below(options.size())], c);
}

// Base letter of the Latin-1 letter U+00C0 + `offset` (0..63), or 0.
char AccentBase(unsigned offset) {
  // U+00C0..U+00FF; '\0' where there is no single base letter.
  static constexpr char kBase[] =
      "AAAAAA\0CEEEEIIII\0NOOOOO\0\0UUUUY\0\0"
      "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0y";
  return offset < 64 ? kBase[offset] : '\0';
}

}  // namespace

int NhsCheckDigit(std::string_view nine) {
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (nine[i] - '0') * (10 - i);
  const int check = 11 - (sum % 11);
  return check == 11 ? 0 : check;
}

bool IsValidNhsNumber(std::string_view digits) {
  if (digits.size() != 10) return false;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  const int check = NhsCheckDigit(digits.substr(0, 9));
  return check != 10 && check == digits[9] - '0';
}

int32_t DaysFromCivil(int year, int month, int day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 +
                       static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

void CivilFromDays(int32_t days, int& year, int& month, int& day) {
  days += 719468;
  const int era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe) + era * 400 + (month <= 2);
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

namespace {

}  // namespace

void AppendDate(std::string& out, int32_t days, DateFormat format) {
  int year, month, day;
  CivilFromDays(days, year, month, day);
  switch (format) {
    case DateFormat::kIso:
      AppendZeroPadded(out, year, 4);
      out += '-';
      AppendZeroPadded(out, month, 2);
      out += '-';
      AppendZeroPadded(out, day, 2);
      return;
    case DateFormat::kDmy:
      AppendZeroPadded(out, day, 2);
      out += '/';
      AppendZeroPadded(out, month, 2);
      out += '/';
      AppendZeroPadded(out, year, 4);
      return;
    case DateFormat::kDmyShort:
      AppendZeroPadded(out, day, 1);
      out += '/';
      AppendZeroPadded(out, month, 1);
      out += '/';
      AppendZeroPadded(out, year % 100, 2);
      return;
    case DateFormat::kLong:
      AppendZeroPadded(out, day, 1);
      out += ' ';
      out += kMonthNames[month - 1];
      out += ' ';
      AppendZeroPadded(out, year, 4);
      return;
  }
}

void AppendPostcode(std::string& out, std::string_view unspaced, bool spaced,
                    bool lower) {
  const std::size_t split = unspaced.size() >= 3 ? unspaced.size() - 3 : 0;
  for (std::size_t i = 0; i < unspaced.size(); ++i) {
    if (spaced && i == split && i > 0) out += ' ';
    out += lower ? Lower(unspaced[i]) : unspaced[i];
  }
}

void AppendCsvField(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(value);
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string ToUpperUtf8(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'a' && c <= 'z') {
      out[i] = static_cast<char>(c - ('a' - 'A'));
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const unsigned char next = static_cast<unsigned char>(out[i + 1]);
      // U+00E0..U+00FE except U+00F7 (division sign).
      if (next >= 0xA0 && next <= 0xBE && next != 0xB7) {
        out[i + 1] = static_cast<char>(next - 0x20);
      }
      ++i;
    }
  }
  return out;
}

bool StripAccents(std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool changed = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
      const unsigned char next = static_cast<unsigned char>(text[i + 1]);
      const char base =
          next >= 0x80 && next <= 0xBF ? AccentBase(next - 0x80) : '\0';
      if (base != '\0') {
        out += base;
        ++i;
        changed = true;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  if (changed) text = std::move(out);
  return changed;
}

std::string EmailToken(std::string_view text) {
  std::string plain(text);
  StripAccents(plain);
  std::string out;
  for (char c : plain) {
    if (IsAsciiLetter(c) || (c >= '0' && c <= '9')) out += Lower(c);
  }
  return out;
}

bool ApplyTypo(std::string& text, Xoshiro256& rng) {
  std::vector<std::size_t> letters;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (IsAsciiLetter(text[i])) letters.push_back(i);
  }
  if (letters.size() < 2) return false;
  // Typists rarely get the first letter wrong: prefer later positions.
  const std::size_t pick =
      rng.Chance(0.15) ? 0 : 1 + rng.Below(letters.size() - 1);
  const std::size_t position = letters[pick];
  switch (rng.Below(4)) {
    case 0:  // substitute
      text[position] = Neighbour(text[position], rng);
      return true;
    case 1: {  // insert a neighbour after
      const char inserted = Lower(Neighbour(text[position], rng));
      text.insert(position + 1, 1, MatchCase(inserted, text[position]));
      return true;
    }
    case 2:  // delete
      text.erase(position, 1);
      return true;
    default: {  // transpose with the next letter (or the previous one)
      std::size_t other;
      if (pick + 1 < letters.size() && letters[pick + 1] == position + 1) {
        other = position + 1;
      } else if (pick > 0 && letters[pick - 1] + 1 == position) {
        other = position - 1;
      } else {
        text[position] = Neighbour(text[position], rng);
        return true;
      }
      if (Lower(text[position]) == Lower(text[other])) {
        text.erase(position, 1);  // "ll" transposed is no change: drop one
        return true;
      }
      // Keep capitalisation in place ("Smith" -> "Msith" would be odd).
      const char first = text[position];
      const char second = text[other];
      text[position] = MatchCase(Lower(second), first);
      text[other] = MatchCase(Lower(first), second);
      return true;
    }
  }
}

bool ApplyDigitTypo(std::string& digits, Xoshiro256& rng) {
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (digits[i] >= '0' && digits[i] <= '9') positions.push_back(i);
  }
  if (positions.empty()) return false;
  const std::size_t position = positions[rng.Below(positions.size())];
  const int old_digit = digits[position] - '0';
  const int new_digit = (old_digit + 1 + static_cast<int>(rng.Below(9))) % 10;
  digits[position] = static_cast<char>('0' + new_digit);
  return true;
}

void AppendZeroPadded(std::string& out, std::int64_t value, int width) {
  char buffer[24];
  int length = 0;
  do {
    buffer[length++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  while (length < width) buffer[length++] = '0';
  while (length > 0) out += buffer[--length];
}

}  // namespace linkage::internal
