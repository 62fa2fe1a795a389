// Copyright 2026 The Linkage Authors.
//
// internal::SortByKey against std::sort with the same (key, record) order:
// below the partitioning size, at it, and well above it (where entries are
// partitioned by their keys' top bits in parallel), with keys drawn from
// few values (long runs of equal keys, all in one bucket), from the whole
// 64-bit range, and skewed into a handful of buckets.
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "blocking/internal/group_by_key.h"
#include "gtest/gtest.h"

namespace linkage::internal {
namespace {

enum class Keys { kFewValues, kFullRange, kSkewed };

KeyedRecords RandomEntries(std::size_t n, Keys keys, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  KeyedRecords entries(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t key = rng();
    switch (keys) {
      case Keys::kFewValues:
        key = (key % 7) * 0x9e3779b97f4a7c15ULL;
        break;
      case Keys::kFullRange:
        break;
      case Keys::kSkewed:
        // 90% of the keys share their top 8 bits.
        if (key % 10 != 0) key = (key >> 8) | (std::uint64_t{0xAB} << 56);
        break;
    }
    // Records are not in input order, and repeat across keys.
    entries[i] = {key, static_cast<std::uint32_t>(rng() % (n / 2 + 1))};
  }
  return entries;
}

TEST(SortByKeyTest, SameOrderAsStdSortAtEverySize) {
  std::uint64_t seed = 1;
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1000},
                        std::size_t{(1u << 14) - 1}, std::size_t{1u << 14},
                        std::size_t{100003}, std::size_t{(1u << 20) + 7}}) {
    for (Keys keys : {Keys::kFewValues, Keys::kFullRange, Keys::kSkewed}) {
      SCOPED_TRACE(testing::Message() << n << " entries, key kind "
                                      << static_cast<int>(keys));
      KeyedRecords entries = RandomEntries(n, keys, seed++);
      KeyedRecords expected = entries;
      std::sort(expected.begin(), expected.end(), KeyedRecordLess{});
      SortByKey(&entries);
      ASSERT_EQ(entries.size(), expected.size());
      for (std::size_t i = 0; i < n; ++i) {
        // Copies: the packed key must not be bound to a reference.
        ASSERT_EQ(std::uint64_t{entries[i].key}, std::uint64_t{expected[i].key}) << i;
        ASSERT_EQ(entries[i].record, expected[i].record) << i;
      }
    }
  }
}

}  // namespace
}  // namespace linkage::internal
