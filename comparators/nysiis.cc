// Copyright 2026 The Linkage Authors.
#include "comparators/nysiis.h"

#include <cstddef>

namespace linkage {
namespace {

using internal::PreparedName;

constexpr bool IsVowel(char32_t c) {
  return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

bool StartsWith(const PreparedName& s, std::string_view prefix) {
  if (s.size < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (s.chars[k] != static_cast<char32_t>(prefix[k])) return false;
  }
  return true;
}

bool EndsWith(const PreparedName& s, std::string_view suffix) {
  if (s.size < suffix.size()) return false;
  const std::size_t start = s.size - suffix.size();
  for (std::size_t k = 0; k < suffix.size(); ++k) {
    if (s.chars[start + k] != static_cast<char32_t>(suffix[k])) return false;
  }
  return true;
}

// Replaces the first `n` chars of `s` by `with` (with.size() <= n).
void ReplacePrefix(PreparedName* s, std::size_t n, std::string_view with) {
  const std::size_t shift = n - with.size();
  for (std::size_t k = 0; k < with.size(); ++k) s->chars[k] = static_cast<char32_t>(with[k]);
  if (shift == 0) return;
  for (std::size_t k = with.size(); k + shift < s->size; ++k) s->chars[k] = s->chars[k + shift];
  s->size -= shift;
}

// The key under construction, as code points (non-ASCII letters survive when
// accents are not folded).
struct Key {
  char32_t chars[PreparedName::kMaxNameChars + 1];
  std::size_t size = 0;
  char32_t back() const { return chars[size - 1]; }
  void push_back(char32_t c) {
    if (size < PreparedName::kMaxNameChars + 1) chars[size++] = c;
  }
};

}  // namespace

PhoneticCode Nysiis(std::string_view name, const NysiisOptions& options) noexcept {
  PreparedName s;
  internal::PrepareLetters(name, options.fold_accents, &s);
  PhoneticCode code;
  if (s.size == 0) return code;

  // Step 1: prefixes.
  if (StartsWith(s, "MAC")) {
    ReplacePrefix(&s, 3, "MCC");
  } else if (StartsWith(s, "KN")) {
    ReplacePrefix(&s, 2, "N");
  } else if (StartsWith(s, "K")) {
    ReplacePrefix(&s, 1, "C");
  } else if (StartsWith(s, "PH") || StartsWith(s, "PF")) {
    ReplacePrefix(&s, 2, "FF");
  } else if (StartsWith(s, "SCH")) {
    ReplacePrefix(&s, 3, "SSS");
  }
  // Step 2: suffixes.
  if (EndsWith(s, "IE") || EndsWith(s, "EE")) {
    s.chars[s.size - 2] = 'Y';
    --s.size;
  } else if (EndsWith(s, "DT") || EndsWith(s, "RT") || EndsWith(s, "RD") ||
             EndsWith(s, "NT") || EndsWith(s, "ND")) {
    s.chars[s.size - 2] = 'D';
    --s.size;
  }

  // Step 3: the first character of the key is the first of the name.
  Key key;
  key.push_back(s.chars[0]);

  // Step 4: translate the rest; a chunk is appended unless its last char
  // repeats the key's last char.
  const std::ptrdiff_t len = static_cast<std::ptrdiff_t>(s.size);
  for (std::ptrdiff_t i = 1; i < len; ++i) {
    char32_t chunk[2] = {s.chars[i], 0};
    std::size_t chunk_size = 1;
    const char32_t ch = s.chars[i];
    const char32_t prev = s.chars[i - 1];
    const char32_t next = s.at(i + 1);
    if (ch == 'E' && next == 'V') {
      chunk[0] = 'A';
      chunk[1] = 'F';
      chunk_size = 2;
      ++i;
    } else if (IsVowel(ch)) {
      chunk[0] = 'A';
    } else if (ch == 'Q') {
      chunk[0] = 'G';
    } else if (ch == 'Z') {
      chunk[0] = 'S';
    } else if (ch == 'M') {
      chunk[0] = 'N';
    } else if (ch == 'K') {
      chunk[0] = next == 'N' ? 'N' : 'C';
    } else if (ch == 'S' && next == 'C' && s.at(i + 2) == 'H') {
      chunk[0] = 'S';
      chunk[1] = 'S';
      chunk_size = 2;
      i += 2;
    } else if (ch == 'P' && next == 'H') {
      chunk[0] = 'F';
      ++i;
    } else if (ch == 'H' && (!IsVowel(prev) || (i + 1 < len && !IsVowel(next)) ||
                             i + 1 == len)) {
      chunk[0] = IsVowel(prev) ? 'A' : prev;
    } else if (ch == 'W' && IsVowel(prev)) {
      chunk[0] = prev;
    }
    if (chunk[chunk_size - 1] != key.back()) {
      for (std::size_t k = 0; k < chunk_size; ++k) key.push_back(chunk[k]);
    }
  }

  // Step 5: remove a final S; step 6: AY -> Y; step 7: remove a final A.
  if (key.size > 1 && key.back() == 'S') --key.size;
  if (key.size >= 2 && key.back() == 'Y' && key.chars[key.size - 2] == 'A') {
    key.chars[key.size - 2] = 'Y';
    --key.size;
  }
  if (key.size > 1 && key.back() == 'A') --key.size;

  std::size_t limit = options.truncate_to_6 ? 6 : key.size;
  if (limit > key.size) limit = key.size;
  for (std::size_t k = 0; k < limit; ++k) internal::AppendCodePoint(key.chars[k], &code);
  return code;
}

}  // namespace linkage
