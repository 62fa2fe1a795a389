// Copyright 2026 The Linkage Authors.
//
// Numeric comparisons for person-model fields such as heights, weights or
// amounts: absolute difference and relative difference
// |a - b| / max(|a|, |b|) (0 when both are 0), so levels like "within 5%"
// can be configured.
//
// Example:
//   AbsoluteDifference(170.0, 172.5) == 2.5
//   RelativeDifference(100.0, 95.0) == 0.05
//
// Thread-safety: pure functions; safe from any thread.
#ifndef LINKAGE_COMPARATORS_NUMERIC_COMPARE_H_
#define LINKAGE_COMPARATORS_NUMERIC_COMPARE_H_

#include <cmath>
#include <cstdint>

namespace linkage {

// |a - b|. NaN if either is NaN, or if a and b are the same infinity
// (inf - inf); +inf if exactly one is infinite.
inline double AbsoluteDifference(double a, double b) noexcept { return std::fabs(a - b); }

// |a - b| for integers, exact for every pair (no overflow).
constexpr std::uint64_t AbsoluteDifference(std::int64_t a, std::int64_t b) noexcept {
  return a > b ? static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b)
               : static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a);
}

// |a - b| / max(|a|, |b|), in [0, 2] (2 when the signs differ and the
// magnitudes are equal); 0 when a == b (including both 0). NaN if either is
// NaN or either is infinite (the ratio is undefined); callers map NaN to
// their "else" level.
inline double RelativeDifference(double a, double b) noexcept {
  if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) {
    return std::nan("");
  }
  if (a == b) return 0.0;
  const double scale = std::fmax(std::fabs(a), std::fabs(b));
  const double diff = std::fabs(a - b);
  // |a - b| overflows only for magnitudes near DBL_MAX: divide first then.
  if (std::isinf(diff)) return std::fabs(a / scale - b / scale);
  return diff / scale;
}

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_NUMERIC_COMPARE_H_
