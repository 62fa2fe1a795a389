// Copyright 2026 The Linkage Authors.

#include "comparators/levenshtein.h"

#include <algorithm>
#include <cstddef>
#include <memory>

#include "comparators/internal/bit_parallel.h"
#include "comparators/internal/code_points.h"
#include "comparators/internal/pattern_match.h"
#include "comparators/internal/short_ascii.h"
#include "comparators/lcs_seq.h"

namespace linkage {
namespace {

using internal::ShortAscii;
using internal::Units;

std::size_t Cap(std::size_t distance, std::size_t cutoff) noexcept {
  return distance <= cutoff ? distance : cutoff + 1;
}

std::size_t AbsDiff(std::size_t x, std::size_t y) noexcept {
  return x > y ? x - y : y - x;
}

// Uniform-cost distance on units. The shorter side is the pattern.
template <typename A, typename B>
std::size_t UniformUnits(Units<A> a, Units<B> b, std::size_t max) noexcept {
  if (AbsDiff(a.size, b.size) > max) return max + 1;
  internal::StripCommonAffix(a, b);
  if (a.size == 0 || b.size == 0) return Cap(a.size + b.size, max);
  if (max == 0) return 1;  // not equal after stripping
  if (max <= 3) return internal::LevenshteinMbleven2018(a, b, max);
  if (a.size <= b.size) {
    if (a.size <= 64) {
      internal::StackPatternMatch pm;
      pm.Build(a, b);
      return Cap(internal::LevenshteinHyyro2003(pm, a.size, b, max), max);
    }
    const internal::PatternMatch pm(a);
    return Cap(internal::LevenshteinMyers1999Block(pm, a.size, b, max), max);
  }
  if (b.size <= 64) {
    internal::StackPatternMatch pm;
    pm.Build(b, a);
    return Cap(internal::LevenshteinHyyro2003(pm, b.size, a, max), max);
  }
  const internal::PatternMatch pm(b);
  return Cap(internal::LevenshteinMyers1999Block(pm, b.size, a, max), max);
}

// Both strings ASCII and at most 16 bytes (`a`, `b` with their loaded
// words `wa`, `wb`): the common prefix comes from the words, a small bound
// runs mbleven, any other runs Hyyro (2003) with the stripped shorter string
// as its own pattern-match table. No decoding, copying or table.
[[gnu::always_inline]] inline std::size_t ShortUniform(
    const ShortAscii& wa, std::string_view a, const ShortAscii& wb,
    std::string_view b, std::size_t max) noexcept {
  if (AbsDiff(a.size(), b.size()) > max) return max + 1;
  const std::size_t prefix = CommonPrefix(wa, wb);
  Units<unsigned char> ua = internal::AsciiUnits(a);
  Units<unsigned char> ub = internal::AsciiUnits(b);
  ua.data += prefix;
  ua.size -= prefix;
  ub.data += prefix;
  ub.size -= prefix;
  while (ua.size > 0 && ub.size > 0 && ua[ua.size - 1] == ub[ub.size - 1]) {
    --ua.size;
    --ub.size;
  }
  if (ua.size == 0 || ub.size == 0) return Cap(ua.size + ub.size, max);
  if (max == 0) return 1;  // not equal after stripping
  if (max <= 3) return internal::LevenshteinMbleven2018(ua, ub, max);
  if (ua.size <= ub.size) {
    const internal::ShortAsciiSlice pm(wa, prefix, ua.size);
    return Cap(internal::LevenshteinHyyro2003(pm, ua.size, ub, max), max);
  }
  const internal::ShortAsciiSlice pm(wb, prefix, ub.size);
  return Cap(internal::LevenshteinHyyro2003(pm, ub.size, ua, max), max);
}

// Wagner & Fischer (1974) with arbitrary weights, one row. O(|a| * |b|).
template <typename A, typename B>
std::size_t WeightedUnits(Units<A> a, Units<B> b, const LevenshteinWeights& w,
                          std::size_t max) noexcept {
  internal::StripCommonAffix(a, b);
  std::size_t row_inline[internal::kInlineCodePoints + 1];
  std::unique_ptr<std::size_t[]> row_heap;
  std::size_t* row = row_inline;
  if (b.size + 1 > internal::kInlineCodePoints + 1) {
    row_heap.reset(new std::size_t[b.size + 1]);
    row = row_heap.get();
  }
  for (std::size_t j = 0; j <= b.size; ++j) row[j] = j * w.insert_cost;
  for (std::size_t i = 1; i <= a.size; ++i) {
    std::size_t diagonal = row[0];
    row[0] = i * w.delete_cost;
    for (std::size_t j = 1; j <= b.size; ++j) {
      const std::size_t up = row[j];
      std::size_t best = diagonal + (a[i - 1] == b[j - 1] ? 0 : w.replace_cost);
      best = std::min(best, up + w.delete_cost);
      best = std::min(best, row[j - 1] + w.insert_cost);
      diagonal = up;
      row[j] = best;
    }
  }
  return Cap(row[b.size], max);
}

}  // namespace

std::size_t LevenshteinMaximum(std::size_t len_a, std::size_t len_b,
                               const LevenshteinWeights& w) noexcept {
  std::size_t maximum = len_a * w.delete_cost + len_b * w.insert_cost;
  if (len_a >= len_b) {
    maximum = std::min(
        maximum, len_b * w.replace_cost + (len_a - len_b) * w.delete_cost);
  } else {
    maximum = std::min(
        maximum, len_a * w.replace_cost + (len_b - len_a) * w.insert_cost);
  }
  return maximum;
}

LINKAGE_HOT_CLONES
std::size_t LevenshteinDistance(std::string_view a, std::string_view b,
                                std::size_t score_cutoff) noexcept {
  if (a.size() <= ShortAscii::kMaxSize && b.size() <= ShortAscii::kMaxSize) {
    ShortAscii wa;
    ShortAscii wb;
    if (wa.Load(a) && wb.Load(b))
      return ShortUniform(wa, a, wb, b, score_cutoff);
  }
  return internal::DispatchUnits(a, b, [&](auto ua, auto ub) noexcept {
    return UniformUnits(ua, ub, score_cutoff);
  });
}

std::size_t LevenshteinDistance(std::string_view a, std::string_view b,
                                const LevenshteinWeights& weights,
                                std::size_t score_cutoff) noexcept {
  const std::size_t ins = weights.insert_cost;
  const std::size_t del = weights.delete_cost;
  const std::size_t rep = weights.replace_cost;
  if (ins == del && ins == rep) {
    if (ins == 0) return 0;
    const std::size_t d = LevenshteinDistance(a, b, score_cutoff / ins);
    return Cap(d * ins, score_cutoff);
  }
  if (ins == del && rep >= ins + del && ins > 0) {
    const std::size_t d = IndelDistance(a, b, score_cutoff / ins);
    return Cap(d * ins, score_cutoff);
  }
  return internal::DispatchUnits(a, b, [&](auto ua, auto ub) noexcept {
    return WeightedUnits(ua, ub, weights, score_cutoff);
  });
}

namespace {

struct DistanceAndMaximum {
  std::size_t distance;
  std::size_t maximum;
};

DistanceAndMaximum Both(std::string_view a, std::string_view b,
                        const LevenshteinWeights& weights) noexcept {
  if (weights.insert_cost == 1 && weights.delete_cost == 1 &&
      weights.replace_cost == 1 && a.size() <= ShortAscii::kMaxSize &&
      b.size() <= ShortAscii::kMaxSize) {
    ShortAscii wa;
    ShortAscii wb;
    if (wa.Load(a) && wb.Load(b)) {
      return {ShortUniform(wa, a, wb, b, SIZE_MAX),
              std::max(a.size(), b.size())};
    }
  }
  const bool ascii = internal::IsAscii(a) && internal::IsAscii(b);
  const std::size_t len_a = ascii ? a.size() : internal::CountCodePoints(a);
  const std::size_t len_b = ascii ? b.size() : internal::CountCodePoints(b);
  return {LevenshteinDistance(a, b, weights),
          LevenshteinMaximum(len_a, len_b, weights)};
}

double Normalized(DistanceAndMaximum dm) noexcept {
  return dm.maximum == 0 ? 0.0
                         : static_cast<double>(dm.distance) /
                               static_cast<double>(dm.maximum);
}

}  // namespace

std::size_t LevenshteinSimilarity(std::string_view a, std::string_view b,
                                  const LevenshteinWeights& weights,
                                  std::size_t score_cutoff) noexcept {
  const DistanceAndMaximum dm = Both(a, b, weights);
  const std::size_t sim =
      dm.maximum > dm.distance ? dm.maximum - dm.distance : 0;
  return sim >= score_cutoff ? sim : 0;
}

double LevenshteinNormalizedDistance(std::string_view a, std::string_view b,
                                     const LevenshteinWeights& weights,
                                     double score_cutoff) noexcept {
  const double d = Normalized(Both(a, b, weights));
  return d <= score_cutoff ? d : 1.0;
}

double LevenshteinNormalizedSimilarity(std::string_view a, std::string_view b,
                                       const LevenshteinWeights& weights,
                                       double score_cutoff) noexcept {
  const double s = 1.0 - Normalized(Both(a, b, weights));
  return s >= score_cutoff ? s : 0.0;
}

CachedLevenshtein::CachedLevenshtein(std::string_view s) : str_(s) {
  internal::CodePoints cps(str_);
  units_.assign(cps.data(), cps.data() + cps.size());
  if (units_.size() <= 64 && internal::IsAscii(str_)) {
    ascii_pm_ = internal::AsciiPatternMatch(str_);
    has_ascii_pm_ = true;
  } else {
    pm_ = internal::PatternMatch(Units<char32_t>{units_.data(), units_.size()});
  }
}

namespace {

// True if `s` is ASCII; cheap for names (see short_ascii.h).
inline bool IsAsciiText(std::string_view s) noexcept {
  if (s.size() <= ShortAscii::kMaxSize) {
    ShortAscii words;
    return words.Load(s);
  }
  return internal::IsAscii(s);
}

}  // namespace

LINKAGE_HOT_CLONES
std::size_t CachedLevenshtein::Distance(
    std::string_view other, std::size_t score_cutoff) const noexcept {
  const std::size_t m = units_.size();
  auto run = [&](auto text, const auto& pm) noexcept -> std::size_t {
    const std::size_t max = score_cutoff;
    if (AbsDiff(m, text.size) > max) return max + 1;
    if (m == 0) return Cap(text.size, max);
    if (text.size == 0) return Cap(m, max);
    return Cap(internal::LevenshteinHyyro2003(pm, m, text, max), max);
  };
  if (has_ascii_pm_) {
    // The fast path: an ASCII pattern of at most 64 bytes; Hyyro (2003) on
    // the cached table, no stripping (cheaper here than mbleven), with its
    // early exit once the cutoff is out of reach.
    if (IsAsciiText(other)) {
      return run(internal::AsciiUnits(other), ascii_pm_.ForAsciiText());
    }
    internal::CodePoints cps(other);
    return run(Units<char32_t>{cps.data(), cps.size()}, ascii_pm_);
  }
  auto run_any = [&](auto text) noexcept -> std::size_t {
    const std::size_t max = score_cutoff;
    if (m <= 64) return run(text, pm_);
    if (AbsDiff(m, text.size) > max) return max + 1;
    if (text.size == 0) return Cap(m, max);
    return Cap(internal::LevenshteinMyers1999Block(pm_, m, text, max), max);
  };
  if (internal::IsAscii(other)) return run_any(internal::AsciiUnits(other));
  internal::CodePoints cps(other);
  return run_any(Units<char32_t>{cps.data(), cps.size()});
}

double CachedLevenshtein::NormalizedSimilarity(
    std::string_view other, double score_cutoff) const noexcept {
  const std::size_t len_b =
      IsAsciiText(other) ? other.size() : internal::CountCodePoints(other);
  const std::size_t maximum = std::max(units_.size(), len_b);
  if (maximum == 0) return 1.0 >= score_cutoff ? 1.0 : 0.0;
  const std::size_t d = Distance(other);
  const double s = 1.0 - static_cast<double>(d) / static_cast<double>(maximum);
  return s >= score_cutoff ? s : 0.0;
}

}  // namespace linkage
