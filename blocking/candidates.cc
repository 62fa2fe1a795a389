// Copyright 2026 The Linkage Authors.
#include "blocking/candidates.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tbb/enumerable_thread_specific.h"
#include "tbb/parallel_for.h"
#include "base/prefetch.h"
#include "blocking/internal/group_by_key.h"

namespace linkage {
namespace {

// At most this many pairs per parallel work item: large enough to amortise
// task overhead, small enough that one huge block still spreads over all
// cores. A run with fewer pairs than kWorkItems * kMaxPairsPerWorkItem gets
// smaller items (down to kMinPairsPerWorkItem), so that it too spreads: a
// training rule's 100k pairs were one item, counted by one thread.
constexpr std::uint64_t kMaxPairsPerWorkItem = 1 << 18;
constexpr std::uint64_t kMinPairsPerWorkItem = 1 << 12;
constexpr std::uint64_t kWorkItems = 32;

// The blocks of one rule: member record indexes sorted by (key, record), with
// the start offset of each block of two or more members.
struct RuleBlocks {
  std::vector<std::uint32_t> members;
  std::vector<std::uint32_t> block_starts;  // plus a final end sentinel
  std::vector<std::uint32_t> left_counts;   // members < num_left, per block
};

// A unit of parallel work: whole blocks [block_begin, block_end) of a rule, or
// the rows [row_begin, row_end) of one large block.
struct WorkItem {
  std::uint32_t rule;
  std::uint32_t block_begin;
  std::uint32_t block_end;
  std::uint32_t row_begin;  // meaningful when row_end != 0
  std::uint32_t row_end;
};

// Pairs that rows [row_begin, row_end) of a block produce, before removing
// pairs of earlier rules.
std::uint64_t RowPairs(LinkType link_type, std::uint64_t size,
                       std::uint64_t left, std::uint64_t row) {
  if (link_type == LinkType::kLinkOnly) return row < left ? size - left : 0;
  return size - 1 - row;
}

std::uint64_t BlockPairs(LinkType link_type, std::uint64_t size,
                         std::uint64_t left) {
  if (link_type == LinkType::kLinkOnly) return left * (size - left);
  return size * (size - 1) / 2;
}

// Non-null (key, record) entries of every rule, in record order. Two
// parallel passes over kParts fixed slices of the record-major keys (a pass
// per rule would stride through all of them): each slice counts its
// non-null keys per rule, then writes them at its offsets. The result is
// the same on any thread count.
std::vector<internal::KeyedRecords> CollectMembers(const BlockingKeys& keys) {
  const std::size_t num_rules = keys.num_rules();
  const std::size_t n = keys.num_records();
  constexpr std::size_t kParts = 64;
  const std::size_t part_size = (n + kParts - 1) / kParts;
  // offsets[part * num_rules + rule]: the slice's count, then its offset.
  std::vector<std::size_t> offsets(kParts * num_rules, 0);
  tbb::parallel_for(std::size_t{0}, kParts, [&](std::size_t part) {
    std::size_t* count = &offsets[part * num_rules];
    const std::size_t end = std::min(n, (part + 1) * part_size);
    for (std::size_t record = part * part_size; record < end; ++record) {
      const std::uint64_t* row = keys.Row(record);
      for (std::size_t rule = 0; rule < num_rules; ++rule) {
        count[rule] += row[rule] != BlockingKeys::kNullKey;
      }
    }
  });
  std::vector<internal::KeyedRecords> members(num_rules);
  for (std::size_t rule = 0; rule < num_rules; ++rule) {
    std::size_t total = 0;
    for (std::size_t part = 0; part < kParts; ++part) {
      const std::size_t count = offsets[part * num_rules + rule];
      offsets[part * num_rules + rule] = total;
      total += count;
    }
    members[rule].resize(total);  // unwritten: every entry is written below
  }
  tbb::parallel_for(std::size_t{0}, kParts, [&](std::size_t part) {
    std::size_t* next = &offsets[part * num_rules];
    const std::size_t end = std::min(n, (part + 1) * part_size);
    for (std::size_t record = part * part_size; record < end; ++record) {
      const std::uint64_t* row = keys.Row(record);
      for (std::size_t rule = 0; rule < num_rules; ++rule) {
        if (row[rule] != BlockingKeys::kNullKey) {
          members[rule][next[rule]++] = {row[rule], static_cast<std::uint32_t>(record)};
        }
      }
    }
  });
  return members;
}

RuleBlocks BuildBlocks(internal::KeyedRecords members, std::size_t rule,
                       const CandidateOptions& options,
                       std::vector<OversizedBlock>* oversized) {
  internal::SortByKey(&members);
  RuleBlocks blocks;
  std::vector<OversizedBlock> rule_oversized;
  for (std::size_t begin = 0; begin < members.size();) {
    std::size_t end = begin + 1;
    while (end < members.size() && members[end].key == members[begin].key) {
      ++end;
    }
    const std::size_t size = end - begin;
    if (options.max_block_size != 0 && size > options.max_block_size) {
      rule_oversized.push_back({rule, size, members[begin].record});
    } else if (size >= 2) {
      std::uint32_t left = 0;
      if (options.link_type != LinkType::kDedupeOnly) {
        for (std::size_t m = begin; m < end; ++m) {
          left += members[m].record < options.num_left;
        }
      }
      blocks.block_starts.push_back(
          static_cast<std::uint32_t>(blocks.members.size()));
      blocks.left_counts.push_back(left);
      for (std::size_t m = begin; m < end; ++m) {
        blocks.members.push_back(members[m].record);
      }
    }
    begin = end;
  }
  blocks.block_starts.push_back(
      static_cast<std::uint32_t>(blocks.members.size()));
  std::sort(rule_oversized.begin(), rule_oversized.end(),
            [](const OversizedBlock& a, const OversizedBlock& b) {
              return a.size != b.size ? a.size > b.size
                                      : a.example_record < b.example_record;
            });
  oversized->insert(oversized->end(), rule_oversized.begin(),
                    rule_oversized.end());
  return blocks;
}

std::uint64_t RulePairs(const RuleBlocks& blocks, LinkType link_type) {
  std::uint64_t total = 0;
  for (std::size_t block = 0; block + 1 < blocks.block_starts.size(); ++block) {
    total += BlockPairs(link_type, blocks.block_starts[block + 1] - blocks.block_starts[block],
                        blocks.left_counts[block]);
  }
  return total;
}

void PlanWork(const RuleBlocks& blocks, std::uint32_t rule, LinkType link_type,
              std::uint64_t pairs_per_item, std::vector<WorkItem>* items) {
  const std::size_t num_blocks = blocks.block_starts.size() - 1;
  std::uint64_t pending_pairs = 0;
  std::uint32_t pending_begin = 0;
  for (std::uint32_t block = 0; block < num_blocks; ++block) {
    const std::uint64_t size =
        blocks.block_starts[block + 1] - blocks.block_starts[block];
    const std::uint64_t left = blocks.left_counts[block];
    const std::uint64_t pairs = BlockPairs(link_type, size, left);
    if (pairs > pairs_per_item) {
      // Flush the small blocks before it, then split this one by rows.
      if (block > pending_begin) {
        items->push_back({rule, pending_begin, block, 0, 0});
      }
      std::uint64_t row_pairs = 0;
      std::uint32_t row_begin = 0;
      for (std::uint32_t row = 0; row < size; ++row) {
        row_pairs += RowPairs(link_type, size, left, row);
        if (row_pairs >= pairs_per_item || row + 1 == size) {
          items->push_back({rule, block, block + 1, row_begin, row + 1});
          row_begin = row + 1;
          row_pairs = 0;
        }
      }
      pending_begin = block + 1;
      pending_pairs = 0;
      continue;
    }
    pending_pairs += pairs;
    if (pending_pairs >= pairs_per_item) {
      items->push_back({rule, pending_begin, block + 1, 0, 0});
      pending_begin = block + 1;
      pending_pairs = 0;
    }
  }
  if (num_blocks > pending_begin) {
    items->push_back({rule, pending_begin, static_cast<std::uint32_t>(num_blocks),
                      0, 0});
  }
}

// Per-thread scratch: the batch being filled and the key rows of the
// current block's members.
struct Scratch {
  std::vector<CandidatePair> batch;
  std::vector<const std::uint64_t*> member_keys;
  std::vector<std::uint64_t> pairs_per_rule;
};

}  // namespace

BlockingKeys WithoutOversizedBlocks(const BlockingKeys& keys,
                                    std::span<const OversizedBlock> oversized) {
  BlockingKeys result = keys;
  std::vector<absl::flat_hash_set<std::uint64_t>> dropped(keys.num_rules());
  for (const OversizedBlock& block : oversized) {
    dropped[block.rule].insert(keys.Get(block.rule, block.example_record));
  }
  for (std::size_t rule = 0; rule < keys.num_rules(); ++rule) {
    if (dropped[rule].empty()) continue;
    for (std::size_t record = 0; record < keys.num_records(); ++record) {
      if (dropped[rule].contains(keys.Get(rule, record))) {
        result.SetNull(rule, record);
      }
    }
  }
  return result;
}

absl::StatusOr<CandidateStats> GenerateCandidates(const BlockingKeys& keys,
                                                  const CandidateOptions& options,
                                                  const PairConsumer& consumer) {
  const std::size_t num_rules = keys.num_rules();
  const std::size_t n = keys.num_records();
  if (n >= (std::uint64_t{1} << 32)) {
    return absl::InvalidArgumentError("more than 2^32 - 1 records");
  }
  if (options.link_type != LinkType::kDedupeOnly && options.num_left > n) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_left (", options.num_left,
                     ") exceeds the number of records (", n, ")"));
  }
  const std::size_t batch_size = std::max<std::size_t>(options.batch_size, 1);

  CandidateStats stats;
  stats.pairs_per_rule.assign(num_rules, 0);
  std::vector<RuleBlocks> blocks(num_rules);
  {
    // Rules are grouped into blocks in parallel (each also sorts in
    // parallel); their oversized blocks are then listed in rule order.
    std::vector<internal::KeyedRecords> members = CollectMembers(keys);
    std::vector<std::vector<OversizedBlock>> oversized(num_rules);
    tbb::parallel_for(std::size_t{0}, num_rules, [&](std::size_t rule) {
      blocks[rule] = BuildBlocks(std::move(members[rule]), rule, options, &oversized[rule]);
    });
    for (const std::vector<OversizedBlock>& rule_oversized : oversized) {
      stats.oversized_blocks.insert(stats.oversized_blocks.end(), rule_oversized.begin(),
                                    rule_oversized.end());
    }
  }
  if (options.refuse_oversized_blocks && !stats.oversized_blocks.empty()) {
    const OversizedBlock& worst = stats.oversized_blocks.front();
    return absl::ResourceExhaustedError(absl::StrCat(
        "blocking rule ", worst.rule, " has a block of ", worst.size,
        " records (record index ", worst.example_record,
        "), over max_block_size ", options.max_block_size));
  }

  // Members of a skipped oversized block were not paired by its rule, so a
  // later rule must not treat that key as "already paired": null those keys in
  // a copy used for the earlier-rule test.
  BlockingKeys effective_keys;
  const BlockingKeys* dedupe_keys = &keys;
  if (!stats.oversized_blocks.empty()) {
    effective_keys = WithoutOversizedBlocks(keys, stats.oversized_blocks);
    dedupe_keys = &effective_keys;
  }

  // Pairs before removing earlier rules' pairs: an upper bound, which only
  // sizes the work items (the pairs do not depend on it).
  std::uint64_t total_pairs = 0;
  for (const RuleBlocks& rule_blocks : blocks) {
    total_pairs += RulePairs(rule_blocks, options.link_type);
  }
  const std::uint64_t pairs_per_item = std::clamp(
      total_pairs / kWorkItems, kMinPairsPerWorkItem, kMaxPairsPerWorkItem);
  std::vector<WorkItem> items;
  for (std::size_t rule = 0; rule < num_rules; ++rule) {
    PlanWork(blocks[rule], static_cast<std::uint32_t>(rule), options.link_type,
             pairs_per_item, &items);
  }

  tbb::enumerable_thread_specific<Scratch> scratch([&] {
    Scratch s;
    s.batch.reserve(batch_size);
    s.pairs_per_rule.assign(num_rules, 0);
    return s;
  });
  const LinkType link_type = options.link_type;

  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, items.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        Scratch& local = scratch.local();
        for (std::size_t item_index = range.begin(); item_index != range.end();
             ++item_index) {
          const WorkItem& item = items[item_index];
          const std::size_t rule = item.rule;
          const RuleBlocks& rule_blocks = blocks[rule];
          std::uint64_t produced = 0;
          auto emit = [&](std::uint32_t a, std::uint32_t b) {
            local.batch.push_back({a, b});
            if (local.batch.size() == batch_size) {
              consumer(rule, local.batch);
              local.batch.clear();
            }
          };
          // The earlier rules' keys of a block's members are random reads:
          // prefetched a few blocks ahead (blocks are mostly small).
          constexpr std::uint32_t kBlocksAhead = 4;
          auto prefetch_keys = [&](std::uint32_t block) {
            if (rule == 0 || block >= item.block_end) return;
            const std::uint32_t begin = rule_blocks.block_starts[block];
            const std::uint32_t end = rule_blocks.block_starts[block + 1];
            for (std::uint32_t i = begin; i < end && i < begin + 16; ++i) {
              const std::uint64_t* row = dedupe_keys->Row(rule_blocks.members[i]);
              PrefetchForRead(row);
              PrefetchForRead(row + rule - 1);
            }
          };
          for (std::uint32_t block = item.block_begin;
               block < item.block_begin + kBlocksAhead; ++block) {
            prefetch_keys(block);
          }
          for (std::uint32_t block = item.block_begin; block < item.block_end;
               ++block) {
            prefetch_keys(block + kBlocksAhead);
            const std::uint32_t* members =
                rule_blocks.members.data() + rule_blocks.block_starts[block];
            const std::uint32_t size =
                rule_blocks.block_starts[block + 1] -
                rule_blocks.block_starts[block];
            const std::uint32_t left = rule_blocks.left_counts[block];
            // Each member's keys (the earlier rules' are its first `rule`):
            // rows are read in place, a block's few rows staying cached
            // while its pairs are enumerated.
            local.member_keys.resize(size);
            const std::uint64_t** rows = local.member_keys.data();
            if (rule > 0) {
              for (std::uint32_t m = 0; m < size; ++m) rows[m] = dedupe_keys->Row(members[m]);
            }
            auto seen_before = [&](std::uint32_t a, std::uint32_t b) {
              const std::uint64_t* ka = rows[a];
              const std::uint64_t* kb = rows[b];
              for (std::size_t j = 0; j < rule; ++j) {
                if (ka[j] != BlockingKeys::kNullKey && ka[j] == kb[j]) return true;
              }
              return false;
            };
            const std::uint32_t row_begin = item.row_end != 0 ? item.row_begin : 0;
            const std::uint32_t row_end = item.row_end != 0 ? item.row_end : size;
            for (std::uint32_t a = row_begin; a < row_end; ++a) {
              std::uint32_t b_begin = a + 1;
              if (link_type == LinkType::kLinkOnly) {
                if (a >= left) break;
                b_begin = left;
              }
              for (std::uint32_t b = b_begin; b < size; ++b) {
                if (rule > 0 && seen_before(a, b)) continue;
                emit(members[a], members[b]);
                ++produced;
              }
            }
          }
          local.pairs_per_rule[rule] += produced;
          if (!local.batch.empty()) {
            consumer(rule, local.batch);
            local.batch.clear();
          }
        }
      });

  for (const Scratch& local : scratch) {
    for (std::size_t rule = 0; rule < num_rules; ++rule) {
      stats.pairs_per_rule[rule] += local.pairs_per_rule[rule];
    }
  }
  return stats;
}

}  // namespace linkage
