// Copyright 2026 The Linkage Authors.
//
// Values normalised per second (items_per_second), single thread, for the
// text, name and address-line normalisers: through the typed API and through
// Normaliser::Normalise. Inputs are real names from data/reference (ONS baby
// names, UK surnames) with formatting noise, about 10% non-ASCII names (the
// ICU path) and some invalid values; "NonAscii" runs the ICU path only.
//   build-names/bench/normalise_names_bench --benchmark_min_time=1
#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "nlohmann/json.hpp"
#include "normalise/address_line.h"
#include "normalise/name.h"
#include "normalise/rules.h"
#include "normalise/text.h"

namespace linkage {
namespace {

std::vector<std::string> Column(const std::string& relative, int column,
                                std::size_t limit) {
  std::ifstream in(std::string(LINKAGE_DATA_DIR) + "/" + relative);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::string> values;
  while (values.size() < limit && std::getline(in, line)) {
    std::stringstream fields(line);
    std::string field;
    for (int i = 0; i <= column; ++i) std::getline(fields, field, ',');
    if (!field.empty() && field.front() == '"') {
      field = field.substr(1, field.size() - 2);
    }
    values.push_back(field);
  }
  return values;
}

const std::vector<std::string> kNonAscii = {
    "Siobhán", "Łukasz",   "Zoë",       "Müller",   "Ørsted",
    "Γιώργος", "Дмитрий",  "Nguyễn",    "José María", "Ångström-Brøndum"};

// Mixed realistic inputs: every 10th non-ASCII, every 50th invalid or a
// placeholder, others with case/space/title noise.
std::vector<std::string> Mixed(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string name = names[i];
    if (i % 10 == 3) {
      name = kNonAscii[i % kNonAscii.size()];
    } else if (i % 50 == 7) {
      name = (i % 100 == 7) ? "UNKNOWN" : "Bad\xFF";
    } else if (i % 7 == 1) {
      name = "  Mr " + name + "  ";
    } else if (i % 5 == 2) {
      for (char& c : name) c = static_cast<char>(std::toupper(c));
    }
    out.push_back(std::move(name));
  }
  return out;
}

const std::vector<std::string>& GivenInputs() {
  static const auto* v = new std::vector<std::string>(
      Mixed(Column("reference/ons_babynames_ew_2024.csv", 3, 4000)));
  return *v;
}
const std::vector<std::string>& FamilyInputs() {
  static const auto* v = new std::vector<std::string>(
      Mixed(Column("reference/lastname_uk.csv", 0, 4000)));
  return *v;
}
const std::vector<std::string>& FullInputs() {
  static const auto* v = [] {
    auto* out = new std::vector<std::string>;
    const auto& given = GivenInputs();
    const auto& family = FamilyInputs();
    for (std::size_t i = 0; i < given.size() && i < family.size(); ++i) {
      out->push_back(i % 3 == 0 ? family[i] + ", " + given[i]
                                : given[i] + " " + family[i]);
    }
    return out;
  }();
  return *v;
}
const std::vector<std::string>& AddressInputs() {
  static const auto* v = [] {
    auto* out = new std::vector<std::string>;
    const char* streets[] = {"High St", "Station Rd", "Church Lane",
                             "St Mary's Rd", "Park Ave.", "Mill Cl"};
    const auto& family = FamilyInputs();
    for (std::size_t i = 0; i < family.size(); ++i) {
      out->push_back(std::to_string(i % 200 + 1) + ", " + family[i] + " " +
                     streets[i % 6]);
    }
    return out;
  }();
  return *v;
}

// ASCII address lines as UK registers hold them: house numbers, some flats,
// street words with and without abbreviated suffixes, mixed case.
const std::vector<std::string>& UkAsciiAddressInputs() {
  static const auto* v = [] {
    auto* out = new std::vector<std::string>;
    const char* names[] = {"Needham", "St John's", "Church", "Mill", "Station",
                           "Queen's", "Victoria", "Park", "Manor", "Acacia",
                           "Oak Tree", "Green", "High", "Albert", "Elm",
                           "London", "Castle", "Bridge", "Chapel", "Windsor"};
    const char* suffixes[] = {"Road", "Rd", "Street", "St", "Avenue", "Ave",
                              "Close", "Crescent", "Lane", "Gardens", "Gdns",
                              "Drive", "Way", "Court", "Grove", "Terrace"};
    for (std::size_t i = 0; i < 4000; ++i) {
      std::string line;
      if (i % 7 == 0) line = "Flat " + std::to_string(i % 9 + 1) + ", ";
      line += std::to_string(i * 37 % 240 + 1) + " " + names[i % 20] + " " +
              suffixes[i * 7 % 16];
      if (i % 3 == 0) {
        for (char& c : line) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      out->push_back(std::move(line));
    }
    return out;
  }();
  return *v;
}

template <typename Fn>
void Run(benchmark::State& state, const std::vector<std::string>& inputs,
         Fn fn) {
  std::size_t i = 0;
  for (auto _ : state) {
    fn(inputs[i]);
    if (++i == inputs.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_GivenName_Typed(benchmark::State& state) {
  GivenName out;
  Run(state, GivenInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(ParseGivenName(raw, DefaultNameOptions(), &out));
  });
}
BENCHMARK(BM_GivenName_Typed);

void BM_GivenName_Normaliser(benchmark::State& state) {
  auto n = *MakeGivenNameNormaliser({{"normaliser", "given_name"}});
  Run(state, GivenInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(n->Normalise(raw));
  });
}
BENCHMARK(BM_GivenName_Normaliser);

void BM_GivenName_NormaliserWithVariants(benchmark::State& state) {
  auto n = *MakeGivenNameNormaliser({{"normaliser", "given_name"},
                                     {"variants", "builtin"},
                                     {"data_dir", LINKAGE_DATA_DIR}});
  Run(state, GivenInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(n->Normalise(raw));
  });
}
BENCHMARK(BM_GivenName_NormaliserWithVariants);

void BM_GivenName_NonAscii(benchmark::State& state) {
  GivenName out;
  Run(state, kNonAscii, [&](const std::string& raw) {
    benchmark::DoNotOptimize(ParseGivenName(raw, DefaultNameOptions(), &out));
  });
}
BENCHMARK(BM_GivenName_NonAscii);

void BM_FamilyName_Typed(benchmark::State& state) {
  FamilyName out;
  Run(state, FamilyInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(ParseFamilyName(raw, DefaultNameOptions(), &out));
  });
}
BENCHMARK(BM_FamilyName_Typed);

void BM_FamilyName_Normaliser(benchmark::State& state) {
  auto n = *MakeFamilyNameNormaliser({{"normaliser", "family_name"}});
  Run(state, FamilyInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(n->Normalise(raw));
  });
}
BENCHMARK(BM_FamilyName_Normaliser);

void BM_FullName_Normaliser(benchmark::State& state) {
  auto n = *MakeFullNameNormaliser({{"normaliser", "full_name"}});
  Run(state, FullInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(n->Normalise(raw));
  });
}
BENCHMARK(BM_FullName_Normaliser);

void BM_Text_Typed(benchmark::State& state) {
  std::string out;
  Run(state, FullInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(NormaliseText(raw, TextOptions{}, &out));
  });
}
BENCHMARK(BM_Text_Typed);

void BM_AddressLine_Typed(benchmark::State& state) {
  std::string out;
  Run(state, AddressInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(
        NormaliseAddressLine(raw, AddressLineOptions{}, &out));
  });
}
BENCHMARK(BM_AddressLine_Typed);

void BM_AddressLine_Normaliser(benchmark::State& state) {
  auto n = *MakeAddressLineNormaliser({{"normaliser", "address_line"}});
  Run(state, AddressInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(n->Normalise(raw));
  });
}
BENCHMARK(BM_AddressLine_Normaliser);

void BM_AddressLine_UkAscii(benchmark::State& state) {
  std::string out;
  Run(state, UkAsciiAddressInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(NormaliseAddressLine(raw, AddressLineOptions{}, &out));
  });
}
BENCHMARK(BM_AddressLine_UkAscii);

void BM_GivenName_WithRules(benchmark::State& state) {
  auto n = *WrapWithRules(
      *MakeGivenNameNormaliser({{"normaliser", "given_name"}}),
      nlohmann::json::parse(R"([{"find": "(?i)^baby of ", "replace": ""},
                                {"validate": "^[A-Z ]+$"}])"));
  Run(state, GivenInputs(), [&](const std::string& raw) {
    benchmark::DoNotOptimize(n->Normalise(raw));
  });
}
BENCHMARK(BM_GivenName_WithRules);

}  // namespace
}  // namespace linkage
