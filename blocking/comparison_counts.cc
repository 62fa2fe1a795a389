// Copyright 2026 The Linkage Authors.
#include "blocking/comparison_counts.h"

#include <algorithm>
#include <bit>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tbb/parallel_for.h"
#include "blocking/internal/group_by_key.h"

namespace linkage {
namespace {

// Mixes a composite key (splitmix64 finaliser over a running combination).
std::uint64_t Mix(std::uint64_t h, std::uint64_t key) {
  std::uint64_t z = h ^ (key + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct Grouped {
  std::uint64_t pairs = 0;
  std::uint64_t num_blocks = 0;
  std::vector<BlockSummary> largest;
};

// Pairs among records that agree (non-null) on every rule in `mask`. With
// `only`, records r with only[r] == 0 are left out: the caller knows they
// share no key of `mask` with another record. With `grouped_flags`, sets
// (*grouped_flags)[r] to 1 for each record in a group of two or more.
Grouped GroupPairs(const BlockingKeys& keys, std::uint64_t mask,
                   const CountOptions& options, std::size_t keep_largest,
                   const std::vector<std::uint8_t>* only = nullptr,
                   std::vector<std::uint8_t>* grouped_flags = nullptr) {
  const std::size_t n = keys.num_records();
  const bool link_only = options.link_type == LinkType::kLinkOnly;
  // Entry: composite key, record index. Sorting by (key, record) keeps the
  // left records (smaller indexes) first within a group.
  using Entry = internal::KeyedRecord;
  // The composite key of record r, false if a key of `mask` is null.
  const auto composite = [&](std::size_t r, std::uint64_t* h) {
    *h = 0;
    for (std::uint64_t bits = mask; bits != 0; bits &= bits - 1) {
      const std::uint64_t key = keys.Get(std::countr_zero(bits), r);
      if (key == BlockingKeys::kNullKey) return false;
      *h = Mix(*h, key);
    }
    return true;
  };
  internal::KeyedRecords entries;
  if (only != nullptr) {
    // Few records: keyed one by one.
    for (std::size_t r = 0; r < n; ++r) {
      std::uint64_t h;
      if ((*only)[r] != 0 && composite(r, &h)) {
        entries.push_back({h, static_cast<std::uint32_t>(r)});
      }
    }
  } else {
    entries.resize(n);
    std::vector<std::uint8_t> present(n);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 4096),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t r = range.begin(); r != range.end(); ++r) {
                          std::uint64_t h;
                          present[r] = composite(r, &h);
                          entries[r] = {h, static_cast<std::uint32_t>(r)};
                        }
                      });
    std::erase_if(entries, [&](const Entry& e) { return !present[e.record]; });
  }
  internal::SortByKey(&entries);
  Grouped grouped;
  for (std::size_t begin = 0; begin < entries.size();) {
    std::size_t end = begin + 1;
    while (end < entries.size() && entries[end].key == entries[begin].key) ++end;
    const std::uint64_t size = end - begin;
    std::uint64_t pairs;
    if (link_only) {
      std::uint64_t left = 0;
      for (std::size_t i = begin; i < end; ++i) {
        left += entries[i].record < options.num_left;
      }
      pairs = left * (size - left);
    } else {
      pairs = size * (size - 1) / 2;
    }
    if (size >= 2) {
      ++grouped.num_blocks;
      grouped.pairs += pairs;
      if (grouped_flags != nullptr) {
        for (std::size_t i = begin; i < end; ++i) (*grouped_flags)[entries[i].record] = 1;
      }
      if (keep_largest > 0) {
        grouped.largest.push_back({size, pairs, entries[begin].record});
      }
    }
    begin = end;
  }
  if (keep_largest > 0) {
    auto by_pairs = [](const BlockSummary& a, const BlockSummary& b) {
      if (a.pairs != b.pairs) return a.pairs > b.pairs;
      if (a.size != b.size) return a.size > b.size;
      return a.example_record < b.example_record;
    };
    const std::size_t keep = std::min(keep_largest, grouped.largest.size());
    std::partial_sort(grouped.largest.begin(), grouped.largest.begin() + keep,
                      grouped.largest.end(), by_pairs);
    grouped.largest.resize(keep);
  }
  return grouped;
}

}  // namespace

absl::StatusOr<ComparisonCounts> CountComparisons(const BlockingKeys& keys,
                                                  const CountOptions& options) {
  const std::size_t num_rules = keys.num_rules();
  const std::uint64_t n = keys.num_records();
  if (num_rules > 64) {
    return absl::InvalidArgumentError(absl::StrCat(
        "at most 64 blocking rules are supported; got ", num_rules));
  }
  if (options.link_type != LinkType::kDedupeOnly && options.num_left > n) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_left (", options.num_left,
                     ") exceeds the number of records (", n, ")"));
  }
  ComparisonCounts counts;
  counts.rules.resize(num_rules);
  if (num_rules > kMaxInclusionExclusionRules) {
    // 2^k groupings per rule would cost more than producing the pairs:
    // count each rule alone by grouping, and the pairs each rule adds by
    // enumerating them into a counting consumer (exact either way).
    for (std::size_t rule = 0; rule < num_rules; ++rule) {
      Grouped grouped = GroupPairs(keys, std::uint64_t{1} << rule, options,
                                   options.largest_blocks);
      counts.rules[rule].pairs_in_blocks = grouped.pairs;
      counts.rules[rule].num_blocks = grouped.num_blocks;
      counts.rules[rule].largest_blocks = std::move(grouped.largest);
    }
    CandidateOptions candidate_options;
    candidate_options.link_type = options.link_type;
    candidate_options.num_left = options.num_left;
    absl::StatusOr<CandidateStats> stats = GenerateCandidates(
        keys, candidate_options, [](std::size_t, std::span<const CandidatePair>) {});
    if (!stats.ok()) return stats.status();
    for (std::size_t rule = 0; rule < num_rules; ++rule) {
      counts.rules[rule].pairs_added = stats->pairs_per_rule[rule];
      counts.total_pairs += stats->pairs_per_rule[rule];
    }
  }
  // Inclusion-exclusion groups the records once per rule and subset of
  // earlier rules (mask own | subset, numbered own + subset - 1): all of
  // them in parallel, so that one grouping's serial steps overlap
  // another's; summed below in the order of the masks.
  // The single rules first: a record in no group of two under one of a
  // mask's rules is in none under the mask, so the other masks group only
  // the records grouped under each of their rules (usually few).
  std::vector<Grouped> groupings;
  if (num_rules <= kMaxInclusionExclusionRules) {
    groupings.resize((std::uint64_t{1} << num_rules) - 1);
    std::vector<std::vector<std::uint8_t>> grouped_under(num_rules);
    tbb::parallel_for(std::size_t{0}, num_rules, [&](std::size_t rule) {
      const std::uint64_t own = std::uint64_t{1} << rule;
      grouped_under[rule].assign(n, 0);
      groupings[own - 1] =
          GroupPairs(keys, own, options, options.largest_blocks, nullptr, &grouped_under[rule]);
    });
    tbb::parallel_for(std::size_t{0}, groupings.size(), [&](std::size_t g) {
      const std::uint64_t mask = g + 1;
      if (std::popcount(mask) == 1) return;  // grouped above
      std::vector<std::uint8_t> only(n, 1);
      for (std::uint64_t bits = mask; bits != 0; bits &= bits - 1) {
        const std::vector<std::uint8_t>& under = grouped_under[std::countr_zero(bits)];
        for (std::size_t r = 0; r < n; ++r) only[r] &= under[r];
      }
      groupings[g] = GroupPairs(keys, mask, options, 0, &only);
    });
  }
  for (std::size_t rule = 0;
       rule < num_rules && num_rules <= kMaxInclusionExclusionRules; ++rule) {
    RuleCount& out = counts.rules[rule];
    const std::uint64_t own = std::uint64_t{1} << rule;
    // Signed sum over subsets S of the earlier rules.
    __int128 added = 0;
    for (std::uint64_t subset = 0; subset < own; ++subset) {
      const bool first = subset == 0;
      Grouped& grouped = groupings[(own | subset) - 1];
      if (first) {
        out.pairs_in_blocks = grouped.pairs;
        out.num_blocks = grouped.num_blocks;
        out.largest_blocks = std::move(grouped.largest);
      }
      const int sign = (std::popcount(subset) % 2 == 0) ? 1 : -1;
      added += sign * static_cast<__int128>(grouped.pairs);
    }
    out.pairs_added = static_cast<std::uint64_t>(added);
    counts.total_pairs += out.pairs_added;
  }
  if (options.link_type == LinkType::kLinkOnly) {
    counts.all_pairs = static_cast<std::uint64_t>(options.num_left) *
                       (n - options.num_left);
  } else {
    counts.all_pairs = n * (n - 1) / 2;
  }
  counts.reduction_ratio =
      counts.all_pairs == 0
          ? 0.0
          : 1.0 - static_cast<double>(counts.total_pairs) /
                      static_cast<double>(counts.all_pairs);
  return counts;
}

}  // namespace linkage
