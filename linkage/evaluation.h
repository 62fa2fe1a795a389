// Copyright 2026 The Linkage Authors.
//
// Pairwise evaluation against ground truth: precision, recall, F1 and F-beta
// at every threshold, for researchers choosing thresholds.
//
// Truth is a cluster id per record (records with equal non-empty ids are the
// same person). True pairs are counted over the whole table, not just the
// candidate pairs, so recall includes the matches blocking missed.
//
// Example:
//   PairwiseEvaluation e = EvaluatePairs(scored, truth, LinkType::kDedupeOnly, 0);
//   // e.best_f1.threshold_weight, e.best_f1.f1, e.curve ...
//
// Thread-safety: pure functions.
#ifndef LINKAGE_LINKAGE_EVALUATION_H_
#define LINKAGE_LINKAGE_EVALUATION_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/text_column.h"
#include "blocking/candidates.h"
#include "nlohmann/json.hpp"

namespace linkage {

struct WeightedPair {
  std::uint32_t left;
  std::uint32_t right;
  double weight;
};

struct ThresholdMetrics {
  double threshold_weight = 0;       // pairs with weight >= this are links
  double threshold_probability = 0;
  std::uint64_t true_positives = 0;
  std::uint64_t false_positives = 0;
  std::uint64_t false_negatives = 0;
  double precision = 0, recall = 0, f1 = 0, f_beta = 0;
};

struct PairwiseEvaluation {
  std::uint64_t true_pairs = 0;       // matching pairs in the truth
  std::uint64_t scored_pairs = 0;     // pairs given
  std::uint64_t true_pairs_scored = 0;
  double beta = 1;
  // One point per distinct weight, from the highest threshold down.
  std::vector<ThresholdMetrics> curve;
  ThresholdMetrics best_f1;     // the point of highest F1 (ties: higher threshold)
  ThresholdMetrics best_f_beta;
};

// The metrics as a JSON object (field names as in the struct).
nlohmann::json ThresholdMetricsToJson(const ThresholdMetrics& metrics);

// Cluster-level pairwise metrics: the pairs a clustering implies (records
// sharing a predicted cluster; across the tables only, for link_only)
// against the true pairs.
struct ClusterMetrics {
  std::uint64_t clusters = 0;         // distinct predicted clusters
  std::uint64_t entities = 0;         // distinct true clusters
  std::uint64_t predicted_pairs = 0;
  std::uint64_t true_pairs = 0;
  std::uint64_t true_positives = 0;
  double precision = 0, recall = 0, f1 = 0;
  nlohmann::json ToJson() const;
};

// Labels (a cluster per record) as dense ids: ids[r] in 1..count, equal
// for equal labels, 0 for an empty label. Interning a million strings once
// lets one job evaluate pairs and clusters against the same truth without
// hashing them again.
struct Labels {
  std::vector<std::uint32_t> ids;
  std::uint32_t count = 0;  // distinct non-empty labels
};
// Ids in order of first appearance.
Labels InternLabels(std::span<const std::string> labels);
Labels InternLabels(const TextColumn& labels);

// `predicted[r]` is record r's cluster label (empty = a cluster of its own);
// `truth[r]` its true cluster (empty = unknown). REQUIRES equal sizes.
ClusterMetrics EvaluateClusters(std::span<const std::string> predicted,
                                std::span<const std::string> truth,
                                LinkType link_type, std::uint32_t num_left);
ClusterMetrics EvaluateClusters(const Labels& predicted, const Labels& truth,
                                LinkType link_type, std::uint32_t num_left);

// Number of true matching pairs in `truth` for the link type (records
// [0, num_left) are the left table when linking).
std::uint64_t CountTruePairs(std::span<const std::string> truth, LinkType link_type,
                             std::uint32_t num_left);

// Evaluates `pairs` (any order, each pair once) against `truth`. With
// keep_curve false, `curve` stays empty (a point per distinct weight is
// millions of points for millions of pairs) and only the best points are
// found.
// REQUIRES: every index < truth.size(); beta > 0.
PairwiseEvaluation EvaluatePairs(std::span<const WeightedPair> pairs,
                                 std::span<const std::string> truth,
                                 LinkType link_type, std::uint32_t num_left,
                                 double beta = 1.0, bool keep_curve = true);
PairwiseEvaluation EvaluatePairs(std::span<const WeightedPair> pairs, const Labels& truth,
                                 LinkType link_type, std::uint32_t num_left,
                                 double beta = 1.0, bool keep_curve = true);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_EVALUATION_H_
