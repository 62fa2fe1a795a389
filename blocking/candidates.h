// Copyright 2026 The Linkage Authors.
//
// Candidate-pair generation: which record pairs get compared.
//
// For each rule in order, records are grouped into blocks of equal key and
// every pair within a block is produced, except pairs that an earlier rule
// already produced (their keys agree, non-null, under some earlier rule). So
// the union over rules is produced, each pair exactly once, attributed to the
// first rule that finds it (Splink's semantics for
// blocking_rules_to_generate_predictions). Pairs are streamed to a consumer in
// batches, block by block, from several threads; nothing is materialised.
//
// Link types: records are one index space. kDedupeOnly compares every pair
// within a block. With two tables, records [0, num_left) are the left table
// and [num_left, n) the right: kLinkOnly produces only left-right pairs,
// kLinkAndDedupe every pair.
//
// Blocks larger than max_block_size are reported (rule, size and one member,
// so that the caller can name the key value) and either skipped or, with
// refuse_oversized_blocks, make the call fail before any pair is produced:
// never silently quadratic.
//
// Example:
//   std::atomic<uint64_t> n{0};
//   absl::StatusOr<CandidateStats> stats = GenerateCandidates(
//       keys, {}, [&](std::size_t rule, std::span<const CandidatePair> pairs) {
//         n += pairs.size();
//       });
//
// Thread-safety: GenerateCandidates may be called concurrently on distinct or
// shared (const) keys. The consumer is called concurrently from worker
// threads and must be thread-safe (e.g. keep per-thread state in
// tbb::enumerable_thread_specific). Batch order is not deterministic; counts
// in CandidateStats are.
#ifndef LINKAGE_BLOCKING_CANDIDATES_H_
#define LINKAGE_BLOCKING_CANDIDATES_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "blocking/blocking_keys.h"

namespace linkage {

enum class LinkType : std::uint8_t { kDedupeOnly, kLinkOnly, kLinkAndDedupe };

// One candidate pair of record indexes, left < right.
struct CandidatePair {
  std::uint32_t left;
  std::uint32_t right;
  friend bool operator==(const CandidatePair&, const CandidatePair&) = default;
  friend auto operator<=>(const CandidatePair&, const CandidatePair&) = default;
};

struct CandidateOptions {
  // How records pair up; see the file comment.
  LinkType link_type = LinkType::kDedupeOnly;
  // Link types only: records [0, num_left) form the left table.
  std::uint32_t num_left = 0;
  // Blocks with more members than this are reported and skipped (or refused,
  // below). 0 means no cap.
  std::size_t max_block_size = 0;
  // If true, an oversized block fails the call (ResourceExhausted) before any
  // pair is produced, instead of being skipped.
  bool refuse_oversized_blocks = false;
  // Pairs per consumer call. Larger batches amortise the call; 4096 pairs is
  // 32 KiB, comfortably in L1/L2.
  std::size_t batch_size = 4096;
};

// A block over max_block_size.
struct OversizedBlock {
  std::size_t rule;
  std::size_t size;
  std::uint32_t example_record;  // any member: its key names the block
};

struct CandidateStats {
  // Pairs produced by each rule (after removing pairs of earlier rules).
  std::vector<std::uint64_t> pairs_per_rule;
  // Blocks over the cap, per rule in order of decreasing size.
  std::vector<OversizedBlock> oversized_blocks;
  std::uint64_t total_pairs() const noexcept {
    std::uint64_t total = 0;
    for (std::uint64_t n : pairs_per_rule) total += n;
    return total;
  }
};

// Receives a batch of pairs found by `rule`. Called concurrently.
using PairConsumer =
    std::function<void(std::size_t rule, std::span<const CandidatePair> pairs)>;

// A copy of `keys` in which the members of each oversized block have a null
// key for that block's rule: the keys that pairs were actually formed on.
BlockingKeys WithoutOversizedBlocks(const BlockingKeys& keys,
                                    std::span<const OversizedBlock> oversized);

// Streams every candidate pair of `keys` to `consumer`, each exactly once.
// Returns InvalidArgument for a num_left beyond the records or a link type
// that needs num_left without it, ResourceExhausted for an oversized block
// when refused, or the counts per rule.
// REQUIRES: keys.num_records() < 2^32.
absl::StatusOr<CandidateStats> GenerateCandidates(const BlockingKeys& keys,
                                                  const CandidateOptions& options,
                                                  const PairConsumer& consumer);

}  // namespace linkage

#endif  // LINKAGE_BLOCKING_CANDIDATES_H_
