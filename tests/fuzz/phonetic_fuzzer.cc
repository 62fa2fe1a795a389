// Copyright 2026 The Linkage Authors.
//
// libFuzzer target: every phonetic encoder and typed comparison on arbitrary
// bytes, with every option, must not crash, must not read out of bounds and
// must keep its documented invariants (symmetry, code sizes).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "comparators/date_compare.h"
#include "comparators/double_metaphone.h"
#include "comparators/identifier_compare.h"
#include "comparators/match_rating.h"
#include "comparators/metaphone.h"
#include "comparators/numeric_compare.h"
#include "comparators/nysiis.h"
#include "comparators/postcode_compare.h"
#include "comparators/soundex.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void EncodeAll(std::string_view s) {
  Check(linkage::Metaphone(s).size() <= linkage::PhoneticCode::kCapacity);
  for (bool flag : {false, true}) {
    const linkage::PhoneticCode soundex = linkage::Soundex(s, {.keep_leading_non_letter = flag});
    Check(soundex.empty() || soundex.size() >= 4);
    const linkage::PhoneticCode nysiis6 = linkage::Nysiis(s, {.truncate_to_6 = true, .fold_accents = flag});
    const linkage::PhoneticCode nysiis = linkage::Nysiis(s, {.truncate_to_6 = false, .fold_accents = flag});
    Check(nysiis6.size() <= nysiis.size());
    const linkage::PhoneticCode codex = linkage::MatchRatingCodex(s, {.fold_accents = flag});
    Check(codex.size() <= 6 * 3);  // up to 3 UTF-8 bytes per unfolded letter
    for (std::size_t max_len : {std::size_t{0}, std::size_t{1}, std::size_t{4}, std::size_t{1000}}) {
      const linkage::DoubleMetaphoneCode dm =
          linkage::DoubleMetaphone(s, {.max_code_len = max_len, .fold_accents = flag});
      if (max_len != 0) Check(dm.primary.size() <= max_len && dm.alternate.size() <= max_len);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  EncodeAll(input);
  // Two strings: split at the first '|' (or in the middle).
  std::size_t cut = input.find('|');
  if (cut == std::string_view::npos) cut = size / 2;
  const std::string_view a = input.substr(0, cut);
  const std::string_view b = input.substr(cut < size ? cut + 1 : cut);
  Check(linkage::MatchRatingCompare(a, b) == linkage::MatchRatingCompare(b, a));
  Check(linkage::ComparePostcodes(a, b) == linkage::ComparePostcodes(b, a));
  Check(linkage::CompareIdentifiers(a, b) == linkage::CompareIdentifiers(b, a));
  Check(linkage::CompareIdentifiers(a, a) == linkage::IdentifierAgreement::kExact);
  // Dates and numbers from the first 16 bytes.
  if (size >= 16) {
    std::int32_t x, y;
    double p, q;
    std::memcpy(&x, data, 4);
    std::memcpy(&y, data + 4, 4);
    std::memcpy(&p, data + 8, 8);
    q = static_cast<double>(y);
    Check(linkage::DaysBetween(x, y) == linkage::DaysBetween(y, x));
    Check(linkage::MonthsBetween(x, y) >= 0);
    Check(linkage::YearsBetween(x, y, {.month_end_completes_month = true}) >= 0);
    Check(linkage::DayMonthSwapped(x, y) == linkage::DayMonthSwapped(y, x));
    const linkage::CivilDate date = linkage::CivilFromDays(x);
    Check(linkage::DaysFromCivil64(date.year, date.month, date.day) == x);
    const double relative = linkage::RelativeDifference(p, q);
    Check(relative != relative || (relative >= 0.0 && relative <= 2.0));
    (void)linkage::AbsoluteDifference(p, q);
  }
  return 0;
}
