// Copyright 2026 The Linkage Authors.
#include "normalise/text.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace linkage {
namespace {

struct Case {
  std::string raw;
  std::string value;  // expected canonical value ("" when null)
  Issue issue;
};

// Expected values are the Latin/ASCII renderings by the Unicode CLDR
// transliteration rules (Latin-ASCII, Greek-Latin, Cyrillic-Latin,
// Han-Latin), written out by hand.
const Case kCases[] = {
    {"  Hello   World ", "HELLO WORLD", Issue::kNone},
    {"Siobhán", "SIOBHAN", Issue::kNone},
    {"Łukasz", "LUKASZ", Issue::kNone},
    {"Zoë", "ZOE", Issue::kNone},
    {"Müller", "MULLER", Issue::kNone},
    {"Straße", "STRASSE", Issue::kNone},
    {"Øyvind", "OYVIND", Issue::kNone},
    {"Æthelred", "AETHELRED", Issue::kNone},
    {"Ðorđe", "DORDE", Issue::kNone},
    {"Þór", "THOR", Issue::kNone},
    {"Γιώργος", "GIORGOS", Issue::kNone},
    {"Дмитрий", "DMITRIJ", Issue::kNone},
    {"张伟", "ZHANG WEI", Issue::kNone},
    {"Nguyễn", "NGUYEN", Issue::kNone},
    {"İsmail", "ISMAIL", Issue::kNone},
    // NFKC: fullwidth letters and the fi ligature.
    {"\xEF\xBC\xAA\xEF\xBD\x8F\xEF\xBD\x88\xEF\xBD\x8E", "JOHN", Issue::kNone},
    {"\xEF\xAC\x81ona", "FIONA", Issue::kNone},
    // Combining acute accent (decomposed é).
    {"e\xCC\x81mile", "EMILE", Issue::kNone},
    // No-break space and ideographic space are spaces.
    {"Anne\xC2\xA0Marie", "ANNE MARIE", Issue::kNone},
    {"Anne\xE3\x80\x80Marie", "ANNE MARIE", Issue::kNone},
    // Apostrophes (ASCII, right single quote, backtick) are deleted.
    {"O'Neil", "ONEIL", Issue::kNone},
    {"O\xE2\x80\x99Neil", "ONEIL", Issue::kNone},
    {"O`Neil", "ONEIL", Issue::kNone},
    {"a-b.c/d", "A B C D", Issue::kNone},
    {"Flat 12b", "FLAT 12B", Issue::kNone},
    // Invisible marks are stripped: RLM, LRM, ZWJ, ZWSP, BOM, soft hyphen.
    {"Ali\xE2\x80\x8F", "ALI", Issue::kNone},
    {"\xE2\x80\x8E" "Ali", "ALI", Issue::kNone},
    {"Jo\xE2\x80\x8Dhn", "JOHN", Issue::kNone},
    {"Jo\xE2\x80\x8Bhn", "JOHN", Issue::kNone},
    {"\xEF\xBB\xBFJohn", "JOHN", Issue::kNone},
    {"Jo\xC2\xADhn", "JOHN", Issue::kNone},
    // Tabs and newlines are whitespace.
    {"a\tb\r\nc", "A B C", Issue::kNone},
    // Empty and punctuation-only values.
    {"", "", Issue::kMissing},
    {"   \t ", "", Issue::kMissing},
    {"--", "", Issue::kNoLetters},
    {"\xE2\x80\x8F", "", Issue::kMissing},
    // Hostile input.
    {std::string("Jo\0hn", 5), "", Issue::kControlCharacter},
    {"Jo\x01hn", "", Issue::kControlCharacter},
    {"Jo\x7Fhn", "", Issue::kControlCharacter},
    {"Jo\xC2\x85hn", "", Issue::kControlCharacter},     // C1 NEL
    {"\xE2\x80\xAEnhoJ", "", Issue::kControlCharacter},  // RTL override
    {"\xE2\x81\xA6John", "", Issue::kControlCharacter},  // LR isolate
    {"Jo\xFFhn", "", Issue::kInvalidUtf8},
    {"Jo\xC3", "", Issue::kInvalidUtf8},
    {"\xED\xA0\x80", "", Issue::kInvalidUtf8},  // encoded surrogate
    {"\xC0\xAF", "", Issue::kInvalidUtf8},      // overlong '/'
};

TEST(TextTest, TableOfCases) {
  const auto made = MakeTextNormaliser({{"normaliser", "text"}});
  ASSERT_TRUE(made.ok()) << made.status();
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.raw);
    std::string out = "stale";
    EXPECT_EQ(NormaliseText(c.raw, TextOptions{}, &out), c.issue);
    EXPECT_EQ(out, c.value);
    const NormalisedValue v = (*made)->Normalise(c.raw);
    EXPECT_EQ(v.issue, c.issue);
    EXPECT_EQ(v.value, c.value);
    EXPECT_EQ(v.null(), v.value.empty());
    EXPECT_TRUE(v.parts.empty());
    if (!v.null()) {
      EXPECT_EQ((*made)->Normalise(v.value).value, v.value) << "idempotence";
    }
  }
}

TEST(TextTest, TooLongIsCheckedFirst) {
  // A 1 MB field with a NUL and invalid bytes is still just too long.
  std::string huge(1 << 20, 'a');
  huge[10] = '\0';
  huge[20] = '\xFF';
  std::string out;
  EXPECT_EQ(NormaliseText(huge, TextOptions{}, &out), Issue::kTooLong);
  EXPECT_EQ(out, "");
  EXPECT_EQ(NormaliseText(std::string(1024, 'a'), TextOptions{}, &out),
            Issue::kNone);
  EXPECT_EQ(NormaliseText(std::string(1025, 'a'), TextOptions{}, &out),
            Issue::kTooLong);
}

TEST(TextTest, WithoutTransliterationKeepsUnicodeLetters) {
  TextOptions options;
  options.transliterate = false;
  std::string out;
  EXPECT_EQ(NormaliseText("zoë  łukasz", options, &out), Issue::kNone);
  EXPECT_EQ(out, "ZOË ŁUKASZ");
  EXPECT_EQ(NormaliseText("\xEF\xBD\x8A\xEF\xBD\x8F", options, &out),
            Issue::kNone);  // fullwidth "jo" -> NFKC -> "JO"
  EXPECT_EQ(out, "JO");
  // Regression (fuzzer): NFKC turns U+0149 into U+02BC + N; the apostrophe
  // must still be deleted so that the output is a fixed point.
  EXPECT_EQ(NormaliseText("\xC5\x89ukasz", options, &out), Issue::kNone);
  EXPECT_EQ(out, "NUKASZ");
}

TEST(TextTest, KeepDigitsOff) {
  TextOptions options;
  options.keep_digits = false;
  std::string out;
  EXPECT_EQ(NormaliseText("R2D2", options, &out), Issue::kNone);
  EXPECT_EQ(out, "R D");
  EXPECT_EQ(NormaliseText("123", options, &out), Issue::kNoLetters);
}

TEST(TextTest, Placeholders) {
  const auto made = MakeTextNormaliser(
      {{"normaliser", "text"}, {"placeholders", {"N/K", "?", "Unknown"}}});
  ASSERT_TRUE(made.ok()) << made.status();
  for (const char* raw : {"N/K", "n/k", " N K ", "?", "unknown", "UNKNOWN"}) {
    EXPECT_EQ((*made)->Normalise(raw).issue, Issue::kPlaceholder) << raw;
  }
  EXPECT_EQ((*made)->Normalise("??").issue, Issue::kNoLetters);
  EXPECT_EQ((*made)->Normalise("NK").issue, Issue::kNone);
}

TEST(TextTest, FactoryErrors) {
  struct ErrorCase {
    nlohmann::json spec;
    std::string prefix;
  };
  const ErrorCase cases[] = {
      {{{"normaliser", "text"}, {"max_byte", 3}}, ".max_byte: unknown option"},
      {{{"normaliser", "text"}, {"max_bytes", 0}}, ".max_bytes: must be"},
      {{{"normaliser", "text"}, {"max_bytes", -5}}, ".max_bytes: must be"},
      {{{"normaliser", "text"}, {"max_bytes", "9"}}, ".max_bytes: must be"},
      {{{"normaliser", "text"}, {"transliterate", 1}},
       ".transliterate: must be true or false"},
      {{{"normaliser", "text"}, {"placeholders", {"A", 3}}},
       ".placeholders[1]: must be a string"},
  };
  for (const ErrorCase& c : cases) {
    const auto made = MakeTextNormaliser(c.spec);
    ASSERT_FALSE(made.ok()) << c.spec.dump();
    EXPECT_EQ(made.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(made.status().message()),
                ::testing::StartsWith(c.prefix));
  }
  // "column" and "rules" belong to the caller and are ignored.
  EXPECT_TRUE(MakeTextNormaliser({{"normaliser", "text"},
                                  {"column", "x"},
                                  {"rules", nlohmann::json::array()}})
                  .ok());
}

}  // namespace
}  // namespace linkage
