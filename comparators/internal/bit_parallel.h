// Copyright 2026 The Linkage Authors.
//
// Internal: bit-parallel kernels over a pattern-match table (see
// pattern_match.h and short_ascii.h). Each kernel names its paper and
// complexity. `Pm` is any type with Get(c) (single word) or Get(word, c)
// (blocks); units are bytes or code points (compared as integers). The
// Jaro, Hyyro and mbleven kernels are always inlined so that the AVX2 clones
// of the fast paths (LINKAGE_HOT_CLONES) compile them too.
//
// Thread-safety: pure functions.
#ifndef LINKAGE_COMPARATORS_INTERNAL_BIT_PARALLEL_H_
#define LINKAGE_COMPARATORS_INTERNAL_BIT_PARALLEL_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "comparators/internal/code_points.h"
#include "comparators/internal/pattern_match.h"

namespace linkage::internal {

// Levenshtein distance, Myers (1999) "A fast bit-vector algorithm for
// approximate string matching based on dynamic programming", in the
// single-word form of Hyyrö (2003). O(|text|) for a pattern of m <= 64 units.
// Returns max + 1 as soon as the distance is known to exceed `max`.
// REQUIRES: 1 <= m <= 64.
template <typename Pm, typename T>
[[gnu::always_inline]] inline std::size_t LevenshteinHyyro2003(
    const Pm& pm, std::size_t m, Units<T> text, std::size_t max) noexcept {
  std::uint64_t vp = ~std::uint64_t{0};
  std::uint64_t vn = 0;
  const std::uint64_t last = std::uint64_t{1} << (m - 1);
  std::size_t score = m;
  for (std::size_t j = 0; j < text.size; ++j) {
    const std::uint64_t eq = pm.Get(text[j]);
    const std::uint64_t x = eq | vn;
    const std::uint64_t d0 = (((x & vp) + vp) ^ vp) | x;
    std::uint64_t hp = vn | ~(d0 | vp);
    std::uint64_t hn = d0 & vp;
    score += (hp & last) != 0;
    score -= (hn & last) != 0;
    // The final distance is at least score - (columns left).
    const std::size_t left = text.size - 1 - j;
    if (score > left && score - left > max) return max + 1;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
  }
  return score;
}

// Levenshtein distance for patterns of any length: Myers (1999) block-based
// algorithm (the "advance_block" recurrence), ceil(m/64) words per text unit.
// O(ceil(m/64) * |text|). Returns max + 1 once the distance exceeds `max`.
// Allocates ceil(m/64) * 2 words on the heap (long strings only).
// REQUIRES: m >= 1; pm.words() == ceil(m / 64).
template <typename T>
std::size_t LevenshteinMyers1999Block(const PatternMatch& pm, std::size_t m,
                                      Units<T> text, std::size_t max) {
  const std::size_t words = pm.words();
  std::vector<std::uint64_t> pv_all(words, ~std::uint64_t{0});
  std::vector<std::uint64_t> mv_all(words, 0);
  const std::uint64_t high_last = std::uint64_t{1} << ((m - 1) % 64);
  const std::uint64_t high = std::uint64_t{1} << 63;
  std::size_t score = m;
  for (std::size_t j = 0; j < text.size; ++j) {
    int hin = 1;  // row 0 grows by one per column
    for (std::size_t w = 0; w < words; ++w) {
      std::uint64_t eq = pm.Get(w, text[j]);
      const std::uint64_t pv = pv_all[w];
      const std::uint64_t mv = mv_all[w];
      const std::uint64_t xv = eq | mv;
      if (hin < 0) eq |= 1;
      const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
      std::uint64_t ph = mv | ~(xh | pv);
      std::uint64_t mh = pv & xh;
      const std::uint64_t top = (w + 1 == words) ? high_last : high;
      int hout = 0;
      if (ph & top) hout = 1;
      if (mh & top) hout = -1;
      ph <<= 1;
      mh <<= 1;
      if (hin < 0) {
        mh |= 1;
      } else if (hin > 0) {
        ph |= 1;
      }
      pv_all[w] = mh | ~(xv | ph);
      mv_all[w] = ph & xv;
      hin = hout;
    }
    score = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(score) + hin);
    const std::size_t left = text.size - 1 - j;
    if (score > left && score - left > max) return max + 1;
  }
  return score;
}

// Optimal string alignment distance, Hyyrö (2003) "A bit-vector algorithm
// for computing Levenshtein and Damerau edit distances" (the transposition
// extension of Myers 1999). O(|text|). REQUIRES: 1 <= m <= 64.
template <typename Pm, typename T>
std::size_t OsaHyyro2003(const Pm& pm, std::size_t m, Units<T> text) noexcept {
  std::uint64_t vp = ~std::uint64_t{0};
  std::uint64_t vn = 0;
  std::uint64_t d0 = 0;
  std::uint64_t pm_old = 0;
  const std::uint64_t last = std::uint64_t{1} << (m - 1);
  std::size_t score = m;
  for (std::size_t j = 0; j < text.size; ++j) {
    const std::uint64_t eq = pm.Get(text[j]);
    const std::uint64_t tr = (((~d0) & eq) << 1) & pm_old;
    d0 = (((eq & vp) + vp) ^ vp) | eq | vn;
    d0 |= tr;
    std::uint64_t hp = vn | ~(d0 | vp);
    std::uint64_t hn = d0 & vp;
    score += (hp & last) != 0;
    score -= (hn & last) != 0;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    pm_old = eq;
  }
  return score;
}

// Length of the longest common subsequence, Allison & Dix (1986) "A
// bit-string longest-common-subsequence algorithm", with Hyyrö's (2004)
// formulation S' = (S + U) | (S - U), U = S & PM. Multi-word with the
// addition carry passed between blocks. O(ceil(m/64) * |text|).
// REQUIRES: pm.words() == max(1, ceil(m / 64)).
template <typename T>
std::size_t LcsSeqAllisonDix(const PatternMatch& pm, std::size_t m,
                             Units<T> text) {
  const std::size_t words = pm.words();
  if (words == 1) {
    std::uint64_t s = ~std::uint64_t{0};
    for (std::size_t j = 0; j < text.size; ++j) {
      const std::uint64_t u = s & pm.Get(0, text[j]);
      s = (s + u) | (s - u);
    }
    return static_cast<std::size_t>(std::popcount(~s & LowBits(m)));
  }
  std::vector<std::uint64_t> s(words, ~std::uint64_t{0});
  for (std::size_t j = 0; j < text.size; ++j) {
    std::uint64_t carry = 0;
    for (std::size_t w = 0; w < words; ++w) {
      const std::uint64_t u = s[w] & pm.Get(w, text[j]);
      const std::uint64_t sum1 = s[w] + u;
      const std::uint64_t c1 = sum1 < s[w];
      const std::uint64_t sum = sum1 + carry;
      const std::uint64_t c2 = sum < sum1;
      s[w] = sum | (s[w] - u);
      carry = c1 | c2;
    }
  }
  std::size_t lcs = 0;
  for (std::size_t w = 0; w < words; ++w) {
    const std::size_t bits = (w + 1 == words) ? m - 64 * w : 64;
    lcs += static_cast<std::size_t>(std::popcount(~s[w] & LowBits(bits)));
  }
  return lcs;
}

// Single-word LCS for StackPatternMatch. REQUIRES: m <= 64.
template <typename Pm, typename T>
std::size_t LcsSeqAllisonDix64(const Pm& pm, std::size_t m,
                               Units<T> text) noexcept {
  std::uint64_t s = ~std::uint64_t{0};
  for (std::size_t j = 0; j < text.size; ++j) {
    const std::uint64_t u = s & pm.Get(text[j]);
    s = (s + u) | (s - u);
  }
  return static_cast<std::size_t>(std::popcount(~s & LowBits(m)));
}

// Jaro matching counts: the greedy window matching of Jaro (1989) computed
// with one bit vector per string (as in rapidfuzz's jaro_similarity, O(|t|)
// for strings of at most 64 units). Each text unit, in order, takes the
// lowest unmatched pattern position inside the window; pattern and text may
// be swapped without changing the result (the greedy matching of each
// character is the unique non-crossing leftmost one).
struct JaroCounts {
  std::size_t common = 0;
  std::size_t transpositions = 0;  // half-transpositions, not yet halved
};

// REQUIRES: 1 <= pattern_size <= 64, 1 <= text.size <= 64. Bits of
// pm.Get(c) at or above pattern_size are ignored.
// Branch-free flagging as in rapidfuzz's flag_similar_characters_word: the
// window is [j - bound, j + bound]; it grows while j < bound and then slides,
// and text units at j >= |pattern| + bound cannot match at all. A matched
// pair (pattern i, text j) is a transposition iff text j's match vector
// lacks bit i, so the pattern itself is never read; the vectors of matched
// text units are kept from the first pass rather than looked up again.
template <typename Pm, typename T>
[[gnu::always_inline]] inline JaroCounts JaroBitParallel(
    const Pm& pm, std::size_t pattern_size, Units<T> text) noexcept {
  const std::size_t longer =
      pattern_size > text.size ? pattern_size : text.size;
  const std::size_t bound = longer / 2 > 0 ? longer / 2 - 1 : 0;
  const std::size_t reach = pattern_size + bound;
  const std::size_t end = text.size < reach ? text.size : reach;
  const std::size_t grow_end = bound < end ? bound : end;
  // The match vectors of the matched text units, in text order.
  std::uint64_t matched_eq[64];
  std::size_t common = 0;
  std::uint64_t unmatched = LowBits(pattern_size);  // pattern positions
  std::uint64_t window = LowBits(bound + 1);
  std::size_t j = 0;
  for (; j < grow_end; ++j) {
    const std::uint64_t eq = pm.Get(text[j]);
    const std::uint64_t candidates = eq & window & unmatched;
    unmatched ^= candidates & (0 - candidates);
    matched_eq[common] = eq;
    common += candidates != 0;
    window = (window << 1) | 1;
  }
  for (; j < end; ++j) {
    const std::uint64_t eq = pm.Get(text[j]);
    const std::uint64_t candidates = eq & window & unmatched;
    unmatched ^= candidates & (0 - candidates);
    matched_eq[common] = eq;
    common += candidates != 0;
    window <<= 1;
  }
  // The k-th matched text unit pairs with the k-th matched pattern position.
  std::uint64_t p_flag = LowBits(pattern_size) & ~unmatched;
  JaroCounts counts;
  counts.common = common;
  for (std::size_t k = 0; k < common; ++k) {
    const std::uint64_t lowest = p_flag & (0 - p_flag);
    counts.transpositions += (matched_eq[k] & lowest) == 0;
    p_flag ^= lowest;
  }
  return counts;
}

// Levenshtein distance for a small bound, mbleven (Fujimoto 2018, as used by
// rapidfuzz's levenshtein_mbleven2018): with max <= 3 edits there are only a
// few edit scripts per length difference; each is tried in one O(n) pass.
// Returns max + 1 if the distance exceeds `max`.
// LevenshteinMbleven2018Longer: `a` is the longer (or equal) string.
// REQUIRES: 1 <= max <= 3; both non-empty with their common prefix and
// suffix stripped (first units differ and last units differ).
template <typename A, typename B>
[[gnu::always_inline]] inline std::size_t LevenshteinMbleven2018Longer(
    Units<A> a, Units<B> b, std::size_t max) noexcept {
  // Two bits per edit of the longer string `s1` against `s2`: 01 deletes
  // from s1, 10 inserts (skips in s2), 11 substitutes. Rows by
  // (max, len_diff): index max * (max + 1) / 2 + len_diff - 1.
  static constexpr std::uint8_t kModels[9][7] = {
      {0x03},                                      // max 1, diff 0
      {0x01},                                      // max 1, diff 1
      {0x0F, 0x09, 0x06},                          // max 2, diff 0
      {0x0D, 0x07},                                // max 2, diff 1
      {0x05},                                      // max 2, diff 2
      {0x3F, 0x27, 0x2D, 0x39, 0x36, 0x1E, 0x1B},  // max 3, diff 0
      {0x3D, 0x37, 0x1F, 0x25, 0x19, 0x16},        // max 3, diff 1
      {0x35, 0x1D, 0x17},                          // max 3, diff 2
      {0x15},                                      // max 3, diff 3
  };
  const std::size_t len_diff = a.size - b.size;
  if (len_diff > max) return max + 1;
  if (max == 1) {
    // One substitution of a single unit, else at least two edits.
    return (len_diff == 0 && a.size == 1) ? 1 : 2;
  }
  const std::uint8_t* models = kModels[max * (max + 1) / 2 + len_diff - 1];
  std::size_t best = max + 1;
  for (int k = 0; k < 7 && models[k] != 0; ++k) {
    std::uint8_t ops = models[k];
    std::size_t i = 0;
    std::size_t j = 0;
    std::size_t dist = 0;
    while (i < a.size && j < b.size) {
      if (a[i] != b[j]) {
        ++dist;
        if (!ops) break;
        i += ops & 1;
        j += (ops >> 1) & 1;
        ops >>= 2;
      } else {
        ++i;
        ++j;
      }
    }
    dist += (a.size - i) + (b.size - j);
    if (dist < best) best = dist;
  }
  return best <= max ? best : max + 1;
}

// Either order. Same REQUIRES as above.
template <typename A, typename B>
[[gnu::always_inline]] inline std::size_t LevenshteinMbleven2018(
    Units<A> a, Units<B> b, std::size_t max) noexcept {
  if (a.size < b.size) return LevenshteinMbleven2018Longer(b, a, max);
  return LevenshteinMbleven2018Longer(a, b, max);
}

}  // namespace linkage::internal

#endif  // LINKAGE_COMPARATORS_INTERNAL_BIT_PARALLEL_H_
