// Copyright 2026 The Linkage Authors.
#include "linkage/evaluation.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"
#include "linkage/scoring.h"

namespace linkage {

nlohmann::json ThresholdMetricsToJson(const ThresholdMetrics& m) {
  return {{"threshold_weight", m.threshold_weight},
          {"threshold_probability", m.threshold_probability},
          {"true_positives", m.true_positives},
          {"false_positives", m.false_positives},
          {"false_negatives", m.false_negatives},
          {"precision", m.precision},
          {"recall", m.recall},
          {"f1", m.f1},
          {"f_beta", m.f_beta}};
}

std::uint64_t CountTruePairs(std::span<const std::string> truth, LinkType link_type,
                             std::uint32_t num_left) {
  struct Sides {
    std::uint64_t left = 0, right = 0;
  };
  absl::flat_hash_map<std::string, Sides> clusters;
  for (std::uint32_t r = 0; r < truth.size(); ++r) {
    if (truth[r].empty()) continue;
    Sides& s = clusters[truth[r]];
    if (link_type != LinkType::kDedupeOnly && r >= num_left) {
      ++s.right;
    } else {
      ++s.left;
    }
  }
  std::uint64_t pairs = 0;
  for (const auto& [id, s] : clusters) {
    if (link_type == LinkType::kLinkOnly) {
      pairs += s.left * s.right;
    } else {
      const std::uint64_t n = s.left + s.right;
      pairs += n * (n - 1) / 2;
    }
  }
  return pairs;
}

nlohmann::json ClusterMetrics::ToJson() const {
  return {{"clusters", clusters},       {"entities", entities},
          {"predicted_pairs", predicted_pairs}, {"true_pairs", true_pairs},
          {"true_positives", true_positives},   {"precision", precision},
          {"recall", recall},           {"f1", f1}};
}

ClusterMetrics EvaluateClusters(std::span<const std::string> predicted,
                                std::span<const std::string> truth,
                                LinkType link_type, std::uint32_t num_left) {
  // Left and right members per predicted cluster, and per (predicted, true)
  // cell; pairs are C(n, 2), or left x right for link_only.
  struct Sides {
    std::uint64_t left = 0, right = 0;
    std::uint64_t Pairs(LinkType type) const {
      if (type == LinkType::kLinkOnly) return left * right;
      const std::uint64_t n = left + right;
      return n * (n - 1) / 2;
    }
  };
  absl::flat_hash_map<std::string, Sides> clusters;
  absl::flat_hash_map<std::string, Sides> cells;
  absl::flat_hash_map<std::string, bool> entities;
  ClusterMetrics m;
  for (std::size_t r = 0; r < predicted.size(); ++r) {
    const bool right = link_type != LinkType::kDedupeOnly && r >= num_left;
    if (predicted[r].empty()) {
      ++m.clusters;  // a singleton
    } else {
      Sides& s = clusters[predicted[r]];
      (right ? s.right : s.left) += 1;
    }
    if (truth[r].empty()) continue;
    entities[truth[r]] = true;
    if (predicted[r].empty()) continue;
    Sides& c = cells[absl::StrCat(predicted[r].size(), ":", predicted[r], truth[r])];
    (right ? c.right : c.left) += 1;
  }
  m.clusters += clusters.size();
  m.entities = entities.size();
  for (const auto& [id, s] : clusters) m.predicted_pairs += s.Pairs(link_type);
  for (const auto& [id, s] : cells) m.true_positives += s.Pairs(link_type);
  m.true_pairs = CountTruePairs(truth, link_type, num_left);
  m.precision = m.predicted_pairs == 0 ? 0 : double(m.true_positives) / m.predicted_pairs;
  m.recall = m.true_pairs == 0 ? 0 : double(m.true_positives) / m.true_pairs;
  m.f1 = m.precision + m.recall == 0 ? 0 : 2 * m.precision * m.recall / (m.precision + m.recall);
  return m;
}

PairwiseEvaluation EvaluatePairs(std::span<const WeightedPair> pairs,
                                 std::span<const std::string> truth,
                                 LinkType link_type, std::uint32_t num_left,
                                 double beta) {
  PairwiseEvaluation e;
  e.beta = beta;
  e.true_pairs = CountTruePairs(truth, link_type, num_left);
  e.scored_pairs = pairs.size();
  std::vector<WeightedPair> sorted(pairs.begin(), pairs.end());
  std::sort(sorted.begin(), sorted.end(), [](const WeightedPair& a, const WeightedPair& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.left != b.left ? a.left < b.left : a.right < b.right;
  });
  const double b2 = beta * beta;
  std::uint64_t tp = 0, fp = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const WeightedPair& p = sorted[i];
    const bool match = !truth[p.left].empty() && truth[p.left] == truth[p.right];
    (match ? tp : fp) += 1;
    if (i + 1 < sorted.size() && sorted[i + 1].weight == p.weight) continue;
    ThresholdMetrics m;
    m.threshold_weight = p.weight;
    m.threshold_probability = WeightToProbability(p.weight);
    m.true_positives = tp;
    m.false_positives = fp;
    m.false_negatives = e.true_pairs - tp;
    m.precision = static_cast<double>(tp) / static_cast<double>(tp + fp);
    m.recall = e.true_pairs == 0 ? 0 : static_cast<double>(tp) / e.true_pairs;
    const double pr = m.precision + m.recall;
    m.f1 = pr == 0 ? 0 : 2 * m.precision * m.recall / pr;
    const double denom = b2 * m.precision + m.recall;
    m.f_beta = denom == 0 ? 0 : (1 + b2) * m.precision * m.recall / denom;
    if (m.f1 > e.best_f1.f1) e.best_f1 = m;
    if (m.f_beta > e.best_f_beta.f_beta) e.best_f_beta = m;
    e.curve.push_back(m);
  }
  e.true_pairs_scored = tp;
  return e;
}

}  // namespace linkage
