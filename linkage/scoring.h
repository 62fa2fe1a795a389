// Copyright 2026 The Linkage Authors.
//
// Scoring: agreement patterns, match weights and probabilities for candidate
// pairs (DESIGN.md section 1, "compare" and "model").
//
// For records a and b, each comparison yields a level; the pair's match weight
// is
//   w = log2(lambda / (1 - lambda)) + sum_c log2(m_c[level_c] / u_c[level_c])
//       + sum of term-frequency adjustments
// where the null level adds 0 and a level with a tf_adjustment_column adds
// (Splink's formula)
//   tf_adjustment_weight * (log2(u_exact) - log2(max(tf(a), tf(b), tf_min)))
// with tf(v) = count(v) / count(non-null) over the table, u_exact the u of
// the comparison's exact level (else the level's own u) and tf_min its
// tf_minimum_u_value. The match probability is 2^w / (1 + 2^w).
// Probabilities of 0 are floored at 1e-12 before taking logs, so that a level
// never seen among matches gives a large negative, finite weight.
//
// Predict() streams candidate pairs from the blocking rules through the
// scorer in parallel and keeps pairs at or above a weight threshold; the
// result is sorted by (left, right), so it is identical on any thread count.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(Scorer scorer, Scorer::Create(model, table));
//   LINKAGE_ASSIGN_OR_RETURN(PredictResult result,
//       Predict(scorer, keys, candidate_options, {.threshold_weight = 0}));
//
// Thread-safety: a Scorer is immutable once built (UseLaneBounds() aside);
// Weight/Explain may be called concurrently, each thread with its own
// LevelCache.
#ifndef LINKAGE_LINKAGE_SCORING_H_
#define LINKAGE_LINKAGE_SCORING_H_

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "blocking/candidates.h"
#include "linkage/comparison.h"
#include "linkage/internal/lane_bounds.h"
#include "linkage/model.h"
#include "linkage/record_table.h"
#include "nlohmann/json.hpp"

namespace linkage {

// log2 of a probability, floored at 1e-12.
double SafeLog2(double p) noexcept;

// 2^w / (1 + 2^w), stable for large |w|.
inline double WeightToProbability(double weight) noexcept {
  if (weight >= 0) return 1.0 / (1.0 + std::exp2(-weight));
  const double e = std::exp2(weight);
  return e / (1.0 + e);
}
// log2(p / (1 - p)).
inline double ProbabilityToWeight(double p) noexcept {
  return std::log2(p) - std::log2(1.0 - p);
}

// One comparison's share of a pair's weight.
struct ExplanationTerm {
  std::string comparison;    // output_column_name
  int level = 0;
  std::string label;
  std::string value_left;    // canonical values compared ("" if null)
  std::string value_right;
  double m = 0, u = 0;       // NaN for the null level
  double weight = 0;         // log2(m / u); 0 for the null level
  double tf_adjustment = 0;  // 0 unless the level has a TF column
};

struct Explanation {
  std::string left_id, right_id;
  double prior_weight = 0;
  std::vector<ExplanationTerm> terms;
  double match_weight = 0;
  double match_probability = 0;

  nlohmann::json ToJson() const;
  // A readable waterfall, one line per term.
  std::string ToText() const;
};

// The parameters of a model's levels, as both Scorer and Matcher use them:
// the prior weight log2(lambda / (1 - lambda)), each level's weight
// log2(m / u) at [c * kMaxLevels + level] (0 for the null level), and for a
// level with a tf_adjustment_column what its adjustment needs (the term
// frequencies themselves come from the caller: table counts in batch, the
// model's tables in the Matcher). REQUIRES the model to be trained.
// A level's term-frequency adjustment for a pair whose values' larger log2
// term frequency is log2_tf (Splink's formula, above): weight *
// (log2_u_exact - max(log2_tf, log2_tf_min)).
inline double TfAdjustmentOf(double log2_tf, double log2_tf_min, double log2_u_exact,
                             double weight) noexcept {
  return weight * (log2_u_exact - std::max(log2_tf, log2_tf_min));
}

struct TfLevelParams {
  std::string column;      // tf_adjustment_column
  double log2_tf_min = -std::numeric_limits<double>::infinity();
  double log2_u_exact = 0; // log2 u of the exact level, else of the level
  double weight = 1;       // tf_adjustment_weight
};
struct LevelWeights {
  double prior_weight = 0;
  std::vector<double> weights;                      // [c * kMaxLevels + level]
  std::vector<std::optional<TfLevelParams>> tf;     // [c * kMaxLevels + level]
};
LevelWeights ComputeLevelWeights(const Model& model);

class Scorer {
 public:
  // REQUIRES the model to be trained (Model::CheckTrained()).
  static absl::StatusOr<Scorer> Create(const Model& model,
                                       const RecordTable& table);
  // Same, taking comparisons already prepared over `table` from the
  // model's comparisons (e.g. the ones training used: TrainOptions::prepared),
  // with the record rows' features for comparisons over at least
  // `row_feature_min_values` distinct values (PreparedComparisons::
  // BuildRecordRows(); 0, every comparison, lets tests take the row paths
  // on a small table).
  static absl::StatusOr<Scorer> Create(
      const Model& model, const RecordTable& table, PreparedComparisons prepared,
      std::size_t row_feature_min_values = PreparedComparisons::kRowFeatureMinValues);

  const PreparedComparisons& comparisons() const noexcept { return prepared_; }
  const RecordTable& table() const noexcept { return *table_; }
  double prior_weight() const noexcept { return prior_weight_; }
  double level_weight(std::size_t c, int level) const noexcept {
    return weights_[c * kMaxLevels + level];
  }

  // Match weight of records a and b whose pattern is `pattern`.
  double Weight(Pattern pattern, std::uint32_t a, std::uint32_t b) const noexcept {
    double w = prior_weight_;
    for (std::size_t c = 0; c < num_comparisons_; ++c) {
      const int level = LevelOf(pattern, c);
      w += weights_[c * kMaxLevels + level];
      if (has_tf_[c * kMaxLevels + level]) w += TfAdjustment(c, level, a, b);
    }
    return w;
  }

  // Pattern and Weight() of records a and b if that weight is >= threshold;
  // false otherwise. Comparisons whose levels two value ids always settle
  // (null, exact, else) are evaluated first, and the pair is abandoned as
  // soon as the weight so far plus the largest weight the remaining
  // comparisons could add falls short of the threshold: most candidate
  // pairs are non-matches that never pay for their names, dates, postcodes
  // and address lines. For the comparisons that read features that bound
  // is the pair's own, from value ids alone: 0 for a null, the exact
  // weight (with its term-frequency adjustment) for one value on both
  // sides, and for two values under an "exact" first level the best of
  // the other levels (an address line's non-exact levels all weigh less
  // than 0; a "reversed" level left out when the rows' name fingerprints
  // rule it out), and exactly the level's weight where the rows show it:
  // two dates far apart (PreparedComparisons::RowDateScreen()), two names
  // that take "else" (RowElseLevel()); elsewhere the best level with its
  // largest term-frequency adjustment. Those comparisons are evaluated in
  // order of how far their level is expected to lower a non-match's bound
  // (Create()). *weight is computed by Weight(), so a kept pair's weight
  // is bit-identical to Weight(Compare(a, b)).
  bool ScoreAtLeast(std::uint32_t a, std::uint32_t b, double threshold,
                    LevelCache& cache, Pattern* pattern,
                    double* weight) const noexcept;
  // ScoreAtLeast() of each of `pairs` in order, calling keep(i, pattern,
  // weight) for pair i when it reaches the threshold, with the pairs' rows
  // prefetched. With the lane bounds, the first bound of kBatch pairs at a
  // time is summed before any of them is settled: without a branch on each
  // sum, their work overlaps. The pairs kept, their patterns and weights
  // are ScoreAtLeast()'s, bit for bit.
  template <typename Keep>
  void ScoreEachAtLeast(std::span<const CandidatePair> pairs, double threshold,
                        LevelCache& cache, Keep keep) const;
  // Whether ScoreAtLeast() bounds a pair's comparisons all at once, with
  // AVX-512 (the lane bounds, below): on where the CPU and the config allow.
  bool lane_bounds() const noexcept { return use_lane_bounds_; }
  // Turns the lane bounds off (false), for tests and benchmarks of the
  // scalar bounds, or back on where they apply (true). Results do not
  // change, only the time they take. Not thread-safe: call it before the
  // Scorer is shared.
  void UseLaneBounds(bool on) noexcept;

  // The full waterfall for records a and b.
  Explanation Explain(std::uint32_t a, std::uint32_t b, LevelCache& cache) const;

 private:
  struct TfLevel {
    std::size_t column = 0;          // table column of the tf values
    std::vector<double> log2_tf;     // per dictionary value
    double log2_tf_min = -std::numeric_limits<double>::infinity();
    double log2_u_exact = 0;
    double weight = 1;
  };
  double TfAdjustment(std::size_t c, int level, std::uint32_t a,
                      std::uint32_t b) const noexcept;
  // ScoreAtLeast(); with the lane bounds, first_bounds (16 floats, which
  // it may change) and first_bound may give the pair's lanes and
  // prior_weight_ plus their sum, already found to pass the first test
  // (null: it computes them).
  bool ScoreFrom(std::uint32_t a, std::uint32_t b, double threshold, LevelCache& cache,
                 Pattern* pattern, double* weight, float* first_bounds,
                 double first_bound) const noexcept;

  // ScoreAtLeast()'s partial sums add in a different order from Weight();
  // this slack keeps their rounding from abandoning a pair whose exact
  // weight would reach the threshold.
  static constexpr double kBoundSlack = 1e-6;

  const Model* model_ = nullptr;
  const RecordTable* table_ = nullptr;
  PreparedComparisons prepared_;
  std::size_t num_comparisons_ = 0;
  double prior_weight_ = 0;
  std::vector<double> weights_;         // [c * kMaxLevels + level]
  std::vector<std::uint8_t> has_tf_;    // [c * kMaxLevels + level]
  std::vector<TfLevel> tf_levels_;      // [c * kMaxLevels + level] when has_tf
  // ScoreAtLeast(): comparisons in evaluation order, and for each position k
  // in it the most the comparisons order_[k..] can add to a weight.
  // The first num_cheap_ of order_ are settled by their value ids alone
  // (levels null, exact, else); the rest, in order of expected fall
  // (Create()), are bounded per pair before each.
  std::vector<std::size_t> order_;
  std::size_t num_cheap_ = 0;
  std::vector<double> max_remaining_;
  // ScoreAtLeast()'s view of each comparison, so that the pairs whose level
  // the two value ids settle (PreparedComparisons::SettledLevel()) take it
  // from the rows without the level machinery.
  struct IdLevels {
    std::uint32_t slot;        // the column's slot in the record rows
    bool exact_first;
    // Level 1's term-frequency adjustment is over the comparison's own
    // column: exact_adds_[exact_add + v] bounds what level 1 adds for
    // value v (-1: not so).
    std::int64_t exact_add;
  };
  std::vector<IdLevels> id_levels_;
  // For a comparison whose first level is "exact" with a term-frequency
  // adjustment over its own column: what level 1 adds to the weight of two
  // records sharing value v (its weight plus the adjustment for v), per
  // value, rounded up to a float: one read a pair in place of a log2 term
  // frequency (8 bytes) and its arithmetic. ScoreAtLeast() only compares
  // partial sums with the threshold, where an upper bound serves as well as
  // the exact sum (Weight() computes a kept pair's weight).
  // The comparisons' tables one after another (IdLevels::exact_add).
  std::vector<float> exact_adds_;
  // ScoreAtLeast()'s per-pair bound of the comparisons order_[num_cheap_..]
  // (in that order): the most each can add to records a and b's weight
  // from their two value ids alone. 0 when either is null; max_add (its
  // best level with its largest term-frequency adjustment) when the first
  // level is not "exact"; max_add_unequal (the best level after "exact")
  // for two values, or max_add_unreversed (the same without a "reversed"
  // level) when the rows' fingerprints rule that level out; for one value,
  // level 1's weight and its term-frequency adjustment (exact_adds_'s
  // bound when over the comparison's own column); for two dates that the
  // rows show far apart (date_screen), the far level's weight, exactly.
  struct PairBound {
    enum Tf : std::uint8_t { kNoTf, kTfOwn, kTfOther };
    std::uint32_t comparison = 0;
    std::uint32_t slot = 0;
    std::uint64_t exact_add = 0;  // kTfOwn: its table's offset in exact_adds_
    bool exact_first = false;
    Tf tf = kNoTf;
    std::optional<PreparedComparisons::ReversalScreen> screen;
    std::optional<PreparedComparisons::DateScreen> date_screen;
    double max_add = 0, max_add_unequal = 0, max_add_unreversed = 0, exact_weight = 0;
    double far_add = 0;  // with date_screen: its level's weight
    // With PreparedComparisons::RowElseLevel(): the else level's weight.
    std::optional<double> else_add;
  };
  std::vector<PairBound> pair_bounds_;
  // The same bounds for every comparison at once, one comparison per lane
  // of an AVX-512 vector (linkage/internal/lane_bounds.h), when the CPU has
  // it and the config has at most 16 comparisons. A comparison settled by
  // its ids takes its own level's weight there (that bound is exact), so
  // one sum bounds the whole pair before any level is computed; the lanes
  // then stand in for the scalar bounds above. Each lane is the scalar
  // bound rounded up to a float, except that a first "exact" level whose
  // term-frequency adjustment is over another column takes the level's
  // largest adjustment.
  std::optional<internal::LaneBounds> lane_bounds_;
  // With the lane bounds, the comparisons whose rows can show that two
  // different values take "else" (PreparedComparisons::RowsTakeElse()):
  // asked only of the pairs the lanes' sum leaves in, and then bounded by
  // the else level's weight (rounded up to a float). Not a lane screen as
  // the dates' are: it reads the rows' second line and costs more than
  // the first sum, which abandons most pairs without it.
  struct ElseScreen {
    std::uint32_t comparison = 0;
    std::uint32_t slot = 0;
    float else_add = 0;
  };
  std::vector<ElseScreen> else_screens_;
  // Whether LaneBounds apply (they do when lane_bounds_ is set and the CPU
  // has AVX-512 F, BW, DQ and VL).
  bool use_lane_bounds_ = false;
};

template <typename Keep>
void Scorer::ScoreEachAtLeast(std::span<const CandidatePair> pairs, double threshold,
                              LevelCache& cache, Keep keep) const {
  const std::size_t n = pairs.size();
  if (n == 0) return;
  if (!use_lane_bounds_) {
    prepared_.ForEachPrefetched(
        n, [&](std::size_t i) { return std::pair(pairs[i].left, pairs[i].right); },
        [&](std::size_t i) {
          Pattern pattern;
          double weight;
          if (ScoreAtLeast(pairs[i].left, pairs[i].right, threshold, cache, &pattern, &weight)) {
            keep(i, pattern, weight);
          }
        });
    return;
  }
  constexpr std::size_t kBatch = 16;
  for (std::size_t i = 0; i < PreparedComparisons::kRowsAhead && i < n; ++i) {
    prepared_.Prefetch(pairs[i].left);
    prepared_.Prefetch(pairs[i].right);
  }
  alignas(64) std::array<float, kBatch * 16> bounds;
  std::array<double, kBatch> sums;
  for (std::size_t start = 0; start < n; start += kBatch) {
    // ScoreAtLeast()'s first bound and test, with the same operations.
    std::uint64_t in = internal::LaneSumsReach(
        *lane_bounds_, exact_adds_.data(), prepared_, pairs.subspan(start),
        std::min(kBatch, n - start), prior_weight_, threshold - kBoundSlack, bounds.data(),
        sums.data());
    for (; in != 0; in &= in - 1) {
      const std::size_t k = static_cast<std::size_t>(std::countr_zero(in));
      Pattern pattern;
      double weight;
      if (ScoreFrom(pairs[start + k].left, pairs[start + k].right, threshold, cache, &pattern,
                    &weight, &bounds[k * 16], sums[k])) {
        keep(start + k, pattern, weight);
      }
    }
  }
}

struct ScoredPair {
  std::uint32_t left;
  std::uint32_t right;
  Pattern pattern;
  double weight;
  std::uint8_t rule;  // the blocking rule that produced it
};

struct PredictOptions {
  // Keep pairs with weight >= this.
  double threshold_weight = -std::numeric_limits<double>::infinity();
  // Called now and then from the calling thread... (see Predict) with pairs
  // scored so far; may be empty.
  std::function<void(std::uint64_t scored)> progress;
};

struct PredictResult {
  std::vector<ScoredPair> pairs;   // kept pairs, sorted by (left, right)
  CandidateStats candidates;       // pairs compared per rule, oversized blocks
};

// Scores every candidate pair of `keys` and keeps those at or above the
// threshold. Progress is reported from worker threads at most every ~1M
// pairs (the callback must be thread-safe).
absl::StatusOr<PredictResult> Predict(const Scorer& scorer,
                                      const BlockingKeys& keys,
                                      const CandidateOptions& candidate_options,
                                      const PredictOptions& options);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_SCORING_H_
