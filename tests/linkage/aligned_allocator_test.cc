// Copyright 2026 The Linkage Authors.
#include "base/aligned_allocator.h"

#include <cstdint>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

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

// The kernel records the hint as the "hg" flag of the mapping that holds
// the array (/proc/self/smaps). Linux only; skipped where THP is absent.
TEST(CacheLineAllocatorTest, LargeArraysAreMarkedForHugePages) {
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  std::ifstream smaps("/proc/self/smaps");
  if (!thp || !smaps) GTEST_SKIP() << "no transparent huge pages here";
  AlignedVector<std::uint8_t> v;
  v.resize(kHugePageMinBytes);
  const auto address = reinterpret_cast<std::uintptr_t>(v.data());
  std::string line;
  bool inside = false, found = false;
  std::string flags;
  while (std::getline(smaps, line)) {
    // A mapping's first line: "start-end perms offset dev inode path".
    std::uintptr_t start = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> start >> dash >> end && dash == '-') {
      inside = start <= address && address < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) {
      flags = line;
      found = true;
      break;
    }
  }
  ASSERT_TRUE(found) << "no mapping holds the array";
  EXPECT_NE((flags + " ").find(" hg "), std::string::npos) << flags;
}

}  // namespace
}  // namespace linkage
