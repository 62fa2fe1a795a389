// Copyright 2026 The Linkage Authors.
//
// UTF-8 decoding shared by the comparators. Every comparator works on code
// points; this header turns bytes into code points without allocating.
//
// Invalid input never fails: each byte that does not start a well-formed
// UTF-8 sequence (stray continuation byte, truncated or overlong sequence,
// encoded surrogate, value above U+10FFFF) decodes to the lone surrogate
// U+DC00 + byte ("surrogateescape", as Python does). Lone surrogates are never
// produced by valid UTF-8, so an invalid byte equals only the same invalid
// byte, and comparisons on arbitrary bytes stay exact and deterministic.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef LINKAGE_COMPARATORS_INTERNAL_UTF8_H_
#define LINKAGE_COMPARATORS_INTERNAL_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace linkage::internal {

// True if every byte of `s` is below 0x80.
inline bool IsAscii(std::string_view s) noexcept {
  // Eight bytes at a time; names are short, so this is mostly the tail loop.
  std::size_t i = 0;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    __builtin_memcpy(&word, p + i, 8);
    if (word & 0x8080808080808080ULL) return false;
  }
  for (; i < s.size(); ++i) {
    if (p[i] & 0x80) return false;
  }
  return true;
}

// Decodes one code point from `s` starting at byte `*pos` and advances `*pos`
// past it. REQUIRES: *pos < s.size().
inline char32_t DecodeOne(std::string_view s, std::size_t* pos) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = *pos;
  const unsigned char b0 = p[i];
  auto escape = [&]() noexcept {
    *pos = i + 1;
    return static_cast<char32_t>(0xDC00 + b0);
  };
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  auto cont = [&](std::size_t k) noexcept {
    return i + k < n && (p[i + k] & 0xC0) == 0x80;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (!cont(1)) return escape();
    *pos = i + 2;
    return (char32_t(b0 & 0x1F) << 6) | (p[i + 1] & 0x3F);
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return escape();
    const char32_t cp = (char32_t(b0 & 0x0F) << 12) |
                        (char32_t(p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return escape();
    *pos = i + 3;
    return cp;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return escape();
    const char32_t cp =
        (char32_t(b0 & 0x07) << 18) | (char32_t(p[i + 1] & 0x3F) << 12) |
        (char32_t(p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
    if (cp < 0x10000 || cp > 0x10FFFF) return escape();
    *pos = i + 4;
    return cp;
  }
  return escape();
}

// Decodes `s` into `out`, writing at most `capacity` code points. Returns the
// number of code points in `s` (which may exceed `capacity`; then only the
// first `capacity` were written).
inline std::size_t DecodeUtf8(std::string_view s, char32_t* out,
                              std::size_t capacity) noexcept {
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char32_t cp = DecodeOne(s, &pos);
    if (count < capacity) out[count] = cp;
    ++count;
  }
  return count;
}

// Number of code points in `s` under the decoding above.
inline std::size_t CountCodePoints(std::string_view s) noexcept {
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    DecodeOne(s, &pos);
    ++count;
  }
  return count;
}

// Byte offset of the first ill-formed UTF-8 sequence in `s` (stray
// continuation byte, truncated or overlong sequence, surrogate, > U+10FFFF),
// or std::string_view::npos if `s` is valid. Readers use it to name the
// column of a bad byte.
inline std::size_t FirstInvalidUtf8(std::string_view s) noexcept {
  if (IsAscii(s)) return std::string_view::npos;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t before = pos;
    const char32_t cp = DecodeOne(s, &pos);
    if (cp >= 0xDC80 && cp <= 0xDCFF && pos == before + 1 &&
        static_cast<unsigned char>(s[before]) >= 0x80) {
      return before;
    }
  }
  return std::string_view::npos;
}

// True if `s` is well-formed UTF-8 (no byte would decode to an escape).
inline bool IsValidUtf8(std::string_view s) noexcept {
  return FirstInvalidUtf8(s) == std::string_view::npos;
}

}  // namespace linkage::internal

#endif  // LINKAGE_COMPARATORS_INTERNAL_UTF8_H_
