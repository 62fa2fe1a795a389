// Copyright 2026 The Linkage Authors.
//
// Locates the first byte of a string that is not well-formed UTF-8, for
// readers that must name the column of a bad byte.
//
// Thread-safety: pure function.
#ifndef LINKAGE_LINKAGE_INTERNAL_UTF8_CHECK_H_
#define LINKAGE_LINKAGE_INTERNAL_UTF8_CHECK_H_

#include <cstddef>
#include <string_view>

#include "comparators/internal/utf8.h"

namespace linkage::internal {

// Byte offset of the first ill-formed UTF-8 sequence in `s` (stray
// continuation byte, truncated or overlong sequence, surrogate, > U+10FFFF),
// or std::string_view::npos if `s` is valid.
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

}  // namespace linkage::internal

#endif  // LINKAGE_LINKAGE_INTERNAL_UTF8_CHECK_H_
