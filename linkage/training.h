// Copyright 2026 The Linkage Authors.
//
// Training a Fellegi-Sunter model, as Splink does, but counting agreement
// patterns in parallel and running EM on the counts:
//
//  1. u by random sampling: draw random pairs (seeded; in fixed chunks, each
//     with its own generator, so the sample is the same on any thread
//     count), count each comparison's levels; u = count / non-null count.
//     A chunk's pairs come in tiles, as Splink samples: all pairs among 363
//     distinct random records (linking: 256 of each side), so that a tile's
//     records are read from memory once, not once per pair.
//     Sampling stops at max_pairs_for_u, or earlier once every non-null level
//     was seen min_u_observations times (checked between fixed-size rounds).
//     A level never seen gets half an observation, so its u is small but not
//     zero.
//  2. lambda (probability_two_random_records_match) from deterministic rules:
//     pairs they match, counted exactly (comparison_counts.h), divided by the
//     assumed recall and by the number of possible pairs.
//  3. m by expectation maximisation, one session per EM blocking rule: the
//     rule's candidate pairs are compared and their patterns counted (one
//     parallel pass, integer counts); EM then runs serially over the distinct
//     patterns (thousands, not millions). Comparisons that read a column of
//     the session's blocking rule are left out of that session (they agree by
//     construction), and u stays fixed. As in Splink: the first session
//     starts from m = 0.95 for a comparison's most similar level (the rest
//     shared by its other levels) unless the config sets m; each later
//     session starts from the estimates so far; a level's final m is the
//     median of the estimates of the sessions that could estimate it (the
//     mean of the middle two for an even count). The report lists every
//     session's estimates. (Averaging from fixed starting values instead cost
//     0.06 of F1 on a generated UK register: bench/RESULTS.md.)
//  4. Optionally m from ground truth: the patterns of all true matching pairs
//     (records sharing a cluster id).
//
// Everything is integer counting in parallel and floating point serially, so
// the same data and seed give a bit-identical model on any thread count.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(TrainingReport report, Train(table, &model, {}));
//
// Thread-safety: functions may be called concurrently on distinct models.
#ifndef LINKAGE_LINKAGE_TRAINING_H_
#define LINKAGE_LINKAGE_TRAINING_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "blocking/candidates.h"
#include "linkage/comparison.h"
#include "linkage/model.h"
#include "linkage/record_table.h"
#include "nlohmann/json.hpp"

namespace linkage {

// Per comparison, per level: a probability (index 0, the null level, unused).
using LevelProbabilities = std::vector<std::vector<double>>;

struct USample {
  std::uint64_t pairs = 0;
  std::vector<std::vector<std::uint64_t>> level_counts;  // [c][level]
  LevelProbabilities u;
};

// Step 1. REQUIRES: at least two records (one per side when linking).
absl::StatusOr<USample> EstimateU(const PreparedComparisons& comparisons,
                                  const RecordTable& table, LinkType link_type,
                                  const TrainingSettings& settings);

// Step 2: lambda from the pairs `deterministic_rules` match.
struct LambdaEstimate {
  std::uint64_t matched_pairs = 0;
  std::uint64_t possible_pairs = 0;
  double recall = 1;
  double lambda = 0;
};
// `key_cache` (optional, for `table`): see KeyHashCache.
absl::StatusOr<LambdaEstimate> EstimateLambda(const BlockingRules& deterministic_rules,
                                              const RecordTable& table,
                                              LinkType link_type, double recall,
                                              KeyHashCache* key_cache = nullptr);

// Distinct agreement patterns with their counts, sorted by pattern.
using PatternCounts = std::vector<std::pair<Pattern, std::uint64_t>>;

// Compares every candidate pair of `keys` and counts distinct patterns.
absl::StatusOr<PatternCounts> CountPatterns(const PreparedComparisons& comparisons,
                                            const BlockingKeys& keys,
                                            const CandidateOptions& options);

struct EmIteration {
  int iteration = 0;
  double lambda = 0;
  double max_m_change = 0;
};

struct EmResult {
  LevelProbabilities m;        // for active comparisons; others unchanged
  double lambda = 0;           // the session's match rate
  std::vector<EmIteration> iterations;
  bool converged = false;
};

// Step 3's EM on pattern counts. `levels[c]` is comparison c's number of
// levels; only comparisons with active[c] take part and are estimated.
// REQUIRES: m and u sized like levels; 0 < lambda < 1.
EmResult RunEm(const PatternCounts& counts, std::span<const int> levels,
               const std::vector<bool>& active, LevelProbabilities m,
               const LevelProbabilities& u, double lambda, int max_iterations,
               double convergence);

// Step 4: m from the true matching pairs of `truth` (a cluster id per record;
// empty = unknown). Returns the number of true pairs used via *pairs.
absl::StatusOr<LevelProbabilities> EstimateMFromTruth(
    const PreparedComparisons& comparisons, const RecordTable& table,
    std::span<const std::string> truth, std::uint64_t* pairs);

struct TrainOptions {
  // Optional ground truth (cluster id per record, aligned with the table):
  // when given, m comes from it instead of EM.
  std::vector<std::string> truth;
  // Progress lines for stderr; may be null.
  std::function<void(const std::string&)> log;
  // Comparisons already prepared over the table from the model's
  // comparisons, to share with a Scorer made afterwards (Scorer::Create
  // takes them): preparing features costs a pass over every dictionary.
  // Null: Train prepares its own.
  PreparedComparisons* prepared = nullptr;
  // Blocking keys' value hashes to share with the caller's other blocking
  // over the table (its prediction rules). Null: none shared.
  KeyHashCache* key_cache = nullptr;
};

struct TrainingReport {
  nlohmann::json json;  // what was estimated, for the model's provenance
};

// The term-frequency tables of `model`'s tf_adjustment_columns over `table`
// (model.h): non-null counts and every value held by at least 2 records.
// InvalidArgument if the table lacks a tf_adjustment_column.
absl::StatusOr<std::map<std::string, TermFrequencyTable>> TermFrequencyTables(
    const Model& model, const RecordTable& table);

// Runs steps 1-4 as the model's training settings say and writes m, u,
// lambda and the term-frequency tables into `model`. Lambda is estimated only if deterministic rules are
// configured; otherwise the config's value is kept (and must exist).
absl::StatusOr<TrainingReport> Train(const RecordTable& table, Model* model,
                                     const TrainOptions& options);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_TRAINING_H_
