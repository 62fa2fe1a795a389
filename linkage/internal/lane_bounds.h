// Copyright 2026 The Linkage Authors.
//
// Scorer::ScoreAtLeast()'s bounds of every comparison of a pair at once, one
// comparison per lane of a 16-lane AVX-512 vector (linkage/scoring.h,
// Scorer::lane_bounds_). The value-id slots of the two records' rows are
// loaded with one masked load each, moved into comparison order, compared
// for null and equal, and each lane's bound picked from three constants
// (or a term-frequency table) without a branch per comparison: the scoring
// kernel took 12-16% less time than with the scalar loop
// (bench/RESULTS.md, 2026-12-06, tenth session). Scorer::ScoreEachAtLeast()
// sums the first bounds of 16 pairs in one loop (LaneSumsReach), before it
// settles any of them: 5-10% less time in cache, 1-6% over all of a
// dedupe's pairs (twelfth session).
//
// Thread-safety: LaneBounds is immutable once built; SumLaneBounds and
// LaneSumsReach are functions.
#ifndef LINKAGE_LINKAGE_INTERNAL_LANE_BOUNDS_H_
#define LINKAGE_LINKAGE_INTERNAL_LANE_BOUNDS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "blocking/candidates.h"
#include "linkage/comparison.h"

namespace linkage::internal {

// What each comparison (lane c) can add to a pair's weight from the pair's
// two value ids: 0 when either is null, `equal[c]` for one value on both
// sides (exact_adds[tf_offset[c] + value] instead when lane c is in
// tf_lanes), `unreversed[c]` for two values whose rows' name fingerprints
// rule a swap out (screens), `far[c]` for two dates far apart (date_screens:
// the far level's weight), else `unequal[c]`.
struct LaneBounds {
  std::array<std::int32_t, 16> slot{};  // row slot of lane c's column
  std::array<float, 16> equal{}, unequal{}, unreversed{}, far{};
  std::array<std::int32_t, 16> tf_offset{};
  std::uint16_t lanes = 0;       // one bit per comparison
  std::uint16_t tf_lanes = 0;
  std::uint16_t load_slots = 0;  // the row slots read
  // The lanes with a name-swap screen, and their screens.
  std::vector<std::pair<std::uint32_t, PreparedComparisons::ReversalScreen>> screens;
  // The lanes with a far-dates screen, and their screens.
  std::vector<std::pair<std::uint32_t, PreparedComparisons::DateScreen>> date_screens;
};

// Whether this CPU runs SumLaneBounds (AVX-512 F, BW, DQ and VL), and the
// environment does not turn it off (LINKAGE_LANE_BOUNDS=0).
bool LaneBoundsAvailable() noexcept;

// Stores lane c's bound for rows a and b at bounds[c] (16 floats) and
// returns the sum of the lanes in `lanes`, in double.
// REQUIRES LaneBoundsAvailable().
double SumLaneBounds(const LaneBounds& lanes, const float* exact_adds,
                     const std::uint32_t* row_a, const std::uint32_t* row_b,
                     float* bounds) noexcept;

// SumLaneBounds() of the first n <= 64 of `pairs` (their rows in
// `prepared`), into bounds[16 k..16 k + 15] and sums[k] = partial + the
// sum; bit k of the result set when sums[k] is not below `limit`. The rows
// of the pair PreparedComparisons::kRowsAhead on from each are prefetched
// (all of `pairs` may be).
// REQUIRES LaneBoundsAvailable(), and prepared's record rows built.
std::uint64_t LaneSumsReach(const LaneBounds& lanes, const float* exact_adds,
                            const PreparedComparisons& prepared,
                            std::span<const CandidatePair> pairs, std::size_t n, double partial,
                            double limit, float* bounds, double* sums) noexcept;

// x rounded up to a float (a bound stays a bound).
float RoundUpToFloat(double x) noexcept;

}  // namespace linkage::internal

#endif  // LINKAGE_LINKAGE_INTERNAL_LANE_BOUNDS_H_
