// Copyright 2026 The Linkage Authors.
#include "comparators/soundex.h"

#include <cstddef>

#include "comparators/internal/utf8.h"

namespace linkage {
namespace {

// Soundex digit of A..Z; '0' for vowels (and Y), '-' for H and W.
constexpr char kSoundexDigit[] = "0123012-02245501262301-202";
static_assert(sizeof(kSoundexDigit) - 1 == 26);

constexpr bool IsCombiningMark(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

}  // namespace

PhoneticCode Soundex(std::string_view name, const SoundexOptions& options) noexcept {
  PhoneticCode code;
  char last = 0;  // digit of the previous letter, 0 after a separator
  int digits = 0;
  std::size_t pos = 0;
  while (pos < name.size() && digits < 3) {
    const char32_t cp = internal::DecodeOne(name, &pos);
    char letters[2];
    const int n = internal::FoldLatinLetter(cp, letters);
    if (code.empty()) {
      if (n == 0) {
        if (options.keep_leading_non_letter) {
          internal::AppendCodePoint(internal::UpperLatin(cp), &code);
          last = 0;
        }
        continue;
      }
    } else if (n == 0) {
      if (!IsCombiningMark(cp)) last = 0;
      continue;
    }
    for (int k = 0; k < n && digits < 3; ++k) {
      const char digit = kSoundexDigit[letters[k] - 'A'];
      if (code.empty()) {
        code.push_back(letters[k]);
        last = digit == '-' ? 0 : digit;
        continue;
      }
      if (digit == '-') continue;  // H, W: keep `last`
      if (digit == '0') {
        last = 0;
        continue;
      }
      if (digit != last) {
        code.push_back(digit);
        ++digits;
      }
      last = digit;
    }
  }
  if (code.empty()) return code;
  for (; digits < 3; ++digits) code.push_back('0');
  return code;
}

}  // namespace linkage
