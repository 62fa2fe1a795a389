// Copyright 2026 The Linkage Authors.
//
// PhoneticCode, the accent folding the encoders share, and properties of
// every encoder over the bundled UK surname and forename lists.
#include "comparators/phonetic_code.h"

#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "comparators/double_metaphone.h"
#include "comparators/match_rating.h"
#include "comparators/metaphone.h"
#include "comparators/nysiis.h"
#include "comparators/soundex.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::linkage::testing::DataPath;
using ::linkage::testing::ReadCsvRows;

TEST(PhoneticCodeTest, ValueSemantics) {
  PhoneticCode code;
  EXPECT_TRUE(code.empty());
  EXPECT_TRUE(code.push_back('A'));
  EXPECT_TRUE(code.Append("BC"));
  EXPECT_EQ(code.view(), "ABC");
  EXPECT_EQ(code, PhoneticCode::FromString("ABC"));
  EXPECT_LT(PhoneticCode::FromString("AB"), code);
  EXPECT_LT(code, PhoneticCode::FromString("ABD"));
  code.Truncate(1);
  EXPECT_EQ(code.view(), "A");
  code.Truncate(5);
  EXPECT_EQ(code.view(), "A");
  code.pop_back();
  EXPECT_TRUE(code.empty());
}

TEST(PhoneticCodeTest, KeepsAtMostCapacityBytes) {
  const std::string long_text(40, 'X');
  PhoneticCode code = PhoneticCode::FromString(long_text);
  EXPECT_EQ(code.size(), PhoneticCode::kCapacity);
  EXPECT_TRUE(code.full());
  EXPECT_FALSE(code.push_back('Y'));
  EXPECT_FALSE(code.Append("Y"));
  EXPECT_EQ(code.view(), long_text.substr(0, PhoneticCode::kCapacity));
  // A multi-byte character that does not fit is not split.
  PhoneticCode almost = PhoneticCode::FromString(std::string(PhoneticCode::kCapacity - 1, 'X'));
  internal::AppendCodePoint(0xC9, &almost);  // É, two bytes
  EXPECT_EQ(almost.size(), PhoneticCode::kCapacity - 1);
  static_assert(sizeof(PhoneticCode) == 32);
}

// (absl::flat_hash_map keys work through AbslHashValue; this test uses
// std::map because the comparators tests do not link absl::hash.)
TEST(PhoneticCodeTest, OrdersAsAKey) {
  std::map<PhoneticCode, int> counts;
  for (const char* name : {"Smith", "Smyth", "Schmidt", "Jones"}) ++counts[Soundex(name)];
  EXPECT_EQ(counts.size(), 2u);  // Smith, Smyth, Schmidt are all S530
  EXPECT_EQ(counts[PhoneticCode::FromString("S530")], 3);
  EXPECT_EQ(counts[PhoneticCode::FromString("J520")], 1);
}

TEST(FoldLatinLetterTest, Table) {
  struct Case {
    char32_t cp;
    const char* folded;
  } const kCases[] = {
      {U'a', "A"},  {U'Z', "Z"},  {U'é', "E"},  {U'É', "E"}, {U'ß', "SS"}, {U'ẞ', "SS"},
      {U'Ł', "L"},  {U'ł', "L"},  {U'Æ', "AE"}, {U'œ', "OE"}, {U'Ø', "O"},  {U'Þ', "TH"},
      {U'đ', "D"},  {U'ı', "I"},  {U'Ș', "S"},  {U'ț', "T"},  {U'ẗ', "T"},  {U'ỳ', "Y"},
      {U'ñ', "N"},  {U'ç', "C"},  {U'Ŀ', "L"},  {U'ŧ', "T"},
      {U'1', ""},   {U' ', ""},   {U'×', ""},   {U'¿', ""},   {U'Ж', ""},   {U'中', ""},
      {0xDCFF, ""},  // an escaped invalid byte
  };
  for (const Case& c : kCases) {
    char out[2];
    const int n = internal::FoldLatinLetter(c.cp, out);
    EXPECT_EQ(std::string(out, n), c.folded) << static_cast<unsigned>(c.cp);
  }
  EXPECT_EQ(internal::UpperLatin(U'é'), U'É');
  EXPECT_EQ(internal::UpperLatin(U'ł'), U'Ł');
  EXPECT_EQ(internal::UpperLatin(U'ž'), U'Ž');
  EXPECT_EQ(internal::UpperLatin(U'ÿ'), U'Ÿ');
  EXPECT_EQ(internal::UpperLatin(U'Ł'), U'Ł');
  EXPECT_EQ(internal::UpperLatin(U'÷'), U'÷');
}

std::vector<std::string> Names() {
  std::vector<std::string> names;
  for (const char* file : {"reference/lastname_uk.csv", "reference/firstname_uk.csv"}) {
    for (const auto& row : ReadCsvRows(DataPath(file), 1)) names.push_back(row[0]);
  }
  return names;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool HasAsciiLetter(const std::string& s) {
  for (char c : s) {
    if (std::isalpha(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

TEST(PhoneticPropertiesTest, OverUkNameLists) {
  const std::vector<std::string> names = Names();
  ASSERT_GT(names.size(), 8000u);
  for (const std::string& name : names) {
    const std::string upper = Upper(name);
    // Case does not matter.
    ASSERT_EQ(Soundex(name), Soundex(upper)) << name;
    ASSERT_EQ(Nysiis(name), Nysiis(upper)) << name;
    ASSERT_EQ(MatchRatingCodex(name), MatchRatingCodex(upper)) << name;
    ASSERT_EQ(DoubleMetaphone(name), DoubleMetaphone(upper)) << name;
    ASSERT_EQ(Metaphone(name), Metaphone(upper)) << name;
    if (!HasAsciiLetter(name)) continue;
    // Soundex: letter + three digits.
    const PhoneticCode soundex = Soundex(name);
    ASSERT_EQ(soundex.size(), 4u) << name;
    ASSERT_TRUE(std::isupper(static_cast<unsigned char>(soundex.view()[0])));
    for (char c : soundex.view().substr(1)) ASSERT_TRUE(c >= '0' && c <= '6') << name;
    // NYSIIS: the 6-character code is a prefix of the full one.
    const PhoneticCode full = Nysiis(name, {.truncate_to_6 = false});
    ASSERT_FALSE(full.empty()) << name;
    ASSERT_EQ(Nysiis(name).view(), full.view().substr(0, 6)) << name;
    // Double Metaphone: capped codes are prefixes of the uncapped ones.
    const DoubleMetaphoneCode capped = DoubleMetaphone(name);
    const DoubleMetaphoneCode uncapped = DoubleMetaphone(name, {.max_code_len = 0});
    ASSERT_LE(capped.primary.size(), 4u);
    ASSERT_EQ(capped.primary.view(), uncapped.primary.view().substr(0, capped.primary.size()));
    ASSERT_EQ(capped.alternate.view(),
              uncapped.alternate.view().substr(0, capped.alternate.size()));
    ASSERT_TRUE(DoubleMetaphoneMatch(capped, capped) || capped.primary.empty()) << name;
    // Match Rating: at most 6 letters; a name matches itself.
    ASSERT_LE(MatchRatingCodex(name).size(), 6u);
    ASSERT_EQ(MatchRatingCompare(name, name), std::optional<bool>(true)) << name;
  }
}

TEST(PhoneticPropertiesTest, AccentsFoldToTheirBaseLetters) {
  const struct {
    const char* accented;
    const char* plain;
  } kPairs[] = {{"Müller", "Muller"}, {"Brontë", "Bronte"}, {"Łukasz", "Lukasz"},
                {"José", "Jose"},     {"Søren", "Soren"},   {"Ńwachukwu", "Nwachukwu"}};
  for (const auto& pair : kPairs) {
    EXPECT_EQ(Soundex(pair.accented), Soundex(pair.plain)) << pair.accented;
    EXPECT_EQ(Nysiis(pair.accented), Nysiis(pair.plain)) << pair.accented;
    EXPECT_EQ(MatchRatingCodex(pair.accented), MatchRatingCodex(pair.plain)) << pair.accented;
    EXPECT_EQ(DoubleMetaphone(pair.accented), DoubleMetaphone(pair.plain)) << pair.accented;
    EXPECT_EQ(Metaphone(pair.accented), Metaphone(pair.plain)) << pair.accented;
  }
  // Ç and Ñ keep their own Double Metaphone rules (commons-codec).
  EXPECT_EQ(DoubleMetaphone("Françoise").primary.view(), "FRNS");
  EXPECT_EQ(DoubleMetaphone("Peña").primary.view(), "PN");
}

TEST(PhoneticPropertiesTest, NoLettersGiveEmptyCodes) {
  for (const char* input : {"", "   ", "1234", "-'.", "\xFF\xFE", "Жуков", "中村"}) {
    EXPECT_TRUE(Soundex(input).empty()) << input;
    EXPECT_TRUE(Nysiis(input).empty()) << input;
    EXPECT_TRUE(MatchRatingCodex(input).empty()) << input;
  }
  EXPECT_TRUE(DoubleMetaphone("").primary.empty());
  EXPECT_TRUE(DoubleMetaphone("  \t ").alternate.empty());
  EXPECT_TRUE(DoubleMetaphone("Жуков").primary.empty());
}

}  // namespace
}  // namespace linkage
