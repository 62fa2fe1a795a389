// Copyright 2026 The Linkage Authors.
//
// Counts, before any scoring, how many comparisons a set of blocking rules
// makes: per rule the pairs it adds (pairs an earlier rule already produced
// are not counted again), the largest blocks, the total and the reduction
// ratio against comparing every pair.
//
// Counts are exact. With up to kMaxInclusionExclusionRules rules they need
// no pair enumeration: the pairs that agree on a set T of rules are the sum
// over groups of the composite key over T of C(size, 2) (or left x right when
// linking), and inclusion-exclusion gives
//   added(k) = sum over S subset of {0..k-1} of (-1)^|S| * pairs(T = {k} u S),
// 2^k groupings of the records for rule k, each a sort of n keys: fast even
// when the rules would produce billions of pairs. With more rules, 2^k
// groupings would cost more than the pairs themselves, so each rule is
// grouped alone and the pairs it adds are counted by enumerating them into
// a counting consumer (candidates.h).
//
// Example:
//   absl::StatusOr<ComparisonCounts> counts =
//       CountComparisons(keys, {.link_type = LinkType::kDedupeOnly});
//   // counts->rules[1].pairs_added, counts->total_pairs, ...
//
// Thread-safety: may be called concurrently; uses oneTBB internally.
#ifndef LINKAGE_BLOCKING_COMPARISON_COUNTS_H_
#define LINKAGE_BLOCKING_COMPARISON_COUNTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "blocking/blocking_keys.h"
#include "blocking/candidates.h"

namespace linkage {

inline constexpr std::size_t kMaxInclusionExclusionRules = 6;

struct BlockSummary {
  std::size_t size;
  std::uint64_t pairs;
  std::uint32_t example_record;  // any member: its key names the block
};

struct RuleCount {
  // Pairs within this rule's blocks, ignoring other rules.
  std::uint64_t pairs_in_blocks = 0;
  // Pairs this rule adds to those of the rules before it.
  std::uint64_t pairs_added = 0;
  // Number of blocks with two or more members.
  std::uint64_t num_blocks = 0;
  // The largest blocks, by pairs, in decreasing order.
  std::vector<BlockSummary> largest_blocks;
};

struct ComparisonCounts {
  std::vector<RuleCount> rules;
  std::uint64_t total_pairs = 0;  // sum of pairs_added
  std::uint64_t all_pairs = 0;    // pairs with no blocking at all
  // 1 - total_pairs / all_pairs (0 when all_pairs is 0).
  double reduction_ratio = 0.0;
};

struct CountOptions {
  LinkType link_type = LinkType::kDedupeOnly;
  std::uint32_t num_left = 0;   // link types: records [0, num_left) are left
  std::size_t largest_blocks = 5;  // how many to report per rule
};

// Exact comparison counts for `keys` (apply WithoutOversizedBlocks first to
// count what a capped run would produce).
// Returns InvalidArgument above 64 rules or for num_left beyond the records.
absl::StatusOr<ComparisonCounts> CountComparisons(const BlockingKeys& keys,
                                                  const CountOptions& options);

}  // namespace linkage

#endif  // LINKAGE_BLOCKING_COMPARISON_COUNTS_H_
