// Copyright 2026 The Linkage Authors.
//
// Value formatting and corruption helpers for the synthetic register
// generator (linkage/generator.h): NHS number check digits, civil dates and
// the date formats agencies type, postcode spacing, Latin-1 accents in UTF-8,
// and single-character typos with a QWERTY neighbourhood.
//
// Example:
//   std::string name = "Smith";
//   ApplyTypo(name, rng);                       // e.g. "Smiht" or "Snith"
//   AppendDate(out, DaysFromCivil(2015, 5, 1), DateFormat::kLong);  // "1 May
//   2015"
//
// Thread-safety: pure functions (the Xoshiro256 argument is the caller's).
#ifndef LINKAGE_INTERNAL_GENERATOR_TEXT_H_
#define LINKAGE_INTERNAL_GENERATOR_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "linkage/internal/generator_random.h"

namespace linkage::internal {

// NHS number Modulus 11 check digit of the first nine digits: weights 10..2,
// check = 11 - (sum mod 11), 11 -> 0. Returns 10 when no valid check digit
// exists (such a nine-digit stem is never issued).
// REQUIRES: `nine` holds exactly nine ASCII digits.
int NhsCheckDigit(std::string_view nine);

// True if `digits` is ten ASCII digits whose last is the check digit of the
// first nine.
bool IsValidNhsNumber(std::string_view digits);

// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm).
int32_t DaysFromCivil(int year, int month, int day);
// Inverse of DaysFromCivil.
void CivilFromDays(int32_t days, int& year, int& month, int& day);
int DaysInMonth(int year, int month);

enum class DateFormat {
  kIso,       // 2015-05-01
  kDmy,       // 01/05/2015
  kDmyShort,  // 1/5/15
  kLong,      // 1 May 2015
};

// Appends `days` in `format` to `out`.
void AppendDate(std::string& out, int32_t days, DateFormat format);

// Appends an unspaced upper-case postcode, with the single space before the
// inward code when `spaced`, lower-cased when `lower`.
void AppendPostcode(std::string& out, std::string_view unspaced, bool spaced,
                    bool lower);

// Appends `value` as a CSV field, quoting it if it holds , " CR or LF.
void AppendCsvField(std::string& out, std::string_view value);

// Upper-cases ASCII letters and the Latin-1 lower-case letters encoded in
// UTF-8 (U+00E0..U+00FE, "ë" -> "Ë"); other bytes unchanged.
std::string ToUpperUtf8(std::string_view text);

// Replaces the Latin-1 accented letters in UTF-8 with their base letter
// ("Zoë" -> "Zoe", "Siobhán" -> "Siobhan"). Returns true if anything changed.
bool StripAccents(std::string& text);

// Removes everything but ASCII letters and digits, lower-cased (for e-mail
// local parts). Accents are stripped first.
std::string EmailToken(std::string_view text);

// One keyboard-style typo at an ASCII-letter position of `text`: substitute a
// QWERTY neighbour, insert a neighbour, delete, or transpose two adjacent
// letters, keeping the case of the letter it replaces. Returns false (text
// unchanged) if `text` has fewer than two ASCII letters.
bool ApplyTypo(std::string& text, Xoshiro256& rng);

// Replaces one digit of `digits` (ASCII digits, spaces allowed) with a
// different digit. Returns false if there is no digit.
bool ApplyDigitTypo(std::string& digits, Xoshiro256& rng);

// Appends the decimal digits of `value` (>= 0), zero-padded to `width`.
void AppendZeroPadded(std::string& out, std::int64_t value, int width);

}  // namespace linkage::internal

#endif  // LINKAGE_INTERNAL_GENERATOR_TEXT_H_
