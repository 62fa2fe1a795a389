// Copyright 2026 The Linkage Authors.
#include "comparators/numeric_compare.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace linkage {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMax = std::numeric_limits<double>::max();

TEST(NumericCompareTest, AbsoluteDifference) {
  struct Case {
    double a, b, expected;
  } const kCases[] = {
      {170.0, 172.5, 2.5}, {-3.0, 4.0, 7.0}, {0.0, 0.0, 0.0}, {-0.0, 0.0, 0.0},
      {1e300, -1e300, 2e300}, {5.0, kInf, kInf},
  };
  for (const Case& c : kCases) {
    EXPECT_DOUBLE_EQ(AbsoluteDifference(c.a, c.b), c.expected) << c.a << " " << c.b;
    EXPECT_DOUBLE_EQ(AbsoluteDifference(c.b, c.a), c.expected) << c.b << " " << c.a;
  }
  EXPECT_TRUE(std::isnan(AbsoluteDifference(std::nan(""), 1.0)));
  EXPECT_TRUE(std::isnan(AbsoluteDifference(kInf, kInf)));
}

TEST(NumericCompareTest, AbsoluteDifferenceIntegersNeverOverflow) {
  const std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  const std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(AbsoluteDifference(lo, hi), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(AbsoluteDifference(hi, lo), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(AbsoluteDifference(std::int64_t{-5}, std::int64_t{3}), 8u);
  EXPECT_EQ(AbsoluteDifference(std::int64_t{7}, std::int64_t{7}), 0u);
}

TEST(NumericCompareTest, RelativeDifference) {
  struct Case {
    double a, b, expected;
  } const kCases[] = {
      {100.0, 95.0, 0.05},   // 5 / 100
      {0.0, 0.0, 0.0},       // both zero: 0, not NaN
      {0.0, 3.0, 1.0},       // 3 / 3
      {-2.0, 2.0, 2.0},      // 4 / 2
      {-10.0, -8.0, 0.2},    // 2 / 10
      {1.0, 1.0, 0.0},
      {kMax, -kMax, 2.0},    // |a - b| overflows; still exact
      {kMax, kMax / 2, 0.5},
  };
  for (const Case& c : kCases) {
    EXPECT_DOUBLE_EQ(RelativeDifference(c.a, c.b), c.expected) << c.a << " " << c.b;
    EXPECT_DOUBLE_EQ(RelativeDifference(c.b, c.a), c.expected) << c.b << " " << c.a;
  }
  EXPECT_TRUE(std::isnan(RelativeDifference(std::nan(""), 1.0)));
  EXPECT_TRUE(std::isnan(RelativeDifference(kInf, 1.0)));
  EXPECT_TRUE(std::isnan(RelativeDifference(kInf, kInf)));
}

}  // namespace
}  // namespace linkage
