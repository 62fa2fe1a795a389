// Copyright 2026 The Linkage Authors.
//
// Internal: turns a UTF-8 string into an array of code points without
// touching the heap for short strings, and dispatches a metric kernel on
// either raw bytes (both strings ASCII: the fast path) or decoded code points.
//
// Storage: up to kInlineCodePoints (256) code points live inline (on the
// caller's stack); longer strings are decoded into one heap array. Invalid
// UTF-8 never fails: each invalid byte becomes one unit U+DC00+byte (see
// utf8.h).
//
// Thread-safety: a CodePoints object is not shared; the functions are pure.
#ifndef LINKAGE_COMPARATORS_INTERNAL_CODE_POINTS_H_
#define LINKAGE_COMPARATORS_INTERNAL_CODE_POINTS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "comparators/internal/utf8.h"

namespace linkage::internal {

inline constexpr std::size_t kInlineCodePoints = 256;

// The code points of one string. Not copyable: it may point into itself.
class CodePoints {
 public:
  explicit CodePoints(std::string_view s) noexcept {
    size_ = DecodeUtf8(s, inline_, kInlineCodePoints);
    data_ = inline_;
    if (size_ > kInlineCodePoints) {
      // Long strings: one allocation (aborts on out-of-memory).
      heap_.reset(new char32_t[size_]);
      DecodeUtf8(s, heap_.get(), size_);
      data_ = heap_.get();
    }
  }
  CodePoints(const CodePoints&) = delete;
  CodePoints& operator=(const CodePoints&) = delete;

  const char32_t* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }

 private:
  char32_t inline_[kInlineCodePoints];
  std::unique_ptr<char32_t[]> heap_;
  const char32_t* data_;
  std::size_t size_;
};

// A read-only view of a sequence of units (bytes or code points).
template <typename CharT>
struct Units {
  const CharT* data;
  std::size_t size;
  CharT operator[](std::size_t i) const noexcept { return data[i]; }
};

inline Units<unsigned char> AsciiUnits(std::string_view s) noexcept {
  return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

// Removes the common prefix and suffix of `a` and `b` (edit distances and
// LCS do not depend on them).
template <typename A, typename B>
void StripCommonAffix(Units<A>& a, Units<B>& b) noexcept {
  std::size_t prefix = 0;
  while (prefix < a.size && prefix < b.size && a[prefix] == b[prefix]) {
    ++prefix;
  }
  a.data += prefix;
  a.size -= prefix;
  b.data += prefix;
  b.size -= prefix;
  while (a.size > 0 && b.size > 0 && a[a.size - 1] == b[b.size - 1]) {
    --a.size;
    --b.size;
  }
}

// Calls fn(Units a, Units b): on bytes if both strings are ASCII, otherwise
// on decoded code points. Returns what fn returns.
template <typename Fn>
auto DispatchUnits(std::string_view a, std::string_view b, Fn&& fn) noexcept {
  if (IsAscii(a) && IsAscii(b)) return fn(AsciiUnits(a), AsciiUnits(b));
  CodePoints ca(a);
  CodePoints cb(b);
  return fn(Units<char32_t>{ca.data(), ca.size()},
            Units<char32_t>{cb.data(), cb.size()});
}

}  // namespace linkage::internal

#endif  // LINKAGE_COMPARATORS_INTERNAL_CODE_POINTS_H_
