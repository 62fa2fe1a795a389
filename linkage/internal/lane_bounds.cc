// Copyright 2026 The Linkage Authors.
#include "linkage/internal/lane_bounds.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define LINKAGE_HAVE_LANE_BOUNDS 1
#endif

namespace linkage::internal {

float RoundUpToFloat(double x) noexcept {
  float up = static_cast<float>(x);
  if (static_cast<double>(up) < x) up = std::nextafter(up, std::numeric_limits<float>::infinity());
  return up;
}

#ifdef LINKAGE_HAVE_LANE_BOUNDS

// GCC 12's AVX-512 intrinsics warn, where they are inlined, that their own
// _mm512_undefined_*() values are used uninitialised: a false positive.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

bool LaneBoundsAvailable() noexcept {
  static const bool available = [] {
    const char* env = std::getenv("LINKAGE_LANE_BOUNDS");
    if (env != nullptr && std::strcmp(env, "0") == 0) return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  }();
  return available;
}

namespace {

// SumLaneBounds()'s work; `bounds` may be null (no lane stored).
__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl"), always_inline)) inline double
LaneSum(const LaneBounds& lanes, const float* exact_adds, const std::uint32_t* row_a,
        const std::uint32_t* row_b, float* bounds) noexcept {
  // The rows' value ids, lane c holding comparison c's column's.
  const __m512i slots = _mm512_loadu_si512(lanes.slot.data());
  const __m512i ids_a =
      _mm512_permutexvar_epi32(slots, _mm512_maskz_loadu_epi32(lanes.load_slots, row_a));
  const __m512i ids_b =
      _mm512_permutexvar_epi32(slots, _mm512_maskz_loadu_epi32(lanes.load_slots, row_b));
  const __m512i null = _mm512_set1_epi32(-1);  // kNullValue
  const __mmask16 both = _mm512_mask_cmpneq_epi32_mask(
      _mm512_mask_cmpneq_epi32_mask(lanes.lanes, ids_a, null), ids_b, null);
  const __mmask16 equal = _mm512_mask_cmpeq_epi32_mask(both, ids_a, ids_b);
  __m512 bound = _mm512_mask_blend_ps(equal, _mm512_loadu_ps(lanes.unequal.data()),
                                      _mm512_loadu_ps(lanes.equal.data()));
  __mmask16 unreversed = 0;
  for (const auto& [lane, screen] : lanes.screens) {
    unreversed |= static_cast<__mmask16>(
        !PreparedComparisons::MayBeReversed(screen, row_a, row_b) << lane);
  }
  bound = _mm512_mask_mov_ps(bound, unreversed & ~equal,
                             _mm512_loadu_ps(lanes.unreversed.data()));
  __mmask16 far = 0;
  for (const auto& [lane, screen] : lanes.date_screens) {
    // A null's row bytes are no date: read, then masked off with `both`.
    far |= static_cast<__mmask16>(PreparedComparisons::DatesFarApart(screen, row_a, row_b)
                                  << lane);
  }
  bound = _mm512_mask_mov_ps(bound, far & ~equal, _mm512_loadu_ps(lanes.far.data()));
  // The term-frequency lanes of one value on both sides read their
  // value's entry: a few scalar loads cost less than a gather.
  const __mmask16 tf = equal & lanes.tf_lanes;
  bound = _mm512_maskz_mov_ps(both & ~tf, bound);
  if (bounds != nullptr) _mm512_storeu_ps(bounds, bound);
  const __m512d low = _mm512_cvtps_pd(_mm512_castps512_ps256(bound));
  const __m512d high = _mm512_cvtps_pd(_mm512_extractf32x8_ps(bound, 1));
  double sum = _mm512_reduce_add_pd(_mm512_add_pd(low, high));
  if (tf != 0) {
    alignas(64) std::uint32_t ids[16];
    _mm512_store_si512(ids, ids_a);
    for (unsigned rest = tf; rest != 0; rest &= rest - 1) {
      const int lane = __builtin_ctz(rest);
      const float add = exact_adds[static_cast<std::size_t>(lanes.tf_offset[lane]) + ids[lane]];
      if (bounds != nullptr) bounds[lane] = add;
      sum += static_cast<double>(add);
    }
  }
  return sum;
}

}  // namespace

__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl"))) double SumLaneBounds(
    const LaneBounds& lanes, const float* exact_adds, const std::uint32_t* row_a,
    const std::uint32_t* row_b, float* bounds) noexcept {
  return LaneSum(lanes, exact_adds, row_a, row_b, bounds);
}

__attribute__((target("avx512f,avx512bw,avx512dq,avx512vl"))) std::uint64_t LaneSumsReach(
    const LaneBounds& lanes, const float* exact_adds, const PreparedComparisons& prepared,
    std::span<const CandidatePair> pairs, std::size_t n, double partial, double limit,
    float* bounds, double* sums) noexcept {
  // Rows prefetched one pair at a time, kRowsAhead on (a batch's at once
  // overflow the miss buffers: slower).
  constexpr std::size_t kAhead = PreparedComparisons::kRowsAhead;
  std::uint64_t reach = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (k + kAhead < pairs.size()) {
      prepared.Prefetch(pairs[k + kAhead].left);
      prepared.Prefetch(pairs[k + kAhead].right);
    }
    sums[k] = partial + LaneSum(lanes, exact_adds, prepared.Row(pairs[k].left),
                                prepared.Row(pairs[k].right), &bounds[16 * k]);
    reach |= static_cast<std::uint64_t>(!(sums[k] < limit)) << k;
  }
  return reach;
}

#pragma GCC diagnostic pop

#else

bool LaneBoundsAvailable() noexcept { return false; }

double SumLaneBounds(const LaneBounds&, const float*, const std::uint32_t*,
                     const std::uint32_t*, float*) noexcept {
  std::abort();  // REQUIRES LaneBoundsAvailable()
}

std::uint64_t LaneSumsReach(const LaneBounds&, const float*, const PreparedComparisons&,
                            std::span<const CandidatePair>, std::size_t, double, double, float*,
                            double*) noexcept {
  std::abort();  // REQUIRES LaneBoundsAvailable()
}

#endif

}  // namespace linkage::internal
