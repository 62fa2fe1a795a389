// Copyright 2026 The Linkage Authors.
#include "normalise/internal/field_input.h"

#include <cstring>

#include "comparators/internal/utf8.h"

namespace linkage::internal {
namespace {

bool IsAsciiControl(unsigned char c) noexcept {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

bool IsRejectedCodePoint(char32_t cp) noexcept {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
         (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

bool IsStrippedCodePoint(char32_t cp) noexcept {
  return (cp >= 0x200B && cp <= 0x200F) || cp == 0x061C || cp == 0x2060 ||
         cp == 0xFEFF || cp == 0x00AD;
}

// Trims ASCII whitespace and NBSP (C2 A0) from both ends.
std::string_view Trim(std::string_view s) noexcept {
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.front())) {
      s.remove_prefix(1);
    } else if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC2 &&
               static_cast<unsigned char>(s[1]) == 0xA0) {
      s.remove_prefix(2);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= 2 &&
               static_cast<unsigned char>(s[s.size() - 2]) == 0xC2 &&
               static_cast<unsigned char>(s.back()) == 0xA0) {
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

}  // namespace

std::string_view PrepareField(std::string_view raw, FieldBuffer* buffer,
                              Issue* why) noexcept {
  if (raw.size() > kMaxFieldBytes) {
    *why = Issue::kTooLong;
    return {};
  }
  if (IsAscii(raw)) {
    for (char c : raw) {
      if (IsAsciiControl(static_cast<unsigned char>(c))) {
        *why = Issue::kControlCharacter;
        return {};
      }
    }
    std::string_view trimmed = Trim(raw);
    *why = trimmed.empty() ? Issue::kMissing : Issue::kNone;
    return trimmed;
  }
  if (!IsValidUtf8(raw)) {
    *why = Issue::kInvalidUtf8;
    return {};
  }
  std::size_t out = 0;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const std::size_t start = pos;
    const char32_t cp = DecodeOne(raw, &pos);
    if (IsRejectedCodePoint(cp)) {
      *why = Issue::kControlCharacter;
      return {};
    }
    if (IsStrippedCodePoint(cp)) continue;
    if (cp == 0xA0) {  // NBSP is a space (e.g. "SW1A\u00A01AA" from HTML)
      buffer->data[out++] = ' ';
      continue;
    }
    std::memcpy(buffer->data + out, raw.data() + start, pos - start);
    out += pos - start;
  }
  std::string_view trimmed = Trim(std::string_view(buffer->data, out));
  *why = trimmed.empty() ? Issue::kMissing : Issue::kNone;
  return trimmed;
}

}  // namespace linkage::internal
