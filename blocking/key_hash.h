// Copyright 2026 The Linkage Authors.
//
// A fixed, unsalted 64-bit hash for blocking keys. Unlike absl::Hash (salted
// per process), the same key hashes the same in every run, so block order,
// and anything derived from it, is reproducible run to run.
//
// Example:
//   std::uint64_t h = HashCombine(HashBytes("SM0"), HashBytes("1980"));
//
// Thread-safety: pure functions.
#ifndef LINKAGE_BLOCKING_KEY_HASH_H_
#define LINKAGE_BLOCKING_KEY_HASH_H_

#include <cstdint>
#include <cstring>
#include <string_view>

namespace linkage {

// splitmix64's finaliser: a bijective 64-bit mixer.
constexpr std::uint64_t MixBits(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Hash of the bytes of `s` (8 bytes at a time, then the tail, then length).
inline std::uint64_t HashBytes(std::string_view s,
                               std::uint64_t seed = 0x243f6a8885a308d3ULL) noexcept {
  std::uint64_t h = seed;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    h = MixBits(h ^ word) + 0x9e3779b97f4a7c15ULL;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  h = MixBits(h ^ tail ^ (static_cast<std::uint64_t>(s.size()) << 56));
  return h;
}

// Order-dependent combination of two hashes.
constexpr std::uint64_t HashCombine(std::uint64_t a, std::uint64_t b) noexcept {
  return MixBits(a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL);
}

}  // namespace linkage

#endif  // LINKAGE_BLOCKING_KEY_HASH_H_
