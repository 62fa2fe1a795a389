// Copyright 2026 The Linkage Authors.
#include "normalise/name.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

std::unique_ptr<Normaliser> Make(
    absl::StatusOr<std::unique_ptr<Normaliser>> (*factory)(
        const nlohmann::json&),
    const nlohmann::json& spec) {
  auto made = factory(spec);
  EXPECT_TRUE(made.ok()) << made.status();
  return made.ok() ? *std::move(made) : nullptr;
}

// Invariants every result must satisfy.
void CheckInvariants(const Normaliser& n, std::string_view raw) {
  const NormalisedValue v = n.Normalise(raw);
  EXPECT_EQ(v.null(), v.value.empty()) << raw;
  if (v.null()) {
    EXPECT_TRUE(v.parts.empty());
    return;
  }
  EXPECT_EQ(v.parts.size(), n.part_names().size());
  const NormalisedValue again = n.Normalise(v.value);
  EXPECT_EQ(again.issue, Issue::kNone) << raw;
  EXPECT_EQ(again.value, v.value) << "idempotence: " << raw;
}

struct GivenCase {
  std::string raw;
  std::string given;
  std::string first;
  std::string middle;
  Issue issue;
};

const GivenCase kGivenCases[] = {
    {"John Paul", "JOHN PAUL", "JOHN", "PAUL", Issue::kNone},
    {"  john   paul  george ", "JOHN PAUL GEORGE", "JOHN", "PAUL GEORGE",
     Issue::kNone},
    {"Mr. John", "JOHN", "JOHN", "", Issue::kNone},
    {"Dr Prof. Jane", "JANE", "JANE", "", Issue::kNone},
    {"John Jr.", "JOHN", "JOHN", "", Issue::kNone},
    {"Jean-Paul", "JEAN PAUL", "JEAN", "PAUL", Issue::kNone},
    {"Siobhán", "SIOBHAN", "SIOBHAN", "", Issue::kNone},
    {"Łukasz", "LUKASZ", "LUKASZ", "", Issue::kNone},
    {"Zoë", "ZOE", "ZOE", "", Issue::kNone},
    {"Renée Zoë", "RENEE ZOE", "RENEE", "ZOE", Issue::kNone},
    {"J. R. R.", "J R R", "J", "R R", Issue::kNone},
    {"John2", "JOHN", "JOHN", "", Issue::kNone},  // digits separate words
    {"Ali\xE2\x80\x8F", "ALI", "ALI", "", Issue::kNone},  // RLM stripped
    // Placeholders, before and after title removal.
    {"UNKNOWN", "", "", "", Issue::kPlaceholder},
    {"n/k", "", "", "", Issue::kPlaceholder},
    {"N K", "", "", "", Issue::kPlaceholder},
    {"Baby Boy", "", "", "", Issue::kPlaceholder},
    {"baby", "", "", "", Issue::kPlaceholder},
    {"?", "", "", "", Issue::kPlaceholder},
    {"xxx", "", "", "", Issue::kPlaceholder},
    {"Mr X", "", "", "", Issue::kPlaceholder},
    {"Not Known", "", "", "", Issue::kPlaceholder},
    // Nothing left.
    {"", "", "", "", Issue::kMissing},
    {"   ", "", "", "", Issue::kMissing},
    {"123", "", "", "", Issue::kNoLetters},
    {"Mr", "", "", "", Issue::kNoLetters},
    {"Mrs.", "", "", "", Issue::kNoLetters},
    {"Junior", "JUNIOR", "JUNIOR", "", Issue::kNone},
    {"Mr Junior", "JUNIOR", "JUNIOR", "", Issue::kNone},
    {"Junior Jr", "JUNIOR", "JUNIOR", "", Issue::kNone},
    {"--", "", "", "", Issue::kNoLetters},
    // Hostile.
    {std::string("Jo\0hn", 5), "", "", "", Issue::kControlCharacter},
    {"\xE2\x80\xAEnhoJ", "", "", "", Issue::kControlCharacter},
    {"Jo\xFFhn", "", "", "", Issue::kInvalidUtf8},
    {std::string(257, 'a'), "", "", "", Issue::kTooLong},
};

TEST(GivenNameTest, TypedApiAndNormaliser) {
  auto n = Make(MakeGivenNameNormaliser, {{"normaliser", "given_name"}});
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->name(), "given_name");
  EXPECT_THAT(n->part_names(),
              ElementsAre("first", "middle", "canonical_first"));
  for (const GivenCase& c : kGivenCases) {
    SCOPED_TRACE(c.raw);
    GivenName given;
    EXPECT_EQ(ParseGivenName(c.raw, DefaultNameOptions(), &given), c.issue);
    EXPECT_EQ(given.given, c.given);
    EXPECT_EQ(given.first, c.first);
    EXPECT_EQ(given.middle, c.middle);
    const NormalisedValue v = n->Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue);
    EXPECT_EQ(v.value, c.given);
    if (!v.null()) {
      // Without a variants table canonical_first is first.
      EXPECT_THAT(v.parts, ElementsAre(c.first, c.middle, c.first));
    }
    CheckInvariants(*n, c.raw);
  }
}

TEST(GivenNameTest, LengthLimitCountsCodePoints) {
  // 256 two-byte letters are 512 bytes but within the 256-character limit.
  std::string ok;
  for (int i = 0; i < 256; ++i) ok += "\xC3\xA9";  // é
  GivenName given;
  EXPECT_EQ(ParseGivenName(ok, DefaultNameOptions(), &given), Issue::kNone);
  EXPECT_EQ(given.given, std::string(256, 'E'));
  EXPECT_EQ(ParseGivenName(ok + "\xC3\xA9", DefaultNameOptions(), &given),
            Issue::kTooLong);
  EXPECT_EQ(ParseGivenName(std::string(1 << 20, '\0'), DefaultNameOptions(),
                           &given),
            Issue::kTooLong);
}

struct FamilyCase {
  std::string raw;
  std::string value;
  std::string first_part;
  std::string last_part;
  std::string joined;
  Issue issue;
};

const FamilyCase kFamilyCases[] = {
    {"Smith", "SMITH", "SMITH", "SMITH", "SMITH", Issue::kNone},
    // O'Brien == OBrien == O BRIEN == O’Brien.
    {"O'Brien", "OBRIEN", "OBRIEN", "OBRIEN", "OBRIEN", Issue::kNone},
    {"OBrien", "OBRIEN", "OBRIEN", "OBRIEN", "OBRIEN", Issue::kNone},
    {"O BRIEN", "OBRIEN", "OBRIEN", "OBRIEN", "OBRIEN", Issue::kNone},
    {"o\xE2\x80\x99" "brien", "OBRIEN", "OBRIEN", "OBRIEN", "OBRIEN",
     Issue::kNone},
    {"D'Arcy", "DARCY", "DARCY", "DARCY", "DARCY", Issue::kNone},
    // Double-barrelled: hyphen and space variants are one form.
    {"Smith-Jones", "SMITH JONES", "SMITH", "JONES", "SMITHJONES",
     Issue::kNone},
    {"smith  jones", "SMITH JONES", "SMITH", "JONES", "SMITHJONES",
     Issue::kNone},
    {"Smith - Jones", "SMITH JONES", "SMITH", "JONES", "SMITHJONES",
     Issue::kNone},
    {"Smith\xE2\x80\x93Jones", "SMITH JONES", "SMITH", "JONES", "SMITHJONES",
     Issue::kNone},  // en dash
    {"van der Berg", "VAN DER BERG", "VAN", "BERG", "VANDERBERG",
     Issue::kNone},
    {"Müller", "MULLER", "MULLER", "MULLER", "MULLER", Issue::kNone},
    {"Dr Smith", "SMITH", "SMITH", "SMITH", "SMITH", Issue::kNone},
    {"Smith Jnr", "SMITH", "SMITH", "SMITH", "SMITH", Issue::kNone},
    {"Smith III", "SMITH", "SMITH", "SMITH", "SMITH", Issue::kNone},
    // Joining happens before title removal, so the result is stable.
    {"D R Smith", "SMITH", "SMITH", "SMITH", "SMITH", Issue::kNone},
    {"Иванов", "IVANOV", "IVANOV", "IVANOV", "IVANOV", Issue::kNone},
    {"NK", "", "", "", "", Issue::kPlaceholder},
    // Regression (fuzzer): joined one-letter words form the placeholder XX.
    {"x&x", "", "", "", "", Issue::kPlaceholder},
    {"", "", "", "", "", Issue::kMissing},
    {"'", "", "", "", "", Issue::kNoLetters},
    {"Sm\x01ith", "", "", "", "", Issue::kControlCharacter},
};

TEST(FamilyNameTest, TypedApiAndNormaliser) {
  auto n = Make(MakeFamilyNameNormaliser, {{"normaliser", "family_name"}});
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->name(), "family_name");
  EXPECT_THAT(n->part_names(), ElementsAre("first_part", "last_part", "joined"));
  for (const FamilyCase& c : kFamilyCases) {
    SCOPED_TRACE(c.raw);
    FamilyName family;
    EXPECT_EQ(ParseFamilyName(c.raw, DefaultNameOptions(), &family), c.issue);
    EXPECT_EQ(family.value, c.value);
    EXPECT_EQ(family.first_part, c.first_part);
    EXPECT_EQ(family.last_part, c.last_part);
    EXPECT_EQ(family.joined, c.joined);
    const NormalisedValue v = n->Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue);
    EXPECT_EQ(v.value, c.value);
    if (!v.null()) {
      EXPECT_THAT(v.parts, ElementsAre(c.first_part, c.last_part, c.joined));
    }
    CheckInvariants(*n, c.raw);
  }
}

struct FullCase {
  std::string raw;
  std::string value;
  std::string given;
  std::string first;
  std::string middle;
  std::string family;
  Issue issue;
};

const FullCase kFullCases[] = {
    {"Smith, John Paul", "SMITH, JOHN PAUL", "JOHN PAUL", "JOHN", "PAUL",
     "SMITH", Issue::kNone},
    {"Mr John Paul Smith", "SMITH, JOHN PAUL", "JOHN PAUL", "JOHN", "PAUL",
     "SMITH", Issue::kNone},
    {"John Smith-Jones", "SMITH JONES, JOHN", "JOHN", "JOHN", "",
     "SMITH JONES", Issue::kNone},
    {"SMITH JONES, JOHN", "SMITH JONES, JOHN", "JOHN", "JOHN", "",
     "SMITH JONES", Issue::kNone},
    {"Maria de la Cruz", "DE LA CRUZ, MARIA", "MARIA", "MARIA", "",
     "DE LA CRUZ", Issue::kNone},
    {"Ludwig van Beethoven", "VAN BEETHOVEN, LUDWIG", "LUDWIG", "LUDWIG", "",
     "VAN BEETHOVEN", Issue::kNone},
    {"Van Morrison", "MORRISON, VAN", "VAN", "VAN", "", "MORRISON",
     Issue::kNone},
    {"Mary O'Brien", "OBRIEN, MARY", "MARY", "MARY", "", "OBRIEN",
     Issue::kNone},
    {"O Brien, Mary", "OBRIEN, MARY", "MARY", "MARY", "", "OBRIEN",
     Issue::kNone},
    {"Dr. Siobhán Ní Bhriain", "BHRIAIN, SIOBHAN NI", "SIOBHAN NI", "SIOBHAN",
     "NI", "BHRIAIN", Issue::kNone},
    {"John Smith Jr.", "SMITH, JOHN", "JOHN", "JOHN", "", "SMITH",
     Issue::kNone},
    {"Smith", "SMITH", "", "", "", "SMITH", Issue::kNone},
    {"Smith, Baby", "SMITH", "", "", "", "SMITH", Issue::kNone},
    {"Smith,", "SMITH", "", "", "", "SMITH", Issue::kNone},
    // Regression (fuzzer): a one-token multi-word family with no given name.
    {"zzzz$zzzz", "ZZZZ ZZZZ,", "", "", "", "ZZZZ ZZZZ", Issue::kNone},
    {"Smith-Jones", "SMITH JONES,", "", "", "", "SMITH JONES", Issue::kNone},
    // Regression (fuzzer): reordered to "N, K", which reads as N/K.
    {"5K ;N5", "", "", "", "", "", Issue::kPlaceholder},
    {", John", "", "", "", "", "", Issue::kNoLetters},
    {"Unknown", "", "", "", "", "", Issue::kPlaceholder},
    {"Mr", "", "", "", "", "", Issue::kNoLetters},
    {"", "", "", "", "", "", Issue::kMissing},
    {"Jo\xFFhn Smith", "", "", "", "", "", Issue::kInvalidUtf8},
};

TEST(FullNameTest, TypedApiAndNormaliser) {
  auto n = Make(MakeFullNameNormaliser, {{"normaliser", "full_name"}});
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->name(), "full_name");
  EXPECT_THAT(n->part_names(), ElementsAre("given", "first", "middle",
                                           "canonical_first", "family"));
  for (const FullCase& c : kFullCases) {
    SCOPED_TRACE(c.raw);
    FullName full;
    EXPECT_EQ(ParseFullName(c.raw, DefaultNameOptions(), &full), c.issue);
    EXPECT_EQ(full.given.given, c.given);
    EXPECT_EQ(full.given.first, c.first);
    EXPECT_EQ(full.given.middle, c.middle);
    EXPECT_EQ(full.family.value, c.family);
    const NormalisedValue v = n->Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue);
    EXPECT_EQ(v.value, c.value);
    if (!v.null()) {
      EXPECT_THAT(v.parts,
                  ElementsAre(c.given, c.first, c.middle, c.first, c.family));
    }
    CheckInvariants(*n, c.raw);
  }
}

TEST(NameOptionsTest, ConfiguredListsReplaceOrExtendDefaults) {
  auto n = Make(MakeGivenNameNormaliser,
                {{"normaliser", "given_name"},
                 {"extra_placeholders", {"Infant"}},
                 {"titles", {"Herr"}},
                 {"suffixes", nlohmann::json::array()},
                 {"max_chars", 10}});
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->Normalise("INFANT").issue, Issue::kPlaceholder);
  EXPECT_EQ(n->Normalise("unknown").issue, Issue::kPlaceholder);  // default
  EXPECT_EQ(n->Normalise("Herr Hans").value, "HANS");
  EXPECT_EQ(n->Normalise("Mr Hans").value, "MR HANS");  // MR replaced
  EXPECT_EQ(n->Normalise("Hans Jr").value, "HANS JR");
  EXPECT_EQ(n->Normalise("Maximiliane").issue, Issue::kTooLong);

  auto only = Make(MakeGivenNameNormaliser,
                   {{"normaliser", "given_name"}, {"placeholders", {"ZZ"}}});
  ASSERT_NE(only, nullptr);
  EXPECT_EQ(only->Normalise("Unknown").value, "UNKNOWN");
  EXPECT_EQ(only->Normalise("zz").issue, Issue::kPlaceholder);
}

TEST(NameVariantsOptionTest, CanonicalFirstFromTable) {
  const nlohmann::json spec = {
      {"normaliser", "given_name"},
      {"variants", "builtin"},
      {"data_dir", linkage::testing::DataPath("")}};
  auto given = Make(MakeGivenNameNormaliser, spec);
  ASSERT_NE(given, nullptr);
  EXPECT_THAT(given->Normalise("Bill Henry").parts,
              ElementsAre("BILL", "HENRY", "WILLIAM"));
  EXPECT_THAT(given->Normalise("Alex").parts,
              ElementsAre("ALEX", "", "ALEX"));
  nlohmann::json full_spec = spec;
  full_spec["normaliser"] = "full_name";
  auto full = Make(MakeFullNameNormaliser, full_spec);
  ASSERT_NE(full, nullptr);
  EXPECT_THAT(full->Normalise("Smith, Peggy Ann").parts,
              ElementsAre("PEGGY ANN", "PEGGY", "ANN", "MARGARET", "SMITH"));
}

TEST(NameFactoryTest, Errors) {
  struct ErrorCase {
    absl::StatusOr<std::unique_ptr<Normaliser>> (*factory)(
        const nlohmann::json&);
    nlohmann::json spec;
    absl::StatusCode code;
    std::string prefix;
  };
  const ErrorCase cases[] = {
      {MakeFamilyNameNormaliser, {{"variants", "builtin"}},
       absl::StatusCode::kInvalidArgument, ".variants: unknown option"},
      {MakeGivenNameNormaliser, {{"titles", "MR"}},
       absl::StatusCode::kInvalidArgument, ".titles: must be an array"},
      {MakeGivenNameNormaliser, {{"suffixes", {"JR", nullptr}}},
       absl::StatusCode::kInvalidArgument, ".suffixes[1]: must be a string"},
      {MakeGivenNameNormaliser, {{"max_chars", 0}},
       absl::StatusCode::kInvalidArgument, ".max_chars: must be"},
      {MakeGivenNameNormaliser, {{"variants", 7}},
       absl::StatusCode::kInvalidArgument, ".variants: must be"},
      {MakeGivenNameNormaliser, {{"variants", {"a.csv", 1}}},
       absl::StatusCode::kInvalidArgument, ".variants[1]: must be a string"},
      {MakeGivenNameNormaliser, {{"variants", "/nonexistent/v.csv"}},
       absl::StatusCode::kNotFound,
       ".variants: /nonexistent/v.csv: cannot open"},
      {MakeFullNameNormaliser, {{"data_dir", "data"}},
       absl::StatusCode::kInvalidArgument, ".data_dir: only used"},
  };
  for (const ErrorCase& c : cases) {
    const auto made = c.factory(c.spec);
    ASSERT_FALSE(made.ok()) << c.spec.dump();
    EXPECT_EQ(made.status().code(), c.code) << made.status();
    EXPECT_THAT(std::string(made.status().message()), StartsWith(c.prefix));
  }
}

TEST(NameTest, EveryFirstNameInTheOnsListSurvivesUnchanged) {
  // Real names (ONS baby names 2024, ASCII letters only) must come back as
  // themselves, upper-cased: no name there is a title or a placeholder.
  const auto rows = linkage::testing::ReadCsvRows(
      linkage::testing::DataPath("reference/ons_babynames_ew_2024.csv"), 1);
  ASSERT_GT(rows.size(), 1000u);
  std::size_t checked = 0;
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 4u);
    std::string upper;
    // Documented rules: hyphens separate words, apostrophes and dots are
    // deleted (trailing dots only occur in the data).
    for (char c : row[3]) {
      if (c == '\'' || c == '.') continue;
      upper.push_back(c == '-' ? ' ' : static_cast<char>(std::toupper(c)));
    }
    GivenName given;
    const Issue issue = ParseGivenName(row[3], DefaultNameOptions(), &given);
    if (upper == "BABY" || upper == "NONE" || upper == "X") continue;
    EXPECT_EQ(issue, Issue::kNone) << row[3];
    EXPECT_EQ(given.given, upper) << row[3];
    ++checked;
  }
  EXPECT_GT(checked, 1000u);
}

}  // namespace
}  // namespace linkage

namespace linkage {
namespace {

TEST(NameTest, EverySurnameInTheUkListSurvives) {
  // lastname_uk.csv holds lower-case ASCII surnames. Each must normalise to
  // itself upper-cased with spaces and hyphens as one space and apostrophes
  // deleted (the documented rules), and never be null.
  const auto rows = linkage::testing::ReadCsvRows(
      linkage::testing::DataPath("reference/lastname_uk.csv"), 1);
  ASSERT_GT(rows.size(), 5000u);
  for (const auto& row : rows) {
    std::string expected;
    for (char c : row[0]) {
      if (c == '\'') continue;
      expected.push_back(c == '-' ? ' ' : static_cast<char>(std::toupper(c)));
    }
    FamilyName family;
    EXPECT_EQ(ParseFamilyName(row[0], DefaultNameOptions(), &family),
              Issue::kNone)
        << row[0];
    EXPECT_EQ(family.value, expected) << row[0];
  }
}

}  // namespace
}  // namespace linkage

namespace linkage {
namespace {

TEST(NameTest, CanonicalLongerThanLimitIsTooLong) {
  // 100 CJK characters are within 256 characters but their pinyin is not;
  // the result must be stable under re-normalisation, so it is kTooLong.
  std::string raw;
  for (int i = 0; i < 100; ++i) raw += "张";  // ZHANG
  GivenName given;
  EXPECT_EQ(ParseGivenName(raw, DefaultNameOptions(), &given),
            Issue::kTooLong);
  EXPECT_EQ(given.given, "");
  std::string ok;
  for (int i = 0; i < 40; ++i) ok += "张";  // 40 * 6 - 1 = 239 characters
  EXPECT_EQ(ParseGivenName(ok, DefaultNameOptions(), &given), Issue::kNone);
  EXPECT_EQ(given.given.size(), 239u);
}

TEST(NameTest, ConcurrentNormalisationAgrees) {
  // Transliterators are cloned per thread; results must not depend on the
  // thread (run under TSan/ASan in the Asan build).
  auto n = MakeFullNameNormaliser({{"normaliser", "full_name"}});
  ASSERT_TRUE(n.ok());
  const std::vector<std::string> inputs = {
      "Siobhán Ní Bhriain", "Łukasz Żółć", "Γιώργος Παπαδόπουλος",
      "Дмитрий Иванов",     "张伟",         "Zoë O’Brien-Müller"};
  std::vector<std::string> expected;
  for (const std::string& raw : inputs) {
    expected.push_back((*n)->Normalise(raw).value);
  }
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 200; ++round) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
          if ((*n)->Normalise(inputs[i]).value != expected[i]) ++mismatches;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(expected[2], "PAPADOPOULOS, GIORGOS");
  EXPECT_EQ(expected[5], "OBRIEN MULLER, ZOE");
}

}  // namespace
}  // namespace linkage
