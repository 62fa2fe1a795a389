// Copyright 2026 The Linkage Authors.
//
// Pairwise and cluster-level metrics against hand-computed cases.
#include "linkage/evaluation.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace linkage {
namespace {

// Truth: {0,1,2} are A, {3,4} are B, 5 unknown.
const std::vector<std::string> kTruth = {"A", "A", "A", "B", "B", ""};

TEST(EvaluationTest, CountTruePairsPerLinkType) {
  EXPECT_EQ(CountTruePairs(kTruth, LinkType::kDedupeOnly, 0), 4u);  // 3 + 1
  // Left = records 0..2, right = 3..5: no true pair crosses.
  EXPECT_EQ(CountTruePairs(kTruth, LinkType::kLinkOnly, 3), 0u);
  // Left = 0..1, right = 2..5: A has 2 x 1 cross pairs.
  EXPECT_EQ(CountTruePairs(kTruth, LinkType::kLinkOnly, 2), 2u);
}

TEST(EvaluationTest, PairwiseCurveAndBestF1) {
  // Scores: (0,1) 10 true, (3,4) 8 true, (2,3) 5 false, (0,2) 1 true.
  const std::vector<WeightedPair> pairs = {
      {0, 1, 10}, {3, 4, 8}, {2, 3, 5}, {0, 2, 1}};
  PairwiseEvaluation e = EvaluatePairs(pairs, kTruth, LinkType::kDedupeOnly, 0);
  EXPECT_EQ(e.true_pairs, 4u);
  ASSERT_EQ(e.curve.size(), 4u);
  // At weight >= 8: TP 2, FP 0 -> P 1, R 0.5, F1 2/3.
  EXPECT_DOUBLE_EQ(e.curve[1].precision, 1.0);
  EXPECT_DOUBLE_EQ(e.curve[1].recall, 0.5);
  // At weight >= 1: TP 3, FP 1 -> P 0.75, R 0.75, F1 0.75 (the best).
  EXPECT_DOUBLE_EQ(e.best_f1.f1, 0.75);
  EXPECT_DOUBLE_EQ(e.best_f1.threshold_weight, 1.0);
  EXPECT_EQ(e.best_f1.false_negatives, 1u);
  EXPECT_EQ(e.true_pairs_scored, 3u);
}

TEST(EvaluationTest, ClusterMetrics) {
  // Predicted: {0,1} {2,3,4} and 5 alone (empty label).
  const std::vector<std::string> predicted = {"x", "x", "y", "y", "y", ""};
  ClusterMetrics m = EvaluateClusters(predicted, kTruth, LinkType::kDedupeOnly, 0);
  EXPECT_EQ(m.clusters, 3u);
  EXPECT_EQ(m.entities, 2u);
  EXPECT_EQ(m.predicted_pairs, 1u + 3u);
  EXPECT_EQ(m.true_positives, 1u + 1u);  // (0,1) and (3,4)
  EXPECT_DOUBLE_EQ(m.precision, 0.5);
  EXPECT_DOUBLE_EQ(m.recall, 0.5);
  // Linking left 0..1 with right 2..5: only cross pairs count.
  m = EvaluateClusters(predicted, kTruth, LinkType::kLinkOnly, 2);
  EXPECT_EQ(m.predicted_pairs, 0u);  // x is all left, y all right
  EXPECT_EQ(m.true_pairs, 2u);
}

TEST(EvaluationTest, InternedLabelsAreDenseInFirstAppearanceOrder) {
  const Labels labels = InternLabels(kTruth);
  EXPECT_EQ(labels.ids, (std::vector<std::uint32_t>{1, 1, 1, 2, 2, 0}));
  EXPECT_EQ(labels.count, 2u);
  // Any dense numbering of the same partition gives the same metrics as
  // the strings (the batch job numbers clusters by representative).
  const std::vector<std::string> predicted = {"x", "x", "y", "y", "y", "z"};
  const Labels renumbered{{3, 3, 1, 1, 1, 2}, 3};
  const ClusterMetrics from_strings =
      EvaluateClusters(predicted, kTruth, LinkType::kDedupeOnly, 0);
  const ClusterMetrics from_ids = EvaluateClusters(renumbered, labels, LinkType::kDedupeOnly, 0);
  EXPECT_EQ(from_ids.ToJson(), from_strings.ToJson());
  EXPECT_EQ(from_ids.clusters, 3u);
  EXPECT_EQ(from_ids.predicted_pairs, 1u + 3u);
  const std::vector<WeightedPair> pairs = {{0, 1, 10}, {3, 4, 8}, {2, 3, 5}, {0, 2, 1}};
  EXPECT_DOUBLE_EQ(EvaluatePairs(pairs, labels, LinkType::kDedupeOnly, 0).best_f1.f1, 0.75);
}

}  // namespace
}  // namespace linkage
