// Copyright 2026 The Linkage Authors.
//
// Candidate generation and comparison counts against a brute-force reference
// on random small tables: the same set of pairs, each exactly once, attributed
// to the first rule that finds it.
#include "blocking/candidates.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <random>
#include <vector>

#include "blocking/comparison_counts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tbb/global_control.h"

namespace linkage {
namespace {

using ::testing::ElementsAreArray;

struct Attributed {
  CandidatePair pair;
  std::size_t rule;
  friend bool operator==(const Attributed&, const Attributed&) = default;
  friend auto operator<=>(const Attributed&, const Attributed&) = default;
};

// Random keys over a small alphabet so that blocks and cross-rule overlaps are
// common; about `null_percent` of keys null.
BlockingKeys RandomKeys(std::size_t num_rules, std::size_t num_records,
                        int alphabet, int null_percent, std::mt19937_64& rng) {
  BlockingKeys keys(num_rules, num_records);
  std::uniform_int_distribution<int> value(1, alphabet);
  std::uniform_int_distribution<int> percent(0, 99);
  for (std::size_t record = 0; record < num_records; ++record) {
    for (std::size_t rule = 0; rule < num_rules; ++rule) {
      if (percent(rng) < null_percent) continue;
      keys.Set(rule, record, 1000 * (rule + 1) + value(rng));
    }
  }
  return keys;
}

bool Pairable(LinkType type, std::uint32_t num_left, std::uint32_t a,
              std::uint32_t b) {
  if (type != LinkType::kLinkOnly) return true;
  return a < num_left && b >= num_left;
}

// Textbook definition: every pair, attributed to the first rule whose keys
// agree and are not null, skipping blocks larger than `cap` (0 = none).
std::vector<Attributed> BruteForce(const BlockingKeys& keys, LinkType type,
                                   std::uint32_t num_left, std::size_t cap) {
  std::vector<std::map<std::uint64_t, std::size_t>> block_size(keys.num_rules());
  for (std::size_t rule = 0; rule < keys.num_rules(); ++rule) {
    for (std::size_t r = 0; r < keys.num_records(); ++r) {
      if (keys.Get(rule, r) != BlockingKeys::kNullKey) {
        ++block_size[rule][keys.Get(rule, r)];
      }
    }
  }
  std::vector<Attributed> out;
  const auto n = static_cast<std::uint32_t>(keys.num_records());
  for (std::uint32_t a = 0; a < n; ++a) {
    for (std::uint32_t b = a + 1; b < n; ++b) {
      if (!Pairable(type, num_left, a, b)) continue;
      for (std::size_t rule = 0; rule < keys.num_rules(); ++rule) {
        const std::uint64_t ka = keys.Get(rule, a);
        if (ka == BlockingKeys::kNullKey || ka != keys.Get(rule, b)) continue;
        if (cap != 0 && block_size[rule][ka] > cap) continue;
        out.push_back({{a, b}, rule});
        break;
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Attributed> Generate(const BlockingKeys& keys,
                                 const CandidateOptions& options,
                                 CandidateStats* stats) {
  std::mutex mu;
  std::vector<Attributed> out;
  absl::StatusOr<CandidateStats> result = GenerateCandidates(
      keys, options, [&](std::size_t rule, std::span<const CandidatePair> pairs) {
        std::lock_guard<std::mutex> lock(mu);
        for (const CandidatePair& p : pairs) out.push_back({p, rule});
      });
  EXPECT_TRUE(result.ok()) << result.status();
  if (result.ok() && stats != nullptr) *stats = *result;
  std::sort(out.begin(), out.end());
  return out;
}

struct RandomCase {
  const char* name;
  LinkType type;
  std::size_t rules;
  std::size_t records;
  int alphabet;
  int null_percent;
  std::size_t cap;
  std::size_t batch;
};

class RandomTablesTest : public ::testing::TestWithParam<RandomCase> {};

TEST_P(RandomTablesTest, SamePairsAsBruteForceEachOnce) {
  const RandomCase& c = GetParam();
  std::mt19937_64 rng(12345);
  for (int trial = 0; trial < 20; ++trial) {
    BlockingKeys keys = RandomKeys(c.rules, c.records, c.alphabet,
                                   c.null_percent, rng);
    const auto num_left = static_cast<std::uint32_t>(c.records / 3 + trial % 5);
    CandidateOptions options;
    options.link_type = c.type;
    options.num_left = num_left;
    options.max_block_size = c.cap;
    options.batch_size = c.batch;
    CandidateStats stats;
    std::vector<Attributed> got = Generate(keys, options, &stats);
    std::vector<Attributed> want = BruteForce(keys, c.type, num_left, c.cap);
    ASSERT_THAT(got, ElementsAreArray(want)) << c.name << " trial " << trial;
    // Each pair once, whatever its rule.
    for (std::size_t i = 1; i < got.size(); ++i) {
      ASSERT_NE(got[i - 1].pair, got[i].pair);
    }
    std::vector<std::uint64_t> per_rule(c.rules, 0);
    for (const Attributed& a : want) ++per_rule[a.rule];
    EXPECT_EQ(stats.pairs_per_rule, per_rule);

    // Exact counts without enumeration agree with the enumeration.
    CountOptions count_options{c.type, num_left, 3};
    BlockingKeys counted = WithoutOversizedBlocks(keys, stats.oversized_blocks);
    absl::StatusOr<ComparisonCounts> counts =
        CountComparisons(counted, count_options);
    ASSERT_TRUE(counts.ok()) << counts.status();
    for (std::size_t rule = 0; rule < c.rules; ++rule) {
      EXPECT_EQ(counts->rules[rule].pairs_added, per_rule[rule])
          << c.name << " rule " << rule;
    }
    EXPECT_EQ(counts->total_pairs, want.size());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RandomTablesTest,
    ::testing::Values(
        RandomCase{"dedupe_one_rule", LinkType::kDedupeOnly, 1, 60, 6, 10, 0, 4096},
        RandomCase{"dedupe_three_rules", LinkType::kDedupeOnly, 3, 80, 5, 20, 0, 7},
        RandomCase{"dedupe_five_rules_sparse", LinkType::kDedupeOnly, 5, 120, 30, 40, 0, 1},
        RandomCase{"link_only", LinkType::kLinkOnly, 3, 90, 6, 15, 0, 16},
        RandomCase{"link_and_dedupe", LinkType::kLinkAndDedupe, 3, 90, 6, 15, 0, 16},
        RandomCase{"dedupe_capped", LinkType::kDedupeOnly, 3, 100, 4, 10, 25, 64},
        RandomCase{"link_capped", LinkType::kLinkOnly, 2, 100, 4, 10, 30, 64},
        // More rules than inclusion-exclusion handles: counts by enumeration.
        RandomCase{"dedupe_eight_rules", LinkType::kDedupeOnly, 8, 90, 7, 25, 0, 32},
        RandomCase{"link_eight_rules", LinkType::kLinkOnly, 8, 90, 7, 25, 0, 32}),
    [](const ::testing::TestParamInfo<RandomCase>& info) {
      return std::string(info.param.name);
    });

TEST(GenerateCandidatesTest, OneHugeBlockIsSplitAcrossWorkItemsAndExact) {
  // 2000 records in one block: 1,999,000 pairs, split into row ranges.
  BlockingKeys keys(2, 2000);
  for (std::size_t r = 0; r < 2000; ++r) {
    keys.Set(0, r, 7);
    if (r % 2 == 0) keys.Set(1, r, 9);
  }
  std::atomic<std::uint64_t> count{0};
  absl::StatusOr<CandidateStats> stats = GenerateCandidates(
      keys, {}, [&](std::size_t, std::span<const CandidatePair> pairs) {
        count += pairs.size();
      });
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(count.load(), 2000u * 1999u / 2);
  EXPECT_EQ(stats->pairs_per_rule[0], 2000u * 1999u / 2);
  EXPECT_EQ(stats->pairs_per_rule[1], 0u);  // all already in rule 0's block
}

TEST(GenerateCandidatesTest, NullKeysNeverFormABlock) {
  BlockingKeys keys(1, 5);  // all null
  std::atomic<int> calls{0};
  absl::StatusOr<CandidateStats> stats = GenerateCandidates(
      keys, {}, [&](std::size_t, std::span<const CandidatePair>) { ++calls; });
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(calls.load(), 0);
  EXPECT_EQ(stats->total_pairs(), 0u);
}

TEST(GenerateCandidatesTest, SetRemapsAHashOfZeroAwayFromNull) {
  BlockingKeys keys(1, 2);
  keys.Set(0, 0, 0);
  keys.Set(0, 1, 0);
  EXPECT_NE(keys.Get(0, 0), BlockingKeys::kNullKey);
  absl::StatusOr<CandidateStats> stats = GenerateCandidates(
      keys, {}, [](std::size_t, std::span<const CandidatePair>) {});
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->total_pairs(), 1u);
}

TEST(GenerateCandidatesTest, OversizedBlockIsReportedWithSizeAndMember) {
  BlockingKeys keys(1, 10);
  for (std::size_t r = 0; r < 6; ++r) keys.Set(0, r, 42);  // block of 6
  for (std::size_t r = 6; r < 10; ++r) keys.Set(0, r, 43);  // block of 4
  CandidateOptions options;
  options.max_block_size = 5;
  std::atomic<std::uint64_t> count{0};
  absl::StatusOr<CandidateStats> stats = GenerateCandidates(
      keys, options, [&](std::size_t, std::span<const CandidatePair> pairs) {
        count += pairs.size();
      });
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(count.load(), 6u);  // only the block of 4
  ASSERT_EQ(stats->oversized_blocks.size(), 1u);
  EXPECT_EQ(stats->oversized_blocks[0].size, 6u);
  EXPECT_EQ(keys.Get(0, stats->oversized_blocks[0].example_record), 42u);

  options.refuse_oversized_blocks = true;
  count = 0;
  stats = GenerateCandidates(
      keys, options, [&](std::size_t, std::span<const CandidatePair> pairs) {
        count += pairs.size();
      });
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(stats.status().message()),
              ::testing::HasSubstr("block of 6 records"));
  EXPECT_EQ(count.load(), 0u);  // refused before any pair
}

TEST(GenerateCandidatesTest, RejectsNumLeftBeyondRecords) {
  BlockingKeys keys(1, 3);
  CandidateOptions options;
  options.link_type = LinkType::kLinkOnly;
  options.num_left = 4;
  EXPECT_FALSE(GenerateCandidates(keys, options,
                                  [](std::size_t, std::span<const CandidatePair>) {})
                   .ok());
}

TEST(GenerateCandidatesTest, CountsAreTheSameOnOneAndTwoThreads) {
  std::mt19937_64 rng(7);
  BlockingKeys keys = RandomKeys(4, 3000, 40, 10, rng);
  std::vector<std::uint64_t> per_thread_count[2];
  for (int threads : {1, 2}) {
    tbb::global_control control(tbb::global_control::max_allowed_parallelism,
                                threads);
    absl::StatusOr<CandidateStats> stats = GenerateCandidates(
        keys, {}, [](std::size_t, std::span<const CandidatePair>) {});
    ASSERT_TRUE(stats.ok());
    per_thread_count[threads - 1] = stats->pairs_per_rule;
  }
  EXPECT_EQ(per_thread_count[0], per_thread_count[1]);
}

TEST(ComparisonCountsTest, HandComputedSmallCase) {
  // Rule 0 blocks: {0,1,2} and {3,4}; rule 1 blocks: {0,3}, {1,2,4}.
  BlockingKeys keys(2, 5);
  const std::uint64_t rule0[] = {1, 1, 1, 2, 2};
  const std::uint64_t rule1[] = {5, 6, 6, 5, 6};
  for (std::size_t r = 0; r < 5; ++r) {
    keys.Set(0, r, rule0[r]);
    keys.Set(1, r, rule1[r]);
  }
  absl::StatusOr<ComparisonCounts> counts = CountComparisons(keys, {});
  ASSERT_TRUE(counts.ok());
  // Rule 0: 3 + 1 = 4 pairs. Rule 1: {0,3} {1,2} {1,4} {2,4} = 4 pairs, of
  // which {1,2} is rule 0's: adds 3.
  EXPECT_EQ(counts->rules[0].pairs_in_blocks, 4u);
  EXPECT_EQ(counts->rules[0].pairs_added, 4u);
  EXPECT_EQ(counts->rules[1].pairs_in_blocks, 4u);
  EXPECT_EQ(counts->rules[1].pairs_added, 3u);
  EXPECT_EQ(counts->total_pairs, 7u);
  EXPECT_EQ(counts->all_pairs, 10u);
  EXPECT_DOUBLE_EQ(counts->reduction_ratio, 0.3);
  ASSERT_EQ(counts->rules[0].largest_blocks.size(), 2u);
  EXPECT_EQ(counts->rules[0].largest_blocks[0].size, 3u);
  EXPECT_EQ(counts->rules[0].largest_blocks[0].pairs, 3u);
}

}  // namespace
}  // namespace linkage
