// Copyright 2026 The Linkage Authors.
#include "comparators/metaphone.h"

#include <cstddef>

#include "comparators/internal/utf8.h"

namespace linkage {
namespace {

using internal::PreparedName;
using Index = std::ptrdiff_t;

// Stands for jellyfish's "*****" past the end: equal to no character.
constexpr char32_t kEnd = 0xFFFFFFFF;

constexpr bool IsVowel(char32_t c) {
  return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}
constexpr bool IsOneOf(char32_t c, std::string_view set) {
  for (char s : set) {
    if (c == static_cast<char32_t>(s)) return true;
  }
  return false;
}

// Upper-case folded letters; other characters kept (they are context);
// combining marks dropped.
void Prepare(std::string_view name, PreparedName* out) {
  out->size = 0;
  std::size_t pos = 0;
  while (pos < name.size() && out->size < PreparedName::kMaxNameChars) {
    const char32_t cp = internal::DecodeOne(name, &pos);
    if (cp >= 0x300 && cp <= 0x36F) continue;
    char letters[2];
    const int n = internal::FoldLatinLetter(cp, letters);
    if (n == 0) {
      out->push_back(cp);
    } else {
      for (int k = 0; k < n; ++k) out->push_back(static_cast<char32_t>(letters[k]));
    }
  }
}

}  // namespace

PhoneticCode Metaphone(std::string_view name) noexcept {
  PreparedName s;
  Prepare(name, &s);
  PhoneticCode code;
  Index begin = 0;
  if (s.size >= 2) {
    const char32_t c0 = s.chars[0], c1 = s.chars[1];
    if ((c1 == 'N' && (c0 == 'K' || c0 == 'G' || c0 == 'P')) || (c0 == 'W' && c1 == 'R') ||
        (c0 == 'A' && c1 == 'E')) {
      begin = 1;  // silent first letter
    }
  }
  const Index len = static_cast<Index>(s.size) - begin;
  auto at = [&](Index i) -> char32_t {
    return (i < 0 || i >= len) ? kEnd : s.chars[begin + i];
  };
  auto add = [&](char c) { code.push_back(c); };

  for (Index i = 0; i < len; ++i) {
    const char32_t c = at(i);
    const char32_t next = at(i + 1);
    const char32_t nextnext = at(i + 2);
    if (c == next && c != 'C') continue;  // skip doubles except CC
    switch (c) {
      case 'A': case 'E': case 'I': case 'O': case 'U':
        if (i == 0 || at(i - 1) == ' ') add(static_cast<char>(c));
        break;
      case 'B': add('B'); break;
      case 'C':
        if ((next == 'I' && nextnext == 'A') || next == 'H') {
          add('X');
          ++i;
        } else if (IsOneOf(next, "IEY")) {
          add('S');
          ++i;
        } else {
          add('K');
        }
        break;
      case 'D':
        if (next == 'G' && IsOneOf(nextnext, "IEY")) {
          add('J');
          i += 2;
        } else {
          add('T');
        }
        break;
      case 'F': case 'J': case 'L': case 'M': case 'N': case 'R':
        add(static_cast<char>(c));
        break;
      case 'G':
        if (IsOneOf(next, "IEY")) {
          add('J');
        } else if (next == 'H' && !IsVowel(nextnext)) {
          ++i;  // silent GH
        } else {
          add('K');
        }
        break;
      case 'H':
        if (i == 0 || IsVowel(next) || !IsVowel(at(i - 1))) add('H');
        break;
      case 'K':
        if (i == 0 || at(i - 1) != 'C') add('K');
        break;
      case 'P':
        if (next == 'H') {
          add('F');
          ++i;
        } else {
          add('P');
        }
        break;
      case 'Q': add('K'); break;
      case 'S':
        if (next == 'H') {
          add('X');
          ++i;
        } else if (next == 'I' && IsOneOf(nextnext, "OA")) {
          add('X');
          i += 2;
        } else {
          add('S');
        }
        break;
      case 'T':
        if (next == 'I' && IsOneOf(nextnext, "OA")) {
          add('X');
        } else if (next == 'H') {
          add('0');
          ++i;
        } else if (next != 'C' || nextnext != 'H') {
          add('T');
        }
        break;
      case 'V': add('F'); break;
      case 'W':
        if (i == 0 && next == 'H') {
          ++i;
          add('W');
        } else if (IsVowel(next)) {
          add('W');
        }
        break;
      case 'X':
        if (i == 0) {
          add(next == 'H' || (next == 'I' && IsOneOf(nextnext, "OA")) ? 'X' : 'S');
        } else {
          add('K');
          add('S');
        }
        break;
      case 'Y':
        if (IsVowel(next)) add('Y');
        break;
      case 'Z': add('S'); break;
      case ' ':
        if (!code.empty() && code.back() != ' ') add(' ');
        break;
      default: break;
    }
  }
  return code;
}

}  // namespace linkage
