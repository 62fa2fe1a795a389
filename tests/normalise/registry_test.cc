// Copyright 2026 The Linkage Authors.
#include "normalise/registry.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace linkage {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(RegistryTest, EveryNameBuildsWithDefaultsAndReportsItsName) {
  ASSERT_EQ(NormaliserNames().size(), 12u);
  for (std::string_view name : NormaliserNames()) {
    nlohmann::json spec = {{"normaliser", std::string(name)}};
    if (name == "date") spec["today"] = "2026-11-21";
    absl::StatusOr<std::unique_ptr<Normaliser>> n = MakeNormaliser(spec, "$.c");
    ASSERT_TRUE(n.ok()) << name << ": " << n.status();
    EXPECT_EQ((*n)->name(), name);
    // Never crashes on hostile bytes; null values carry no parts.
    for (std::string_view raw : {std::string_view("\xff\xfe", 2),
                                 std::string_view("\0x", 2), std::string_view("")}) {
      NormalisedValue v = (*n)->Normalise(raw);
      EXPECT_TRUE(v.null()) << name;
      EXPECT_TRUE(v.value.empty()) << name;
    }
  }
}

TEST(RegistryTest, NamesAreSorted) {
  auto names = NormaliserNames();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(RegistryTest, CanonicalValuesThroughTheRegistry) {
  struct Case {
    const char* spec;
    const char* raw;
    const char* value;
  };
  const Case cases[] = {
      {R"({"normaliser": "uk_postcode"})", "sw1a1aa", "SW1A 1AA"},
      {R"({"normaliser": "nhs_number"})", "943 476 5919", "9434765919"},
      {R"({"normaliser": "date", "today": "2026-11-21"})", "01/05/2015", "2015-05-01"},
      {R"({"normaliser": "family_name"})", "O'Brien", nullptr},
      {R"({"normaliser": "given_name"})", "Siobhán", "SIOBHAN"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::unique_ptr<Normaliser>> n =
        MakeNormaliser(nlohmann::json::parse(c.spec), "$");
    ASSERT_TRUE(n.ok()) << c.spec;
    NormalisedValue v = (*n)->Normalise(c.raw);
    EXPECT_FALSE(v.null()) << c.spec << " " << c.raw;
    if (c.value != nullptr) {
      EXPECT_EQ(v.value, c.value) << c.spec;
    }
  }
}

TEST(RegistryTest, ErrorsStartWithTheJsonPath) {
  absl::StatusOr<std::unique_ptr<Normaliser>> n =
      MakeNormaliser(nlohmann::json{{"normaliser", "postcode"}}, "$.columns.pc");
  ASSERT_FALSE(n.ok());
  EXPECT_THAT(std::string(n.status().message()),
              StartsWith("$.columns.pc.normaliser: unknown normaliser \"postcode\"; one of: "
                         "address_line, date, email"));
  n = MakeNormaliser(nlohmann::json{{"normaliser", "date"}, {"formats", {"iso", "xyz"}}},
                     "$.columns.dob");
  ASSERT_FALSE(n.ok());
  EXPECT_THAT(std::string(n.status().message()), StartsWith("$.columns.dob.formats[1]"));
  n = MakeNormaliser(nlohmann::json::array(), "$.columns.x");
  ASSERT_FALSE(n.ok());
  EXPECT_THAT(std::string(n.status().message()), HasSubstr("must be a JSON object"));
}

TEST(RegistryTest, RulesWrapTheNormaliser) {
  absl::StatusOr<std::unique_ptr<Normaliser>> n = MakeNormaliser(
      nlohmann::json::parse(R"({"normaliser": "text",
          "rules": [{"find": "^BABY OF ", "replace": ""}, {"validate": "^[A-Z ]+$"}]})"),
      "$.columns.name");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ((*n)->Normalise("BABY OF SMITH").value, "SMITH");
  EXPECT_EQ((*n)->Normalise("SMITH 2").issue, Issue::kPatternMismatch);

  n = MakeNormaliser(nlohmann::json::parse(
                         R"({"normaliser": "text", "rules": [{"find": "("}]})"),
                     "$.columns.name");
  ASSERT_FALSE(n.ok());
  EXPECT_THAT(std::string(n.status().message()), StartsWith("$.columns.name.rules[0]"));
}

}  // namespace
}  // namespace linkage
