// Copyright 2026 The Linkage Authors.
//
// `linkage evaluate --pairs P --truth T ...`: precision, recall, F1 and
// F-beta at every threshold, the best threshold and confusion counts, for a
// pairs file (from predict, dedupe or link) against ground truth given as
//   a cluster column: --truth records.csv --id-column ID --truth-column C
//     (true pairs are counted over all records, so recall includes matches
//     that blocking never compared), or
//   labelled pairs: --labels labels.csv --label-columns L,R,SCORE
//     (precision and recall over the labelled pairs only; a labelled pair
//     missing from the pairs file counts as not linked).
// With --clusters clusters.csv (record_id, cluster_id) it also reports
// cluster-level pairwise metrics.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "boost/program_options.hpp"
#include "linkage/cli/command.h"
#include "linkage/cli/job_common.h"
#include "linkage/evaluation.h"
#include "linkage/output.h"
#include "linkage/row_source.h"
#include "linkage/scoring.h"

namespace linkage::cli {
namespace {

namespace po = boost::program_options;

struct Columns {
  std::vector<std::size_t> index;
};

absl::StatusOr<std::unique_ptr<RowSource>> Open(const std::string& path) {
  InputOptions options;
  options.format = "csv";
  return OpenRowSource(path, options);
}


}  // namespace

int EvaluateMain(std::span<const std::string> args) {
  po::options_description options(
      "Usage: linkage evaluate --pairs FILE (--truth FILE | --labels FILE) [options]\n\n"
      "Precision, recall, F1 and F-beta at every threshold of a pairs file.\n\nOptions");
  std::string pairs_path, truth_path, labels_path, clusters_path, out_csv, out_json;
  std::string id_column = "record_id", truth_column = "cluster";
  std::string label_columns = "unique_id_l,unique_id_r,clerical_match_score";
  double beta = 1.0;
  options.add_options()
      ("help,h", "show this help")
      ("pairs,p", po::value(&pairs_path)->required(),
       "pairs CSV with left_id, right_id, match_weight")
      ("truth", po::value(&truth_path), "records CSV with an id and a cluster column")
      ("id-column", po::value(&id_column)->default_value("record_id"), "id column of --truth")
      ("truth-column", po::value(&truth_column)->default_value("cluster"),
       "cluster column of --truth")
      ("labels", po::value(&labels_path), "labelled pairs CSV")
      ("label-columns", po::value(&label_columns)->default_value(label_columns),
       "left id, right id and label columns of --labels (label >= 0.5 = match)")
      ("clusters", po::value(&clusters_path), "clusters CSV (record_id, cluster_id)")
      ("beta", po::value(&beta)->default_value(1.0), "beta of F-beta")
      ("out-csv", po::value(&out_csv), "write the curve (one row per threshold) here")
      ("out-json", po::value(&out_json), "write the full report as JSON here");
  po::variables_map vars;
  if (auto exit = ParseCommandLine("evaluate", options, args, &vars)) return *exit;
  if (truth_path.empty() == labels_path.empty()) {
    std::cerr << "linkage evaluate: give exactly one of --truth and --labels\n";
    return kExitUsage;
  }
  if (!(beta > 0)) {
    std::cerr << "linkage evaluate: --beta must be positive\n";
    return kExitUsage;
  }

  // Record ids -> dense indexes, shared by truth, pairs and clusters.
  absl::flat_hash_map<std::string, std::uint32_t> index;
  std::vector<std::string> truth;  // cluster per index
  auto id_of = [&](std::string_view id) {
    auto [it, added] = index.try_emplace(std::string(id), static_cast<std::uint32_t>(truth.size()));
    if (added) truth.emplace_back();
    return it->second;
  };
  nlohmann::json report;
  report["pairs"] = pairs_path;

  if (!truth_path.empty()) {
    absl::StatusOr<std::unique_ptr<RowSource>> source = Open(truth_path);
    if (!source.ok()) return FailWith("evaluate", source.status());
    absl::StatusOr<std::size_t> id = RequireColumn(**source, id_column, "--id-column");
    if (!id.ok()) return FailWith("evaluate", id.status());
    absl::StatusOr<std::size_t> cluster = RequireColumn(**source, truth_column, "--truth-column");
    if (!cluster.ok()) return FailWith("evaluate", cluster.status());
    for (;;) {
      absl::StatusOr<bool> more = (*source)->Next();
      if (!more.ok()) return FailWith("evaluate", more.status());
      if (!*more) break;
      truth[id_of((*source)->fields()[*id])] = std::string((*source)->fields()[*cluster]);
    }
  }

  // Scored pairs.
  std::vector<WeightedPair> pairs;
  {
    absl::StatusOr<std::unique_ptr<RowSource>> source = Open(pairs_path);
    if (!source.ok()) return FailWith("evaluate", source.status());
    std::size_t columns[3];
    const char* names[3] = {"left_id", "right_id", "match_weight"};
    for (int c = 0; c < 3; ++c) {
      absl::StatusOr<std::size_t> i = RequireColumn(**source, names[c], "evaluate");
      if (!i.ok()) return FailWith("evaluate", i.status());
      columns[c] = *i;
    }
    for (;;) {
      absl::StatusOr<bool> more = (*source)->Next();
      if (!more.ok()) return FailWith("evaluate", more.status());
      if (!*more) break;
      const auto f = (*source)->fields();
      double weight = 0;
      if (!absl::SimpleAtod(absl::string_view(f[columns[2]].data(), f[columns[2]].size()),
                            &weight)) {
        return FailWith("evaluate", absl::InvalidArgumentError(absl::StrFormat(
                                        "%s:%d: match_weight \"%s\" is not a number",
                                        pairs_path, (*source)->line(), f[columns[2]])));
      }
      std::uint32_t a = id_of(f[columns[0]]), b = id_of(f[columns[1]]);
      if (a > b) std::swap(a, b);
      pairs.push_back({a, b, weight});
    }
  }

  PairwiseEvaluation e;
  if (!truth_path.empty()) {
    e = EvaluatePairs(pairs, truth, LinkType::kDedupeOnly, 0, beta);
  } else {
    // Labelled pairs: the "truth" is the labels; unlabelled pairs are ignored.
    absl::StatusOr<std::unique_ptr<RowSource>> source = Open(labels_path);
    if (!source.ok()) return FailWith("evaluate", source.status());
    std::vector<std::string> names = absl::StrSplit(label_columns, ',');
    if (names.size() != 3) {
      std::cerr << "linkage evaluate: --label-columns needs three names\n";
      return kExitUsage;
    }
    std::size_t columns[3];
    for (int c = 0; c < 3; ++c) {
      absl::StatusOr<std::size_t> i = RequireColumn(**source, names[c], "--label-columns");
      if (!i.ok()) return FailWith("evaluate", i.status());
      columns[c] = *i;
    }
    absl::flat_hash_map<std::uint64_t, bool> labels;
    for (;;) {
      absl::StatusOr<bool> more = (*source)->Next();
      if (!more.ok()) return FailWith("evaluate", more.status());
      if (!*more) break;
      const auto f = (*source)->fields();
      double score = 0;
      if (!absl::SimpleAtod(absl::string_view(f[columns[2]].data(), f[columns[2]].size()),
                            &score)) {
        return FailWith("evaluate", absl::InvalidArgumentError(absl::StrFormat(
                                        "%s:%d: label \"%s\" is not a number", labels_path,
                                        (*source)->line(), f[columns[2]])));
      }
      std::uint32_t a = id_of(f[columns[0]]), b = id_of(f[columns[1]]);
      if (a > b) std::swap(a, b);
      labels[(std::uint64_t(a) << 32) | b] = score >= 0.5;
    }
    std::uint64_t positives = 0;
    for (const auto& [key, match] : labels) positives += match;
    std::vector<WeightedPair> labelled;
    std::vector<std::string> fake_truth(truth.size());
    // Express each labelled pair's truth as a tiny cluster so that
    // EvaluatePairs can be reused: only labelled pairs are kept.
    for (const WeightedPair& p : pairs) {
      auto it = labels.find((std::uint64_t(p.left) << 32) | p.right);
      if (it != labels.end()) labelled.push_back(p);
    }
    std::sort(labelled.begin(), labelled.end(), [](const WeightedPair& x, const WeightedPair& y) {
      return x.weight > y.weight;
    });
    std::uint64_t tp = 0, fp = 0;
    const double b2 = beta * beta;
    for (std::size_t i = 0; i < labelled.size(); ++i) {
      const bool match = labels[(std::uint64_t(labelled[i].left) << 32) | labelled[i].right];
      (match ? tp : fp) += 1;
      if (i + 1 < labelled.size() && labelled[i + 1].weight == labelled[i].weight) continue;
      ThresholdMetrics m;
      m.threshold_weight = labelled[i].weight;
      m.threshold_probability = WeightToProbability(labelled[i].weight);
      m.true_positives = tp;
      m.false_positives = fp;
      m.false_negatives = positives - tp;
      m.precision = double(tp) / double(tp + fp);
      m.recall = positives == 0 ? 0 : double(tp) / positives;
      m.f1 = m.precision + m.recall == 0 ? 0 : 2 * m.precision * m.recall / (m.precision + m.recall);
      const double d = b2 * m.precision + m.recall;
      m.f_beta = d == 0 ? 0 : (1 + b2) * m.precision * m.recall / d;
      if (m.f1 > e.best_f1.f1) e.best_f1 = m;
      if (m.f_beta > e.best_f_beta.f_beta) e.best_f_beta = m;
      e.curve.push_back(m);
    }
    e.true_pairs = positives;
    e.scored_pairs = pairs.size();
    e.true_pairs_scored = tp;
    e.beta = beta;
    report["labelled_pairs"] = labels.size();
  }
  report["true_pairs"] = e.true_pairs;
  report["scored_pairs"] = e.scored_pairs;
  report["true_pairs_scored"] = e.true_pairs_scored;
  report["best_f1"] = ThresholdMetricsToJson(e.best_f1);
  report["best_f_beta"] = ThresholdMetricsToJson(e.best_f_beta);
  report["beta"] = beta;
  nlohmann::json curve = nlohmann::json::array();
  for (const ThresholdMetrics& m : e.curve) curve.push_back(ThresholdMetricsToJson(m));
  report["curve"] = std::move(curve);

  if (!clusters_path.empty()) {
    if (truth_path.empty()) {
      std::cerr << "linkage evaluate: --clusters needs --truth\n";
      return kExitUsage;
    }
    absl::StatusOr<std::unique_ptr<RowSource>> source = Open(clusters_path);
    if (!source.ok()) return FailWith("evaluate", source.status());
    absl::StatusOr<std::size_t> rid = RequireColumn(**source, "record_id", "evaluate");
    absl::StatusOr<std::size_t> cid = RequireColumn(**source, "cluster_id", "evaluate");
    if (!rid.ok()) return FailWith("evaluate", rid.status());
    if (!cid.ok()) return FailWith("evaluate", cid.status());
    std::vector<std::pair<std::uint32_t, std::string>> assigned;
    for (;;) {
      absl::StatusOr<bool> more = (*source)->Next();
      if (!more.ok()) return FailWith("evaluate", more.status());
      if (!*more) break;
      const auto f = (*source)->fields();
      assigned.emplace_back(id_of(f[*rid]), std::string(f[*cid]));
    }
    // Records missing from the clusters file count as singletons.
    std::vector<std::string> predicted(truth.size());
    for (auto& [index, cluster] : assigned) predicted[index] = std::move(cluster);
    report["clusters"] =
        EvaluateClusters(predicted, truth, LinkType::kDedupeOnly, 0).ToJson();
  }

  if (!out_csv.empty()) {
    std::string csv =
        "threshold_weight,threshold_probability,true_positives,false_positives,"
        "false_negatives,precision,recall,f1,f_beta\n";
    for (const ThresholdMetrics& m : e.curve) {
      absl::StrAppendFormat(&csv, "%.6f,%.9g,%d,%d,%d,%.6f,%.6f,%.6f,%.6f\n", m.threshold_weight,
                            m.threshold_probability, m.true_positives, m.false_positives,
                            m.false_negatives, m.precision, m.recall, m.f1, m.f_beta);
    }
    if (absl::Status s = WriteFileAtomically(out_csv, csv); !s.ok()) return FailWith("evaluate", s);
  }
  if (!out_json.empty()) {
    if (absl::Status s = WriteFileAtomically(out_json, report.dump(2) + "\n"); !s.ok()) {
      return FailWith("evaluate", s);
    }
  }
  std::cout << absl::StrFormat(
      "true pairs %d, scored pairs %d, true pairs scored %d\n"
      "best F1 %.4f at weight >= %.4f (probability %.6f): precision %.4f recall %.4f "
      "(TP %d, FP %d, FN %d)\n",
      e.true_pairs, e.scored_pairs, e.true_pairs_scored, e.best_f1.f1,
      e.best_f1.threshold_weight, e.best_f1.threshold_probability, e.best_f1.precision,
      e.best_f1.recall, e.best_f1.true_positives, e.best_f1.false_positives,
      e.best_f1.false_negatives);
  if (beta != 1.0) {
    std::cout << absl::StrFormat("best F%.2g %.4f at weight >= %.4f\n", beta,
                                 e.best_f_beta.f_beta, e.best_f_beta.threshold_weight);
  }
  if (report.contains("clusters")) {
    const auto& c = report["clusters"];
    std::cout << absl::StrFormat("clusters: %d, pairwise precision %.4f recall %.4f F1 %.4f\n",
                                 c["clusters"].get<std::uint64_t>(), c["precision"].get<double>(),
                                 c["recall"].get<double>(), c["f1"].get<double>());
  }
  return kExitOk;
}

}  // namespace linkage::cli
