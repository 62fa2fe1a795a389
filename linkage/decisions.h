// Copyright 2026 The Linkage Authors.
//
// Decisions: from scored candidate pairs to answers (DESIGN.md section 5).
// Decide() turns each ScoredPair into a PairDecision in three steps:
//
// 1. Thresholds. weight >= match_weight -> kMatch; >= review_weight ->
//    kReview; else kNonMatch (reason kThreshold). Thresholds may be given as
//    probabilities; they are converted with ProbabilityToWeight, so both forms
//    compare the same number. The FHIR match-grade comes from the pair's match
//    probability: >= certain -> certain, >= probable -> probable, >= possible
//    -> possible, else certainly-not.
// 2. Hard rules (hard_rules.h). A firing cannot-link rule makes the pair
//    kNonMatch / certainly-not (reason kCannotLink); otherwise a firing
//    must-link rule makes it kMatch / certain (reason kMustLink), whatever the
//    weight. Cannot-link wins over must-link: a pair that both fire on is a
//    contradiction a person should see, and not linking is the safe default.
//    Must-link only applies to pairs that blocking produced (see
//    hard_rules.h).
// 3. The multiple-match policy, over the "eligible" pairs: those still
//    kMatch or kReview and not decided by a hard rule (hard rules win over
//    policies). Each policy looks at the candidates of a "query" record:
//
//      link_only jobs: the query is the left record (index < num_left) and
//        its candidates the right records paired with it; for many-to-one
//        the query is the right record instead.
//      dedupe_only and link_and_dedupe jobs: every record is a query over all
//        records it is paired with. Each endpoint of a pair votes (keep >
//        ambiguous > drop) and the pair takes the more favourable vote, so
//        every record keeps its own best link.
//
//    Candidates are ranked by weight descending, ties by the other record's
//    index ascending.
//      all          nothing changes.
//      best         the first candidate is kept; the rest become kNonMatch
//                   (reason kNotBest).
//      best-unique  the first is kept if it leads the runner-up by at least
//                   margin_weight (and does not tie with it). Otherwise every
//                   candidate within margin_weight of the first (or tied
//                   with it) is ambiguous: kMatch becomes kReview, reason
//                   kAmbiguous; the rest are kNotBest.
//      top-k        the first k are kept; the rest kNotBest.
//      many-to-one  link_only: each right record keeps its best left record
//                   (a left record may receive many). E.g. left = a master
//                   register, right = incoming records.
//      one-to-one   link_only: a maximum-weight bipartite matching of the
//                   eligible pairs, solved exactly per connected component
//                   (assignment.h; greedy with "greedy": true). Unchosen
//                   pairs become kNonMatch (reason kAssignment). Pairs of
//                   weight <= 0 are never chosen. The AssignmentReport
//                   compares the exact and greedy totals.
//    many-to-one and one-to-one on dedupe jobs are InvalidArgument.
//
// Policies change the decision only; the grade reflects the score (and the
// hard rules).
//
// Config section "decisions" (every key optional; defaults in the structs):
//   {"thresholds": {"match_probability": 0.95, "review_probability": 0.5},
//                   // or "match_weight" / "review_weight"
//    "match_grades": {"certain": 0.99, "probable": 0.95, "possible": 0.5},
//    "policy": {"name": "best-unique", "margin_weight": 2.0, "k": 3,
//               "greedy": false, "max_component_nodes": 2000},
//    "cannot_link": [...], "must_link": [...],        // hard_rules.h
//    "clustering": {"threshold_probability": 0.95,    // or threshold_weight
//                   "max_cluster_size": 50, "respect_cannot_link": true}}
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(DecisionSettings settings,
//       ParseDecisions(model.config().document["decisions"], model.schema(),
//                      "$.decisions"));
//   LINKAGE_ASSIGN_OR_RETURN(DecideResult decided,
//       Decide(table, predicted.pairs, settings, model.link_type(), num_left));
//
// Thread-safety: settings are immutable values; Decide() may be called
// concurrently and uses oneTBB internally. Its output is sorted by
// (left, right) and identical on any thread count.
#ifndef LINKAGE_LINKAGE_DECISIONS_H_
#define LINKAGE_LINKAGE_DECISIONS_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "blocking/candidates.h"
#include "linkage/assignment.h"
#include "linkage/blocking_rules.h"
#include "linkage/hard_rules.h"
#include "linkage/record_table.h"
#include "linkage/scoring.h"
#include "nlohmann/json.hpp"

namespace linkage {

enum class Decision : std::uint8_t { kNonMatch, kReview, kMatch };
// "non-match", "review", "match".
std::string_view DecisionName(Decision decision) noexcept;

// FHIR match-grade (http://hl7.org/fhir/match-grade), ordered.
enum class MatchGrade : std::uint8_t { kCertainlyNot, kPossible, kProbable, kCertain };
// The FHIR codes: "certainly-not", "possible", "probable", "certain".
std::string_view MatchGradeName(MatchGrade grade) noexcept;

enum class DecisionReason : std::uint8_t {
  kThreshold,   // the thresholds decided
  kCannotLink,  // a cannot-link rule fired (PairDecision::rule)
  kMustLink,    // a must-link rule fired (PairDecision::rule)
  kAmbiguous,   // best-unique: too close to another candidate
  kNotBest,     // best, best-unique, top-k, many-to-one: not selected
  kAssignment,  // one-to-one: not in the assignment
};
// "threshold", "cannot_link", "must_link", "ambiguous", "not_best",
// "assignment".
std::string_view DecisionReasonName(DecisionReason reason) noexcept;

struct PairDecision {
  std::uint32_t left = 0;   // record index, left < right
  std::uint32_t right = 0;
  double weight = 0;        // match weight
  double probability = 0;   // WeightToProbability(weight)
  Decision decision = Decision::kNonMatch;
  MatchGrade grade = MatchGrade::kCertainlyNot;
  DecisionReason reason = DecisionReason::kThreshold;
  // For kCannotLink / kMustLink: index of the rule in
  // HardRules::cannot_link() / must_link(); else 0.
  std::uint16_t rule = 0;
};

struct Thresholds {
  // Defaults: probability 0.95 (weight log2(19) ~ 4.25) and 0.5 (weight 0).
  double match_weight = 4.247927513443585;
  double review_weight = 0.0;
};

// REQUIRES: thresholds.review_weight <= thresholds.match_weight.
inline Decision Classify(double weight, const Thresholds& thresholds) noexcept {
  if (weight >= thresholds.match_weight) return Decision::kMatch;
  if (weight >= thresholds.review_weight) return Decision::kReview;
  return Decision::kNonMatch;
}

// Lower bounds (probabilities) of the FHIR match-grade bands.
struct MatchGrades {
  double certain = 0.99;
  double probable = 0.95;
  double possible = 0.5;
};

// REQUIRES: possible <= probable <= certain.
inline MatchGrade GradeOf(double probability, const MatchGrades& grades) noexcept {
  if (probability >= grades.certain) return MatchGrade::kCertain;
  if (probability >= grades.probable) return MatchGrade::kProbable;
  if (probability >= grades.possible) return MatchGrade::kPossible;
  return MatchGrade::kCertainlyNot;
}

enum class MatchPolicy : std::uint8_t {
  kAll, kBest, kBestUnique, kTopK, kOneToOne, kManyToOne
};
// "all", "best", "best-unique", "top-k", "one-to-one", "many-to-one".
std::string_view MatchPolicyName(MatchPolicy policy) noexcept;

struct PolicySettings {
  MatchPolicy policy = MatchPolicy::kAll;
  // best-unique: the lead (in weight) the best must have over the runner-up.
  double margin_weight = 1.0;
  // top-k: candidates kept per query.
  std::size_t k = 1;
  // one-to-one: greedy instead of exact assignment.
  bool greedy = false;
  // one-to-one: larger components fall back to greedy (assignment.h).
  std::size_t max_component_nodes = 2000;
};

// Used by clustering.h; parsed here as part of the "decisions" section.
struct ClusterSettings {
  // kMatch pairs with weight >= this are edges (must-link pairs always are).
  double threshold_weight = -std::numeric_limits<double>::infinity();
  // Clusters larger than this are reported with a warning; 0 = no limit.
  std::size_t max_cluster_size = 0;
  // Refuse merges that would put a cannot-link pair into one cluster.
  bool respect_cannot_link = false;
};

struct DecisionSettings {
  Thresholds thresholds;
  MatchGrades grades;
  PolicySettings policy;
  HardRules hard_rules;
  ClusterSettings clustering;
};

// Parses a "decisions" section (null = all defaults). Columns named by hard
// rules must be in `schema`. Errors are InvalidArgument naming the JSON path
// under `json_path`, e.g. "$.decisions.thresholds.review_probability: must be
// at most match_probability".
absl::StatusOr<DecisionSettings> ParseDecisions(const nlohmann::json& decisions,
                                                std::span<const ColumnSchema> schema,
                                                std::string_view json_path);

// The reason as written in outputs: "threshold", "ambiguous", ...;
// "cannot_link:<rule name>" / "must_link:<rule name>" for hard rules.
// REQUIRES: `settings` are the ones that produced `decision`.
std::string DescribeReason(const PairDecision& decision,
                           const DecisionSettings& settings);

// Step 1 and 2 for one pair (no policy). `hard_rules` may be empty.
PairDecision DecidePair(std::uint32_t left, std::uint32_t right, double weight,
                        const DecisionSettings& settings,
                        const BoundHardRules& hard_rules) noexcept;

// Step 3: applies settings.policy to `decisions` in place (see the file
// comment). REQUIRES: `decisions` sorted by (left, right), left < right; for
// link_only, left < num_left <= right. InvalidArgument for one-to-one or
// many-to-one on a dedupe job, or for a link_only pair not across the
// tables. `report` (may be null) receives the one-to-one AssignmentReport.
absl::Status ApplyPolicy(std::span<PairDecision> decisions,
                         const PolicySettings& settings, LinkType link_type,
                         std::uint32_t num_left, AssignmentReport* report);

struct DecideResult {
  std::vector<PairDecision> decisions;  // sorted by (left, right)
  AssignmentReport assignment;          // one-to-one only
  // Pairs per Decision (index = static_cast<size_t>(decision)).
  std::uint64_t counts[3] = {0, 0, 0};
};

// Decides every pair (steps 1-3). NotFound if a hard rule names a column
// the table lacks; InvalidArgument as ApplyPolicy. Pairs may come in any
// order; each must have left != right (they are stored as (min, max)).
// REQUIRES: pair indexes < table.num_records().
absl::StatusOr<DecideResult> Decide(const RecordTable& table,
                                    std::span<const ScoredPair> pairs,
                                    const DecisionSettings& settings,
                                    LinkType link_type, std::uint32_t num_left);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_DECISIONS_H_
