// Copyright 2026 The Linkage Authors.
//
// CharSignature: a 16-byte summary of an ASCII string's characters, from
// which two strings' shared characters are bounded in a few instructions.
// Precomputed once per dictionary value, it lets a pair that cannot reach a
// level skip the string metric:
//  - JaroWinklerUpperBound(a, b) >= JaroWinklerSimilarity(a, b);
//  - EditDistanceLowerBound(a, b) <= Levenshtein, OSA and Damerau-Levenshtein
//    distances (each edit changes at most one character of either side, and
//    a transposition none, so d >= max(|a|, |b|) - shared characters).
// Characters fall into 32 buckets (byte & 31: 'A', 'a' and '!' share one);
// merging characters only raises the shared count, so the bounds hold.
// Non-ASCII strings (lengths in code points differ from bytes) get no bound:
// 1.0 and 0.
//
// Example:
//   const CharSignature a = MakeCharSignature("MARTHA"), b = MakeCharSignature("MARHTA");
//   if (JaroWinklerUpperBound(a, b) < 0.8) { /* JaroWinklerSimilarity < 0.8 */ }
//
// Thread-safety: pure functions.
#ifndef LINKAGE_COMPARATORS_CHAR_SIGNATURE_H_
#define LINKAGE_COMPARATORS_CHAR_SIGNATURE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "comparators/jaro.h"

namespace linkage {

// `once` has a bit per bucket holding at least one character, `twice` per
// bucket holding two or more; `excess` counts the characters beyond two per
// bucket.
struct CharSignature {
  std::uint32_t once = 0, twice = 0;
  std::uint16_t length = 0;  // bytes (= code points when ascii)
  std::uint8_t excess = 0;   // saturates at 255
  char first = 0;
  bool ascii = false;  // false also for strings of 2^16 bytes or more
  // What would be padding, written: a signature copied whole (into the
  // record rows) then has no indeterminate bytes.
  std::uint8_t unused[3] = {};
};
static_assert(sizeof(CharSignature) == 16);
CharSignature MakeCharSignature(std::string_view s) noexcept;

// The set bits of x, in SWAR form (the baseline x86-64 target has no popcnt
// instruction; the builtin would be a libgcc call).
inline std::size_t Popcount64(std::uint64_t x) noexcept {
  x -= (x >> 1) & 0x5555555555555555ULL;
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<std::size_t>((x * 0x0101010101010101ULL) >> 56);
}

// At least the size of the multiset intersection of the two strings'
// characters: the first two of each bucket counted exactly, the rest by the
// smaller excess. One 64-bit popcount.
// REQUIRES: both ascii.
inline std::size_t SharedCharactersUpperBound(const CharSignature& a,
                                              const CharSignature& b) noexcept {
  const std::uint64_t both = (a.once & b.once) |
                             (static_cast<std::uint64_t>(a.twice & b.twice) << 32);
  return Popcount64(both) + (a.excess < b.excess ? a.excess : b.excess);
}

// The bound from the counts it depends on: `shared` characters at most (an
// upper bound on the matches), lengths `la` and `lb` (both > 0), and whether
// the first characters agree. Increasing in `shared`.
inline double JaroWinklerBoundFromCounts(std::size_t shared, std::size_t la, std::size_t lb,
                                         bool first_agrees,
                                         const JaroWinklerOptions& options = {}) noexcept {
  std::size_t m = shared;
  if (m > la) m = la;
  if (m > lb) m = lb;
  if (m == 0) return 0.0;
  const double md = static_cast<double>(m);
  // Jaro with no transpositions, plus a rounding margin.
  const double jaro = (md / static_cast<double>(la) + md / static_cast<double>(lb) + 1.0) / 3.0 +
                      1e-12;
  if (jaro <= options.boost_threshold || !first_agrees) return jaro < 1.0 ? jaro : 1.0;
  std::size_t prefix = options.max_prefix;
  if (prefix > la) prefix = la;
  if (prefix > lb) prefix = lb;
  const double bound = jaro + static_cast<double>(prefix) * options.prefix_scale * (1.0 - jaro);
  return bound < 1.0 ? bound : 1.0;
}

// An upper bound on JaroWinklerSimilarity(a, b, options): matches at most
// the shared characters, no transpositions, no prefix when the first
// characters differ. 1.0 (no bound) unless both are ASCII and
// options.long_tolerance is off. Inline: it runs per candidate pair.
inline double JaroWinklerUpperBound(const CharSignature& a, const CharSignature& b,
                                    const JaroWinklerOptions& options = {}) noexcept {
  if (!a.ascii || !b.ascii || options.long_tolerance) return 1.0;
  if (a.length == 0 || b.length == 0) return a.length == b.length ? 1.0 : 0.0;
  return JaroWinklerBoundFromCounts(SharedCharactersUpperBound(a, b), a.length, b.length,
                                    a.first == b.first, options);
}

// JaroWinklerUpperBound(a, b, options) < threshold, for one threshold, without
// floating-point division: a table holds, per pair of lengths below
// kMaxLength and first-character agreement, the fewest shared characters
// whose bound reaches the threshold (found with JaroWinklerBoundFromCounts
// itself, so the answers are the same). Other pairs use the formula.
class JaroWinklerBoundTable {
 public:
  static constexpr std::size_t kMaxLength = 32;
  explicit JaroWinklerBoundTable(double threshold = 2.0,
                                 const JaroWinklerOptions& options = {}) noexcept
      : threshold_(threshold), options_(options) {
    for (std::size_t agrees = 0; agrees < 2; ++agrees) {
      for (std::size_t la = 1; la < kMaxLength; ++la) {
        for (std::size_t lb = 1; lb < kMaxLength; ++lb) {
          std::size_t m = 0;
          const std::size_t most = la < lb ? la : lb;
          while (m <= most &&
                 JaroWinklerBoundFromCounts(m, la, lb, agrees == 1, options) < threshold) {
            ++m;
          }
          // most + 1: no count reaches it (the bound caps the count).
          min_shared_[Index(agrees == 1, la, lb)] =
              m > most ? kNever : static_cast<std::uint16_t>(m);
        }
      }
    }
  }
  bool Below(const CharSignature& a, const CharSignature& b) const noexcept {
    if (a.ascii && b.ascii && !options_.long_tolerance && a.length - 1u < kMaxLength - 1 &&
        b.length - 1u < kMaxLength - 1) {
      return SharedCharactersUpperBound(a, b) <
             min_shared_[Index(a.first == b.first, a.length, b.length)];
    }
    return JaroWinklerUpperBound(a, b, options_) < threshold_;
  }

 private:
  static std::size_t Index(bool agrees, std::size_t la, std::size_t lb) noexcept {
    return (static_cast<std::size_t>(agrees) * kMaxLength + la) * kMaxLength + lb;
  }
  static constexpr std::uint16_t kNever = 0xFFFF;  // above any shared count
  double threshold_;
  JaroWinklerOptions options_;
  std::uint16_t min_shared_[2 * kMaxLength * kMaxLength] = {};
};

// A lower bound on the Levenshtein, OSA and Damerau-Levenshtein distances of
// the two strings: max(|a|, |b|) minus the shared characters (0 unless both
// are ASCII).
inline std::size_t EditDistanceLowerBound(const CharSignature& a,
                                          const CharSignature& b) noexcept {
  if (!a.ascii || !b.ascii) return 0;
  const std::size_t longer = a.length > b.length ? a.length : b.length;
  const std::size_t shared = SharedCharactersUpperBound(a, b);
  return shared >= longer ? 0 : longer - shared;
}

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_CHAR_SIGNATURE_H_
