// Copyright 2026 The Linkage Authors.
//
// Deterministic pseudo-random numbers for the synthetic register generator
// (linkage/generator.h): SplitMix64 for seeding, xoshiro256** (Blackman and
// Vigna, 2018) as the generator, Lemire's nearly-divisionless bounded
// integers (Lemire 2019, "Fast Random Integer Generation in an Interval") and
// integer cumulative tables for weighted choice.
//
// Nothing here uses std:: distributions: their output is
// implementation-defined, and the generator promises the same bytes for the
// same seed on any platform and thread count. Floating point is used only
// where the result is exact (comparisons against p * 2^53).
//
// Example:
//   Xoshiro256 rng(MixSeed(seed, chunk_index));
//   const uint64_t die = rng.Below(6) + 1;
//
// Thread-safety: a Xoshiro256 is a value; use one per thread (or per chunk).
// CumulativeTable is immutable once built; const methods are thread-safe.
#ifndef LINKAGE_INTERNAL_GENERATOR_RANDOM_H_
#define LINKAGE_INTERNAL_GENERATOR_RANDOM_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace linkage::internal {

// One step of SplitMix64 (Steele, Lea and Flood 2014): advances `state` and
// returns a well-mixed 64-bit value.
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Derives an independent stream seed from a run seed and a stream index (e.g.
// a chunk number). Different (seed, stream) pairs give unrelated streams.
inline uint64_t MixSeed(uint64_t seed, uint64_t stream) {
  uint64_t state = seed ^ (stream * 0xd1342543de82ef95ULL);
  SplitMix64(state);
  return SplitMix64(state) ^ stream;
}

// xoshiro256** 1.0. Period 2^256 - 1.
class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed) {
    uint64_t state = seed;
    for (uint64_t& word : s_) word = SplitMix64(state);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform integer in [0, n), unbiased (Lemire's method with rejection).
  // REQUIRES: n > 0.
  uint64_t Below(uint64_t n) {
    __uint128_t product = static_cast<__uint128_t>(Next()) * n;
    uint64_t low = static_cast<uint64_t>(product);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        product = static_cast<__uint128_t>(Next()) * n;
        low = static_cast<uint64_t>(product);
      }
    }
    return static_cast<uint64_t>(product >> 64);
  }

  // Uniform integer in [lo, hi]. REQUIRES: lo <= hi.
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability p (clamped to [0, 1]). Exact: compares 53 random
  // bits with p * 2^53, a multiplication by a power of two.
  bool Chance(double p) {
    if (p <= 0.0) return false;
    if (p >= 1.0) return true;
    return static_cast<double>(Next() >> 11) < p * 9007199254740992.0;
  }

  // Fisher-Yates shuffle.
  template <typename T>
  void Shuffle(std::vector<T>& values) {
    for (std::size_t i = values.size(); i > 1; --i) {
      std::swap(values[i - 1], values[Below(i)]);
    }
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Weighted choice over integer weights: a cumulative sum and binary search,
// O(log n) per draw. Integer weights keep draws exact and portable.
class CumulativeTable {
 public:
  // Appends an outcome with `weight`; zero-weight outcomes are never drawn.
  void Add(uint64_t weight) {
    total_ += weight;
    cumulative_.push_back(total_);
  }

  std::size_t size() const { return cumulative_.size(); }
  uint64_t total() const { return total_; }

  // Index of the drawn outcome. REQUIRES: total() > 0.
  std::size_t Sample(Xoshiro256& rng) const {
    const uint64_t point = rng.Below(total_);
    return static_cast<std::size_t>(
        std::upper_bound(cumulative_.begin(), cumulative_.end(), point) -
        cumulative_.begin());
  }

 private:
  std::vector<uint64_t> cumulative_;
  uint64_t total_ = 0;
};

// Draws an index from a small fixed array of weights (e.g. {70, 20, 10}).
// REQUIRES: the weights sum to more than zero.
template <std::size_t N>
std::size_t PickWeighted(Xoshiro256& rng, const int (&weights)[N]) {
  uint64_t total = 0;
  for (int weight : weights) total += static_cast<uint64_t>(weight);
  uint64_t point = rng.Below(total);
  for (std::size_t i = 0; i < N; ++i) {
    const uint64_t weight = static_cast<uint64_t>(weights[i]);
    if (point < weight) return i;
    point -= weight;
  }
  return N - 1;
}

}  // namespace linkage::internal

#endif  // LINKAGE_INTERNAL_GENERATOR_RANDOM_H_
