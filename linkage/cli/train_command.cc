// Copyright 2026 The Linkage Authors.
//
// `linkage train --config C --input F [--input2 G] --out model.json`:
// estimates u by random sampling, the prior from deterministic rules and m by
// EM (or from a ground-truth column), and writes the model with provenance.
// Same data and seed give a byte-identical model on any --threads.
#include <iostream>
#include <string>
#include <vector>

#include "boost/program_options.hpp"
#include "linkage/cli/command.h"
#include "linkage/cli/job_common.h"
#include "linkage/output.h"
#include "linkage/table_reader.h"
#include "linkage/training.h"

#ifndef LINKAGE_VERSION
#define LINKAGE_VERSION "0.1.0"
#endif

namespace linkage::cli {

namespace po = boost::program_options;

int TrainMain(std::span<const std::string> args) {
  po::options_description options(
      "Usage: linkage train --config FILE --input FILE [--input2 FILE] --out FILE\n\n"
      "Trains a Fellegi-Sunter model: u by random sampling, the prior from\n"
      "training.deterministic_rules, m by EM per training.em_blocking_rules\n"
      "(or from --truth-column). Writes the config with m/u/prior and\n"
      "provenance.\n\nOptions");
  std::string config_path, out_path, truth_column;
  std::vector<std::string> inputs(1), input2;
  int threads = 0;
  options.add_options()
      ("help,h", "show this help")
      ("config,c", po::value(&config_path)->required(), "config (or model) JSON file")
      ("input,i", po::value(&inputs[0])->required(), "input file (left table when linking)")
      ("input2", po::value(&input2)->multitoken(), "right table, for link jobs")
      ("out,o", po::value(&out_path)->required(), "model JSON file to write")
      ("truth-column", po::value(&truth_column),
       "estimate m from this ground-truth cluster column instead of EM")
      ("threads,t", po::value(&threads)->default_value(0), "threads (0 = all cores)")
      ("quiet,q", "no progress on stderr");
  po::variables_map vars;
  if (auto exit = ParseCommandLine("train", options, args, &vars)) return *exit;
  inputs.insert(inputs.end(), input2.begin(), input2.end());
  auto control = LimitThreads(threads);
  ProgressLog log("train", vars.count("quiet") > 0);

  absl::StatusOr<Model> model = LoadModel(config_path);
  if (!model.ok()) return FailWith("train", model.status());
  if (model->link_type() != LinkType::kDedupeOnly && inputs.size() != 2) {
    std::cerr << "linkage train: link_type " << LinkTypeName(model->link_type())
              << " needs --input and --input2\n";
    return kExitUsage;
  }
  ReadOptions read;
  if (!truth_column.empty()) read.extra_columns = {truth_column};
  read.log = [&](const std::string& line) { log(line); };
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(*model, inputs, read);
  if (!loaded.ok()) return FailWith("train", loaded.status());
  log(absl::StrFormat("read %d records", loaded->table.num_records()));

  TrainOptions train;
  if (!truth_column.empty()) train.truth = loaded->extra[0].ToStrings();
  train.log = [&](const std::string& line) { log(line); };
  absl::StatusOr<TrainingReport> report = Train(loaded->table, &*model, train);
  if (!report.ok()) return FailWith("train", report.status());

  absl::StatusOr<std::string> fingerprint = FingerprintFiles(inputs);
  if (!fingerprint.ok()) return FailWith("train", fingerprint.status());
  nlohmann::json provenance;
  provenance["engine"] = "linkage";
  provenance["engine_version"] = LINKAGE_VERSION;
  provenance["input_fingerprint"] = *fingerprint;
  provenance["records"] = loaded->table.num_records();
  provenance["training"] = report->json;
  const std::string text = model->ToJson(provenance).dump(2) + "\n";
  if (absl::Status s = WriteFileAtomically(out_path, text); !s.ok()) {
    return FailWith("train", s);
  }
  log("wrote " + out_path);
  return kExitOk;
}

}  // namespace linkage::cli
