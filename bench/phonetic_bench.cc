// Copyright 2026 The Linkage Authors.
//
// Phonetic encoders over the bundled UK surname list
// (data/reference/lastname_uk.csv, ~8,400 names) and typed comparisons over
// real or realistic inputs. Items/s is codes (or comparisons) per second; the
// time per iteration covers one pass over the list.
//   build-phonetic/bench/phonetic_bench --benchmark_min_time=0.2
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "comparators/date_compare.h"
#include "comparators/double_metaphone.h"
#include "comparators/identifier_compare.h"
#include "comparators/match_rating.h"
#include "comparators/metaphone.h"
#include "comparators/numeric_compare.h"
#include "comparators/nysiis.h"
#include "comparators/postcode_compare.h"
#include "comparators/soundex.h"

namespace linkage {
namespace {

// First field of each line after the header, without surrounding quotes.
// (The bundled files have no commas inside their first field.)
std::vector<std::string> FirstColumn(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::string field = line.substr(0, line.find(','));
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
      field = field.substr(1, field.size() - 2);
    }
    if (!field.empty()) out.push_back(field);
  }
  return out;
}

const std::vector<std::string>& Surnames() {
  static const auto* names = new std::vector<std::string>(
      FirstColumn(std::string(LINKAGE_DATA_DIR) + "/reference/lastname_uk.csv"));
  return *names;
}

template <typename Encode>
void EncodeSurnames(benchmark::State& state, Encode encode) {
  const auto& names = Surnames();
  for (auto _ : state) {
    for (const std::string& name : names) benchmark::DoNotOptimize(encode(name));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(names.size()));
}

void BM_Soundex(benchmark::State& state) {
  EncodeSurnames(state, [](const std::string& s) { return Soundex(s); });
}
BENCHMARK(BM_Soundex);

void BM_Nysiis(benchmark::State& state) {
  EncodeSurnames(state, [](const std::string& s) { return Nysiis(s); });
}
BENCHMARK(BM_Nysiis);

void BM_DoubleMetaphone4(benchmark::State& state) {
  EncodeSurnames(state, [](const std::string& s) { return DoubleMetaphone(s); });
}
BENCHMARK(BM_DoubleMetaphone4);

void BM_DoubleMetaphoneUnlimited(benchmark::State& state) {
  EncodeSurnames(state,
                 [](const std::string& s) { return DoubleMetaphone(s, {.max_code_len = 0}); });
}
BENCHMARK(BM_DoubleMetaphoneUnlimited);

void BM_Metaphone(benchmark::State& state) {
  EncodeSurnames(state, [](const std::string& s) { return Metaphone(s); });
}
BENCHMARK(BM_Metaphone);

void BM_MatchRatingCodex(benchmark::State& state) {
  EncodeSurnames(state, [](const std::string& s) { return MatchRatingCodex(s); });
}
BENCHMARK(BM_MatchRatingCodex);

void BM_MatchRatingCompareNames(benchmark::State& state) {
  const auto& names = Surnames();
  for (auto _ : state) {
    for (std::size_t k = 1; k < names.size(); ++k) {
      benchmark::DoNotOptimize(MatchRatingCompare(names[k - 1], names[k]));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(names.size() - 1));
}
BENCHMARK(BM_MatchRatingCompareNames);

// --- Typed comparisons -------------------------------------------------------

std::vector<std::int32_t> RandomDays(std::size_t n) {
  std::mt19937 rng(1);
  std::uniform_int_distribution<std::int32_t> day(DaysFromCivil(1920, 1, 1),
                                                  DaysFromCivil(2024, 12, 31));
  std::vector<std::int32_t> out(n);
  for (auto& d : out) d = day(rng);
  return out;
}

template <typename Compare>
void CompareDays(benchmark::State& state, Compare compare) {
  const std::vector<std::int32_t> days = RandomDays(4096);
  for (auto _ : state) {
    for (std::size_t k = 1; k < days.size(); ++k) {
      benchmark::DoNotOptimize(compare(days[k - 1], days[k]));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(days.size() - 1));
}

void BM_DaysBetween(benchmark::State& state) { CompareDays(state, DaysBetween); }
BENCHMARK(BM_DaysBetween);
void BM_YearsBetween(benchmark::State& state) {
  CompareDays(state, [](std::int32_t a, std::int32_t b) { return YearsBetween(a, b); });
}
BENCHMARK(BM_YearsBetween);
void BM_DayMonthSwapped(benchmark::State& state) { CompareDays(state, DayMonthSwapped); }
BENCHMARK(BM_DayMonthSwapped);

void BM_RelativeDifference(benchmark::State& state) {
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> value(-1000.0, 1000.0);
  std::vector<double> values(4096);
  for (double& v : values) v = value(rng);
  for (auto _ : state) {
    for (std::size_t k = 1; k < values.size(); ++k) {
      benchmark::DoNotOptimize(RelativeDifference(values[k - 1], values[k]));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(values.size() - 1));
}
BENCHMARK(BM_RelativeDifference);

// Consecutive pairs of real postcodes (data/reference/address_uk.csv),
// sorted so that neighbours share areas, districts and sectors.
void BM_ComparePostcodes(benchmark::State& state) {
  std::vector<std::string> postcodes =
      FirstColumn(std::string(LINKAGE_DATA_DIR) + "/reference/address_uk.csv");
  std::sort(postcodes.begin(), postcodes.end());
  for (auto _ : state) {
    for (std::size_t k = 1; k < postcodes.size(); ++k) {
      benchmark::DoNotOptimize(ComparePostcodes(postcodes[k - 1], postcodes[k]));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(postcodes.size() - 1));
}
BENCHMARK(BM_ComparePostcodes);

void BM_CompareIdentifiers(benchmark::State& state) {
  std::vector<std::string> ids;
  for (const std::string& id :
       FirstColumn(std::string(LINKAGE_TESTDATA_DIR) + "/nhs_numbers.csv")) {
    if (id.size() == 10) ids.push_back(id);
  }
  for (auto _ : state) {
    for (std::size_t k = 1; k < ids.size(); ++k) {
      benchmark::DoNotOptimize(CompareIdentifiers(ids[k - 1], ids[k]));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(ids.size() - 1));
}
BENCHMARK(BM_CompareIdentifiers);

}  // namespace
}  // namespace linkage
