// Copyright 2026 The Linkage Authors.
//
// Differential test of the phone normaliser's UK fast path
// (normalise/internal/phone_fast_path.h): ParsePhone must give exactly what
// the libphonenumber-only reference (internal::ParsePhoneWithLibphonenumber,
// the old ParsePhone) gives -- issue, country code, national number, type
// and E.164 -- on the bundled sample register, a generated register (run
// through `linkage generate`), the phone_test.cc vectors, hand-picked edge
// cases and 200k random GB-like strings. Also checks that the fast path is
// active and takes the common shapes, so that agreement is not vacuous.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "normalise/internal/field_input.h"
#include "normalise/internal/phone_fast_path.h"
#include "normalise/phone.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::linkage::testing::DataPath;
using ::linkage::testing::ReadCsvRows;

struct Outcome {
  Issue why = Issue::kNone;
  std::optional<PhoneNumber> phone;
};

Outcome Fast(std::string_view raw, const PhoneOptions& options) {
  Outcome out;
  out.phone = ParsePhone(raw, options, &out.why);
  return out;
}

Outcome Reference(std::string_view raw, const PhoneOptions& options) {
  Outcome out;
  out.phone = internal::ParsePhoneWithLibphonenumber(raw, options, &out.why);
  return out;
}

std::string Describe(const Outcome& outcome) {
  if (!outcome.phone) {
    return absl::StrCat("null/", std::string(IssueName(outcome.why)));
  }
  return absl::StrFormat("%s/%d/%d/%s/%s", IssueName(outcome.why),
                         outcome.phone->country_code,
                         outcome.phone->national_number,
                         PhoneTypeName(outcome.phone->type),
                         outcome.phone->e164);
}

bool Same(const Outcome& a, const Outcome& b) {
  if (a.why != b.why || a.phone.has_value() != b.phone.has_value()) {
    return false;
  }
  return !a.phone || (a.phone->country_code == b.phone->country_code &&
                      a.phone->national_number == b.phone->national_number &&
                      a.phone->type == b.phone->type &&
                      a.phone->e164 == b.phone->e164);
}

// Whether the fast path (not libphonenumber) decides `raw`.
bool TakesFastPath(std::string_view raw, const PhoneOptions& options) {
  internal::FieldBuffer buffer;
  Issue why = Issue::kNone;
  const std::string_view clean = internal::PrepareField(raw, &buffer, &why);
  PhoneNumber ignored;
  return why == Issue::kNone &&
         internal::ParseUkPhoneFast(clean, options.default_region == "GB",
                                    &ignored);
}

// Compares the two paths on every input under every option set; returns
// how many (input, options) pairs the fast path decided.
struct Tally {
  int compared = 0;
  int fast = 0;
  int mismatches = 0;
  std::string examples;
  // Outcomes of the values the fast path decided: type name or issue name.
  std::map<std::string, int> fast_outcomes;
};

const std::vector<PhoneOptions>& AllOptions() {
  static const auto* const options = new std::vector<PhoneOptions>{
      {"GB", true}, {"GB", false}, {"US", true}, {"JE", false}};
  return *options;
}

void Compare(const std::vector<std::string>& inputs,
             const std::vector<PhoneOptions>& option_sets, Tally* tally) {
  for (const PhoneOptions& options : option_sets) {
    for (const std::string& raw : inputs) {
      const Outcome fast = Fast(raw, options);
      const Outcome reference = Reference(raw, options);
      ++tally->compared;
      if (TakesFastPath(raw, options)) {
        ++tally->fast;
        const std::string_view outcome =
            fast.phone ? PhoneTypeName(fast.phone->type) : IssueName(fast.why);
        ++tally->fast_outcomes[std::string(outcome)];
      }
      if (!Same(fast, reference)) {
        if (++tally->mismatches <= 20) {
          absl::StrAppendFormat(&tally->examples,
                                "  [%s%s] (%s, valid=%d): fast %s, "
                                "libphonenumber %s\n",
                                raw.substr(0, 60), raw.size() > 60 ? "..." : "",
                                options.default_region, options.require_valid,
                                Describe(fast), Describe(reference));
        }
      }
    }
  }
}

std::vector<std::string> PhoneColumn(const std::string& path) {
  const std::vector<std::vector<std::string>> rows =
      ReadCsvRows(path, /*skip_header=*/0);
  std::vector<std::string> out;
  if (rows.empty()) return out;
  int column = -1;
  for (std::size_t i = 0; i < rows[0].size(); ++i) {
    if (rows[0][i] == "phone") column = static_cast<int>(i);
  }
  EXPECT_GE(column, 0) << path;
  if (column < 0) return out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (static_cast<int>(rows[r].size()) > column) {
      out.push_back(rows[r][column]);
    }
  }
  return out;
}

TEST(PhoneFastPathTest, IsActive) {
  ASSERT_TRUE(internal::UkPhoneFastPathAvailable())
      << "libphonenumber's metadata could not be loaded or self-checked; "
         "every phone number takes the slow path";
}

TEST(PhoneFastPathTest, AcceptsCommonUkShapesAndRefusesOthers) {
  const PhoneOptions gb;
  for (const char* raw :
       {"07911 123456", "07911123456", "+44 7911 123456", "+447911123456",
        "+44 (0)7911 123456", "+44(0)7911123456", "0044 7911 123456",
        "01632 960123", "(01632) 960 123", "020 7946 0018", "020-7946-0018",
        "020.7946.0018", "+44 20 7946 0018", "(020) 7946 0018",
        "0800 123 4567", "0113 496 0100", "  07911  123456 "}) {
    EXPECT_TRUE(TakesFastPath(raw, gb)) << raw;
  }
  for (const char* raw :
       {"7911 123456",            // no trunk prefix or country code
        "447911123456",           // country code without + or 00
        "+1 650-253-0000",        // another country
        "+44 7911 123456 ext 12", // extension
        "07911 123456 x12", "0791", "07911 123456 789 123",
        "+44 00 7911 123456", "00000 000000", "not a number",
        "(07911)) 123456", "07911 (123) (456)", "+44 7911/123456",
        "\uFF10\uFF17911 123456",  // full-width digits
        "0791l 123456"}) {
    EXPECT_FALSE(TakesFastPath(raw, gb)) << raw;
  }
  // "0044" and the trunk "0" belong to GB; "+44" to every region.
  const PhoneOptions us{"US", true};
  EXPECT_FALSE(TakesFastPath("07911 123456", us));
  EXPECT_FALSE(TakesFastPath("0044 7911 123456", us));
  EXPECT_TRUE(TakesFastPath("+44 7911 123456", us));
}

TEST(PhoneFastPathTest, KnownValues) {
  struct Case {
    const char* raw;
    const char* e164;
    PhoneType type;
  };
  const Case cases[] = {
      {"07911 123456", "+447911123456", PhoneType::kMobile},
      {"+44 (0)7911 123456", "+447911123456", PhoneType::kMobile},
      {"0044 7911-123-456", "+447911123456", PhoneType::kMobile},
      {"020 7930 4832", "+442079304832", PhoneType::kFixedLine},
      {"0800 123 4567", "+448001234567", PhoneType::kTollFree},
  };
  for (const Case& c : cases) {
    Issue why = Issue::kMissing;
    std::optional<PhoneNumber> phone = ParsePhone(c.raw, {}, &why);
    ASSERT_TRUE(phone.has_value()) << c.raw << " " << IssueName(why);
    EXPECT_EQ(why, Issue::kNone);
    EXPECT_EQ(phone->country_code, 44);
    EXPECT_EQ(phone->e164, c.e164);
    EXPECT_EQ(absl::StrCat("+44", phone->national_number), c.e164);
    EXPECT_EQ(phone->type, c.type) << c.raw;
  }
}

// The vectors of phone_test.cc and hand-picked edge cases: every GB number
// type, the Crown dependencies (+44 shared by GB, GG, IM and JE), possible
// but unallocated numbers, local-only and wrong lengths, trunk-prefix
// corner cases.
TEST(PhoneFastPathTest, MatchesLibphonenumberOnVectorsAndEdgeCases) {
  const std::vector<std::string> inputs = {
      // phone_test.cc
      "07911 123456", "+44 7911 123456", "0044 7911 123456",
      "(07911) 123-456", "020 7930 4832", "+44 (0)20 7930 4832",
      "020 7930 4832 ext. 12", "0800 123 4567", "+1 650-253-0000",
      "+33 1 42 68 53 00", "\u200E07911 123456", "0791",
      "07911 123456 789 123", "00000 000000", "+999 1234 5678",
      "not a number", "", std::string("07911\0 123456", 13),
      "\u202E07911 123456", "07911 123456\xff", std::string(5000, '7'),
      "(650) 253-0000", "01000 000000",
      // the shapes of the task
      "07911123456", "+44 7911 123456", "+44 (0)7911 123456",
      "01632 960123", "(01632) 960 123", "020 7946 0018", "020-7946-0018",
      "020.7946.0018", "+44-20-7946-0018", "+44.20.7946.0018",
      "(020)79460018", "+44(0)2079460018", "+440 7911 123456",
      "+4407911123456", "0044 (0)20 7946 0018", "00440 7911 123456",
      // every type and region of +44
      "0113 496 0100", "0161 496 0000", "01534 456789", "07797 123456",
      "07781 123456", "01481 256789", "07781 012345", "01624 756789",
      "07624 123456", "07924 123456", "07700 900123", "0808 157 0192",
      "0500 123456", "0845 464 0000", "0870 123 4567", "0871 123 4567",
      "0900 123 4567", "0909 876 5432", "0911 234 5678", "0300 123 4567",
      "0345 123 4567", "0370 123 4567", "055 1234 5678", "056 1234 5678",
      "070 1234 5678", "076 0012 3456", "07640 123456", "0800 1111",
      "0800 111 1111", "08001111", "0845 46 47", "016977 3456",
      "016977 23456", "013873 12345", "01200 123456", "+44 1534 456789",
      "+44 7624 123456", "+44 1481 256789",
      // lengths and prefixes at the edges
      "012 3456", "0123 456", "01234 56", "01234 567", "01234 5678",
      "01234 567890", "01234 5678901", "0 1234", "00 7911 123456",
      "000 7911 123456", "+44", "+44 0", "+44 1", "+44 12", "+44 123",
      "+44 7911", "+44 0 7911 123456 9", "+44 (0)", "(0)7911 123456",
      "0(7911) 123456", "07911 123456)", "(07911 123456",
      "07911 123456 (home)", "07911 123456 / 07922 654321",
      "07911 123 456#", "07911-123-456-", "-07911 123456", ".07911 123456",
      "07911\t123456", "07911\n123456", "07911\u00A0123456",
      "\u00A0+44 7911 123456\u00A0", "447911123456", "4407911123456",
      "+447", "+4412", "+44 20 7946 001", "+44 20 7946 00188",
      "+44 7911 1234567", "+44 7911 12345", "+442", "++44 7911 123456",
      "+ 44 7911 123456", "(+44) 7911 123456", "+44 (07911) 123456",
  };
  Tally tally;
  Compare(inputs, AllOptions(), &tally);
  EXPECT_EQ(tally.mismatches, 0) << tally.examples;
  EXPECT_GT(tally.fast, 100);
}

TEST(PhoneFastPathTest, MatchesLibphonenumberOnSampleRegister) {
  const std::vector<std::string> inputs =
      PhoneColumn(DataPath("samples/uk_register_sample.csv"));
  ASSERT_GT(inputs.size(), 30u);
  Tally tally;
  Compare(inputs, AllOptions(), &tally);
  EXPECT_EQ(tally.mismatches, 0) << tally.examples;
  EXPECT_GT(tally.fast, 0);
}

// A generated register (`linkage generate`, the agencies' spellings), also
// through the normaliser interface: value and parts bit for bit.
TEST(PhoneFastPathTest, MatchesLibphonenumberOnGeneratedRegister) {
#ifndef LINKAGE_CLI_PATH
  GTEST_SKIP() << "the linkage command is not built";
#else
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string out =
      (dir / absl::StrCat("phone_fast_path_register_", ::getpid(), ".csv"))
          .string();
  const std::string command = absl::StrCat(
      LINKAGE_CLI_PATH, " generate --records 25000 --seed 11 --threads 1",
      " --quiet --out ", out, " --reference-dir ", DataPath("reference"));
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const std::vector<std::string> inputs = PhoneColumn(out);
  std::filesystem::remove(out);
  ASSERT_EQ(inputs.size(), 25000u);

  const PhoneOptions gb;
  Tally tally;
  Compare(inputs, {gb}, &tally);
  EXPECT_EQ(tally.mismatches, 0) << tally.examples;
  int non_empty = 0;
  for (const std::string& raw : inputs) non_empty += raw.empty() ? 0 : 1;
  EXPECT_GT(non_empty, 10000);
  EXPECT_EQ(tally.fast, non_empty) << "every generated spelling is common";

  absl::StatusOr<std::unique_ptr<Normaliser>> normaliser =
      MakePhoneNormaliser({{"normaliser", "phone"}});
  ASSERT_TRUE(normaliser.ok()) << normaliser.status();
  int differing = 0;
  for (const std::string& raw : inputs) {
    const NormalisedValue got = (*normaliser)->Normalise(raw);
    const Outcome reference = Reference(raw, gb);
    NormalisedValue want;
    want.issue = reference.why;
    if (reference.phone) {
      want.value = reference.phone->e164;
      want.parts = {absl::StrCat(reference.phone->country_code),
                    absl::StrCat(reference.phone->national_number),
                    std::string(PhoneTypeName(reference.phone->type))};
    }
    if (got.issue != want.issue || got.value != want.value ||
        got.parts != want.parts) {
      if (++differing <= 5) ADD_FAILURE() << "normaliser differs on " << raw;
    }
  }
  EXPECT_EQ(differing, 0);
#endif
}

// Random GB-like strings: a prefix (+44, 0044, +44 (0), 0, ...), 6-13
// digits starting with a realistic code or any digit, random separators and
// parentheses, and now and then a junk character.
std::vector<std::string> RandomGbLikeInputs(int count, std::uint32_t seed) {
  static constexpr const char* kPrefixes[] = {
      "0", "0", "0", "+44 ", "+44", "0044 ", "+44 (0)", "+44(0)", "+440",
      "(0", "", "44", "0044", "00", "+44 0", "0044 (0)", "+4", "+1 "};
  static constexpr const char* kLeads[] = {
      "7", "74", "75", "77", "78", "79", "7911", "7700", "7797", "7781",
      "7624", "7839", "76", "70", "20", "113", "161", "1632", "1534", "1481",
      "1624", "16977", "13873", "800", "808", "500", "845", "870", "871",
      "9", "3", "55", "56", "1", "2", "8"};
  static constexpr const char* kSeparators[] = {"", "", "", " ", " ", "-",
                                                ".", "  ", " - "};
  static constexpr const char* kJunk[] = {
      "x",   "#",  "/",  ",",  ";",      "a",      "O",      "l",
      "+",   "*",  "(",  ")",  "\t",     "ext ",   " ext. 2", "\u00A0",
      "\uFF10", "\u2011", "\u200B", "\u0663", "tel:", ";ext=5", "~", "[1]"};
  std::mt19937 rng(seed);
  const auto pick = [&rng](const auto& array) {
    return array[rng() % std::size(array)];
  };
  std::vector<std::string> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    std::string digits = (rng() % 2 == 0) ? pick(kLeads) : "";
    // Half the time a length GB numbers have (7, 9 or 10 digits after the
    // trunk prefix), so that many values reach the fast path's type checks.
    static constexpr int kUkLengths[] = {7, 9, 10, 10, 10};
    const int length = rng() % 2 == 0 ? 6 + static_cast<int>(rng() % 8)
                                      : pick(kUkLengths);
    while (static_cast<int>(digits.size()) < length) {
      digits += static_cast<char>('0' + rng() % 10);
    }
    if (static_cast<int>(digits.size()) > length && rng() % 2 == 0) {
      digits.resize(length);
    }
    std::string raw = pick(kPrefixes);
    // Split the digits into groups with separators; maybe parenthesise the
    // first group.
    std::size_t pos = 0;
    bool first = true;
    const bool parens = rng() % 6 == 0;
    while (pos < digits.size()) {
      const std::size_t group = 2 + rng() % 5;
      std::string part = digits.substr(pos, group);
      if (first && parens) part = absl::StrCat("(", part, ")");
      if (!first) raw += pick(kSeparators);
      raw += part;
      pos += group;
      first = false;
    }
    if (rng() % 10 == 0) {
      const std::string junk = pick(kJunk);
      raw.insert(rng() % (raw.size() + 1), junk);
    }
    if (rng() % 20 == 0) raw = absl::StrCat(" ", raw, " ");
    out.push_back(std::move(raw));
  }
  return out;
}

TEST(PhoneFastPathTest, MatchesLibphonenumberOnRandomGbLikeStrings) {
  const std::vector<std::string> inputs = RandomGbLikeInputs(200'000, 20260);
  Tally tally;
  Compare(inputs, {PhoneOptions{"GB", true}}, &tally);
  EXPECT_EQ(tally.mismatches, 0) << tally.examples;
  RecordProperty("compared", tally.compared);
  RecordProperty("fast_path", tally.fast);
  // The fast path's type logic is exercised on every GB type it can return
  // and on possible but unallocated numbers.
  for (const char* outcome :
       {"mobile", "fixed_line", "toll_free", "premium_rate", "voip",
        "personal_number", "pager", "uan", "bad_format"}) {
    EXPECT_GT(tally.fast_outcomes[outcome], 10) << outcome;
  }
  // A good share must take the fast path, or the comparison proves little.
  EXPECT_GT(tally.fast, tally.compared / 4);

  // The other option sets on a smaller draw.
  const std::vector<std::string> fewer = RandomGbLikeInputs(20'000, 7);
  Tally others;
  Compare(fewer, {{"GB", false}, {"US", true}, {"IM", false}}, &others);
  EXPECT_EQ(others.mismatches, 0) << others.examples;
  EXPECT_GT(others.fast, others.compared / 10);
}

// Concurrent callers get what a single thread gets.
TEST(PhoneFastPathTest, ThreadsAgree) {
  const std::vector<std::string> inputs = RandomGbLikeInputs(4000, 99);
  const PhoneOptions gb;
  std::vector<std::string> serial;
  for (const std::string& raw : inputs) {
    serial.push_back(Describe(Fast(raw, gb)));
  }
  std::vector<std::vector<std::string>> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (const std::string& raw : inputs) {
        results[t].push_back(Describe(Fast(raw, gb)));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::vector<std::string>& result : results) {
    EXPECT_EQ(result, serial);
  }
}

}  // namespace
}  // namespace linkage
