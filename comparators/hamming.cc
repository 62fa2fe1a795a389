// Copyright 2026 The Linkage Authors.

#include "comparators/hamming.h"

#include <cstddef>

#include "comparators/internal/utf8.h"

namespace linkage {
namespace {

struct Counts {
  std::size_t distance;
  std::size_t maximum;
};

// Streams both strings, decoding one code point at a time.
Counts Compute(std::string_view a, std::string_view b) noexcept {
  if (internal::IsAscii(a) && internal::IsAscii(b)) {
    const std::size_t shorter = a.size() < b.size() ? a.size() : b.size();
    const std::size_t longer = a.size() < b.size() ? b.size() : a.size();
    std::size_t distance = longer - shorter;
    for (std::size_t i = 0; i < shorter; ++i) distance += a[i] != b[i];
    return {distance, longer};
  }
  std::size_t pa = 0;
  std::size_t pb = 0;
  std::size_t distance = 0;
  std::size_t maximum = 0;
  while (pa < a.size() || pb < b.size()) {
    ++maximum;
    if (pa < a.size() && pb < b.size()) {
      distance += internal::DecodeOne(a, &pa) != internal::DecodeOne(b, &pb);
    } else {
      ++distance;
      if (pa < a.size()) internal::DecodeOne(a, &pa);
      if (pb < b.size()) internal::DecodeOne(b, &pb);
    }
  }
  return {distance, maximum};
}

}  // namespace

std::size_t HammingDistance(std::string_view a, std::string_view b,
                            std::size_t score_cutoff) noexcept {
  const std::size_t d = Compute(a, b).distance;
  return d <= score_cutoff ? d : score_cutoff + 1;
}

double HammingNormalizedSimilarity(std::string_view a, std::string_view b,
                                   double score_cutoff) noexcept {
  const Counts c = Compute(a, b);
  const double s =
      c.maximum == 0 ? 1.0
                     : 1.0 - static_cast<double>(c.distance) / c.maximum;
  return s >= score_cutoff ? s : 0.0;
}

}  // namespace linkage
