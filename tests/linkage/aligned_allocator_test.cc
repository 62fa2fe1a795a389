// Copyright 2026 The Linkage Authors.
#include "base/aligned_allocator.h"

#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/linkage/huge_page_hint.h"

namespace linkage {
namespace {

template <typename T>
using AlignedVector = std::vector<T, CacheLineAllocator<T>>;

bool AlignedTo(const void* p, std::size_t alignment) {
  return reinterpret_cast<std::uintptr_t>(p) % alignment == 0;
}

TEST(CacheLineAllocatorTest, SmallArraysStartOnACacheLine) {
  for (std::size_t n : {1u, 3u, 17u, 1000u, 100000u}) {
    AlignedVector<std::uint32_t> v(n, 7u);
    EXPECT_TRUE(AlignedTo(v.data(), kCacheLineBytes)) << n;
    EXPECT_EQ(std::accumulate(v.begin(), v.end(), std::uint64_t{0}), 7u * n);
  }
}

TEST(CacheLineAllocatorTest, TheSizeAloneDecidesTheAlignment) {
  // allocate() and deallocate() see only the size: the boundary is exact.
  EXPECT_EQ(internal::AllocationAlignment(kHugePageMinBytes - 1), kCacheLineBytes);
  EXPECT_EQ(internal::AllocationAlignment(kHugePageMinBytes), kHugePageBytes);
  EXPECT_EQ(internal::AllocationAlignment(0), kCacheLineBytes);
}

TEST(CacheLineAllocatorTest, LargeArraysStartOnAHugePageAndHoldTheirValues) {
  const std::size_t n = kHugePageMinBytes / sizeof(std::uint64_t) + 123;
  AlignedVector<std::uint64_t> v;
  v.resize(n);  // unwritten: every element written below before it is read
  EXPECT_TRUE(AlignedTo(v.data(), kHugePageBytes));
  for (std::size_t i = 0; i < n; ++i) v[i] = i * 3;
  std::uint64_t sum = 0;
  for (std::uint64_t x : v) sum += x;
  EXPECT_EQ(sum, 3 * (n * (n - 1) / 2));
  // Growing moves the values to a new (also huge-page) array.
  v.resize(2 * n, 1);
  EXPECT_TRUE(AlignedTo(v.data(), kHugePageBytes));
  EXPECT_EQ(v[n - 1], 3 * (n - 1));
  EXPECT_EQ(v[2 * n - 1], 1u);
  // Shrinking below the threshold gives a cache-line array (freed with the
  // alignment it was allocated with: ASan reports a mismatch).
  AlignedVector<std::uint64_t> small(v.begin(), v.begin() + 10);
  EXPECT_TRUE(AlignedTo(small.data(), kCacheLineBytes));
  EXPECT_EQ(small[9], 27u);
}

using ::linkage::testing::HasHugePageHint;
using ::linkage::testing::HugePageHintsVisible;

TEST(CacheLineAllocatorTest, LargeArraysAreMarkedForHugePagesOnlyWhenAllAreAsked) {
  if (!HugePageHintsVisible()) GTEST_SKIP() << "no transparent huge pages here";
  const HugePages before = HugePagePolicy();
  SetHugePagePolicy(HugePages::kAllLarge);
  EXPECT_EQ(HugePagePolicy(), HugePages::kAllLarge);
  AlignedVector<std::uint8_t> marked;
  marked.resize(kHugePageMinBytes);
  EXPECT_TRUE(HasHugePageHint(marked.data()));

  for (HugePages policy : {HugePages::kRandomReads, HugePages::kNone}) {
    SetHugePagePolicy(policy);
    AlignedVector<std::uint8_t> unmarked;
    unmarked.resize(kHugePageMinBytes);
    EXPECT_TRUE(AlignedTo(unmarked.data(), kHugePageBytes));  // aligned all the same
    EXPECT_FALSE(HasHugePageHint(unmarked.data())) << HugePagePolicyName(policy);
  }
  SetHugePagePolicy(before);
}

// The default marks the arrays their owners advise (the record rows), and
// kNone not even those; small arrays never.
TEST(CacheLineAllocatorTest, AdvisedArraysAreMarkedUnlessHugePagesAreOff) {
  if (!HugePageHintsVisible()) GTEST_SKIP() << "no transparent huge pages here";
  const HugePages before = HugePagePolicy();
  for (HugePages policy : {HugePages::kRandomReads, HugePages::kAllLarge, HugePages::kNone}) {
    SetHugePagePolicy(policy);
    AlignedVector<std::uint32_t> rows;
    rows.resize(kHugePageMinBytes / sizeof(std::uint32_t));
    AdviseHugePages(rows.data(), rows.size() * sizeof(std::uint32_t));
    EXPECT_EQ(HasHugePageHint(rows.data()), policy != HugePages::kNone) << HugePagePolicyName(policy);
  }
  SetHugePagePolicy(HugePages::kRandomReads);
  // A small array may share its mapping with anything: left alone.
  AlignedVector<std::uint32_t> small(1000);
  const bool already = HasHugePageHint(small.data());
  AdviseHugePages(small.data(), small.size() * sizeof(std::uint32_t));
  EXPECT_EQ(HasHugePageHint(small.data()), already);
  SetHugePagePolicy(before);
}

TEST(CacheLineAllocatorTest, TheEnvironmentChoosesThePolicy) {
  const HugePages before = HugePagePolicy();
  const auto read_with = [](const char* value) {
    if (value == nullptr) {
      unsetenv("LINKAGE_HUGE_PAGES");
    } else {
      setenv("LINKAGE_HUGE_PAGES", value, 1);
    }
    internal::huge_pages.store(-1);  // as at start-up
    return HugePagePolicy();
  };
  EXPECT_EQ(read_with("1"), HugePages::kAllLarge);
  EXPECT_EQ(read_with("0"), HugePages::kNone);
  EXPECT_EQ(read_with("10"), HugePages::kRandomReads);
  EXPECT_EQ(read_with("00"), HugePages::kRandomReads);
  EXPECT_EQ(read_with(""), HugePages::kRandomReads);
  EXPECT_EQ(read_with(nullptr), HugePages::kRandomReads);
  // Read once: a later change of the environment changes nothing.
  setenv("LINKAGE_HUGE_PAGES", "1", 1);
  EXPECT_EQ(HugePagePolicy(), HugePages::kRandomReads);
  unsetenv("LINKAGE_HUGE_PAGES");
  SetHugePagePolicy(before);
}

}  // namespace
}  // namespace linkage
