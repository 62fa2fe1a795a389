// Copyright 2026 The Linkage Authors.
#include "linkage/decisions.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"
#include "tbb/blocked_range.h"
#include "tbb/parallel_for.h"

namespace linkage {
namespace {

absl::Status CheckKeys(const nlohmann::json& object, const std::string& path,
                       std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": must be an object"));
  }
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string names;
      for (std::string_view a : allowed) {
        absl::StrAppend(&names, names.empty() ? "" : ", ", ToAbsl(a));
      }
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".", key, ": unknown key; expected ", names));
    }
  }
  return absl::OkStatus();
}

// The number at object[key], or nullopt if absent.
absl::StatusOr<std::optional<double>> OptionalNumber(const nlohmann::json& object,
                                                     std::string_view key,
                                                     const std::string& path) {
  auto it = object.find(std::string(key));
  if (it == object.end()) return std::optional<double>();
  if (!it->is_number() || !std::isfinite(it->get<double>())) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".", ToAbsl(key), ": must be a finite number"));
  }
  return std::optional<double>(it->get<double>());
}

absl::StatusOr<std::optional<double>> OptionalProbability(
    const nlohmann::json& object, std::string_view key, const std::string& path) {
  absl::StatusOr<std::optional<double>> p = OptionalNumber(object, key, path);
  if (!p.ok() || !p->has_value()) return p;
  if (**p <= 0 || **p >= 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".", ToAbsl(key), ": must be a probability strictly between 0 and 1"));
  }
  return p;
}

// A weight given as "<stem>_weight" or "<stem>_probability" (not both).
absl::StatusOr<std::optional<double>> WeightOrProbability(
    const nlohmann::json& object, std::string_view stem, const std::string& path) {
  const std::string weight_key = absl::StrCat(ToAbsl(stem), "_weight");
  const std::string probability_key = absl::StrCat(ToAbsl(stem), "_probability");
  absl::StatusOr<std::optional<double>> weight =
      OptionalNumber(object, weight_key, path);
  if (!weight.ok()) return weight.status();
  absl::StatusOr<std::optional<double>> probability =
      OptionalProbability(object, probability_key, path);
  if (!probability.ok()) return probability.status();
  if (weight->has_value() && probability->has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".", weight_key, ": give ", weight_key, " or ", probability_key,
        ", not both"));
  }
  if (probability->has_value()) {
    return std::optional<double>(ProbabilityToWeight(**probability));
  }
  return *weight;
}

absl::StatusOr<std::size_t> PositiveInteger(const nlohmann::json& value,
                                            const std::string& path) {
  if (!value.is_number_integer() || value.get<std::int64_t>() < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": must be a positive integer"));
  }
  return static_cast<std::size_t>(value.get<std::int64_t>());
}

absl::Status ParseThresholds(const nlohmann::json& json, const std::string& path,
                             Thresholds* out) {
  absl::Status status = CheckKeys(json, path,
                                  {"match_probability", "match_weight",
                                   "review_probability", "review_weight"});
  if (!status.ok()) return status;
  absl::StatusOr<std::optional<double>> match = WeightOrProbability(json, "match", path);
  if (!match.ok()) return match.status();
  absl::StatusOr<std::optional<double>> review =
      WeightOrProbability(json, "review", path);
  if (!review.ok()) return review.status();
  if (match->has_value()) out->match_weight = **match;
  if (review->has_value()) out->review_weight = **review;
  if (out->review_weight > out->match_weight) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".", json.contains("review_probability") ? "review_probability"
                                                       : "review_weight",
        ": the review threshold must be at most the match threshold"));
  }
  return absl::OkStatus();
}

absl::Status ParseGrades(const nlohmann::json& json, const std::string& path,
                         MatchGrades* out) {
  absl::Status status = CheckKeys(json, path, {"certain", "probable", "possible"});
  if (!status.ok()) return status;
  for (auto [key, field] : {std::pair<std::string_view, double*>{"certain", &out->certain},
                            {"probable", &out->probable},
                            {"possible", &out->possible}}) {
    absl::StatusOr<std::optional<double>> p = OptionalProbability(json, key, path);
    if (!p.ok()) return p.status();
    if (p->has_value()) *field = **p;
  }
  if (!(out->possible <= out->probable && out->probable <= out->certain)) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": bands must satisfy possible <= probable <= certain (got ",
        out->possible, ", ", out->probable, ", ", out->certain, ")"));
  }
  return absl::OkStatus();
}

constexpr MatchPolicy kPolicies[] = {MatchPolicy::kAll,        MatchPolicy::kBest,
                                     MatchPolicy::kBestUnique, MatchPolicy::kTopK,
                                     MatchPolicy::kOneToOne,   MatchPolicy::kManyToOne};

absl::Status ParsePolicy(const nlohmann::json& json, const std::string& path,
                         PolicySettings* out) {
  absl::Status status = CheckKeys(
      json, path, {"name", "margin_weight", "k", "greedy", "max_component_nodes"});
  if (!status.ok()) return status;
  auto name = json.find("name");
  if (name == json.end() || !name->is_string()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".name: missing or not a string; one of: all, best, best-unique, "
              "top-k, one-to-one, many-to-one"));
  }
  bool known = false;
  for (MatchPolicy policy : kPolicies) {
    if (MatchPolicyName(policy) == name->get<std::string>()) {
      out->policy = policy;
      known = true;
    }
  }
  if (!known) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".name: unknown policy \"", name->get<std::string>(),
        "\"; one of: all, best, best-unique, top-k, one-to-one, many-to-one"));
  }
  absl::StatusOr<std::optional<double>> margin =
      OptionalNumber(json, "margin_weight", path);
  if (!margin.ok()) return margin.status();
  if (margin->has_value()) {
    if (**margin < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".margin_weight: must be >= 0"));
    }
    out->margin_weight = **margin;
  }
  if (auto k = json.find("k"); k != json.end()) {
    absl::StatusOr<std::size_t> value = PositiveInteger(*k, path + ".k");
    if (!value.ok()) return value.status();
    out->k = *value;
  }
  if (auto greedy = json.find("greedy"); greedy != json.end()) {
    if (!greedy->is_boolean()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ".greedy: must be a boolean"));
    }
    out->greedy = greedy->get<bool>();
  }
  if (auto nodes = json.find("max_component_nodes"); nodes != json.end()) {
    absl::StatusOr<std::size_t> value =
        PositiveInteger(*nodes, path + ".max_component_nodes");
    if (!value.ok()) return value.status();
    out->max_component_nodes = *value;
  }
  return absl::OkStatus();
}

absl::Status ParseClustering(const nlohmann::json& json, const std::string& path,
                             ClusterSettings* out) {
  absl::Status status = CheckKeys(json, path,
                                  {"threshold_probability", "threshold_weight",
                                   "max_cluster_size", "respect_cannot_link"});
  if (!status.ok()) return status;
  absl::StatusOr<std::optional<double>> threshold =
      WeightOrProbability(json, "threshold", path);
  if (!threshold.ok()) return threshold.status();
  if (threshold->has_value()) out->threshold_weight = **threshold;
  if (auto size = json.find("max_cluster_size"); size != json.end()) {
    absl::StatusOr<std::size_t> value = PositiveInteger(*size, path + ".max_cluster_size");
    if (!value.ok()) return value.status();
    out->max_cluster_size = *value;
  }
  if (auto respect = json.find("respect_cannot_link"); respect != json.end()) {
    if (!respect->is_boolean()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".respect_cannot_link: must be a boolean"));
    }
    out->respect_cannot_link = respect->get<bool>();
  }
  return absl::OkStatus();
}

// Per-pair verdict of the queries that consider it; larger is better.
enum Vote : std::uint8_t { kDrop = 0, kAmbiguousVote = 1, kKeep = 2 };

bool Eligible(const PairDecision& d) noexcept {
  return d.decision != Decision::kNonMatch && d.reason == DecisionReason::kThreshold;
}

}  // namespace

std::string_view DecisionName(Decision decision) noexcept {
  switch (decision) {
    case Decision::kNonMatch: return "non-match";
    case Decision::kReview: return "review";
    case Decision::kMatch: return "match";
  }
  return "?";
}

std::string_view MatchGradeName(MatchGrade grade) noexcept {
  switch (grade) {
    case MatchGrade::kCertainlyNot: return "certainly-not";
    case MatchGrade::kPossible: return "possible";
    case MatchGrade::kProbable: return "probable";
    case MatchGrade::kCertain: return "certain";
  }
  return "?";
}

std::string_view DecisionReasonName(DecisionReason reason) noexcept {
  switch (reason) {
    case DecisionReason::kThreshold: return "threshold";
    case DecisionReason::kCannotLink: return "cannot_link";
    case DecisionReason::kMustLink: return "must_link";
    case DecisionReason::kAmbiguous: return "ambiguous";
    case DecisionReason::kNotBest: return "not_best";
    case DecisionReason::kAssignment: return "assignment";
  }
  return "?";
}

std::string_view MatchPolicyName(MatchPolicy policy) noexcept {
  switch (policy) {
    case MatchPolicy::kAll: return "all";
    case MatchPolicy::kBest: return "best";
    case MatchPolicy::kBestUnique: return "best-unique";
    case MatchPolicy::kTopK: return "top-k";
    case MatchPolicy::kOneToOne: return "one-to-one";
    case MatchPolicy::kManyToOne: return "many-to-one";
  }
  return "?";
}

absl::StatusOr<DecisionSettings> ParseDecisions(const nlohmann::json& decisions,
                                                std::span<const ColumnSchema> schema,
                                                std::string_view json_path) {
  DecisionSettings settings;
  if (decisions.is_null()) return settings;
  const std::string path(json_path);
  absl::Status status =
      CheckKeys(decisions, path,
                {"thresholds", "match_grades", "policy", "cannot_link", "must_link",
                 "clustering"});
  if (!status.ok()) return status;
  if (auto it = decisions.find("thresholds"); it != decisions.end()) {
    status = ParseThresholds(*it, path + ".thresholds", &settings.thresholds);
    if (!status.ok()) return status;
  }
  if (auto it = decisions.find("match_grades"); it != decisions.end()) {
    status = ParseGrades(*it, path + ".match_grades", &settings.grades);
    if (!status.ok()) return status;
  }
  if (auto it = decisions.find("policy"); it != decisions.end()) {
    status = ParsePolicy(*it, path + ".policy", &settings.policy);
    if (!status.ok()) return status;
  }
  if (auto it = decisions.find("clustering"); it != decisions.end()) {
    status = ParseClustering(*it, path + ".clustering", &settings.clustering);
    if (!status.ok()) return status;
  }
  const nlohmann::json null_json;
  auto cannot = decisions.find("cannot_link");
  auto must = decisions.find("must_link");
  absl::StatusOr<HardRules> rules =
      HardRules::Parse(cannot == decisions.end() ? null_json : *cannot,
                       must == decisions.end() ? null_json : *must, schema, json_path);
  if (!rules.ok()) return rules.status();
  if (rules->cannot_link().size() > 65535 || rules->must_link().size() > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": too many hard rules"));
  }
  settings.hard_rules = *std::move(rules);
  return settings;
}

std::string DescribeReason(const PairDecision& decision,
                           const DecisionSettings& settings) {
  std::string out(DecisionReasonName(decision.reason));
  if (decision.reason == DecisionReason::kCannotLink &&
      decision.rule < settings.hard_rules.cannot_link().size()) {
    absl::StrAppend(&out, ":", settings.hard_rules.cannot_link()[decision.rule].name);
  } else if (decision.reason == DecisionReason::kMustLink &&
             decision.rule < settings.hard_rules.must_link().size()) {
    absl::StrAppend(&out, ":", settings.hard_rules.must_link()[decision.rule].name);
  }
  return out;
}

PairDecision DecidePair(std::uint32_t left, std::uint32_t right, double weight,
                        const DecisionSettings& settings,
                        const BoundHardRules& hard_rules) noexcept {
  PairDecision d;
  d.left = std::min(left, right);
  d.right = std::max(left, right);
  d.weight = weight;
  d.probability = WeightToProbability(weight);
  d.decision = Classify(weight, settings.thresholds);
  d.grade = GradeOf(d.probability, settings.grades);
  if (hard_rules.empty()) return d;
  if (std::optional<std::size_t> rule = hard_rules.FirstCannotLink(d.left, d.right)) {
    d.decision = Decision::kNonMatch;
    d.grade = MatchGrade::kCertainlyNot;
    d.reason = DecisionReason::kCannotLink;
    d.rule = static_cast<std::uint16_t>(*rule);
  } else if (std::optional<std::size_t> must = hard_rules.FirstMustLink(d.left, d.right)) {
    d.decision = Decision::kMatch;
    d.grade = MatchGrade::kCertain;
    d.reason = DecisionReason::kMustLink;
    d.rule = static_cast<std::uint16_t>(*must);
  }
  return d;
}

absl::Status ApplyPolicy(std::span<PairDecision> decisions,
                         const PolicySettings& settings, LinkType link_type,
                         std::uint32_t num_left, AssignmentReport* report) {
  const MatchPolicy policy = settings.policy;
  if (policy == MatchPolicy::kAll) return absl::OkStatus();
  const bool link_only = link_type == LinkType::kLinkOnly;
  if (!link_only &&
      (policy == MatchPolicy::kOneToOne || policy == MatchPolicy::kManyToOne)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "policy ", ToAbsl(MatchPolicyName(policy)),
        " needs a link_only job (two tables); this job is ",
        link_type == LinkType::kDedupeOnly ? "dedupe_only" : "link_and_dedupe"));
  }
  if (link_only) {
    for (const PairDecision& d : decisions) {
      if (!(d.left < num_left && d.right >= num_left)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "link_only pair (", d.left, ", ", d.right,
            ") is not across the tables (num_left = ", num_left, ")"));
      }
    }
  }

  if (policy == MatchPolicy::kOneToOne) {
    std::vector<AssignmentEdge> edges;
    std::vector<std::size_t> pair_of_edge;
    for (std::size_t p = 0; p < decisions.size(); ++p) {
      if (!Eligible(decisions[p])) continue;
      edges.push_back({decisions[p].left, decisions[p].right, decisions[p].weight});
      pair_of_edge.push_back(p);
    }
    AssignmentResult result = SolveAssignment(
        edges, {.greedy = settings.greedy,
                .max_component_nodes = settings.max_component_nodes});
    std::vector<char> chosen(edges.size(), 0);
    for (std::size_t e : result.chosen) chosen[e] = 1;
    for (std::size_t e = 0; e < edges.size(); ++e) {
      if (chosen[e]) continue;
      PairDecision& d = decisions[pair_of_edge[e]];
      d.decision = Decision::kNonMatch;
      d.reason = DecisionReason::kAssignment;
    }
    if (report != nullptr) *report = std::move(result.report);
    return absl::OkStatus();
  }

  // Candidate lists per query record (CSR over eligible pairs).
  std::uint32_t num_records = 0;
  for (const PairDecision& d : decisions) {
    num_records = std::max(num_records, d.right + 1);
  }
  const bool query_left = !link_only || policy != MatchPolicy::kManyToOne;
  const bool query_right = !link_only || policy == MatchPolicy::kManyToOne;
  std::vector<std::size_t> begin(static_cast<std::size_t>(num_records) + 1, 0);
  for (const PairDecision& d : decisions) {
    if (!Eligible(d)) continue;
    if (query_left) ++begin[d.left + 1];
    if (query_right) ++begin[d.right + 1];
  }
  for (std::size_t r = 0; r < num_records; ++r) begin[r + 1] += begin[r];
  std::vector<std::size_t> members(begin.back());
  {
    std::vector<std::size_t> fill(begin.begin(), begin.end() - 1);
    for (std::size_t p = 0; p < decisions.size(); ++p) {
      if (!Eligible(decisions[p])) continue;
      if (query_left) members[fill[decisions[p].left]++] = p;
      if (query_right) members[fill[decisions[p].right]++] = p;
    }
  }
  std::vector<std::uint8_t> votes(decisions.size(), kDrop);
  auto vote = [&](std::size_t p, Vote v) {
    votes[p] = std::max<std::uint8_t>(votes[p], v);
  };
  for (std::uint32_t query = 0; query < num_records; ++query) {
    auto first = members.begin() + static_cast<std::ptrdiff_t>(begin[query]);
    auto last = members.begin() + static_cast<std::ptrdiff_t>(begin[query + 1]);
    if (first == last) continue;
    auto other = [&](std::size_t p) {
      return decisions[p].left == query ? decisions[p].right : decisions[p].left;
    };
    std::sort(first, last, [&](std::size_t a, std::size_t b) {
      if (decisions[a].weight != decisions[b].weight) {
        return decisions[a].weight > decisions[b].weight;
      }
      return other(a) < other(b);
    });
    const std::size_t n = static_cast<std::size_t>(last - first);
    switch (policy) {
      case MatchPolicy::kBest:
      case MatchPolicy::kManyToOne:
        vote(*first, kKeep);
        break;
      case MatchPolicy::kTopK:
        for (std::size_t i = 0; i < std::min(n, settings.k); ++i) vote(first[i], kKeep);
        break;
      case MatchPolicy::kBestUnique: {
        const double best = decisions[*first].weight;
        if (n == 1 || (decisions[first[1]].weight != best &&
                       best - decisions[first[1]].weight >= settings.margin_weight)) {
          vote(*first, kKeep);
          break;
        }
        for (auto it = first; it != last; ++it) {
          const double w = decisions[*it].weight;
          if (w == best || best - w < settings.margin_weight) vote(*it, kAmbiguousVote);
        }
        break;
      }
      default:
        break;
    }
  }
  for (std::size_t p = 0; p < decisions.size(); ++p) {
    PairDecision& d = decisions[p];
    if (!Eligible(d)) continue;
    if (votes[p] == kAmbiguousVote) {
      d.decision = std::min(d.decision, Decision::kReview);
      d.reason = DecisionReason::kAmbiguous;
    } else if (votes[p] == kDrop) {
      d.decision = Decision::kNonMatch;
      d.reason = DecisionReason::kNotBest;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<DecideResult> Decide(const RecordTable& table,
                                    std::span<const ScoredPair> pairs,
                                    const DecisionSettings& settings,
                                    LinkType link_type, std::uint32_t num_left) {
  absl::StatusOr<BoundHardRules> hard_rules = settings.hard_rules.Bind(table);
  if (!hard_rules.ok()) return hard_rules.status();
  DecideResult result;
  result.decisions.resize(pairs.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, pairs.size(), 4096),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t p = range.begin(); p != range.end(); ++p) {
                        result.decisions[p] =
                            DecidePair(pairs[p].left, pairs[p].right,
                                       pairs[p].weight, settings, *hard_rules);
                      }
                    });
  if (!std::is_sorted(result.decisions.begin(), result.decisions.end(),
                      [](const PairDecision& a, const PairDecision& b) {
                        return a.left != b.left ? a.left < b.left : a.right < b.right;
                      })) {
    std::sort(result.decisions.begin(), result.decisions.end(),
              [](const PairDecision& a, const PairDecision& b) {
                if (a.left != b.left) return a.left < b.left;
                if (a.right != b.right) return a.right < b.right;
                return a.weight > b.weight;
              });
  }
  absl::Status status = ApplyPolicy(result.decisions, settings.policy, link_type,
                                    num_left, &result.assignment);
  if (!status.ok()) return status;
  for (const PairDecision& d : result.decisions) {
    ++result.counts[static_cast<std::size_t>(d.decision)];
  }
  return result;
}

}  // namespace linkage
