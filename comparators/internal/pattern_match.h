// Copyright 2026 The Linkage Authors.
//
// Internal: pattern-match bit vectors for the bit-parallel kernels (Myers
// 1999, Hyyrö 2003, Allison-Dix 1986). For a pattern p and unit c, bit i of
// Get(c) is set iff p[i] == c. Units below 256 index a flat table; others
// (non-Latin-1 code points, escaped invalid bytes) use a small side table.
//
//  - StackPatternMatch: one 64-bit word, built per comparison on the stack.
//    The 256-entry table is deliberately left uninitialised; Build() zeroes
//    exactly the entries that the pattern and the text will touch, so a
//    comparison costs O(|p| + |t|), not O(256).
//  - PatternMatch: owning, fully initialised, any length (multi-word
//    blocks); used by Cached* scorers and by the long-string paths.
//  - AsciiPatternMatch: owning, one word, 128 entries, for the Cached*
//    scorers' ASCII fast path (patterns of at most 64 bytes).
// (Short uncached ASCII strings need no table at all: see short_ascii.h.)
//
// Thread-safety: const methods may be called concurrently.
#ifndef LINKAGE_COMPARATORS_INTERNAL_PATTERN_MATCH_H_
#define LINKAGE_COMPARATORS_INTERNAL_PATTERN_MATCH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "comparators/internal/code_points.h"

namespace linkage::internal {

class StackPatternMatch {
 public:
  // Builds the table for `pattern`; every unit of `text` may then be looked
  // up. REQUIRES: pattern.size <= 64.
  template <typename P, typename T>
  void Build(Units<P> pattern, Units<T> text) noexcept {
    ext_size_ = 0;
    for (std::size_t i = 0; i < text.size; ++i) {
      if (text[i] < 256) ascii_[text[i]] = 0;
    }
    for (std::size_t i = 0; i < pattern.size; ++i) {
      if (pattern[i] < 256) ascii_[pattern[i]] = 0;
    }
    for (std::size_t i = 0; i < pattern.size; ++i) {
      const std::uint64_t bit = std::uint64_t{1} << i;
      const char32_t c = pattern[i];
      if (c < 256) {
        ascii_[c] |= bit;
        continue;
      }
      int k = 0;
      while (k < ext_size_ && ext_keys_[k] != c) ++k;
      if (k == ext_size_) {
        ext_keys_[k] = c;
        ext_values_[k] = 0;
        ++ext_size_;
      }
      ext_values_[k] |= bit;
    }
  }

  std::uint64_t Get(char32_t c) const noexcept {
    if (c < 256) return ascii_[c];
    for (int k = 0; k < ext_size_; ++k) {
      if (ext_keys_[k] == c) return ext_values_[k];
    }
    return 0;
  }

 private:
  std::uint64_t ascii_[256];  // only entries zeroed by Build() are valid
  char32_t ext_keys_[64];
  std::uint64_t ext_values_[64];
  int ext_size_ = 0;
};

class PatternMatch {
 public:
  PatternMatch() = default;

  template <typename P>
  explicit PatternMatch(Units<P> pattern) {
    words_ = pattern.size == 0 ? 1 : (pattern.size + 63) / 64;
    ascii_.assign(256 * words_, 0);
    for (std::size_t i = 0; i < pattern.size; ++i) {
      if (pattern[i] >= 256) ext_keys_.push_back(pattern[i]);
    }
    std::sort(ext_keys_.begin(), ext_keys_.end());
    ext_keys_.erase(std::unique(ext_keys_.begin(), ext_keys_.end()),
                    ext_keys_.end());
    ext_values_.assign(ext_keys_.size() * words_, 0);
    for (std::size_t i = 0; i < pattern.size; ++i) {
      const std::uint64_t bit = std::uint64_t{1} << (i % 64);
      const std::size_t word = i / 64;
      const char32_t c = pattern[i];
      if (c < 256) {
        ascii_[c * words_ + word] |= bit;
      } else {
        const std::size_t k =
            std::lower_bound(ext_keys_.begin(), ext_keys_.end(), c) -
            ext_keys_.begin();
        ext_values_[k * words_ + word] |= bit;
      }
    }
  }

  std::size_t words() const noexcept { return words_; }

  // Bits of block `word` (pattern positions 64*word .. 64*word+63).
  std::uint64_t Get(std::size_t word, char32_t c) const noexcept {
    if (c < 256) return ascii_[c * words_ + word];
    const auto it = std::lower_bound(ext_keys_.begin(), ext_keys_.end(), c);
    if (it == ext_keys_.end() || *it != c) return 0;
    return ext_values_[(it - ext_keys_.begin()) * words_ + word];
  }
  std::uint64_t Get(char32_t c) const noexcept { return Get(0, c); }

 private:
  std::size_t words_ = 1;
  std::vector<std::uint64_t> ascii_;
  std::vector<char32_t> ext_keys_;
  std::vector<std::uint64_t> ext_values_;
};

// Single-word table for an ASCII pattern of at most 64 bytes, for Cached*
// scorers: 128 words (1 KiB) instead of PatternMatch's 256, one load per
// lookup. Units >= 128 never match.
class AsciiPatternMatch {
 public:
  AsciiPatternMatch() = default;  // empty: must not be used
  // REQUIRES: every byte of pattern < 0x80; pattern.size() <= 64.
  explicit AsciiPatternMatch(std::string_view pattern) : table_(128, 0) {
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      table_[static_cast<unsigned char>(pattern[i]) & 0x7F] |= std::uint64_t{1}
                                                               << i;
    }
  }

  std::uint64_t Get(char32_t c) const noexcept {
    return c < 128 ? table_[c] : 0;
  }

  // Lookups for a text already known to be ASCII: no range check.
  struct AsciiText {
    const std::uint64_t* table;
    // REQUIRES: c < 128.
    std::uint64_t Get(unsigned char c) const noexcept { return table[c]; }
  };
  AsciiText ForAsciiText() const noexcept { return {table_.data()}; }

 private:
  std::vector<std::uint64_t> table_;
};

// Mask of the low `n` bits, n in [0, 64].
inline std::uint64_t LowBits(std::size_t n) noexcept {
  return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
}

}  // namespace linkage::internal

#endif  // LINKAGE_COMPARATORS_INTERNAL_PATTERN_MATCH_H_
