// Copyright 2026 The Linkage Authors.
//
// libFuzzer target for the string metrics on arbitrary bytes. The input is
// split at the first 0x00 byte (or in the middle if none) into two strings,
// which need not be valid UTF-8. Every fast path must agree with the
// textbook reference and nothing may crash. Documented behaviour on invalid
// UTF-8 (see comparators/internal/utf8.h): each invalid byte is one unit,
// U+DC00 + byte, equal only to the same invalid byte; scores are computed on
// those units like on any code point.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "comparators/damerau_levenshtein.h"
#include "comparators/hamming.h"
#include "comparators/jaccard.h"
#include "comparators/jaro.h"
#include "comparators/lcs.h"
#include "comparators/lcs_seq.h"
#include "comparators/levenshtein.h"
#include "comparators/osa.h"
#include "comparators/reference/string_metrics_reference.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool Near(double x, double y) { return std::abs(x - y) < 1e-9; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size > 600) return 0;  // keep the O(n*m) references fast
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t split = input.find('\0');
  std::string_view a;
  std::string_view b;
  if (split == std::string_view::npos) {
    a = input.substr(0, size / 2);
    b = input.substr(size / 2);
  } else {
    a = input.substr(0, split);
    b = input.substr(split + 1);
  }
  using namespace linkage;
  const std::size_t lev = reference::Levenshtein(a, b);
  Check(LevenshteinDistance(a, b) == lev);
  Check(LevenshteinDistance(a, b, 2) == (lev <= 2 ? lev : 3));
  Check(CachedLevenshtein(a).Distance(b) == lev);
  Check(CachedLevenshtein(a).Distance(b, 1) == (lev <= 1 ? lev : 2));
  const LevenshteinWeights w{1, 2, 3};
  Check(LevenshteinDistance(a, b, w) == reference::Levenshtein(a, b, w));
  Check(OsaDistance(a, b) == reference::Osa(a, b));
  Check(DamerauLevenshteinDistance(a, b) == reference::DamerauLevenshtein(a, b));
  Check(HammingDistance(a, b) == reference::Hamming(a, b));
  Check(LcsSeqSimilarity(a, b) == reference::LcsSeq(a, b));
  Check(LongestCommonSubstringLength(a, b) ==
        reference::LongestCommonSubstring(a, b));
  const double jaro = reference::Jaro(a, b);
  Check(Near(JaroSimilarity(a, b), jaro));
  Check(Near(CachedJaro(a).Similarity(b), jaro));
  JaroWinklerOptions long_tolerance;
  long_tolerance.long_tolerance = true;
  const double jw = reference::JaroWinkler(a, b, long_tolerance);
  Check(Near(JaroWinklerSimilarity(a, b, long_tolerance), jw));
  Check(Near(CachedJaroWinkler(a, long_tolerance).Similarity(b), jw));
  Check(Near(JaroWinklerSimilarity(a, b), reference::JaroWinkler(a, b)));
  Check(Near(QgramJaccardSimilarity(a, b), reference::QgramJaccard(a, b)));
  Check(Near(TokenJaccardSimilarity(a, b), reference::TokenJaccard(a, b)));
  return 0;
}
