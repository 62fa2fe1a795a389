// Copyright 2026 The Linkage Authors.
//
// The end-to-end batch job behind `linkage dedupe` and `linkage link`: read
// and normalise, train (or use a trained model), block, score, decide,
// cluster, write, and (given ground truth) evaluate, with a timed summary.
//
// Outputs in `out_dir` (each written atomically):
//   pairs.csv     scored pairs at or above the review threshold:
//                 left_id, right_id, match_weight, match_probability,
//                 match_grade, decision, reason, blocking_rule
//   review.csv    the pairs whose decision is review (same columns)
//   clusters.csv  record_id, cluster_id (input order; cluster id = the
//                 smallest record id in the cluster, stable across runs)
//   model.json    the model used (trained here, or as given)
//   summary.json  counts, time and peak memory per phase, evaluation
//
// Example:
//   BatchJobOptions options;
//   options.config_path = "configs/febrl.json";
//   options.inputs = {"data/febrl/dataset3.csv"};
//   options.out_dir = "out/febrl3";
//   LINKAGE_ASSIGN_OR_RETURN(nlohmann::json summary, RunBatchJob(options));
//
// Thread-safety: one job per call; uses oneTBB internally.
#ifndef LINKAGE_LINKAGE_BATCH_JOB_H_
#define LINKAGE_LINKAGE_BATCH_JOB_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "blocking/candidates.h"
#include "nlohmann/json.hpp"

namespace linkage {

// With ground truth a job keeps every pair of at least this weight (or its
// decision thresholds, if lower), so that its threshold sweep sees the
// low-scoring pairs too.
inline constexpr double kTruthSweepThresholdWeight = -10.0;

struct BatchJobOptions {
  // A config (trained or not) or a trained model.
  std::string config_path;
  // One input for dedupe_only; two (left, right) for link jobs.
  std::vector<std::string> inputs;
  std::string out_dir;
  // The link type the command expects; an error if the config says another.
  LinkType link_type = LinkType::kDedupeOnly;
  // Train even if the config already has parameters.
  bool retrain = false;
  // Ground-truth cluster column: evaluates the result against it.
  std::string truth_column;
  // Or: ground truth derived from the record id by the first capture group
  // of this RE2 pattern (FEBRL ids "rec-12-dup-0" with "rec-(\\d+)-").
  std::string truth_id_regex;
  // Estimate m from the truth column instead of EM (needs truth_column).
  bool train_m_from_truth = false;
  // Progress lines (may be null).
  std::function<void(const std::string&)> log;
};

// Runs the job and returns the summary (also written to summary.json).
// Errors: bad config or input (InvalidArgument naming file/line/path), an
// unwritable out_dir.
absl::StatusOr<nlohmann::json> RunBatchJob(const BatchJobOptions& options);

// Text rendering of a summary, for the terminal.
std::string SummaryToText(const nlohmann::json& summary);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_BATCH_JOB_H_
