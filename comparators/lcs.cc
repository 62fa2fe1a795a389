// Copyright 2026 The Linkage Authors.

#include "comparators/lcs.h"

#include <cstddef>
#include <cstdint>
#include <memory>

#include "comparators/internal/code_points.h"

namespace linkage {
namespace {

using internal::Units;

// row[j] = length of the common suffix of a[..i] and b[..j].
template <typename A, typename B>
std::size_t LongestUnits(Units<A> a, Units<B> b) noexcept {
  if (a.size == 0 || b.size == 0) return 0;
  std::uint32_t inline_row[internal::kInlineCodePoints + 1];
  std::unique_ptr<std::uint32_t[]> heap;
  std::uint32_t* row = inline_row;
  if (b.size + 1 > internal::kInlineCodePoints + 1) {
    heap.reset(new std::uint32_t[b.size + 1]);
    row = heap.get();
  }
  for (std::size_t j = 0; j <= b.size; ++j) row[j] = 0;
  std::uint32_t best = 0;
  for (std::size_t i = 1; i <= a.size; ++i) {
    std::uint32_t diagonal = 0;  // row[j - 1] of the previous i
    for (std::size_t j = 1; j <= b.size; ++j) {
      const std::uint32_t up = row[j];
      row[j] = a[i - 1] == b[j - 1] ? diagonal + 1 : 0;
      if (row[j] > best) best = row[j];
      diagonal = up;
    }
  }
  return best;
}

}  // namespace

std::size_t LongestCommonSubstringLength(std::string_view a,
                                         std::string_view b) noexcept {
  return internal::DispatchUnits(
      a, b, [](auto ua, auto ub) noexcept { return LongestUnits(ua, ub); });
}

double LongestCommonSubstringRatio(std::string_view a, std::string_view b,
                                   EmptyStrings empty_strings,
                                   double score_cutoff) noexcept {
  return internal::DispatchUnits(a, b, [&](auto ua, auto ub) noexcept {
    double s;
    if (ua.size + ub.size == 0) {
      s = empty_strings == EmptyStrings::kOne ? 1.0 : 0.0;
    } else {
      s = 2.0 * static_cast<double>(LongestUnits(ua, ub)) /
          static_cast<double>(ua.size + ub.size);
    }
    return s >= score_cutoff ? s : 0.0;
  });
}

}  // namespace linkage
