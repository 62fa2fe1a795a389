// Copyright 2026 The Linkage Authors.
//
// Internal: the fast path for short ASCII strings (names, 3-15 bytes), which
// is where record linkage spends almost all of its comparisons.
//
// ShortAscii::Load() reads a string of at most 16 bytes into two 64-bit words
// (zero-padded) with at most four unaligned loads that never leave the
// string's bytes, and checks that it is ASCII at the same time (so callers
// need neither IsAscii() nor a copy). The loaded string then serves as its own
// pattern-match table: Get(c) compares all 16 bytes with `c` at once (one
// SSE2 compare and movemask, or a SWAR fallback), so there is no 256-entry
// table to clear or fill per comparison.
//
// Example:
//   ShortAscii p;
//   if (p.Load("MARTHA")) p.Get('A');  // 0b100010
//
// Thread-safety: a loaded ShortAscii is immutable; const methods may be
// called concurrently.
#ifndef LINKAGE_COMPARATORS_INTERNAL_SHORT_ASCII_H_
#define LINKAGE_COMPARATORS_INTERNAL_SHORT_ASCII_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// LINKAGE_HOT_CLONES marks the entry points of the short-string fast paths:
// GCC compiles them twice, for x86-64-v3 (AVX2, BMI1/2, LZCNT, MOVBE, FMA:
// Haswell, 2013, Zen and every later x86-64: a one-instruction byte
// broadcast for ShortAscii::Get, blsi, tzcnt, popcnt) and for the baseline,
// and picks one when the program loads (function multiversioning through an
// ifunc). Results are identical; only speed differs. Empty elsewhere (clang,
// non-x86, or already built for AVX2).
// The level, not "arch=haswell": GCC dispatches an arch= clone on
// __builtin_cpu_is (the CPU model), so a Haswell clone never runs on, say,
// a Sapphire Rapids or Zen 4; x86-64-v3 is dispatched on the CPU's features.
// Not under ThreadSanitizer: its runtime is not ready when ifunc resolvers
// run at load time, and the binary crashes before main().
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    defined(__linux__) && !defined(__AVX2__) && !defined(__SANITIZE_THREAD__)
#define LINKAGE_HOT_CLONES \
  __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define LINKAGE_HOT_CLONES
#endif

namespace linkage::internal {

// The word-packing below reads bytes in memory order into little-endian
// words; other platforms simply never take the fast path.
inline constexpr bool kShortAsciiEnabled =
    std::endian::native == std::endian::little;

class ShortAscii {
 public:
  static constexpr std::size_t kMaxSize = 16;

  // Loads `s`. Returns false (leaving *this unusable) if `s` is longer than
  // kMaxSize bytes or has a byte >= 0x80. Never reads outside `s`.
  bool Load(std::string_view s) noexcept {
    if constexpr (!kShortAsciiEnabled) return false;
    const std::size_t n = s.size();
    if (n > kMaxSize) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
    if (n >= 4) {
      // Branch-free for every length 4-16 (the length of a name is not
      // predictable): four 4-byte loads at 0, min(4, n-4), min(8, n-4) and
      // n-4, all inside the string; overlapping bytes OR equal values.
      const std::uint64_t c0 = Load4(p);
      const std::size_t o1 = n - 4 < 4 ? n - 4 : 4;
      const std::uint64_t c1 = Load4(p + o1);
      const std::size_t o2 = n - 4 < 8 ? n - 4 : 8;
      const std::uint64_t c2 = Load4(p + o2);
      const std::uint64_t c3 = Load4(p + n - 4);
      lo = c0 | (c1 << (o1 * 8));
      // Bytes 8..n-1. n >= 12: c2 holds bytes 8-11 and c3 bytes n-4..n-1
      // (hi offset n-12). n < 12: c3's bytes from 8 on, shifted down by
      // 12-n bytes (all of them when n <= 8, leaving hi = 0).
      const std::size_t up = n >= 12 ? n - 12 : 0;
      const std::size_t down = n >= 12 ? 0 : (12 - n < 4 ? 12 - n : 4);
      const std::uint64_t wide = c2 | (c3 << (up * 8));
      const std::uint64_t narrow = c3 >> (down * 8);
      hi = n >= 12 ? wide : narrow;
    } else if (n > 0) {
      lo = std::uint64_t{p[0]} | (std::uint64_t{p[n / 2]} << (n / 2 * 8)) |
           (std::uint64_t{p[n - 1]} << ((n - 1) * 8));
    }
    if ((lo | hi) & 0x8080808080808080ULL) return false;
    lo_ = lo;
    hi_ = hi;
    size_ = n;
    return true;
  }

  // The ShortAscii whose Load() would produce these words. REQUIRES: `lo`
  // and `hi` hold `size` (<= kMaxSize) bytes below 0x80 as Load() places
  // them, zero-padded (internal/short_jaro.h's vector loader).
  static ShortAscii FromWords(std::uint64_t lo, std::uint64_t hi,
                              std::size_t size) noexcept {
    ShortAscii s;
    s.lo_ = lo;
    s.hi_ = hi;
    s.size_ = size;
    return s;
  }

  // Holds no pointer into the loaded string (safe to copy or keep after the
  // string moves).
  std::size_t size() const noexcept { return size_; }
  // Bytes 0-7 and 8-15, zero-padded, byte i in bits 8i..8i+7 of its word.
  std::uint64_t lo() const noexcept { return lo_; }
  std::uint64_t hi() const noexcept { return hi_; }

  // Bit i is set iff byte i == c, for i < size(). Bits size() .. 15 are
  // set when c == 0 (the padding): callers mask them off or, as the
  // bit-parallel kernels do, ignore bits above the pattern.
  std::uint64_t Get(unsigned char c) const noexcept {
#if defined(__SSE2__)
    const __m128i text = _mm_set_epi64x(static_cast<long long>(hi_),
                                        static_cast<long long>(lo_));
    const __m128i eq =
        _mm_cmpeq_epi8(text, _mm_set1_epi8(static_cast<char>(c)));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(eq));
#else
    return ByteMask(lo_ ^ (c * kOnes)) | (ByteMask(hi_ ^ (c * kOnes)) << 8);
#endif
  }
  // Code points beyond ASCII never occur in a loaded string.
  std::uint64_t Get(char32_t c) const noexcept {
    return c < 0x80 ? Get(static_cast<unsigned char>(c)) : 0;
  }

  // Length of the common prefix of two loaded strings.
  friend std::size_t CommonPrefix(const ShortAscii& a,
                                  const ShortAscii& b) noexcept {
    const std::size_t shorter = a.size_ < b.size_ ? a.size_ : b.size_;
    const std::uint64_t lo = a.lo_ ^ b.lo_;
    std::size_t prefix;
    if (lo != 0) {
      prefix = static_cast<std::size_t>(std::countr_zero(lo)) / 8;
    } else {
      const std::uint64_t hi = a.hi_ ^ b.hi_;
      prefix =
          hi == 0 ? 16 : 8 + static_cast<std::size_t>(std::countr_zero(hi)) / 8;
    }
    return prefix < shorter ? prefix : shorter;
  }

 private:
  static std::uint64_t Load4(const unsigned char* p) noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }

#if !defined(__SSE2__)
  static constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  // Bit i set iff byte i of x is zero (exact: no borrow across bytes since
  // every byte is below 0x80).
  static std::uint64_t ByteMask(std::uint64_t x) noexcept {
    const std::uint64_t zero =
        ~(((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x) &
        0x8080808080808080ULL;
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= ((zero >> (8 * i + 7)) & 1) << i;
    return bits;
  }
#endif

  std::uint64_t lo_ = 0;
  std::uint64_t hi_ = 0;
  std::size_t size_ = 0;
};

// A ShortAscii pattern restricted to bytes [offset, offset + size) (after
// stripping a common prefix and suffix): bit i of Get(c) is byte offset + i.
class ShortAsciiSlice {
 public:
  ShortAsciiSlice(const ShortAscii& s, std::size_t offset,
                  std::size_t size) noexcept
      : s_(s), offset_(offset), mask_((std::uint64_t{1} << size) - 1) {}

  template <typename C>
  std::uint64_t Get(C c) const noexcept {
    return (s_.Get(c) >> offset_) & mask_;
  }

 private:
  const ShortAscii& s_;
  std::size_t offset_;
  std::uint64_t mask_;
};

}  // namespace linkage::internal

#endif  // LINKAGE_COMPARATORS_INTERNAL_SHORT_ASCII_H_
