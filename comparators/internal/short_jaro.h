// Copyright 2026 The Linkage Authors.
//
// Internal: the Jaro matching kernel of CachedJaroWinkler for a prepared
// ASCII string of at most 16 bytes against an ASCII text of at most 16 bytes
// (names: where record linkage spends almost all of its comparisons).
//
// JaroBitParallel (bit_parallel.h) loops over the text and looks up the
// prepared string's match vectors. That loop runs |text| times, and |text|
// changes from one candidate to the next, so the loop exit (and the one of
// the transposition loop, which runs m times) is mispredicted about once per
// loop and comparison: on names that costs as much as the matching itself.
// Jaro's greedy matching is symmetric (see JaroBitParallel), so this kernel
// swaps the roles: it loops over the PREPARED string, whose length is the
// same for every candidate it is compared with (a predictable loop), and uses
// the text, loaded into one SSE2 register (short_ascii.h), as the match table.
// The prepared side holds each of its bytes broadcast to 16 lanes, so a match
// vector is one compare and one movemask. Transpositions are counted in a
// second loop of the same fixed length, without branches.
//
// Example:
//   ShortJaroPattern p;
//   ShortAscii t;
//   if (p.Prepare("MARTHA") && t.Load("MARHTA")) p.Counts(t);  // m 6, t 2
//
// Thread-safety: a prepared ShortJaroPattern is immutable; Counts() may be
// called concurrently.
#ifndef LINKAGE_COMPARATORS_INTERNAL_SHORT_JARO_H_
#define LINKAGE_COMPARATORS_INTERNAL_SHORT_JARO_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "comparators/internal/bit_parallel.h"
#include "comparators/internal/short_ascii.h"

namespace linkage::internal {

class ShortJaroPattern {
 public:
  static constexpr std::size_t kMaxSize = ShortAscii::kMaxSize;

  // Prepares `s`. Returns false (leaving *this unusable) if `s` is longer
  // than kMaxSize bytes or not ASCII.
  bool Prepare(std::string_view s) noexcept {
    if (!words_.Load(s)) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
#if defined(__SSE2__)
      bytes_[i] = _mm_set1_epi8(s[i]);
#else
      bytes_[i] = static_cast<unsigned char>(s[i]);
#endif
    }
    return true;
  }

  std::size_t size() const noexcept { return words_.size(); }
  // The prepared string as a ShortAscii (for CommonPrefix).
  const ShortAscii& words() const noexcept { return words_; }

  // Jaro matching counts of the prepared string against `text`, equal to
  // JaroBitParallel on the same strings (in either order).
  // REQUIRES: size() >= 1, text.size() >= 1.
  [[gnu::always_inline]] JaroCounts Counts(
      const ShortAscii& text) const noexcept {
    const std::size_t p = words_.size();
    const std::size_t n = text.size();
    const std::size_t longer = p > n ? p : n;
    const std::size_t bound = longer / 2 > 0 ? longer / 2 - 1 : 0;
#if defined(__SSE2__)
    const __m128i table = _mm_set_epi64x(static_cast<long long>(text.hi()),
                                         static_cast<long long>(text.lo()));
#endif
    // Text positions not yet matched; bits >= n (set in a match vector when
    // a prepared byte is NUL, which equals the zero padding) never are.
    const std::uint64_t text_bits = (std::uint64_t{1} << n) - 1;
    std::uint64_t unmatched = text_bits;
    // The window of prepared position i is text positions
    // [i - bound, i + bound]: (span << i) >> bound, span = 2 * bound + 1
    // bits (at most 15, so nothing leaves the word).
    const std::uint64_t span = (std::uint64_t{2} << (2 * bound)) - 1;
    // The match vectors (16 bits) of the matched prepared positions, in
    // order. Cleared up front (32 bytes: one or two vector stores off the
    // critical path, rather than one store per step): the entries past the
    // last match are read, but masked, below.
    std::uint16_t matched_eq[kMaxSize] = {};
    std::size_t common = 0;
    // Both loops run to p but are written with the constant bound kMaxSize
    // (bytes_ is a trailing member array, whose bound GCC does not trust),
    // so that the compiler unrolls them completely: no induction variable,
    // constant shifts and offsets, one predictable exit test per step.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 16
#endif
    for (std::size_t i = 0; i < kMaxSize; ++i) {
      if (i == p) break;
#if defined(__SSE2__)
      const std::uint64_t eq = static_cast<std::uint32_t>(
          _mm_movemask_epi8(_mm_cmpeq_epi8(table, bytes_[i])));
#else
      const std::uint64_t eq = text.Get(bytes_[i]);
#endif
      std::uint64_t allowed = eq & ((span << i) >> bound);
#if defined(__GNUC__)
      // Opaque to the optimizer, so that it cannot reassociate the ANDs into
      // (eq & unmatched) & window: the loop-carried chain is then one AND,
      // one blsi and one XOR per step instead of two ANDs.
      __asm__("" : "+r"(allowed));
#endif
      const std::uint64_t candidates = allowed & unmatched;
      unmatched ^= candidates & (0 - candidates);
      matched_eq[common] = static_cast<std::uint16_t>(eq);
      common += candidates != 0;
    }
    // The k-th matched prepared position pairs with the k-th matched text
    // position; the pair is in order iff the bytes are equal, i.e. the
    // prepared byte's match vector has that text position. The loop runs p
    // times (predictable) rather than `common` times; once the matched text
    // positions run out, `lowest` is 0 and nothing counts. The loop-carried
    // chain is one instruction per step (text_flag &= text_flag - 1, blsr);
    // `lowest` (blsi) hangs off it rather than feeding it.
    std::uint64_t text_flag = text_bits & ~unmatched;
    std::size_t in_order = 0;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 16
#endif
    for (std::size_t k = 0; k < kMaxSize; ++k) {
      if (k == p) break;
      std::uint64_t lowest = text_flag & (0 - text_flag);
#if defined(__GNUC__)
      // Keeps `lowest` one blsi, not folded into matched_eq[k] & text_flag
      // & -text_flag (two more instructions per step).
      __asm__("" : "+r"(lowest));
#endif
      in_order += (matched_eq[k] & lowest) != 0;
      text_flag &= text_flag - 1;
    }
    const std::size_t transpositions = common - in_order;
    JaroCounts counts;
    counts.common = common;
    counts.transpositions = transpositions;
    return counts;
  }

 private:
  ShortAscii words_;
#if defined(__SSE2__)
  __m128i bytes_[kMaxSize] = {};
#else
  unsigned char bytes_[kMaxSize] = {};
#endif
};

}  // namespace linkage::internal

#endif  // LINKAGE_COMPARATORS_INTERNAL_SHORT_JARO_H_
