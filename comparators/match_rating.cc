// Copyright 2026 The Linkage Authors.
#include "comparators/match_rating.h"

#include <algorithm>
#include <cstddef>

#include "comparators/internal/utf8.h"

namespace linkage {
namespace {

constexpr bool IsVowel(char32_t c) {
  return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

// A codex as code points (at most 6).
struct Codex {
  char32_t chars[6] = {};
  std::size_t size = 0;
};

void Decode(const PhoneticCode& code, Codex* codex) {
  const std::string_view s = code.view();
  std::size_t pos = 0;
  while (pos < s.size() && codex->size < 6) {
    codex->chars[codex->size++] = internal::DecodeOne(s, &pos);
  }
}

}  // namespace

PhoneticCode MatchRatingCodex(std::string_view name,
                              const MatchRatingOptions& options) noexcept {
  internal::PreparedName s;
  internal::PrepareLetters(name, options.fold_accents, &s);
  // Letters kept, before the first-3/last-3 cut.
  char32_t kept[internal::PreparedName::kMaxNameChars];
  std::size_t kept_size = 0;
  for (std::size_t i = 0; i < s.size; ++i) {
    const char32_t c = s.chars[i];
    if (i == 0 || (!IsVowel(c) && c != s.chars[i - 1])) kept[kept_size++] = c;
  }
  PhoneticCode code;
  if (kept_size > 6) {
    for (std::size_t i = 0; i < 3; ++i) internal::AppendCodePoint(kept[i], &code);
    for (std::size_t i = kept_size - 3; i < kept_size; ++i) {
      internal::AppendCodePoint(kept[i], &code);
    }
  } else {
    for (std::size_t i = 0; i < kept_size; ++i) internal::AppendCodePoint(kept[i], &code);
  }
  return code;
}

std::optional<bool> MatchRatingCompareCodex(const PhoneticCode& a,
                                            const PhoneticCode& b) noexcept {
  Codex codex1, codex2;
  Decode(a, &codex1);
  Decode(b, &codex2);
  const std::size_t len1 = codex1.size;
  const std::size_t len2 = codex2.size;
  if ((len1 > len2 ? len1 - len2 : len2 - len1) >= 3) return std::nullopt;

  const std::size_t sum = len1 + len2;
  const int min_rating = sum <= 4 ? 5 : sum <= 7 ? 4 : sum <= 11 ? 3 : 2;

  // Left to right: keep the characters at positions where the codices differ.
  char32_t rest1[6], rest2[6];
  std::size_t n1 = 0, n2 = 0;
  for (std::size_t i = 0; i < std::max(len1, len2); ++i) {
    const char32_t c1 = i < len1 ? codex1.chars[i] : 0;
    const char32_t c2 = i < len2 ? codex2.chars[i] : 0;
    if (c1 == c2) continue;
    if (c1 != 0) rest1[n1++] = c1;
    if (c2 != 0) rest2[n2++] = c2;
  }
  // Right to left over what is left; count the unmatched.
  int unmatched1 = 0, unmatched2 = 0;
  for (std::size_t i = 0; i < std::max(n1, n2); ++i) {
    const char32_t c1 = i < n1 ? rest1[n1 - 1 - i] : 0;
    const char32_t c2 = i < n2 ? rest2[n2 - 1 - i] : 0;
    if (c1 == c2) continue;
    if (c1 != 0) ++unmatched1;
    if (c2 != 0) ++unmatched2;
  }
  return 6 - std::max(unmatched1, unmatched2) >= min_rating;
}

std::optional<bool> MatchRatingCompare(std::string_view a, std::string_view b,
                                       const MatchRatingOptions& options) noexcept {
  return MatchRatingCompareCodex(MatchRatingCodex(a, options),
                                 MatchRatingCodex(b, options));
}

}  // namespace linkage
