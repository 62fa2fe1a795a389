// Copyright 2026 The Linkage Authors.
//
// `linkage predict --model M --input F [--input2 G] --out pairs.csv
//  [--threshold-probability P | --threshold-weight W] [--levels]`:
// blocks, scores every candidate pair in parallel and writes those at or
// above the threshold, sorted by (left record, right record) so the output is
// byte-identical on any --threads.
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "boost/program_options.hpp"
#include "linkage/cli/command.h"
#include "linkage/cli/job_common.h"
#include "linkage/csv_writer.h"
#include "linkage/output.h"
#include "linkage/scoring.h"
#include "linkage/table_reader.h"

namespace linkage::cli {

namespace po = boost::program_options;

int PredictMain(std::span<const std::string> args) {
  po::options_description options(
      "Usage: linkage predict --model FILE --input FILE [--input2 FILE] --out FILE\n\n"
      "Scores candidate pairs with a trained model and writes those at or\n"
      "above the threshold as CSV: left_id, right_id, match_weight,\n"
      "match_probability, blocking_rule (and, with --levels, each\n"
      "comparison's level and its weight before term-frequency\n"
      "adjustment).\n\nOptions");
  std::string model_path, out_path;
  std::vector<std::string> inputs(1), input2;
  double threshold_probability = std::nan("");
  double threshold_weight = std::nan("");
  int threads = 0;
  options.add_options()
      ("help,h", "show this help")
      ("model,m", po::value(&model_path)->required(), "trained model JSON file")
      ("input,i", po::value(&inputs[0])->required(), "input file (left table when linking)")
      ("input2", po::value(&input2)->multitoken(), "right table, for link jobs")
      ("out,o", po::value(&out_path)->required(), "pairs CSV to write")
      ("threshold-probability", po::value(&threshold_probability),
       "keep pairs with match probability >= this (default 0.5 unless a weight is given)")
      ("threshold-weight", po::value(&threshold_weight), "keep pairs with match weight >= this")
      ("levels", "also write each comparison's level and weight")
      ("threads,t", po::value(&threads)->default_value(0), "threads (0 = all cores)")
      ("quiet,q", "no progress on stderr");
  po::variables_map vars;
  if (auto exit = ParseCommandLine("predict", options, args, &vars)) return *exit;
  if (!std::isnan(threshold_probability) && !std::isnan(threshold_weight)) {
    std::cerr << "linkage predict: give --threshold-probability or --threshold-weight, not both\n";
    return kExitUsage;
  }
  if (!std::isnan(threshold_probability) &&
      !(threshold_probability > 0 && threshold_probability < 1)) {
    std::cerr << "linkage predict: --threshold-probability must be in (0, 1)\n";
    return kExitUsage;
  }
  double threshold = std::isnan(threshold_weight)
                         ? ProbabilityToWeight(std::isnan(threshold_probability)
                                                   ? 0.5
                                                   : threshold_probability)
                         : threshold_weight;
  inputs.insert(inputs.end(), input2.begin(), input2.end());
  auto control = LimitThreads(threads);
  ProgressLog log("predict", vars.count("quiet") > 0);

  absl::StatusOr<Model> model = LoadModel(model_path);
  if (!model.ok()) return FailWith("predict", model.status());
  if (absl::Status s = model->CheckTrained(); !s.ok()) return FailWith("predict", s);
  if (model->link_type() != LinkType::kDedupeOnly && inputs.size() != 2) {
    std::cerr << "linkage predict: link_type " << LinkTypeName(model->link_type())
              << " needs --input and --input2\n";
    return kExitUsage;
  }
  ReadOptions read;
  read.log = [&](const std::string& line) { log(line); };
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(*model, inputs, read);
  if (!loaded.ok()) return FailWith("predict", loaded.status());
  const RecordTable& table = loaded->table;
  log(absl::StrFormat("read %d records", table.num_records()));

  absl::StatusOr<Scorer> scorer = Scorer::Create(*model, table);
  if (!scorer.ok()) return FailWith("predict", scorer.status());
  absl::StatusOr<BlockingKeys> keys = model->prediction_rules().ComputeKeys(table);
  if (!keys.ok()) return FailWith("predict", keys.status());
  CandidateOptions candidate_options;
  candidate_options.link_type = model->link_type();
  candidate_options.num_left =
      model->link_type() == LinkType::kDedupeOnly ? 0 : table.source_begin(1);
  PredictOptions predict_options;
  predict_options.threshold_weight = threshold;
  predict_options.progress = [&](std::uint64_t scored) {
    log(absl::StrFormat("%d pairs scored", scored));
  };
  absl::StatusOr<PredictResult> result =
      Predict(*scorer, *keys, candidate_options, predict_options);
  if (!result.ok()) return FailWith("predict", result.status());
  for (const OversizedBlock& block : result->candidates.oversized_blocks) {
    log(absl::StrFormat("warning: skipped a block of %d records (%s)", block.size,
                        model->prediction_rules().KeyLabel(table, block.rule,
                                                           block.example_record)));
  }
  log(absl::StrFormat("%d pairs compared, %d kept (weight >= %.4f)",
                      result->candidates.total_pairs(), result->pairs.size(), threshold));

  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> out = AtomicFileWriter::Create(out_path);
  if (!out.ok()) return FailWith("predict", out.status());
  const bool levels = vars.count("levels") > 0;
  std::string buffer = "left_id,right_id,match_weight,match_probability,blocking_rule";
  if (levels) {
    for (const ComparisonSpec& c : model->comparisons()) {
      absl::StrAppend(&buffer, ",gamma_", c.output_column_name, ",weight_",
                      c.output_column_name);
    }
  }
  buffer += "\n";
  for (const ScoredPair& p : result->pairs) {
    AppendCsvField(&buffer, table.record_id(p.left));
    buffer += ',';
    AppendCsvField(&buffer, table.record_id(p.right));
    absl::StrAppendFormat(&buffer, ",%.6f,%.9g,%d", p.weight,
                          WeightToProbability(p.weight), p.rule);
    if (levels) {
      for (std::size_t c = 0; c < model->num_comparisons(); ++c) {
        const int level = LevelOf(p.pattern, c);
        absl::StrAppendFormat(&buffer, ",%d,%.6f", level, scorer->level_weight(c, level));
      }
    }
    buffer += '\n';
    if (buffer.size() > (1 << 20)) {
      if (absl::Status s = (*out)->Append(buffer); !s.ok()) return FailWith("predict", s);
      buffer.clear();
    }
  }
  if (absl::Status s = (*out)->Append(buffer); !s.ok()) return FailWith("predict", s);
  if (absl::Status s = (*out)->Commit(); !s.ok()) return FailWith("predict", s);
  log("wrote " + out_path);
  return kExitOk;
}

}  // namespace linkage::cli
