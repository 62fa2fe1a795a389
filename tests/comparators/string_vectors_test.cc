// Copyright 2026 The Linkage Authors.
//
// External test vectors for the string metrics: jellyfish's CSV suites
// (compared to 3 decimals, jellyfish's convention, with its empty-string and
// chunked-q-gram conventions) and rapidfuzz-cpp's unit-test values (with
// rapidfuzz's conventions). Every row must pass; no row is skipped.

#include <cmath>
#include <cstdio>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "comparators/damerau_levenshtein.h"
#include "comparators/hamming.h"
#include "comparators/jaccard.h"
#include "comparators/jaro.h"
#include "comparators/lcs.h"
#include "comparators/lcs_seq.h"
#include "comparators/levenshtein.h"
#include "comparators/osa.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::linkage::testing::ReadCsvRows;
using ::linkage::testing::TestDataPath;

// jellyfish's own tolerance (src/testutils.rs): |actual - expected| < 0.001.
constexpr double kJellyfishTolerance = 0.001;

std::vector<std::vector<std::string>> Jellyfish(const std::string& name) {
  return ReadCsvRows(TestDataPath("comparators/jellyfish/" + name));
}

TEST(JellyfishVectorsTest, JaroSimilarity) {
  const auto rows = Jellyfish("jaro_distance.csv");
  ASSERT_EQ(rows.size(), 5u);
  const JaroOptions options{EmptyStrings::kZero};
  for (const auto& row : rows) {
    EXPECT_NEAR(JaroSimilarity(row[0], row[1], options), std::stod(row[2]),
                kJellyfishTolerance)
        << row[0] << " | " << row[1];
  }
}

void CheckJaroWinklerFile(const std::string& file, bool long_tolerance,
                          std::size_t expected_rows) {
  const auto rows = Jellyfish(file);
  ASSERT_EQ(rows.size(), expected_rows);
  JaroWinklerOptions options;
  options.empty_strings = EmptyStrings::kZero;
  options.long_tolerance = long_tolerance;
  for (const auto& row : rows) {
    EXPECT_NEAR(JaroWinklerSimilarity(row[0], row[1], options),
                std::stod(row[2]), kJellyfishTolerance)
        << file << ": " << row[0] << " | " << row[1];
    const CachedJaroWinkler cached(row[0], options);
    EXPECT_NEAR(cached.Similarity(row[1]), std::stod(row[2]),
                kJellyfishTolerance)
        << file << " cached: " << row[0] << " | " << row[1];
  }
}

TEST(JellyfishVectorsTest, JaroWinkler) {
  CheckJaroWinklerFile("jaro_winkler.csv", false, 17);
}

TEST(JellyfishVectorsTest, JaroWinklerLongTolerance) {
  CheckJaroWinklerFile("jaro_winkler_longtol.csv", true, 10);
}

TEST(JellyfishVectorsTest, EditDistances) {
  struct File {
    const char* name;
    std::size_t rows;
    std::size_t (*metric)(std::string_view, std::string_view, std::size_t);
  };
  const File files[] = {
      {"levenshtein.csv", 6,
       [](std::string_view a, std::string_view b, std::size_t c) {
         return LevenshteinDistance(a, b, c);
       }},
      {"wagner_fischer.csv", 6,
       [](std::string_view a, std::string_view b, std::size_t c) {
         return LevenshteinDistance(a, b, c);
       }},
      {"damerau_levenshtein.csv", 9, &DamerauLevenshteinDistance},
      {"hamming.csv", 8, &HammingDistance},
  };
  for (const File& file : files) {
    const auto rows = Jellyfish(file.name);
    ASSERT_EQ(rows.size(), file.rows) << file.name;
    for (const auto& row : rows) {
      EXPECT_EQ(file.metric(row[0], row[1], SIZE_MAX), std::stoul(row[2]))
          << file.name << ": " << row[0] << " | " << row[1];
    }
  }
}

TEST(JellyfishVectorsTest, Jaccard) {
  const auto rows = Jellyfish("jaccard.csv");
  ASSERT_EQ(rows.size(), 16u);
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 3u);
    const double expected = std::stod(row[2]);
    double actual;
    if (row.size() < 4 || row[3].empty()) {
      actual = TokenJaccardSimilarity(row[0], row[1], EmptyStrings::kZero);
    } else {
      QgramOptions options;
      options.q = std::stoul(row[3]);
      options.mode = QgramMode::kChunks;
      options.empty_strings = EmptyStrings::kZero;
      actual = QgramJaccardSimilarity(row[0], row[1], options);
    }
    // jellyfish writes these to 5-6 significant digits.
    EXPECT_NEAR(actual, expected, 1e-5) << row[0] << " | " << row[1];
  }
}

// rapidfuzz-cpp vectors: metric,s1,s2,weights,score_cutoff,expected,abs_tol.
TEST(RapidfuzzVectorsTest, AllRows) {
  const auto rows = ReadCsvRows(
      TestDataPath("comparators/rapidfuzz/rapidfuzz_cpp_vectors.csv"), 1);
  ASSERT_EQ(rows.size(), 156u);
  std::size_t checked = 0;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 8u);
    const std::string& metric = row[0];
    const std::string& s1 = row[1];
    const std::string& s2 = row[2];
    LevenshteinWeights weights;
    if (!row[3].empty()) {
      ASSERT_EQ(std::sscanf(row[3].c_str(), "%zu/%zu/%zu", &weights.insert_cost,
                            &weights.delete_cost, &weights.replace_cost),
                3);
    }
    const bool has_cutoff = !row[4].empty();
    const double expected = std::stod(row[5]);
    const double tolerance = std::stod(row[6]);
    const std::size_t int_cutoff =
        has_cutoff ? std::stoul(row[4]) : SIZE_MAX;
    const std::size_t sim_cutoff = has_cutoff ? std::stoul(row[4]) : 0;
    const double norm_sim_cutoff = has_cutoff ? std::stod(row[4]) : 0.0;
    const double norm_dist_cutoff = has_cutoff ? std::stod(row[4]) : 1.0;
    double actual = -1;
    if (metric == "damerau_levenshtein_distance") {
      actual = DamerauLevenshteinDistance(s1, s2, int_cutoff);
    } else if (metric == "damerau_levenshtein_normalized_similarity") {
      actual = DamerauLevenshteinNormalizedSimilarity(s1, s2, norm_sim_cutoff);
    } else if (metric == "hamming_distance") {
      actual = HammingDistance(s1, s2, int_cutoff);
    } else if (metric == "indel_distance") {
      actual = IndelDistance(s1, s2, int_cutoff);
    } else if (metric == "indel_similarity") {
      actual = IndelSimilarity(s1, s2, sim_cutoff);
    } else if (metric == "indel_normalized_distance") {
      actual = IndelNormalizedDistance(s1, s2, norm_dist_cutoff);
    } else if (metric == "indel_normalized_similarity") {
      actual = IndelNormalizedSimilarity(s1, s2, norm_sim_cutoff);
    } else if (metric == "jaro_similarity") {
      actual = JaroSimilarity(s1, s2, {}, norm_sim_cutoff);
      EXPECT_NEAR(CachedJaro(s1).Similarity(s2, norm_sim_cutoff), expected,
                  tolerance)
          << row[7];
    } else if (metric == "jaro_winkler_similarity") {
      actual = JaroWinklerSimilarity(s1, s2, {}, norm_sim_cutoff);
      EXPECT_NEAR(CachedJaroWinkler(s1).Similarity(s2, norm_sim_cutoff),
                  expected, tolerance)
          << row[7];
    } else if (metric == "lcs_seq_distance") {
      actual = LcsSeqDistance(s1, s2, int_cutoff);
    } else if (metric == "lcs_seq_similarity") {
      actual = LcsSeqSimilarity(s1, s2, sim_cutoff);
    } else if (metric == "lcs_seq_normalized_distance") {
      actual = LcsSeqNormalizedDistance(s1, s2, norm_dist_cutoff);
    } else if (metric == "lcs_seq_normalized_similarity") {
      actual = LcsSeqNormalizedSimilarity(s1, s2, norm_sim_cutoff);
    } else if (metric == "levenshtein_distance") {
      actual = LevenshteinDistance(s1, s2, weights, int_cutoff);
      if (row[3].empty() || row[3] == "1/1/1") {
        EXPECT_EQ(CachedLevenshtein(s1).Distance(s2, int_cutoff), expected)
            << row[7];
      }
    } else if (metric == "levenshtein_normalized_similarity") {
      actual = LevenshteinNormalizedSimilarity(s1, s2, weights,
                                               norm_sim_cutoff);
    } else if (metric == "osa_distance") {
      actual = OsaDistance(s1, s2, int_cutoff);
    } else {
      ADD_FAILURE() << "unknown metric " << metric << " at " << row[7];
      continue;
    }
    EXPECT_NEAR(actual, expected, tolerance)
        << metric << " " << row[7] << ": " << s1 << " | " << s2;
    ++checked;
  }
  EXPECT_EQ(checked, 156u);
}

TEST(EmptyStringsTest, BothConventions) {
  JaroWinklerOptions jellyfish;
  jellyfish.empty_strings = EmptyStrings::kZero;
  EXPECT_EQ(JaroWinklerSimilarity("", "", jellyfish), 0.0);
  EXPECT_EQ(JaroWinklerSimilarity("", ""), 1.0);
  EXPECT_EQ(JaroSimilarity("", "", {EmptyStrings::kZero}), 0.0);
  EXPECT_EQ(JaroSimilarity("", ""), 1.0);
  EXPECT_EQ(JaroWinklerSimilarity("", "a"), 0.0);
  EXPECT_EQ(CachedJaroWinkler("").Similarity(""), 1.0);
  EXPECT_EQ(CachedJaroWinkler("", jellyfish).Similarity(""), 0.0);
  EXPECT_EQ(TokenJaccardSimilarity("  ", ""), 1.0);
  EXPECT_EQ(TokenJaccardSimilarity("  ", "", EmptyStrings::kZero), 0.0);
}

TEST(CutoffTest, RapidfuzzConvention) {
  // Distances beyond the cutoff are cutoff + 1; similarities below are 0.
  EXPECT_EQ(LevenshteinDistance("kitten", "sitting", 2), 3u);
  EXPECT_EQ(LevenshteinDistance("kitten", "sitting", 3), 3u);
  EXPECT_EQ(LevenshteinDistance("abc", "abcdefgh", 1), 2u);  // length bound
  EXPECT_EQ(OsaDistance("abcd", "badc", 1), 2u);
  EXPECT_EQ(DamerauLevenshteinDistance("CA", "ABC", 1), 2u);
  EXPECT_EQ(HammingDistance("abc", "xyz", 0), 1u);
  EXPECT_EQ(JaroWinklerSimilarity("MARTHA", "MARHTA", {}, 0.97), 0.0);
  EXPECT_NEAR(JaroWinklerSimilarity("MARTHA", "MARHTA", {}, 0.96),
              0.9611111, 1e-6);
  EXPECT_EQ(JaroWinklerDistance("MARTHA", "MARHTA", {}, 0.01), 1.0);
  EXPECT_EQ(LevenshteinNormalizedSimilarity("abc", "xyz", {}, 0.5), 0.0);
  EXPECT_EQ(QgramJaccardSimilarity("night", "nacht", {}, 0.5), 0.0);
  EXPECT_NEAR(QgramJaccardSimilarity("night", "nacht"), 1.0 / 7.0, 1e-12);
}

TEST(HandComputedTest, SmallCases) {
  // Hand-computed: OSA cannot edit a transposed pair again; DL can.
  EXPECT_EQ(OsaDistance("CA", "ABC"), 3u);
  EXPECT_EQ(DamerauLevenshteinDistance("CA", "ABC"), 2u);
  // Code points, not bytes: one substitution.
  EXPECT_EQ(LevenshteinDistance("Zoë", "Zoe"), 1u);
  EXPECT_EQ(HammingDistance("José", "Jose"), 1u);
  EXPECT_EQ(LevenshteinDistance("李小龍", "李小龙"), 1u);
  // Invalid bytes are units equal only to themselves.
  EXPECT_EQ(LevenshteinDistance("a\xff", "a\xfe"), 1u);
  EXPECT_EQ(LevenshteinDistance("a\xff", "a\xff"), 0u);
  EXPECT_EQ(LevenshteinDistance("\xc3", "\xc3\xa9"), 1u);  // Ã-lead vs é
  // JOHNSTON / JOHNSON: longest common substring "JOHNS".
  EXPECT_EQ(LongestCommonSubstringLength("JOHNSTON", "JOHNSON"), 5u);
  // Token Jaccard ignores order and repeated whitespace.
  EXPECT_EQ(TokenJaccardSimilarity("Mary  Ann\tSmith", "Smith Mary Ann"), 1.0);
  // Overlapping bigrams of "aaa": {aa}; of "aaaa": {aa}.
  EXPECT_EQ(QgramJaccardSimilarity("aaa", "aaaa"), 1.0);
  // Winkler boost only above 0.7: jaro("abc","axx") = 0.555..., no boost.
  EXPECT_NEAR(JaroWinklerSimilarity("abc", "axx"), 5.0 / 9.0, 1e-12);
}

}  // namespace
}  // namespace linkage
