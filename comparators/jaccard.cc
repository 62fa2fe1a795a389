// Copyright 2026 The Linkage Authors.

#include "comparators/jaccard.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "comparators/internal/code_points.h"
#include "comparators/internal/utf8.h"

namespace linkage {
namespace {

using internal::Units;

// A gram: `size` units starting at `start`.
struct Gram {
  std::uint32_t start;
  std::uint32_t size;
};

template <typename C>
int CompareGrams(Units<C> s, Gram x, Units<C> t, Gram y) noexcept {
  const std::uint32_t n = std::min(x.size, y.size);
  for (std::uint32_t k = 0; k < n; ++k) {
    const char32_t cx = s[x.start + k];
    const char32_t cy = t[y.start + k];
    if (cx != cy) return cx < cy ? -1 : 1;
  }
  if (x.size != y.size) return x.size < y.size ? -1 : 1;
  return 0;
}

// Fills `grams` with the sorted, distinct grams of `s`; returns how many.
template <typename C>
std::size_t SortedGrams(Units<C> s, const QgramOptions& options,
                        Gram* grams) noexcept {
  std::size_t count = 0;
  const std::size_t q = options.q == 0 ? 1 : options.q;
  if (s.size == 0) return 0;
  if (options.mode == QgramMode::kChunks) {
    for (std::size_t start = 0; start < s.size; start += q) {
      grams[count++] = {static_cast<std::uint32_t>(start),
                        static_cast<std::uint32_t>(std::min(q, s.size - start))};
    }
  } else if (s.size < q) {
    grams[count++] = {0, static_cast<std::uint32_t>(s.size)};
  } else {
    for (std::size_t start = 0; start + q <= s.size; ++start) {
      grams[count++] = {static_cast<std::uint32_t>(start),
                        static_cast<std::uint32_t>(q)};
    }
  }
  std::sort(grams, grams + count, [&](Gram x, Gram y) {
    return CompareGrams(s, x, s, y) < 0;
  });
  const Gram* end = std::unique(grams, grams + count, [&](Gram x, Gram y) {
    return CompareGrams(s, x, s, y) == 0;
  });
  return static_cast<std::size_t>(end - grams);
}

template <typename C>
double QgramUnits(Units<C> a, Units<C> b, const QgramOptions& options) noexcept {
  Gram inline_a[internal::kInlineCodePoints];
  Gram inline_b[internal::kInlineCodePoints];
  std::unique_ptr<Gram[]> heap_a;
  std::unique_ptr<Gram[]> heap_b;
  Gram* ga = inline_a;
  Gram* gb = inline_b;
  if (a.size > internal::kInlineCodePoints) {
    heap_a.reset(new Gram[a.size]);
    ga = heap_a.get();
  }
  if (b.size > internal::kInlineCodePoints) {
    heap_b.reset(new Gram[b.size]);
    gb = heap_b.get();
  }
  const std::size_t na = SortedGrams(a, options, ga);
  const std::size_t nb = SortedGrams(b, options, gb);
  std::size_t i = 0;
  std::size_t j = 0;
  std::size_t common = 0;
  while (i < na && j < nb) {
    const int c = CompareGrams(a, ga[i], b, gb[j]);
    if (c == 0) {
      ++common;
      ++i;
      ++j;
    } else if (c < 0) {
      ++i;
    } else {
      ++j;
    }
  }
  return JaccardRatio(common, na, nb, options.empty_strings);
}

// Collects the tokens of `s` into `out` (capacity `capacity`); returns the
// number of tokens (which may exceed capacity; then call again with room).
std::size_t Tokenize(std::string_view s, std::string_view* out,
                     std::size_t capacity) noexcept {
  std::size_t count = 0;
  std::size_t pos = 0;
  std::size_t token_start = std::string_view::npos;
  while (pos < s.size()) {
    const std::size_t before = pos;
    const char32_t c = internal::DecodeOne(s, &pos);
    if (IsUnicodeWhiteSpace(c)) {
      if (token_start != std::string_view::npos) {
        if (count < capacity) out[count] = s.substr(token_start, before - token_start);
        ++count;
        token_start = std::string_view::npos;
      }
    } else if (token_start == std::string_view::npos) {
      token_start = before;
    }
  }
  if (token_start != std::string_view::npos) {
    if (count < capacity) out[count] = s.substr(token_start);
    ++count;
  }
  return count;
}

constexpr std::size_t kInlineTokens = 128;

class TokenSet {
 public:
  explicit TokenSet(std::string_view s) noexcept {
    size_ = Tokenize(s, inline_, kInlineTokens);
    data_ = inline_;
    if (size_ > kInlineTokens) {
      heap_.reset(new std::string_view[size_]);
      Tokenize(s, heap_.get(), size_);
      data_ = heap_.get();
    }
    std::sort(data_, data_ + size_);
    size_ = static_cast<std::size_t>(std::unique(data_, data_ + size_) - data_);
  }
  const std::string_view* begin() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }

 private:
  std::string_view inline_[kInlineTokens];
  std::unique_ptr<std::string_view[]> heap_;
  std::string_view* data_;
  std::size_t size_;
};

}  // namespace

double JaccardRatio(std::size_t intersection, std::size_t size_a, std::size_t size_b,
                    EmptyStrings empty_strings) noexcept {
  const std::size_t union_size = size_a + size_b - intersection;
  if (union_size == 0) return empty_strings == EmptyStrings::kOne ? 1.0 : 0.0;
  return static_cast<double>(intersection) / static_cast<double>(union_size);
}

std::size_t SplitTokens(std::string_view s, std::string_view* out,
                        std::size_t capacity) noexcept {
  return Tokenize(s, out, capacity);
}

bool IsUnicodeWhiteSpace(char32_t c) noexcept {
  if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0D);
  if (c < 0x85) return false;
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

double QgramJaccardSimilarity(std::string_view a, std::string_view b,
                              const QgramOptions& options,
                              double score_cutoff) noexcept {
  double s;
  if (internal::IsAscii(a) && internal::IsAscii(b)) {
    s = QgramUnits(internal::AsciiUnits(a), internal::AsciiUnits(b), options);
  } else {
    internal::CodePoints ca(a);
    internal::CodePoints cb(b);
    s = QgramUnits(Units<char32_t>{ca.data(), ca.size()},
                   Units<char32_t>{cb.data(), cb.size()}, options);
  }
  return s >= score_cutoff ? s : 0.0;
}

double TokenJaccardSimilarity(std::string_view a, std::string_view b,
                              EmptyStrings empty_strings,
                              double score_cutoff) noexcept {
  const TokenSet ta(a);
  const TokenSet tb(b);
  std::size_t i = 0;
  std::size_t j = 0;
  std::size_t common = 0;
  while (i < ta.size() && j < tb.size()) {
    const int c = ta.begin()[i].compare(tb.begin()[j]);
    if (c == 0) {
      ++common;
      ++i;
      ++j;
    } else if (c < 0) {
      ++i;
    } else {
      ++j;
    }
  }
  const double s = JaccardRatio(common, ta.size(), tb.size(), empty_strings);
  return s >= score_cutoff ? s : 0.0;
}

}  // namespace linkage
