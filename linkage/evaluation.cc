// Copyright 2026 The Linkage Authors.
#include "linkage/evaluation.h"

#include <algorithm>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "tbb/parallel_sort.h"
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

namespace {

// Left and right members of a cluster; the pairs they make are C(n, 2), or
// left x right for link_only.
struct Sides {
  std::uint64_t left = 0, right = 0;
  std::uint64_t Pairs(LinkType type) const {
    if (type == LinkType::kLinkOnly) return left * right;
    const std::uint64_t n = left + right;
    return n * (n - 1) / 2;
  }
};

bool IsRight(LinkType link_type, std::size_t record, std::uint32_t num_left) {
  return link_type != LinkType::kDedupeOnly && record >= num_left;
}

std::uint64_t CountTruePairsOf(const Labels& truth, LinkType link_type,
                               std::uint32_t num_left) {
  std::vector<Sides> clusters(truth.count + 1);
  for (std::size_t r = 0; r < truth.ids.size(); ++r) {
    if (truth.ids[r] == 0) continue;
    Sides& s = clusters[truth.ids[r]];
    (IsRight(link_type, r, num_left) ? s.right : s.left) += 1;
  }
  std::uint64_t pairs = 0;
  for (std::size_t id = 1; id < clusters.size(); ++id) pairs += clusters[id].Pairs(link_type);
  return pairs;
}

// InternLabels() over any indexable column of string-likes.
template <typename Texts>
Labels InternTexts(const Texts& labels) {
  // A comparison of two records' labels is then an integer compare, not
  // two reads of strings scattered over the heap.
  Labels out;
  out.ids.assign(labels.size(), 0);
  absl::flat_hash_map<std::string_view, std::uint32_t> ids;
  ids.reserve(labels.size());
  for (std::size_t r = 0; r < labels.size(); ++r) {
    const std::string_view label = labels[r];
    if (label.empty()) continue;
    auto [it, added] = ids.try_emplace(label, out.count + 1);
    if (added) ++out.count;
    out.ids[r] = it->second;
  }
  return out;
}

}  // namespace

Labels InternLabels(std::span<const std::string> labels) { return InternTexts(labels); }

Labels InternLabels(const TextColumn& labels) { return InternTexts(labels); }

std::uint64_t CountTruePairs(std::span<const std::string> truth, LinkType link_type,
                             std::uint32_t num_left) {
  return CountTruePairsOf(InternLabels(truth), link_type, num_left);
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
  return EvaluateClusters(InternLabels(predicted), InternLabels(truth), link_type, num_left);
}

ClusterMetrics EvaluateClusters(const Labels& predicted_ids, const Labels& truth_ids,
                                LinkType link_type, std::uint32_t num_left) {
  // Members per predicted cluster, and per (predicted, true) cell.
  std::vector<Sides> clusters(predicted_ids.count + 1);
  absl::flat_hash_map<std::uint64_t, Sides> cells;
  ClusterMetrics m;
  for (std::size_t r = 0; r < predicted_ids.ids.size(); ++r) {
    const bool right = IsRight(link_type, r, num_left);
    const std::uint32_t p = predicted_ids.ids[r];
    if (p == 0) {
      ++m.clusters;  // a singleton
    } else {
      (right ? clusters[p].right : clusters[p].left) += 1;
    }
    const std::uint32_t t = truth_ids.ids[r];
    if (t == 0 || p == 0) continue;
    Sides& c = cells[(static_cast<std::uint64_t>(p) << 32) | t];
    (right ? c.right : c.left) += 1;
  }
  m.clusters += predicted_ids.count;
  m.entities = truth_ids.count;
  for (std::size_t id = 1; id < clusters.size(); ++id) {
    m.predicted_pairs += clusters[id].Pairs(link_type);
  }
  for (const auto& [cell, s] : cells) m.true_positives += s.Pairs(link_type);
  m.true_pairs = CountTruePairsOf(truth_ids, link_type, num_left);
  m.precision = m.predicted_pairs == 0 ? 0 : double(m.true_positives) / m.predicted_pairs;
  m.recall = m.true_pairs == 0 ? 0 : double(m.true_positives) / m.true_pairs;
  m.f1 = m.precision + m.recall == 0 ? 0 : 2 * m.precision * m.recall / (m.precision + m.recall);
  return m;
}

PairwiseEvaluation EvaluatePairs(std::span<const WeightedPair> pairs,
                                 std::span<const std::string> truth,
                                 LinkType link_type, std::uint32_t num_left,
                                 double beta, bool keep_curve) {
  return EvaluatePairs(pairs, InternLabels(truth), link_type, num_left, beta, keep_curve);
}

PairwiseEvaluation EvaluatePairs(std::span<const WeightedPair> pairs, const Labels& truth_ids,
                                 LinkType link_type, std::uint32_t num_left,
                                 double beta, bool keep_curve) {
  PairwiseEvaluation e;
  e.beta = beta;
  e.true_pairs = CountTruePairsOf(truth_ids, link_type, num_left);
  e.scored_pairs = pairs.size();
  std::vector<WeightedPair> sorted(pairs.begin(), pairs.end());
  // A total order (pairs are distinct), so the parallel sort is deterministic.
  tbb::parallel_sort(sorted.begin(), sorted.end(),
                     [](const WeightedPair& a, const WeightedPair& b) {
                       if (a.weight != b.weight) return a.weight > b.weight;
                       return a.left != b.left ? a.left < b.left : a.right < b.right;
                     });
  const double b2 = beta * beta;
  std::uint64_t tp = 0, fp = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const WeightedPair& p = sorted[i];
    const bool match =
        truth_ids.ids[p.left] != 0 && truth_ids.ids[p.left] == truth_ids.ids[p.right];
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
    if (keep_curve) e.curve.push_back(m);
  }
  e.true_pairs_scored = tp;
  return e;
}

}  // namespace linkage
