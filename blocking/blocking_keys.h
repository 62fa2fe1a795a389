// Copyright 2026 The Linkage Authors.
//
// BlockingKeys: for every record and every blocking rule, one 64-bit key.
// Two records fall in the same block of a rule iff their keys for that rule
// are equal and not kNullKey. A rule's key is a hash of its key values (e.g.
// the Double Metaphone of family_name and the year of date_of_birth); a record
// with any of them null gets kNullKey and joins no block of that rule.
//
// Storage is record-major (all rules of one record are adjacent), because the
// hot question during candidate generation is "did an earlier rule already
// put these two records together?", which reads every earlier rule's key of
// both records.
//
// Hash collisions between different key values put unrelated records in one
// block: harmless (the pair is scored and rejected) and, with 64-bit hashes,
// vanishingly rare. Blocks and the de-duplication test both use the same keys,
// so every pair is still produced exactly once.
//
// Example:
//   BlockingKeys keys(/*num_rules=*/2, /*num_records=*/n);
//   for (uint32_t r = 0; r < n; ++r) keys.Set(0, r, HashOf(surname[r]));
//
// Thread-safety: const methods may be called concurrently; Set() on distinct
// (rule, record) cells may run concurrently; nothing else.
#ifndef LINKAGE_BLOCKING_BLOCKING_KEYS_H_
#define LINKAGE_BLOCKING_BLOCKING_KEYS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/aligned_allocator.h"

namespace linkage {

class BlockingKeys {
 public:
  // The key of a record that takes part in no block of a rule.
  static constexpr std::uint64_t kNullKey = 0;

  BlockingKeys() = default;
  // All keys start as kNullKey.
  BlockingKeys(std::size_t num_rules, std::size_t num_records)
      : num_rules_(num_rules), num_records_(num_records) {
    keys_.assign(num_rules * num_records, kNullKey);
  }
  // Keys left unwritten, for a producer that writes every one (Set or
  // SetNull) before any is read, in parallel: no serial pass over
  // num_rules * num_records words first (80 MB for 10 rules of 1M records).
  static BlockingKeys Unwritten(std::size_t num_rules, std::size_t num_records) {
    BlockingKeys keys;
    keys.num_rules_ = num_rules;
    keys.num_records_ = num_records;
    keys.keys_.resize(num_rules * num_records);
    return keys;
  }

  std::size_t num_rules() const noexcept { return num_rules_; }
  std::size_t num_records() const noexcept { return num_records_; }

  // Sets the key of `record` under `rule`. A hash that happens to equal
  // kNullKey is remapped to 1, so only SetNull() makes a null key.
  // REQUIRES: rule < num_rules(), record < num_records().
  void Set(std::size_t rule, std::size_t record, std::uint64_t key) noexcept {
    keys_[record * num_rules_ + rule] = key == kNullKey ? 1 : key;
  }
  void SetNull(std::size_t rule, std::size_t record) noexcept {
    keys_[record * num_rules_ + rule] = kNullKey;
  }

  // REQUIRES: rule < num_rules(), record < num_records().
  std::uint64_t Get(std::size_t rule, std::size_t record) const noexcept {
    return keys_[record * num_rules_ + rule];
  }

  // The num_rules() keys of `record`, contiguous.
  const std::uint64_t* Row(std::size_t record) const noexcept {
    return keys_.data() + record * num_rules_;
  }

  // Bytes held, for memory reports.
  std::size_t MemoryBytes() const noexcept {
    return keys_.capacity() * sizeof(std::uint64_t);
  }

 private:
  std::size_t num_rules_ = 0;
  std::size_t num_records_ = 0;
  std::vector<std::uint64_t, CacheLineAllocator<std::uint64_t>> keys_;
};

}  // namespace linkage

#endif  // LINKAGE_BLOCKING_BLOCKING_KEYS_H_
