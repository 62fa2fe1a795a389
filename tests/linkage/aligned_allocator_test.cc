// Copyright 2026 The Linkage Authors.
#include "base/aligned_allocator.h"

#include <cstdint>
#include <cstdlib>
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

// The "VmFlags:" line of the mapping in /proc/self/smaps that holds
// `address`; empty if none does.
std::string MappingFlags(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto address = reinterpret_cast<std::uintptr_t>(p);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    // A mapping's first line: "start-end perms offset dev inode path".
    std::uintptr_t start = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> start >> dash >> end && dash == '-') {
      inside = start <= address && address < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line + " ";
  }
  return "";
}

// The kernel records the hint as the "hg" flag of the mapping that holds
// the array. Linux only; skipped where THP is absent.
TEST(CacheLineAllocatorTest, LargeArraysAreMarkedForHugePagesOnlyWhenAsked) {
  if (!std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled") ||
      !std::ifstream("/proc/self/smaps")) {
    GTEST_SKIP() << "no transparent huge pages here";
  }
  const bool before = HugePageArrays();
  SetHugePageArrays(true);
  EXPECT_TRUE(HugePageArrays());
  AlignedVector<std::uint8_t> marked;
  marked.resize(kHugePageMinBytes);
  const std::string marked_flags = MappingFlags(marked.data());
  ASSERT_FALSE(marked_flags.empty()) << "no mapping holds the array";
  EXPECT_NE(marked_flags.find(" hg "), std::string::npos) << marked_flags;

  SetHugePageArrays(false);
  EXPECT_FALSE(HugePageArrays());
  AlignedVector<std::uint8_t> unmarked;
  unmarked.resize(kHugePageMinBytes);
  EXPECT_TRUE(AlignedTo(unmarked.data(), kHugePageBytes));  // aligned all the same
  const std::string unmarked_flags = MappingFlags(unmarked.data());
  ASSERT_FALSE(unmarked_flags.empty()) << "no mapping holds the array";
  EXPECT_EQ(unmarked_flags.find(" hg "), std::string::npos) << unmarked_flags;
  SetHugePageArrays(before);
}

TEST(CacheLineAllocatorTest, TheEnvironmentTurnsHugePagesOnWithOneOnly) {
  const bool before = HugePageArrays();
  const auto read_with = [](const char* value) {
    if (value == nullptr) {
      unsetenv("LINKAGE_HUGE_PAGES");
    } else {
      setenv("LINKAGE_HUGE_PAGES", value, 1);
    }
    internal::huge_page_arrays.store(-1);  // as at start-up
    return HugePageArrays();
  };
  EXPECT_TRUE(read_with("1"));
  EXPECT_FALSE(read_with("0"));
  EXPECT_FALSE(read_with("10"));
  EXPECT_FALSE(read_with(""));
  EXPECT_FALSE(read_with(nullptr));
  // Read once: a later change of the environment changes nothing.
  setenv("LINKAGE_HUGE_PAGES", "1", 1);
  EXPECT_FALSE(HugePageArrays());
  unsetenv("LINKAGE_HUGE_PAGES");
  SetHugePageArrays(before);
}

}  // namespace
}  // namespace linkage
