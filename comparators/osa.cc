// Copyright 2026 The Linkage Authors.

#include "comparators/osa.h"

#include <algorithm>
#include <cstddef>
#include <memory>

#include "comparators/internal/bit_parallel.h"
#include "comparators/internal/code_points.h"
#include "comparators/internal/pattern_match.h"

namespace linkage {
namespace {

using internal::Units;

// The OSA recurrence (Damerau 1964 restricted form) over three rows.
template <typename A, typename B>
std::size_t OsaRows(Units<A> a, Units<B> b) noexcept {
  const std::size_t width = b.size + 1;
  std::size_t inline_rows[3 * (internal::kInlineCodePoints + 1)];
  std::unique_ptr<std::size_t[]> heap;
  std::size_t* rows = inline_rows;
  if (width > internal::kInlineCodePoints + 1) {
    heap.reset(new std::size_t[3 * width]);
    rows = heap.get();
  }
  std::size_t* before = rows;         // row i - 2
  std::size_t* prev = rows + width;   // row i - 1
  std::size_t* cur = rows + 2 * width;
  for (std::size_t j = 0; j < width; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t best = std::min({prev[j] + 1, cur[j - 1] + 1,
                                   prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, before[j - 2] + 1);
      }
      cur[j] = best;
    }
    std::size_t* recycled = before;
    before = prev;
    prev = cur;
    cur = recycled;
  }
  return prev[b.size];
}

template <typename A, typename B>
std::size_t OsaUnits(Units<A> a, Units<B> b) noexcept {
  internal::StripCommonAffix(a, b);
  if (a.size == 0 || b.size == 0) return a.size + b.size;
  if (a.size <= b.size && a.size <= 64) {
    internal::StackPatternMatch pm;
    pm.Build(a, b);
    return internal::OsaHyyro2003(pm, a.size, b);
  }
  if (b.size < a.size && b.size <= 64) {
    internal::StackPatternMatch pm;
    pm.Build(b, a);
    return internal::OsaHyyro2003(pm, b.size, a);
  }
  return OsaRows(a, b);
}

}  // namespace

std::size_t OsaDistance(std::string_view a, std::string_view b,
                        std::size_t score_cutoff) noexcept {
  const std::size_t d = internal::DispatchUnits(
      a, b, [](auto ua, auto ub) noexcept { return OsaUnits(ua, ub); });
  return d <= score_cutoff ? d : score_cutoff + 1;
}

double OsaNormalizedSimilarity(std::string_view a, std::string_view b,
                               double score_cutoff) noexcept {
  return internal::DispatchUnits(a, b, [&](auto ua, auto ub) noexcept {
    const std::size_t maximum = std::max(ua.size, ub.size);
    const double s =
        maximum == 0 ? 1.0
                     : 1.0 - static_cast<double>(OsaUnits(ua, ub)) / maximum;
    return s >= score_cutoff ? s : 0.0;
  });
}

}  // namespace linkage
