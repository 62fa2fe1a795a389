// Copyright 2026 The Linkage Authors.
//
// Model: a validated config plus Fellegi-Sunter parameters (DESIGN.md
// section 4). A config and a trained model are the same JSON document; a
// model has m_probability / u_probability on every non-null level, the prior
// probability_two_random_records_match, and "provenance". Field names follow
// Splink's settings so that people who know Splink can read ours:
//
//   {"link_type": "dedupe_only",            // or link_only, link_and_dedupe
//    "unique_id_column": "record_id",
//    "columns": {...},                      // normalisers (config.h)
//    "blocking_rules_to_generate_predictions": [[...], ...],
//    "comparisons": [...],                  // comparison.h
//    "probability_two_random_records_match": 0.0001,
//    "training": {                          // all optional
//      "seed": 42, "max_pairs_for_u": 10000000, "min_u_observations": 100,
//      "deterministic_rules": [[{"column": "nhs_number"}]], "recall": 0.9,
//      "em_blocking_rules": [[...], ...], "em_max_iterations": 25,
//      "em_convergence": 0.0001},
//    "term_frequencies": {                  // written by training
//      "family_name": {"non_null": 980000, "counts": {"SMITH": 9120, ...}}},
//    "provenance": {...}}                   // written by training
//
// The match weight of a pair is
//   log2(lambda / (1 - lambda)) + sum over comparisons of log2(m / u)
// (the null level contributes 0), plus term-frequency adjustments; see
// scoring.h.
//
// Term-frequency tables: per tf_adjustment_column, the number of non-null
// values of the training data and the count of every value seen at least
// twice (a value absent from the table counts 1). Batch scoring takes term
// frequencies from the table it scores; the streaming Matcher takes them
// from these tables, so that a pair's score does not depend on when it was
// scored.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(Config config, LoadConfig("configs/febrl.json"));
//   LINKAGE_ASSIGN_OR_RETURN(Model model, Model::FromConfig(config));
//
// Thread-safety: a Model is a value; const methods may be called
// concurrently.
#ifndef LINKAGE_LINKAGE_MODEL_H_
#define LINKAGE_LINKAGE_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "blocking/candidates.h"
#include "linkage/blocking_rules.h"
#include "linkage/comparison.h"
#include "linkage/config.h"
#include "linkage/record_table.h"
#include "nlohmann/json.hpp"

namespace linkage {

// Training settings; defaults as in the file comment.
struct TrainingSettings {
  std::uint64_t seed = 42;
  std::uint64_t max_pairs_for_u = 10'000'000;
  // u sampling stops early once every non-null level of every comparison has
  // been seen this many times (and at least 1M pairs were drawn).
  std::uint64_t min_u_observations = 100;
  nlohmann::json deterministic_rules;  // blocking-rule shaped; may be null
  double recall = 0.9;
  nlohmann::json em_blocking_rules;    // blocking-rule shaped; may be null
  int em_max_iterations = 25;
  double em_convergence = 1e-4;
};

// One column's term frequencies (see the file comment).
struct TermFrequencyTable {
  std::uint64_t non_null = 0;
  absl::flat_hash_map<std::string, std::uint64_t> counts;  // count >= 2 only

  // count(value) / non_null, a value absent from `counts` counting 1; 0 when
  // non_null is 0.
  double Frequency(std::string_view value) const;
};

class Model {
 public:
  // Validates the config's link type, blocking rules, comparisons, prior and
  // training settings. Errors name the file and JSON path.
  static absl::StatusOr<Model> FromConfig(const Config& config);

  const Config& config() const noexcept { return config_; }
  LinkType link_type() const noexcept { return link_type_; }
  const std::vector<ColumnSchema>& schema() const noexcept { return schema_; }
  const BlockingRules& prediction_rules() const noexcept { return prediction_rules_; }
  const TrainingSettings& training() const noexcept { return training_; }

  std::size_t num_comparisons() const noexcept { return comparisons_.size(); }
  const std::vector<ComparisonSpec>& comparisons() const noexcept {
    return comparisons_;
  }
  std::vector<ComparisonSpec>& mutable_comparisons() noexcept {
    return comparisons_;
  }

  // probability_two_random_records_match; nullopt if the config has none.
  std::optional<double> lambda() const noexcept { return lambda_; }
  void set_lambda(double lambda) noexcept { lambda_ = lambda; }

  // Term-frequency tables by column name (empty if the model has none).
  const std::map<std::string, TermFrequencyTable>& term_frequencies() const noexcept {
    return term_frequencies_;
  }
  void set_term_frequencies(std::map<std::string, TermFrequencyTable> tables) {
    term_frequencies_ = std::move(tables);
  }

  // OK if lambda and every non-null level's m and u are set; else
  // FailedPrecondition naming the first missing parameter.
  absl::Status CheckTrained() const;

  // Fresh normalisers for the configured columns, for a RecordTableBuilder.
  absl::StatusOr<std::vector<RecordTableBuilder::ColumnSpec>> MakeColumnSpecs() const;

  // The model document: the config with the current parameters written in,
  // plus `provenance` when not null.
  nlohmann::json ToJson(const nlohmann::json& provenance = nullptr) const;

 private:
  Config config_;
  LinkType link_type_ = LinkType::kDedupeOnly;
  std::vector<ColumnSchema> schema_;
  BlockingRules prediction_rules_;
  std::vector<ComparisonSpec> comparisons_;
  std::optional<double> lambda_;
  TrainingSettings training_;
  std::map<std::string, TermFrequencyTable> term_frequencies_;
};

// "dedupe_only", "link_only", "link_and_dedupe".
std::string_view LinkTypeName(LinkType type) noexcept;

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_MODEL_H_
