// Copyright 2026 The Linkage Authors.

#include "comparators/lcs_seq.h"

#include <algorithm>
#include <cstddef>

#include "comparators/internal/bit_parallel.h"
#include "comparators/internal/code_points.h"
#include "comparators/internal/pattern_match.h"

namespace linkage {
namespace {

using internal::Units;

template <typename A, typename B>
std::size_t LcsUnits(Units<A> a, Units<B> b) noexcept {
  const std::size_t before = a.size;
  internal::StripCommonAffix(a, b);
  const std::size_t affix = before - a.size;
  if (a.size == 0 || b.size == 0) return affix;
  if (b.size < a.size) {
    // The shorter string is the pattern (fewer words).
    if (b.size <= 64) {
      internal::StackPatternMatch pm;
      pm.Build(b, a);
      return affix + internal::LcsSeqAllisonDix64(pm, b.size, a);
    }
    const internal::PatternMatch pm(b);
    return affix + internal::LcsSeqAllisonDix(pm, b.size, a);
  }
  if (a.size <= 64) {
    internal::StackPatternMatch pm;
    pm.Build(a, b);
    return affix + internal::LcsSeqAllisonDix64(pm, a.size, b);
  }
  const internal::PatternMatch pm(a);
  return affix + internal::LcsSeqAllisonDix(pm, a.size, b);
}

struct Lengths {
  std::size_t a;
  std::size_t b;
  std::size_t lcs;
};

Lengths Compute(std::string_view a, std::string_view b) noexcept {
  return internal::DispatchUnits(a, b, [](auto ua, auto ub) noexcept {
    return Lengths{ua.size, ub.size, LcsUnits(ua, ub)};
  });
}

std::size_t CapDistance(std::size_t distance, std::size_t cutoff) noexcept {
  return distance <= cutoff ? distance : cutoff + 1;
}

}  // namespace

std::size_t LcsSeqSimilarity(std::string_view a, std::string_view b,
                             std::size_t score_cutoff) noexcept {
  const Lengths l = Compute(a, b);
  return l.lcs >= score_cutoff ? l.lcs : 0;
}

std::size_t LcsSeqDistance(std::string_view a, std::string_view b,
                           std::size_t score_cutoff) noexcept {
  const Lengths l = Compute(a, b);
  return CapDistance(std::max(l.a, l.b) - l.lcs, score_cutoff);
}

double LcsSeqNormalizedDistance(std::string_view a, std::string_view b,
                                double score_cutoff) noexcept {
  const Lengths l = Compute(a, b);
  const std::size_t maximum = std::max(l.a, l.b);
  const double d =
      maximum == 0 ? 0.0 : static_cast<double>(maximum - l.lcs) / maximum;
  return d <= score_cutoff ? d : 1.0;
}

double LcsSeqNormalizedSimilarity(std::string_view a, std::string_view b,
                                  double score_cutoff) noexcept {
  const double s = 1.0 - LcsSeqNormalizedDistance(a, b);
  return s >= score_cutoff ? s : 0.0;
}

std::size_t IndelDistance(std::string_view a, std::string_view b,
                          std::size_t score_cutoff) noexcept {
  const Lengths l = Compute(a, b);
  return CapDistance(l.a + l.b - 2 * l.lcs, score_cutoff);
}

std::size_t IndelSimilarity(std::string_view a, std::string_view b,
                            std::size_t score_cutoff) noexcept {
  const Lengths l = Compute(a, b);
  return 2 * l.lcs >= score_cutoff ? 2 * l.lcs : 0;
}

double IndelNormalizedDistance(std::string_view a, std::string_view b,
                               double score_cutoff) noexcept {
  const Lengths l = Compute(a, b);
  const std::size_t maximum = l.a + l.b;
  const double d = maximum == 0
                       ? 0.0
                       : static_cast<double>(maximum - 2 * l.lcs) / maximum;
  return d <= score_cutoff ? d : 1.0;
}

double IndelNormalizedSimilarity(std::string_view a, std::string_view b,
                                 double score_cutoff) noexcept {
  const double s = 1.0 - IndelNormalizedDistance(a, b);
  return s >= score_cutoff ? s : 0.0;
}

}  // namespace linkage
