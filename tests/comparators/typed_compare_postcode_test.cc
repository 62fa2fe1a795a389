// Copyright 2026 The Linkage Authors.
//
// Postcode parts against ideal-postcodes' fixtures
// (tests/testdata/postcodes/{areas,outcodes,districts,sub-districts,
// sectors,incodes}.json; sub-districts only where one exists), then
// agreement levels on hand-made pairs and arbitrary bytes.
#include "comparators/postcode_compare.h"

#include <random>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::linkage::testing::ReadFileOrDie;
using ::linkage::testing::TestDataPath;

nlohmann::json Fixture(const std::string& name) {
  return nlohmann::json::parse(ReadFileOrDie(TestDataPath("postcodes/" + name)))["tests"];
}

// The fixtures use both "L27 8XY" and "L278XY"; canonical sector "L27 8".
std::string CanonicalSector(const PostcodeParts& parts) {
  if (parts.inward.empty()) return "";
  return std::string(parts.outward) + " " + parts.inward.front();
}

TEST(ParsePostcodeTest, IdealPostcodesFixtures) {
  int checked = 0;
  for (const auto& [file, part] :
       {std::pair<const char*, int>{"areas.json", 0}, {"outcodes.json", 1},
        {"districts.json", 4}, {"incodes.json", 2}, {"sectors.json", 3},
        {"sub-districts.json", 1}}) {
    for (const auto& test : Fixture(file)) {
      if (!test["expected"].is_string()) continue;
      const std::string base = test["base"];
      const std::string expected = test["expected"];
      const PostcodeParts parts = ParsePostcode(base);
      std::string actual;
      switch (part) {
        case 0: actual = parts.area; break;
        case 1: actual = parts.outward; break;
        case 2: actual = parts.inward; break;
        case 4: actual = parts.district; break;
        default: actual = CanonicalSector(parts); break;
      }
      EXPECT_EQ(actual, expected) << file << ": " << base;
      ++checked;
    }
  }
  EXPECT_GE(checked, 100);
}

TEST(ParsePostcodeTest, CanonicalParts) {
  const PostcodeParts parts = ParsePostcode(" SW1A 1AA ");
  EXPECT_EQ(parts.area, "SW");
  EXPECT_EQ(parts.district, "SW1");
  EXPECT_EQ(parts.outward, "SW1A");
  EXPECT_EQ(parts.inward, "1AA");
  EXPECT_EQ(parts.sector, "SW1A 1");
  EXPECT_EQ(parts.unit, "SW1A 1AA");
  const PostcodeParts outward_only = ParsePostcode("SW1A");
  EXPECT_EQ(outward_only.outward, "SW1A");
  EXPECT_TRUE(outward_only.inward.empty());
  EXPECT_TRUE(outward_only.sector.empty());
  EXPECT_TRUE(outward_only.unit.empty());
  EXPECT_EQ(ParsePostcode("").outward, "");
}

TEST(ComparePostcodesTest, Levels) {
  struct Case {
    const char* a;
    const char* b;
    PostcodeAgreement level;
  } const kCases[] = {
      {"SW1A 1AA", "SW1A 1AA", PostcodeAgreement::kUnit},
      {"SW1A 1AA", "SW1A1AA", PostcodeAgreement::kUnit},   // lost space
      {"SW1A 1AA", "SW1A 1BB", PostcodeAgreement::kSector},
      {"SW1A 1AA", "SW1A 2AA", PostcodeAgreement::kDistrict},
      {"SW1A 1AA", "SW1A", PostcodeAgreement::kDistrict},  // outward only
      {"SW1A 1AA", "SW9 9ZZ", PostcodeAgreement::kArea},
      {"M1 1AE", "M60 1NW", PostcodeAgreement::kArea},
      {"M1 1AE", "MK1 1AE", PostcodeAgreement::kNone},     // area M vs MK
      {"SW1A 1AA", "EC1A 1BB", PostcodeAgreement::kNone},
      {"", "", PostcodeAgreement::kNone},                  // nothing to agree on
      {"", "SW1A 1AA", PostcodeAgreement::kNone},
      {"123 456", "123 789", PostcodeAgreement::kDistrict},  // parsed, not validated
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(ComparePostcodes(c.a, c.b), c.level) << c.a << " vs " << c.b;
    EXPECT_EQ(ComparePostcodes(c.b, c.a), c.level) << c.b << " vs " << c.a;
  }
  EXPECT_GT(PostcodeAgreement::kUnit, PostcodeAgreement::kSector);
  EXPECT_EQ(PostcodeAgreementName(PostcodeAgreement::kSector), "sector");
}

TEST(ComparePostcodesTest, ArbitraryBytesAreSymmetricAndBounded) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 12);
  for (int trial = 0; trial < 20000; ++trial) {
    std::string a(length(rng), '\0'), b;
    for (char& c : a) c = static_cast<char>(byte(rng));
    b = trial % 2 ? a : std::string(length(rng), ' ');
    for (std::size_t k = 0; k < b.size() && trial % 2 == 0; ++k) b[k] = static_cast<char>(byte(rng));
    const PostcodeAgreement ab = ComparePostcodes(a, b);
    ASSERT_EQ(ab, ComparePostcodes(b, a));
    const PostcodeParts parts = ParsePostcode(a);
    // Every part is a view into `a`.
    for (std::string_view part :
         {parts.area, parts.district, parts.outward, parts.inward, parts.sector, parts.unit}) {
      if (part.empty()) continue;
      ASSERT_GE(part.data(), a.data());
      ASSERT_LE(part.data() + part.size(), a.data() + a.size());
    }
  }
}

}  // namespace
}  // namespace linkage
