// Copyright 2026 The Linkage Authors.
//
// Throughput of the structured normalisers (values per second, one thread)
// on realistic mixes of formats with some invalid values, through the typed
// APIs and through Normaliser::Normalise. Inputs are generated
// deterministically (fixed seed), so runs are comparable.
//
//   build-structured/bench/normalise_structured_bench
#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "benchmark/benchmark.h"
#include "linkage/generator.h"
#include "normalise/date.h"
#include "normalise/email.h"
#include "normalise/nhs_number.h"
#include "normalise/phone.h"
#include "normalise/postcode.h"
#include "normalise/sex.h"
#include "normalise/uprn.h"

namespace linkage {
namespace {

constexpr int kValues = 4096;

std::vector<std::string> DateInputs() {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> day_number(DaysFromCivil(1920, 1, 1),
                                                DaysFromCivil(2025, 12, 31));
  std::vector<std::string> out;
  for (int i = 0; i < kValues; ++i) {
    int y, m, d;
    CivilFromDays(day_number(rng), &y, &m, &d);
    switch (i % 10) {
      case 0: case 1: case 2:
        out.push_back(absl::StrFormat("%04d-%02d-%02d", y, m, d));
        break;
      case 3: case 4:
        out.push_back(absl::StrFormat("%02d/%02d/%04d", d, m, y));
        break;
      case 5:
        out.push_back(absl::StrFormat("%d/%d/%02d", d, m, y % 100));
        break;
      case 6:
        out.push_back(absl::StrFormat("%d %s %04d", d, kMonths[m - 1], y));
        break;
      case 7:
        out.push_back(absl::StrFormat("%04d%02d%02d", y, m, d));
        break;
      case 8:
        out.push_back(absl::StrFormat("%04d-%02d-%02dT00:00:00", y, m, d));
        break;
      default:  // invalid or partial
        out.push_back(i % 20 == 9 ? "31/02/2001" : "unknown");
        break;
    }
  }
  return out;
}

std::vector<std::string> PostcodeInputs() {
  static constexpr const char* kOutward[] = {
      "SW1A", "M1",  "B33", "CR2",  "DN55", "EC1A", "W1A", "LS1",
      "G2",   "EH1", "CF10", "BT35", "NR10", "L27", "SE23", "NE69"};
  static constexpr char kInward[] = "ABDEFGHJLNPQRSTUWXYZ";
  std::mt19937 rng(43);
  std::vector<std::string> out;
  for (int i = 0; i < kValues; ++i) {
    std::string outward = kOutward[rng() % 16];
    std::string inward = absl::StrFormat("%d%c%c", static_cast<int>(rng() % 10),
                                         kInward[rng() % 20], kInward[rng() % 20]);
    switch (i % 10) {
      case 0: case 1: case 2: case 3: case 4:
        out.push_back(outward + " " + inward);
        break;
      case 5: case 6:
        out.push_back(outward + inward);
        break;
      case 7: {
        std::string lower = " " + outward + "  " + inward + " ";
        for (char& c : lower) c = static_cast<char>(std::tolower(c));
        out.push_back(lower);
        break;
      }
      case 8:
        out.push_back(outward + " " + inward.substr(0, 2));  // truncated
        break;
      default:
        out.push_back(i % 20 == 9 ? "N/A" : "QQ1 1AA");
        break;
    }
  }
  return out;
}

std::vector<std::string> NhsInputs() {
  std::mt19937 rng(44);
  std::vector<std::string> out;
  while (out.size() < static_cast<std::size_t>(kValues)) {
    std::string digits;
    for (int k = 0; k < 9; ++k) digits += static_cast<char>('0' + rng() % 10);
    int sum = 0;
    for (int k = 0; k < 9; ++k) sum += (digits[k] - '0') * (10 - k);
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check == 10) continue;
    digits += static_cast<char>('0' + check);
    switch (out.size() % 10) {
      case 0: case 1: case 2: case 3: case 4: case 5:
        out.push_back(digits);
        break;
      case 6: case 7:
        out.push_back(digits.substr(0, 3) + " " + digits.substr(3, 3) + " " +
                      digits.substr(6));
        break;
      case 8:
        digits[4] = digits[4] == '9' ? '0' : static_cast<char>(digits[4] + 1);
        out.push_back(digits);  // bad check digit
        break;
      default:
        out.push_back(out.size() % 20 == 9 ? "0000000000" : "943476591");
        break;
    }
  }
  return out;
}

std::vector<std::string> SexInputs() {
  static constexpr const char* kRaw[] = {"M", "F", "Male", "female", "1", "2",
                                         "9", "X", "girl", "U", "??", "Woman"};
  std::vector<std::string> out;
  for (int i = 0; i < kValues; ++i) out.push_back(kRaw[(i * 7) % 12]);
  return out;
}

std::vector<std::string> PhoneInputs() {
  std::mt19937 rng(45);
  std::vector<std::string> out;
  for (int i = 0; i < kValues; ++i) {
    const int tail = static_cast<int>(rng() % 1000000);
    switch (i % 5) {
      case 0: out.push_back(absl::StrFormat("07911 %06d", tail)); break;
      case 1: out.push_back(absl::StrFormat("+44 7700 %06d", tail)); break;
      case 2: out.push_back(absl::StrFormat("020 79%02d %04d", tail % 100, tail % 10000)); break;
      case 3: out.push_back(absl::StrFormat("0161 %03d %04d", tail % 1000, tail % 10000)); break;
      default: out.push_back(i % 10 == 4 ? "n/a" : "0791"); break;
    }
  }
  return out;
}

// Phone numbers as a generated register spells them (linkage/generator.h:
// UK mobiles as "07911 123456", "07911123456" or "+44 7911 123456"), every
// value distinct as in `linkage dedupe`, which normalises each distinct raw
// value once.
std::vector<std::string> GeneratedPhoneInputs() {
  GeneratorOptions options;
  options.records = 12'000;
  options.seed = 3;
  options.reference_dir = std::string(LINKAGE_DATA_DIR) + "/reference";
  absl::StatusOr<RegisterGenerator> generator =
      RegisterGenerator::Create(options);
  std::vector<std::string> out;
  if (!generator.ok()) return out;
  const std::string csv = generator->GenerateToString();
  absl::flat_hash_set<std::string> seen;
  // phone is the last column but one; neither it nor entity_id has commas.
  for (absl::string_view line : absl::StrSplit(csv, '\n')) {
    const std::size_t last = line.rfind(',');
    if (last == absl::string_view::npos || last == 0) continue;
    const std::size_t before = line.rfind(',', last - 1);
    if (before == absl::string_view::npos) continue;
    const std::string phone(line.substr(before + 1, last - before - 1));
    if (!phone.empty() && phone != "phone" && seen.insert(phone).second) {
      out.push_back(phone);
    }
  }
  return out;
}

// A wider mix than PhoneInputs: UK mobiles, landlines, non-geographic and
// Crown-dependency numbers in the usual spellings (spaces, dashes, dots,
// parentheses, +44, +44 (0), 0044), plus 10% other countries and 10%
// values libphonenumber must judge (extensions, wrong lengths, text).
std::vector<std::string> MixedPhoneInputs() {
  static constexpr const char* kOther[] = {
      "+1 650-253-0000", "+33 1 42 68 53 00", "+353 1 234 5678",
      "+49 30 1234567", "+61 2 9374 4000",  "+91 22 2778 2345"};
  static constexpr const char* kJudged[] = {
      "0791",  "n/a", "07911 123456 ext 12", "unknown", "07911 12345",
      "+44 20 7946 001", "7911 123456", "07911 123456 / 07922 654321"};
  std::mt19937 rng(47);
  std::vector<std::string> out;
  for (int i = 0; i < kValues; ++i) {
    const int a = static_cast<int>(rng() % 1000000);
    const int b = static_cast<int>(rng() % 10000);
    const int mobile = 740 + static_cast<int>(rng() % 60);
    switch (i % 20) {
      case 0: case 1: case 2:
        out.push_back(absl::StrFormat("07%03d %06d", mobile, a));
        break;
      case 3: case 4:
        out.push_back(absl::StrFormat("07%03d%06d", mobile, a));
        break;
      case 5:
        out.push_back(absl::StrFormat("+44 7%03d %06d", mobile, a));
        break;
      case 6:
        out.push_back(absl::StrFormat("+44 (0)7%03d %03d %03d", mobile,
                                      a / 1000, a % 1000));
        break;
      case 7:
        out.push_back(absl::StrFormat("0044 7%03d-%06d", mobile, a));
        break;
      case 8:
        out.push_back(absl::StrFormat("020 7%03d %04d", a % 1000, b));
        break;
      case 9:
        out.push_back(absl::StrFormat("(0113) 496 %04d", b));
        break;
      case 10:
        out.push_back(absl::StrFormat("01632 %06d", a));
        break;
      case 11:
        out.push_back(absl::StrFormat("0161-%03d-%04d", a % 1000, b));
        break;
      case 12:
        out.push_back(absl::StrFormat("029.20%02d.%04d", a % 100, b));
        break;
      case 13:
        out.push_back(absl::StrFormat("0800 %03d %04d", a % 1000, b));
        break;
      case 14:
        out.push_back(absl::StrFormat("0345 %03d %04d", a % 1000, b));
        break;
      case 15:
        out.push_back(absl::StrFormat("01534 %06d", a));  // Jersey
        break;
      case 16:
        out.push_back(absl::StrFormat("+44 1624 %06d", a));  // Isle of Man
        break;
      case 17:
        out.push_back(absl::StrFormat("+44 (0)1481 %06d", a));  // Guernsey
        break;
      case 18:
        out.push_back(kOther[rng() % std::size(kOther)]);
        break;
      default:
        out.push_back(kJudged[rng() % std::size(kJudged)]);
        break;
    }
  }
  return out;
}

std::vector<std::string> EmailInputs() {
  std::vector<std::string> out;
  for (int i = 0; i < kValues; ++i) {
    switch (i % 4) {
      case 0: out.push_back(absl::StrFormat("Person.%d@Example.COM", i)); break;
      case 1: out.push_back(absl::StrFormat(" p%d+tag@nhs.net ", i)); break;
      case 2: out.push_back(absl::StrFormat("first%d.last@mail.co.uk", i)); break;
      default: out.push_back(i % 8 == 3 ? "none" : "a@@b.com"); break;
    }
  }
  return out;
}

std::vector<std::string> UprnInputs() {
  std::mt19937_64 rng(46);
  std::vector<std::string> out;
  for (int i = 0; i < kValues; ++i) {
    const std::uint64_t u = 10000000000ULL + rng() % 90000000000ULL;
    out.push_back(i % 10 == 9 ? "1.00023E+11"
                  : i % 3 == 0 ? absl::StrFormat("%015d", u)
                               : absl::StrFormat("%d", u));
  }
  return out;
}

template <typename Fn>
void RunTyped(benchmark::State& state, const std::vector<std::string>& inputs,
              Fn parse) {
  std::size_t i = 0;
  for (auto _ : state) {
    Issue why;
    auto result = parse(inputs[i], &why);
    benchmark::DoNotOptimize(result);
    benchmark::DoNotOptimize(why);
    if (++i == inputs.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

void RunNormaliser(benchmark::State& state,
                   const std::vector<std::string>& inputs,
                   absl::StatusOr<std::unique_ptr<Normaliser>> made) {
  if (!made.ok()) {
    state.SkipWithError(made.status().ToString().c_str());
    return;
  }
  const Normaliser& n = **made;
  std::size_t i = 0;
  for (auto _ : state) {
    NormalisedValue v = n.Normalise(inputs[i]);
    benchmark::DoNotOptimize(v);
    if (++i == inputs.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

DateOptions BenchDateOptions() {
  DateOptions options;
  options.today = DaysFromCivil(2026, 6, 30);
  return options;
}

void BM_DateTyped(benchmark::State& state) {
  const auto inputs = DateInputs();
  const DateOptions options = BenchDateOptions();
  RunTyped(state, inputs, [&](const std::string& s, Issue* why) {
    return ParseDate(s, options, why);
  });
}
void BM_DateNormaliser(benchmark::State& state) {
  RunNormaliser(state, DateInputs(),
                MakeDateNormaliser({{"normaliser", "date"}, {"today", "2026-06-30"}}));
}
void BM_PostcodeTyped(benchmark::State& state) {
  const auto inputs = PostcodeInputs();
  RunTyped(state, inputs, [](const std::string& s, Issue* why) {
    return ParseUkPostcode(s, {}, why);
  });
}
void BM_PostcodeNormaliser(benchmark::State& state) {
  RunNormaliser(state, PostcodeInputs(),
                MakeUkPostcodeNormaliser({{"normaliser", "uk_postcode"}}));
}
void BM_NhsNumberTyped(benchmark::State& state) {
  const auto inputs = NhsInputs();
  const NhsNumberOptions options;
  RunTyped(state, inputs, [&](const std::string& s, Issue* why) {
    return ParseNhsNumber(s, options, why);
  });
}
void BM_NhsNumberNormaliser(benchmark::State& state) {
  RunNormaliser(state, NhsInputs(),
                MakeNhsNumberNormaliser({{"normaliser", "nhs_number"}}));
}
void BM_SexTyped(benchmark::State& state) {
  const auto inputs = SexInputs();
  RunTyped(state, inputs,
           [](const std::string& s, Issue* why) { return ParseSex(s, why); });
}
void BM_SexNormaliser(benchmark::State& state) {
  RunNormaliser(state, SexInputs(), MakeSexNormaliser({{"normaliser", "sex"}}));
}
void BM_PhoneTyped(benchmark::State& state) {
  const auto inputs = PhoneInputs();
  const PhoneOptions options;
  RunTyped(state, inputs, [&](const std::string& s, Issue* why) {
    return ParsePhone(s, options, why);
  });
}
void BM_PhoneNormaliser(benchmark::State& state) {
  RunNormaliser(state, PhoneInputs(),
                MakePhoneNormaliser({{"normaliser", "phone"}}));
}
void BM_PhoneGeneratedTyped(benchmark::State& state) {
  const auto inputs = GeneratedPhoneInputs();
  if (inputs.empty()) {
    state.SkipWithError("cannot generate a register (data/reference)");
    return;
  }
  const PhoneOptions options;
  RunTyped(state, inputs, [&](const std::string& s, Issue* why) {
    return ParsePhone(s, options, why);
  });
}
void BM_PhoneMixedTyped(benchmark::State& state) {
  const auto inputs = MixedPhoneInputs();
  const PhoneOptions options;
  RunTyped(state, inputs, [&](const std::string& s, Issue* why) {
    return ParsePhone(s, options, why);
  });
}
void BM_PhoneMixedNormaliser(benchmark::State& state) {
  RunNormaliser(state, MixedPhoneInputs(),
                MakePhoneNormaliser({{"normaliser", "phone"}}));
}
void BM_EmailTyped(benchmark::State& state) {
  const auto inputs = EmailInputs();
  RunTyped(state, inputs,
           [](const std::string& s, Issue* why) { return ParseEmail(s, why); });
}
void BM_EmailNormaliser(benchmark::State& state) {
  RunNormaliser(state, EmailInputs(),
                MakeEmailNormaliser({{"normaliser", "email"}}));
}
void BM_UprnTyped(benchmark::State& state) {
  const auto inputs = UprnInputs();
  RunTyped(state, inputs,
           [](const std::string& s, Issue* why) { return ParseUprn(s, why); });
}
void BM_UprnNormaliser(benchmark::State& state) {
  RunNormaliser(state, UprnInputs(), MakeUprnNormaliser({{"normaliser", "uprn"}}));
}

BENCHMARK(BM_DateTyped);
BENCHMARK(BM_DateNormaliser);
BENCHMARK(BM_PostcodeTyped);
BENCHMARK(BM_PostcodeNormaliser);
BENCHMARK(BM_NhsNumberTyped);
BENCHMARK(BM_NhsNumberNormaliser);
BENCHMARK(BM_SexTyped);
BENCHMARK(BM_SexNormaliser);
BENCHMARK(BM_PhoneTyped);
BENCHMARK(BM_PhoneNormaliser);
BENCHMARK(BM_PhoneGeneratedTyped);
BENCHMARK(BM_PhoneMixedTyped);
BENCHMARK(BM_PhoneMixedNormaliser);
BENCHMARK(BM_EmailTyped);
BENCHMARK(BM_EmailNormaliser);
BENCHMARK(BM_UprnTyped);
BENCHMARK(BM_UprnNormaliser);

}  // namespace
}  // namespace linkage
