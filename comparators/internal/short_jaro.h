// Copyright 2026 The Linkage Authors.
//
// Internal: the Jaro matching kernels of CachedJaroWinkler for a prepared
// ASCII string of at most 16 bytes against an ASCII text of at most 16 bytes
// (names: where record linkage spends almost all of its comparisons).
//
// JaroBitParallel (bit_parallel.h) loops over the text and looks up the
// prepared string's match vectors. That loop runs |text| times, and |text|
// changes from one candidate to the next, so the loop exit (and the one of
// the transposition loop, which runs m times) is mispredicted about once per
// loop and comparison: on names that costs as much as the matching itself.
// Jaro's greedy matching is symmetric (see JaroBitParallel), so these
// kernels swap the roles: they loop over the PREPARED string, whose length
// is the same for every candidate it is compared with (a predictable loop),
// and use the text, loaded into one SSE2 register (short_ascii.h), as the
// match table. The prepared side holds each of its bytes broadcast to 16
// lanes, so a match vector is one compare and one movemask.
//
// Counts() (any CPU) counts transpositions in a second loop of the same
// fixed length, without branches. CountsFixedV3<P>() (x86-64-v3: AVX2,
// BMI1/2) is instantiated per prepared length P and fully unrolled: two
// match vectors per 256-bit compare, and no second loop (pext compresses the
// matched bytes of both strings, see there). CachedJaroWinkler picks one
// kernel per scorer at construction (LINKAGE_JARO_V3, ActiveJaroKernels);
// all give the same counts.
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
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// LINKAGE_JARO_V3: CachedJaroWinkler also has kernels compiled for
// x86-64-v3 (AVX2, BMI1/2, popcnt: Haswell, 2013, Zen and later) and picks
// them at construction when the CPU has that level (ActiveJaroKernels);
// LINKAGE_TARGET_V3 marks them. The choice is made once per scorer and
// stored as a function pointer (not an ifunc, so it also works under
// ThreadSanitizer). Results are identical; only speed differs.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12 && \
    defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>
#define LINKAGE_JARO_V3 1
#define LINKAGE_TARGET_V3 __attribute__((target("arch=x86-64-v3")))
#else
#define LINKAGE_JARO_V3 0
#define LINKAGE_TARGET_V3
#endif

#include "comparators/internal/bit_parallel.h"
#include "comparators/internal/short_ascii.h"

namespace linkage::internal {

#if LINKAGE_JARO_V3
// Jaro's match windows for strings of at most 16 units: bits 0-15 of
// kJaroWindows.mask[longer][i] have bit j set iff |i - j| <= bound, where
// bound = max(longer / 2 - 1, 0) and longer = max(|a|, |b|) (0-16), for
// positions i, j < 16; bits 16-31 hold the window of position i + 1 (two
// steps are matched with one 32-bit match vector; a single step's vector
// has 16 bits and ignores them). One load (folded into an AND) per matching
// step instead of two shifts.
struct JaroWindowTable {
  std::uint32_t mask[ShortAscii::kMaxSize + 1][ShortAscii::kMaxSize];
};
constexpr JaroWindowTable MakeJaroWindowTable() {
  JaroWindowTable t{};
  for (std::size_t longer = 0; longer <= ShortAscii::kMaxSize; ++longer) {
    const std::size_t bound = longer / 2 > 0 ? longer / 2 - 1 : 0;
    for (std::size_t i = 0; i < ShortAscii::kMaxSize; ++i) {
      std::uint32_t bits = 0;
      for (std::size_t j = 0; j < ShortAscii::kMaxSize; ++j) {
        if (j + bound >= i && j <= i + bound) bits |= std::uint32_t{1} << j;
        const std::size_t next = i + 1;
        if (next < ShortAscii::kMaxSize && j + bound >= next &&
            j <= next + bound) {
          bits |= std::uint32_t{1} << (16 + j);
        }
      }
      t.mask[longer][i] = bits;
    }
  }
  return t;
}
inline constexpr JaroWindowTable kJaroWindows = MakeJaroWindowTable();

// The byte shuffle of LoadShortTextV3 for a string of n (4-16) bytes held as
// four 4-byte chunks in lanes 0-3, 4-7, 8-11 and 12-15, read at offsets 0,
// min(4, n - 4), min(8, n - 4) and n - 4 (ShortAscii::Load's loads):
// output byte k < n comes from a chunk that covers string byte k; bytes
// k >= n are zeroed (0x80).
struct ShortLoadShuffleTable {
  alignas(16) std::uint8_t control[ShortAscii::kMaxSize + 1][16];
};
constexpr ShortLoadShuffleTable MakeShortLoadShuffleTable() {
  ShortLoadShuffleTable t{};
  for (std::size_t n = 0; n <= ShortAscii::kMaxSize; ++n) {
    for (std::size_t k = 0; k < 16; ++k) {
      std::uint8_t source = 0x80;
      if (n >= 4 && k < n) {
        const std::size_t offsets[4] = {0, n - 4 < 4 ? n - 4 : 4,
                                        n - 4 < 8 ? n - 4 : 8, n - 4};
        for (std::size_t c = 0; c < 4; ++c) {
          if (k >= offsets[c] && k < offsets[c] + 4) {
            source = static_cast<std::uint8_t>(4 * c + (k - offsets[c]));
          }
        }
      }
      t.control[n][k] = source;
    }
  }
  return t;
}
inline constexpr ShortLoadShuffleTable kShortLoadShuffle =
    MakeShortLoadShuffleTable();

// ShortAscii::Load() for x86-64-v3 that also returns the string in a vector
// register (byte k = string byte k, zero-padded), built in the vector unit:
// the four 4-byte loads go straight into the register's lanes and one byte
// shuffle puts them in place. Shorter than Load() plus moving its two words
// into a register, on the path every comparison starts with. Same bytes
// read, same result: returns false for more than 16 bytes or a byte >= 0x80.
[[gnu::always_inline]] LINKAGE_TARGET_V3 inline bool LoadShortTextV3(
    std::string_view s, ShortAscii* words, __m128i* vector) noexcept {
  const std::size_t n = s.size();
  if (n > ShortAscii::kMaxSize) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  __m128i v;
  if (n >= 4) {
    auto load4 = [](const unsigned char* q) noexcept {
      int value;
      std::memcpy(&value, q, 4);
      return value;
    };
    const std::size_t o1 = n - 4 < 4 ? n - 4 : 4;
    const std::size_t o2 = n - 4 < 8 ? n - 4 : 8;
    v = _mm_cvtsi32_si128(load4(p));
    v = _mm_insert_epi32(v, load4(p + o1), 1);
    v = _mm_insert_epi32(v, load4(p + o2), 2);
    v = _mm_insert_epi32(v, load4(p + n - 4), 3);
    v = _mm_shuffle_epi8(
        v, _mm_load_si128(reinterpret_cast<const __m128i*>(
               kShortLoadShuffle.control[n])));
  } else {
    std::uint64_t lo = 0;
    if (n > 0) {
      lo = std::uint64_t{p[0]} | (std::uint64_t{p[n / 2]} << (n / 2 * 8)) |
           (std::uint64_t{p[n - 1]} << ((n - 1) * 8));
    }
    v = _mm_cvtsi64_si128(static_cast<long long>(lo));
  }
  if (_mm_movemask_epi8(v) != 0) return false;
  *words = ShortAscii::FromWords(
      static_cast<std::uint64_t>(_mm_cvtsi128_si64(v)),
      static_cast<std::uint64_t>(_mm_extract_epi64(v, 1)), n);
  *vector = v;
  return true;
}
#endif

class ShortJaroPattern {
 public:
  static constexpr std::size_t kMaxSize = ShortAscii::kMaxSize;

  // Prepares `s`. Returns false (leaving *this unusable) if `s` is longer
  // than kMaxSize bytes or not ASCII.
  bool Prepare(std::string_view s) noexcept {
    if (!words_.Load(s)) return false;
#if defined(__SSE2__)
    vector_ = _mm_set_epi64x(static_cast<long long>(words_.hi()),
                             static_cast<long long>(words_.lo()));
#endif
    nibbles_lo_ = 0;
    nibbles_hi_ = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
#if defined(__SSE2__)
      bytes_[i] = _mm_set1_epi8(s[i]);
#else
      bytes_[i] = static_cast<unsigned char>(s[i]);
#endif
      const auto byte = static_cast<std::uint64_t>(
          static_cast<unsigned char>(s[i]));
      nibbles_lo_ |= (byte & 0xF) << (4 * i);
      nibbles_hi_ |= (byte >> 4) << (4 * i);
    }
    return true;
  }

  std::size_t size() const noexcept { return words_.size(); }
  // The prepared string as a ShortAscii (for CommonPrefix).
  const ShortAscii& words() const noexcept { return words_; }
#if defined(__SSE2__)
  // The prepared string in a vector register, byte k = byte k, zero-padded.
  __m128i vector() const noexcept { return vector_; }
#endif

  // Jaro matching counts of the prepared string against `text`, equal to
  // JaroBitParallel on the same strings (in either order).
  // REQUIRES: size() >= 1, text.size() >= 1.
  [[gnu::always_inline]] JaroCounts Counts(
      const ShortAscii& text) const noexcept {
#if defined(__SSE2__)
    return Counts(text,
                  _mm_set_epi64x(static_cast<long long>(text.hi()),
                                 static_cast<long long>(text.lo())));
  }

  // Counts() with the text also in a vector register (LoadShortTextV3), so
  // that it is not moved there again.
  [[gnu::always_inline]] JaroCounts Counts(const ShortAscii& text,
                                           __m128i table) const noexcept {
#endif
    const std::size_t p = words_.size();
    const std::size_t n = text.size();
    const std::size_t longer = p > n ? p : n;
    const std::size_t bound = longer / 2 > 0 ? longer / 2 - 1 : 0;
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

#if LINKAGE_JARO_V3
  // Counts() for a prepared string of exactly P bytes, for x86-64-v3 (the
  // cached scorer instantiates one kernel per length and picks it at
  // construction). The loop is fully unrolled, with no exit test; each
  // step's match window is one table load (kJaroWindows); two steps share
  // one 256-bit compare and movemask (the text in both halves against two
  // broadcast prepared bytes). A step keeps only the matched flag of its
  // prepared position (blsi sets the carry flag iff it found a candidate,
  // rcr rotates it in): no store, no counter. The transpositions need no
  // second loop: pext compresses the matched prepared bytes and the matched
  // text bytes, in order, into up to 16 nibbles each (low and high nibbles
  // apart, so that 16 bytes fit two 64-bit words), and the k-th matched
  // pair is out of order iff its nibbles differ. Equal to Counts().
  // `table` is the text in a vector register (LoadShortTextV3).
  // REQUIRES: the CPU supports x86-64-v3 (and, for speed, has fast
  // pdep/pext: JaroKernels::kV3Pext); size() == P, text.size() >= 1.
  template <std::size_t P>
  [[gnu::always_inline]] LINKAGE_TARGET_V3 JaroCounts
  CountsFixedV3(const ShortAscii& text, __m128i table) const noexcept {
    static_assert(P >= 1 && P <= kMaxSize);
    const std::size_t n = text.size();
    const std::uint32_t* window = kJaroWindows.mask[P > n ? P : n];
    const std::uint64_t text_bits = (std::uint64_t{1} << n) - 1;
    std::uint64_t unmatched = text_bits;
    // Step i rotates "prepared position i is matched" into bit 63: after P
    // steps it is bit 64 - P + i.
    std::uint64_t pattern_matched = 0;
    // One step of the greedy matching; bits of `allowed` at 16 and above
    // are ignored (unmatched has none).
    auto step = [&](std::uint64_t allowed) LINKAGE_TARGET_V3 {
      const std::uint64_t candidates = allowed & unmatched;
      std::uint64_t lowest;
      __asm__("blsiq %[candidates], %[lowest]\n\trcrq $1, %[matched]"
              : [lowest] "=r"(lowest), [matched] "+r"(pattern_matched)
              : [candidates] "r"(candidates)
              : "cc");
      unmatched ^= lowest;
    };
    // vinserti128 (one cycle), not the three of the vperm2i128 that
    // _mm256_broadcastsi128_si256 becomes for a register.
    const __m256i table2 =
        _mm256_inserti128_si256(_mm256_castsi128_si256(table), table, 1);
#pragma GCC unroll 8
    for (std::size_t i = 0; i + 1 < P; i += 2) {
      const __m256i pair =
          _mm256_load_si256(reinterpret_cast<const __m256i*>(&bytes_[i]));
      // Bits 0-15: step i; bits 16-31: step i + 1.
      const std::uint64_t allowed =
          static_cast<std::uint32_t>(
              _mm256_movemask_epi8(_mm256_cmpeq_epi8(table2, pair))) &
          window[i];
      step(allowed);
      step(allowed >> 16);
    }
    if constexpr (P % 2 == 1) {
      step(static_cast<std::uint32_t>(_mm_movemask_epi8(
               _mm_cmpeq_epi8(table, bytes_[P - 1]))) &
           window[P - 1]);
    }
    const std::uint64_t text_flag = text_bits & ~unmatched;
    const std::uint64_t pattern_flag = pattern_matched >> (64 - P);
    constexpr std::uint64_t kNibbleLsb = 0x1111111111111111ULL;
    // One nibble of all ones per matched position.
    const std::uint64_t text_select = _pdep_u64(text_flag, kNibbleLsb) * 0xF;
    const std::uint64_t pattern_select =
        _pdep_u64(pattern_flag, kNibbleLsb) * 0xF;
    // The text as 16 low nibbles (bytes 0-7 of `nibbles`) and 16 high
    // nibbles (bytes 8-15): byte pairs (a, b) become a + 16 b.
    const __m128i low_nibble = _mm_set1_epi8(0x0F);
    const __m128i pack = _mm_set1_epi16(0x1001);  // bytes 1, 16
    const __m128i nibbles = _mm_packus_epi16(
        _mm_maddubs_epi16(_mm_and_si128(table, low_nibble), pack),
        _mm_maddubs_epi16(
            _mm_and_si128(_mm_srli_epi16(table, 4), low_nibble), pack));
    const auto text_lo = static_cast<std::uint64_t>(_mm_cvtsi128_si64(nibbles));
    const auto text_hi =
        static_cast<std::uint64_t>(_mm_extract_epi64(nibbles, 1));
    const std::uint64_t diff =
        (_pext_u64(nibbles_lo_, pattern_select) ^
         _pext_u64(text_lo, text_select)) |
        (_pext_u64(nibbles_hi_, pattern_select) ^
         _pext_u64(text_hi, text_select));
    // Nibbles past the m-th are zero on both sides; count nonzero nibbles.
    std::uint64_t nonzero = diff | (diff >> 1);
    nonzero |= nonzero >> 2;
    JaroCounts counts;
    counts.common = static_cast<std::size_t>(_mm_popcnt_u64(text_flag));
    counts.transpositions =
        static_cast<std::size_t>(_mm_popcnt_u64(nonzero & kNibbleLsb));
    return counts;
  }
#endif

 private:
  ShortAscii words_;
  // Byte i's low nibble in bits 4i..4i+3 of nibbles_lo_, its high nibble
  // in nibbles_hi_ (CountsFixedV3).
  std::uint64_t nibbles_lo_ = 0;
  std::uint64_t nibbles_hi_ = 0;
#if defined(__SSE2__)
  __m128i vector_ = _mm_setzero_si128();
  // 32-byte aligned: CountsFixedV3 loads two at a time.
  alignas(32) __m128i bytes_[kMaxSize] = {};
#else
  unsigned char bytes_[kMaxSize] = {};
#endif
};

// The kernel sets of CachedJaroWinkler's short path, slowest first.
enum class JaroKernels {
  kBaseline,  // Counts(), any CPU.
  // Counts() compiled for x86-64-v3: a CPU with x86-64-v3 whose pdep/pext
  // are microcoded (AMD before Zen 3: tens to hundreds of cycles each).
  kV3,
  kV3Pext,  // CountsFixedV3: x86-64-v3 with fast pdep/pext.
};

// The kernels that CachedJaroWinkler scorers constructed now use: the best
// this CPU and build (LINKAGE_JARO_V3) support, capped by
// SetJaroKernelsCapForTesting().
JaroKernels ActiveJaroKernels() noexcept;

// Testing only: scorers constructed afterwards use at most `cap` (so that
// tests cover every set the CPU supports); kV3Pext removes the cap. Scorers
// already constructed keep their kernel.
void SetJaroKernelsCapForTesting(JaroKernels cap) noexcept;

}  // namespace linkage::internal

#endif  // LINKAGE_COMPARATORS_INTERNAL_SHORT_JARO_H_
