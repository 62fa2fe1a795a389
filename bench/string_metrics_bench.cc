// Copyright 2026 The Linkage Authors.
//
// String metrics on realistic name pairs: 4096 pairs drawn from the ONS baby
// names and UK surnames (3-15 characters), half of them a name against a
// typo variant of itself (substitution, deletion, insertion or adjacent
// transposition), half against another random name. Each iteration compares
// one pair; time per iteration is ns per comparison (items_per_second is
// comparisons per second). The Jaro-Winkler cached/uncached pair runs on
// record-against-block data of the same mix (GetBlocks()).
//
//   build-strings/bench/string_metrics_bench --benchmark_min_time=0.2
//   build-strings/bench/string_metrics_bench --benchmark_filter='Jaro'
//       --benchmark_min_time=0.5 --benchmark_repetitions=3  (one command)

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "comparators/damerau_levenshtein.h"
#include "comparators/hamming.h"
#include "comparators/jaccard.h"
#include "comparators/jaro.h"
#include "comparators/lcs.h"
#include "comparators/lcs_seq.h"
#include "comparators/levenshtein.h"
#include "comparators/osa.h"

namespace linkage {
namespace {

std::vector<std::string> LoadColumn(const std::string& path, int column) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) {
      if (!field.empty() && field.front() == '"') field = field.substr(1, field.size() - 2);
      fields.push_back(field);
    }
    if (static_cast<int>(fields.size()) > column) {
      const std::string& name = fields[column];
      if (name.size() >= 3 && name.size() <= 15) out.push_back(name);
    }
  }
  return out;
}

// A typo variant of `name` (length >= 3): substitution, deletion, insertion
// or adjacent transposition at a random position.
template <typename Next>
std::string Typo(std::string b, Next& next) {
  const std::size_t pos = next() % (b.size() - 1);
  switch (next() % 4) {
    case 0: b[pos] = static_cast<char>('a' + next() % 26); break;
    case 1: b.erase(pos, 1); break;
    case 2: b.insert(pos, 1, static_cast<char>('a' + next() % 26)); break;
    default: std::swap(b[pos], b[pos + 1]); break;
  }
  return b;
}

struct Pairs {
  std::vector<std::pair<std::string, std::string>> pairs;
};

const Pairs& GetPairs() {
  static const Pairs* pairs = [] {
    auto names = LoadColumn(std::string(LINKAGE_DATA_DIR) +
                                "/reference/ons_babynames_ew_2024.csv", 3);
    const auto surnames = LoadColumn(
        std::string(LINKAGE_DATA_DIR) + "/reference/lastname_uk.csv", 0);
    names.insert(names.end(), surnames.begin(), surnames.end());
    std::uint64_t state = 42;
    auto next = [&state]() {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return static_cast<std::size_t>(state >> 33);
    };
    auto* out = new Pairs();
    for (int k = 0; k < 4096; ++k) {
      std::string a = names[next() % names.size()];
      std::string b;
      if (k % 2 == 0) {
        b = Typo(a, next);
      } else {
        b = names[next() % names.size()];
      }
      out->pairs.emplace_back(std::move(a), std::move(b));
    }
    return out;
  }();
  return *pairs;
}

// Record-against-block data for the cached scorers: 64 records (random
// names), each with a block of 64 candidates, every candidate a typo
// variant of the record or a random name by a coin flip (a random sequence,
// so neither the scorer's branches nor the prefix boost see a pattern).
struct Blocks {
  std::vector<std::string> records;
  std::vector<std::string> candidates;  // block r: [64 r, 64 r + 64)
};

const Blocks& GetBlocks() {
  static const Blocks* blocks = [] {
    auto names = LoadColumn(std::string(LINKAGE_DATA_DIR) +
                                "/reference/ons_babynames_ew_2024.csv", 3);
    const auto surnames = LoadColumn(
        std::string(LINKAGE_DATA_DIR) + "/reference/lastname_uk.csv", 0);
    names.insert(names.end(), surnames.begin(), surnames.end());
    std::uint64_t state = 7;
    auto next = [&state]() {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return static_cast<std::size_t>(state >> 33);
    };
    auto* out = new Blocks();
    for (int r = 0; r < 64; ++r) {
      out->records.push_back(names[next() % names.size()]);
      for (int c = 0; c < 64; ++c) {
        out->candidates.push_back(next() % 2 == 0
                                      ? Typo(out->records.back(), next)
                                      : names[next() % names.size()]);
      }
    }
    return out;
  }();
  return *blocks;
}

template <typename Fn>
void Run(benchmark::State& state, Fn fn) {
  const auto& pairs = GetPairs().pairs;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& p = pairs[i++ & 4095];
    benchmark::DoNotOptimize(fn(p.first, p.second));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Jaro(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) { return JaroSimilarity(a, b); });
}
void BM_JaroWinkler(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) {
    return JaroWinklerSimilarity(a, b);
  });
}
void BM_JaroWinklerCutoff09(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) {
    return JaroWinklerSimilarity(a, b, {}, 0.9);
  });
}
// One prepared record against its block: 64 records, each compared with 64
// candidates (the pair list's second names), as a blocked linkage run does.
template <typename Cached, typename Fn>
void RunCached(benchmark::State& state, Fn fn) {
  const auto& pairs = GetPairs().pairs;
  std::vector<Cached> cached;
  cached.reserve(64);
  for (std::size_t r = 0; r < 64; ++r) cached.emplace_back(pairs[r * 64].first);
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ & 4095;
    benchmark::DoNotOptimize(fn(cached[k >> 6], pairs[k].second));
  }
  state.SetItemsProcessed(state.iterations());
}
// Jaro-Winkler, one prepared record against its block (GetBlocks()): each
// CachedJaroWinkler is built once, outside the timed loop; the time per
// iteration is what a caller pays per candidate.
void BM_JaroWinklerCached(benchmark::State& state) {
  const Blocks& blocks = GetBlocks();
  std::vector<CachedJaroWinkler> cached(blocks.records.begin(),
                                        blocks.records.end());
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ & 4095;
    benchmark::DoNotOptimize(cached[k >> 6].Similarity(blocks.candidates[k]));
  }
  state.SetItemsProcessed(state.iterations());
}
// The same record-against-block comparisons, uncached, for the ratio.
void BM_JaroWinklerBlockUncached(benchmark::State& state) {
  const Blocks& blocks = GetBlocks();
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ & 4095;
    benchmark::DoNotOptimize(
        JaroWinklerSimilarity(blocks.records[k >> 6], blocks.candidates[k]));
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_LevenshteinCachedCutoff2(benchmark::State& s) {
  RunCached<CachedLevenshtein>(s, [](const CachedLevenshtein& c, const std::string& b) {
    return c.Distance(b, 2);
  });
}
void BM_Levenshtein(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) { return LevenshteinDistance(a, b); });
}
void BM_LevenshteinCutoff2(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) {
    return LevenshteinDistance(a, b, 2);
  });
}
void BM_LevenshteinNormalized(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) {
    return LevenshteinNormalizedSimilarity(a, b);
  });
}
void BM_Osa(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) { return OsaDistance(a, b); });
}
void BM_DamerauLevenshtein(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) {
    return DamerauLevenshteinDistance(a, b);
  });
}
void BM_Hamming(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) { return HammingDistance(a, b); });
}
void BM_IndelDistance(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) { return IndelDistance(a, b); });
}
void BM_JaccardBigram(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) {
    return QgramJaccardSimilarity(a, b);
  });
}
void BM_JaccardToken(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) {
    return TokenJaccardSimilarity(a, b);
  });
}
void BM_LongestCommonSubstring(benchmark::State& s) {
  Run(s, [](const std::string& a, const std::string& b) {
    return LongestCommonSubstringRatio(a, b);
  });
}

BENCHMARK(BM_Jaro);
BENCHMARK(BM_JaroWinkler);
BENCHMARK(BM_JaroWinklerCutoff09);
BENCHMARK(BM_JaroWinklerCached);
BENCHMARK(BM_JaroWinklerBlockUncached);
BENCHMARK(BM_Levenshtein);
BENCHMARK(BM_LevenshteinCutoff2);
BENCHMARK(BM_LevenshteinCachedCutoff2);
BENCHMARK(BM_LevenshteinNormalized);
BENCHMARK(BM_Osa);
BENCHMARK(BM_DamerauLevenshtein);
BENCHMARK(BM_Hamming);
BENCHMARK(BM_IndelDistance);
BENCHMARK(BM_JaccardBigram);
BENCHMARK(BM_JaccardToken);
BENCHMARK(BM_LongestCommonSubstring);

}  // namespace
}  // namespace linkage
