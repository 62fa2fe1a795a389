// Copyright 2026 The Linkage Authors.
#include "linkage/batch_job.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/aligned_allocator.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "linkage/clustering.h"
#include "linkage/config.h"
#include "linkage/csv_writer.h"
#include "linkage/decisions.h"
#include "linkage/evaluation.h"
#include "linkage/model.h"
#include "linkage/output.h"
#include "linkage/scoring.h"
#include "linkage/table_reader.h"
#include "linkage/training.h"
#include "re2/re2.h"
#include "tbb/blocked_range.h"
#include "tbb/global_control.h"
#include "tbb/parallel_for.h"
#include "tbb/parallel_invoke.h"

namespace linkage {
namespace {

double PeakMemoryMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

class Phases {
 public:
  explicit Phases(const std::function<void(const std::string&)>& log) : log_(log) {}
  void Start(std::string name) {
    name_ = std::move(name);
    start_ = Clock::now();
    if (log_) log_(name_ + " ...");
  }
  void End(const std::string& detail = "") {
    const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    const double peak = PeakMemoryMiB();
    json_.push_back({{"phase", name_}, {"seconds", seconds}, {"peak_memory_mib", peak}});
    total_ += seconds;
    if (log_) {
      log_(absl::StrFormat("%s done in %.2fs%s%s", name_, seconds,
                           detail.empty() ? "" : ": ", detail));
    }
  }
  nlohmann::json json() const { return json_; }
  double total() const { return total_; }

 private:
  using Clock = std::chrono::steady_clock;
  std::function<void(const std::string&)> log_;
  std::string name_;
  Clock::time_point start_;
  nlohmann::json json_ = nlohmann::json::array();
  double total_ = 0;
};

// One line of pairs.csv / review.csv.
void AppendPairLine(std::string* line, const RecordTable& table, const PairDecision& d,
                    const DecisionSettings& settings, int rule) {
  AppendCsvField(line, table.record_id(d.left));
  *line += ',';
  AppendCsvField(line, table.record_id(d.right));
  *line += ',';
  AppendDouble(line, d.weight, std::chars_format::fixed, 6);
  *line += ',';
  AppendDouble(line, d.probability, std::chars_format::general, 9);
  *line += ',';
  line->append(MatchGradeName(d.grade));
  *line += ',';
  line->append(DecisionName(d.decision));
  *line += ',';
  AppendCsvField(line, DescribeReason(d, settings));
  absl::StrAppend(line, ",", rule, "\n");
}

// Appends lines [0, n) to `out` in order, line i written by format(i, text):
// blocks of lines are formatted in parallel, a bounded round at a time.
template <typename Format>
absl::Status WriteLines(AtomicFileWriter& out, std::size_t n, Format format) {
  constexpr std::size_t kBlock = std::size_t{1} << 14;  // lines
  constexpr std::size_t kRound = 32;                    // blocks held at once
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  std::vector<std::string> texts;
  for (std::size_t first = 0; first < blocks; first += kRound) {
    const std::size_t last = std::min(blocks, first + kRound);
    texts.assign(last - first, std::string());
    tbb::parallel_for(first, last, [&](std::size_t block) {
      std::string* text = &texts[block - first];
      const std::size_t end = std::min(n, (block + 1) * kBlock);
      for (std::size_t i = block * kBlock; i < end; ++i) format(i, text);
    });
    for (const std::string& text : texts) {
      if (absl::Status s = out.Append(text); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

// The clusters as labels: a cluster's id is its representative, so records
// share a label exactly when they share a cluster id (no strings needed).
Labels ClusterLabels(const ClusterResult& clusters) {
  const std::size_t n = clusters.representative.size();
  Labels labels;
  labels.ids.resize(n);
  std::vector<std::uint32_t> id_of(n, 0);
  for (std::size_t r = 0; r < n; ++r) {
    std::uint32_t& id = id_of[clusters.representative[r]];
    if (id == 0) id = ++labels.count;
    labels.ids[r] = id;
  }
  return labels;
}

}  // namespace

absl::StatusOr<nlohmann::json> RunBatchJob(const BatchJobOptions& options) {
  auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  Phases phases(options.log);
  nlohmann::json summary;

  absl::StatusOr<Config> config = LoadConfig(options.config_path);
  if (!config.ok()) return config.status();
  absl::StatusOr<Model> model = Model::FromConfig(*config);
  if (!model.ok()) return model.status();
  if (model->link_type() != options.link_type &&
      !(options.link_type == LinkType::kLinkOnly &&
        model->link_type() == LinkType::kLinkAndDedupe)) {
    return absl::InvalidArgumentError(absl::StrCat(
        options.config_path, ": link_type is ", ToAbsl(LinkTypeName(model->link_type())),
        ", but this command runs ", ToAbsl(LinkTypeName(options.link_type)),
        " (use linkage dedupe for dedupe_only, linkage link for link jobs)"));
  }
  const std::size_t needed_inputs = model->link_type() == LinkType::kDedupeOnly ? 1 : 2;
  if (options.inputs.size() != needed_inputs) {
    return absl::InvalidArgumentError(absl::StrCat(
        ToAbsl(LinkTypeName(model->link_type())), " needs ", needed_inputs,
        " input file(s); got ", options.inputs.size()));
  }
  const bool has_truth = !options.truth_column.empty() || !options.truth_id_regex.empty();
  std::unique_ptr<RE2> truth_regex;
  if (!options.truth_id_regex.empty()) {
    truth_regex = std::make_unique<RE2>(options.truth_id_regex);
    if (!truth_regex->ok() || truth_regex->NumberOfCapturingGroups() < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "truth id pattern \"", options.truth_id_regex,
          "\" must be a valid RE2 pattern with a capture group: ", truth_regex->error()));
    }
  }
  if (options.train_m_from_truth && !has_truth) {
    return absl::InvalidArgumentError("training m from truth needs a truth column");
  }
  absl::StatusOr<DecisionSettings> decisions = ParseDecisions(
      model->config().document.contains("decisions") ? model->config().document["decisions"]
                                                     : nlohmann::json(nullptr),
      model->schema(), "$.decisions");
  if (!decisions.ok()) {
    return absl::Status(decisions.status().code(),
                        absl::StrCat(options.config_path, ": ", decisions.status().message()));
  }
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.out_dir, ": cannot create output folder: ", ec.message()));
  }

  // Read and normalise.
  phases.Start("read and normalise");
  ReadOptions read;
  if (!options.truth_column.empty()) read.extra_columns = {options.truth_column};
  read.log = options.log;
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(*model, options.inputs, read);
  if (!loaded.ok()) return loaded.status();
  const RecordTable& table = loaded->table;
  TextColumn truth;
  if (!options.truth_column.empty()) {
    truth = std::move(loaded->extra[0]);
  } else if (truth_regex) {
    std::string label;
    for (std::size_t r = 0; r < table.num_records(); ++r) {
      const std::string_view id = table.record_id(r);
      label.clear();
      RE2::PartialMatch(re2::StringPiece(id.data(), id.size()), *truth_regex, &label);
      truth.Append(label);
    }
  }
  const std::uint32_t num_left =
      model->link_type() == LinkType::kDedupeOnly ? 0 : table.source_begin(1);
  phases.End(absl::StrFormat("%d records, %.1f MB, %.0f bytes/record in the table",
                             table.num_records(), loaded->bytes_read / 1e6,
                             double(table.MemoryBytes()) / std::max<std::size_t>(1, table.num_records())));
  summary["records"] = table.num_records();
  summary["table_bytes_per_record"] =
      double(table.MemoryBytes()) / std::max<std::size_t>(1, table.num_records());

  // Train. Training's prepared comparisons (features of every dictionary
  // value) are handed on to the scorer, and the value hashes of its
  // blocking keys to the prediction rules' keys.
  std::optional<PreparedComparisons> prepared;
  KeyHashCache key_cache(table);
  const bool trained = model->CheckTrained().ok();
  if (!trained || options.retrain || options.train_m_from_truth) {
    phases.Start("train");
    TrainOptions train;
    if (options.train_m_from_truth) train.truth = truth.ToStrings();
    train.log = options.log;
    absl::StatusOr<PreparedComparisons> created =
        PreparedComparisons::Create(model->comparisons(), table);
    if (!created.ok()) return created.status();
    prepared.emplace(*std::move(created));
    train.prepared = &*prepared;
    train.key_cache = &key_cache;
    absl::StatusOr<TrainingReport> report = Train(table, &*model, train);
    if (!report.ok()) return report.status();
    summary["training"] = report->json;
    phases.End();
  }
  // The model file (with its term-frequency tables, a serial ~30 ms on 1M
  // records) is written by its own thread while blocking and scoring run:
  // the model is not changed after training. Joined, and its error
  // returned, at the end of the phase (or by the future's destructor on an
  // early return).
  std::future<absl::Status> model_written =
      std::async(std::launch::async, [&model, path = options.out_dir + "/model.json"] {
        return WriteFileAtomically(path, model->ToJson().dump(2) + "\n");
      });

  // Block and score.
  phases.Start("block and score");
  absl::StatusOr<Scorer> scorer = prepared ? Scorer::Create(*model, table, *std::move(prepared))
                                            : Scorer::Create(*model, table);
  if (!scorer.ok()) return scorer.status();
  absl::StatusOr<BlockingKeys> keys = model->prediction_rules().ComputeKeys(table, &key_cache);
  if (!keys.ok()) return keys.status();
  CandidateOptions candidate_options;
  candidate_options.link_type = model->link_type();
  candidate_options.num_left = num_left;
  PredictOptions predict;
  predict.threshold_weight =
      std::min(decisions->thresholds.review_weight, decisions->thresholds.match_weight);
  if (has_truth) {
    predict.threshold_weight = std::min(predict.threshold_weight, kTruthSweepThresholdWeight);
  }
  predict.progress = [&](std::uint64_t n) { log(absl::StrFormat("%d pairs scored", n)); };
  absl::StatusOr<PredictResult> predicted =
      Predict(*scorer, *keys, candidate_options, predict);
  if (!predicted.ok()) return predicted.status();
  for (const OversizedBlock& block : predicted->candidates.oversized_blocks) {
    log(absl::StrFormat("warning: skipped a block of %d records (%s)", block.size,
                        model->prediction_rules().KeyLabel(table, block.rule,
                                                           block.example_record)));
  }
  if (absl::Status s = model_written.get(); !s.ok()) return s;
  phases.End(absl::StrFormat("%d pairs compared", predicted->candidates.total_pairs()));
  summary["pairs_compared"] = predicted->candidates.total_pairs();
  summary["pairs_compared_per_rule"] = predicted->candidates.pairs_per_rule;

  // Decide and cluster.
  phases.Start("decide and cluster");
  std::vector<ScoredPair> kept;
  kept.reserve(predicted->pairs.size());
  for (const ScoredPair& p : predicted->pairs) {
    if (p.weight >= decisions->thresholds.review_weight) kept.push_back(p);
  }
  absl::StatusOr<DecideResult> decided =
      Decide(table, kept, *decisions, model->link_type(), num_left);
  if (!decided.ok()) return decided.status();
  ClusterResult clusters = Cluster(table, decided->decisions, decisions->clustering);
  for (const std::string& warning : clusters.warnings) log("warning: " + warning);
  phases.End(absl::StrFormat("%d matches, %d reviews, %d clusters",
                             decided->counts[2], decided->counts[1],
                             clusters.clusters.size()));
  summary["matches"] = decided->counts[static_cast<int>(Decision::kMatch)];
  summary["reviews"] = decided->counts[static_cast<int>(Decision::kReview)];
  summary["clusters"] = clusters.clusters.size();
  summary["refused_merges"] = clusters.refused.size();
  std::size_t largest = 0;
  for (const ClusterInfo& c : clusters.clusters) largest = std::max<std::size_t>(largest, c.size);
  summary["largest_cluster"] = largest;

  // Write.
  phases.Start("write");
  {
    absl::StatusOr<std::unique_ptr<AtomicFileWriter>> pairs_out =
        AtomicFileWriter::Create(options.out_dir + "/pairs.csv");
    if (!pairs_out.ok()) return pairs_out.status();
    absl::StatusOr<std::unique_ptr<AtomicFileWriter>> review_out =
        AtomicFileWriter::Create(options.out_dir + "/review.csv");
    if (!review_out.ok()) return review_out.status();
    const std::string header =
        "left_id,right_id,match_weight,match_probability,match_grade,decision,reason,"
        "blocking_rule\n";
    // The blocking rule that found each decided pair (0 for a pair no rule
    // found): `kept` is sorted by (left, right), left < right, as Predict()
    // returns its pairs, and so are the decisions, so each slice of them
    // walks `kept` from one binary search instead of searching per pair.
    const std::vector<PairDecision>& decided_pairs = decided->decisions;
    std::vector<std::uint8_t> rule_of(decided_pairs.size(), 0);
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, decided_pairs.size(), 1 << 14),
        [&](const tbb::blocked_range<std::size_t>& range) {
          const auto key = [&](std::size_t i) {
            const PairDecision& d = decided_pairs[i];
            return std::pair(std::min(d.left, d.right), std::max(d.left, d.right));
          };
          const auto before = [](const ScoredPair& p,
                                 const std::pair<std::uint32_t, std::uint32_t>& k) {
            return std::pair(p.left, p.right) < k;
          };
          auto it = kept.begin();
          for (std::size_t i = range.begin(); i != range.end(); ++i) {
            const std::pair<std::uint32_t, std::uint32_t> k = key(i);
            if (i == range.begin() || (it != kept.begin() && !before(*(it - 1), k))) {
              it = std::lower_bound(kept.begin(), kept.end(), k, before);  // (re)start
            } else {
              while (it != kept.end() && before(*it, k)) ++it;
            }
            if (it != kept.end() && it->left == k.first && it->right == k.second) {
              rule_of[i] = it->rule;
            }
          }
        });
    const auto append_line = [&](std::size_t i, std::string* text) {
      AppendPairLine(text, table, decided_pairs[i], *decisions, rule_of[i]);
    };
    absl::StatusOr<std::unique_ptr<AtomicFileWriter>> clusters_out =
        AtomicFileWriter::Create(options.out_dir + "/clusters.csv");
    if (!clusters_out.ok()) return clusters_out.status();
    // The pairs (and reviews) and the clusters are written side by side:
    // each file's writes are serial, and overlap the other's formatting.
    // Each file goes to disk as soon as it is written, so that the commits'
    // fsyncs below have less left to wait for.
    const auto write_pairs = [&]() -> absl::Status {
      LINKAGE_RETURN_IF_ERROR((*pairs_out)->Append(header));
      LINKAGE_RETURN_IF_ERROR(WriteLines(**pairs_out, decided_pairs.size(), append_line));
      LINKAGE_RETURN_IF_ERROR((*pairs_out)->StartWriteback());
      std::string review_buffer = header;
      for (std::size_t i = 0; i < decided_pairs.size(); ++i) {
        if (decided_pairs[i].decision == Decision::kReview) append_line(i, &review_buffer);
      }
      LINKAGE_RETURN_IF_ERROR((*review_out)->Append(review_buffer));
      return (*review_out)->StartWriteback();
    };
    const auto write_clusters = [&]() -> absl::Status {
      LINKAGE_RETURN_IF_ERROR((*clusters_out)->Append("record_id,cluster_id\n"));
      LINKAGE_RETURN_IF_ERROR(WriteLines(**clusters_out, table.num_records(),
                                         [&](std::size_t r, std::string* text) {
                                           AppendCsvField(text, table.record_id(r));
                                           *text += ',';
                                           AppendCsvField(text, clusters.ClusterId(table, r));
                                           *text += '\n';
                                         }));
      return (*clusters_out)->StartWriteback();
    };
    absl::Status pairs_status, clusters_status;
    tbb::parallel_invoke([&] { pairs_status = write_pairs(); },
                         [&] { clusters_status = write_clusters(); });
    LINKAGE_RETURN_IF_ERROR(pairs_status);
    LINKAGE_RETURN_IF_ERROR(clusters_status);
    for (auto* out : {&*pairs_out, &*review_out, &*clusters_out}) {
      if (absl::Status s = (*out)->Commit(); !s.ok()) return s;
    }
  }
  phases.End();

  // Evaluate.
  if (has_truth) {
    phases.Start("evaluate");
    std::vector<WeightedPair> weighted;
    weighted.reserve(predicted->pairs.size());
    for (const ScoredPair& p : predicted->pairs) weighted.push_back({p.left, p.right, p.weight});
    const Labels truth_labels = InternLabels(truth);
    const PairwiseEvaluation e =
        EvaluatePairs(weighted, truth_labels, model->link_type(), num_left, /*beta=*/1.0,
                      /*keep_curve=*/false);
    // At the configured match decision.
    std::uint64_t tp = 0, fp = 0;
    for (const PairDecision& d : decided->decisions) {
      if (d.decision != Decision::kMatch) continue;
      const std::uint32_t label = truth_labels.ids[d.left];
      const bool same = label != 0 && label == truth_labels.ids[d.right];
      (same ? tp : fp) += 1;
    }
    const double precision = tp + fp == 0 ? 0 : double(tp) / (tp + fp);
    const double recall = e.true_pairs == 0 ? 0 : double(tp) / e.true_pairs;
    summary["evaluation"] = {
        {"true_pairs", e.true_pairs},
        {"true_pairs_compared", e.true_pairs_scored},
        {"blocking_recall", e.true_pairs == 0 ? 0.0 : double(e.true_pairs_scored) / e.true_pairs},
        {"at_match_threshold",
         {{"precision", precision},
          {"recall", recall},
          {"f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)},
          {"true_positives", tp},
          {"false_positives", fp}}},
        {"best_f1", ThresholdMetricsToJson(e.best_f1)},
        {"clusters", EvaluateClusters(ClusterLabels(clusters), truth_labels,
                                      model->link_type(), num_left)
                         .ToJson()}};
    phases.End(absl::StrFormat("best pairwise F1 %.4f", e.best_f1.f1));
  }
  summary["phases"] = phases.json();
  summary["total_seconds"] = phases.total();
  summary["peak_memory_mib"] = PeakMemoryMiB();
  // What the timings above ran with (the outputs do not depend on either).
  summary["threads"] =
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  summary["huge_pages"] = HugePagePolicyName(HugePagePolicy());
  if (absl::Status s = WriteFileAtomically(options.out_dir + "/summary.json",
                                           summary.dump(2) + "\n");
      !s.ok()) {
    return s;
  }
  return summary;
}

std::string SummaryToText(const nlohmann::json& s) {
  std::string out;
  absl::StrAppendFormat(&out, "records          %d\n", s.value("records", 0));
  absl::StrAppendFormat(&out, "pairs compared   %d\n", s.value("pairs_compared", 0));
  absl::StrAppendFormat(&out, "matches          %d\n", s.value("matches", 0));
  absl::StrAppendFormat(&out, "reviews          %d\n", s.value("reviews", 0));
  absl::StrAppendFormat(&out, "clusters         %d (largest %d)\n", s.value("clusters", 0),
                        s.value("largest_cluster", 0));
  for (const auto& phase : s["phases"]) {
    absl::StrAppendFormat(&out, "  %-20s %8.2fs  peak %7.1f MiB\n",
                          phase["phase"].get<std::string>(), phase["seconds"].get<double>(),
                          phase["peak_memory_mib"].get<double>());
  }
  absl::StrAppendFormat(&out, "total            %.2fs, peak memory %.1f MiB\n",
                        s.value("total_seconds", 0.0), s.value("peak_memory_mib", 0.0));
  if (s.contains("evaluation")) {
    const auto& e = s["evaluation"];
    const auto& at = e["at_match_threshold"];
    const auto& best = e["best_f1"];
    const auto& c = e["clusters"];
    absl::StrAppendFormat(&out,
                          "evaluation       %d true pairs, %.4f compared by blocking\n"
                          "  at match threshold  precision %.4f recall %.4f F1 %.4f\n"
                          "  best F1             %.4f (precision %.4f recall %.4f, weight >= %.3f)\n"
                          "  clusters            precision %.4f recall %.4f F1 %.4f (%d clusters, %d entities)\n",
                          e["true_pairs"].get<std::uint64_t>(), e["blocking_recall"].get<double>(),
                          at["precision"].get<double>(), at["recall"].get<double>(),
                          at["f1"].get<double>(), best["f1"].get<double>(),
                          best["precision"].get<double>(), best["recall"].get<double>(),
                          best["threshold_weight"].get<double>(), c["precision"].get<double>(),
                          c["recall"].get<double>(), c["f1"].get<double>(),
                          c["clusters"].get<std::uint64_t>(), c["entities"].get<std::uint64_t>());
  }
  return out;
}

}  // namespace linkage
