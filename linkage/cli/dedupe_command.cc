// Copyright 2026 The Linkage Authors.
//
// `linkage dedupe --config C --input F --out-dir D` and
// `linkage link --config C --input L --input2 R --out-dir D`: the whole batch
// job (batch_job.h) with progress per phase on stderr and a summary at the
// end.
#include <iostream>
#include <string>
#include <vector>

#include "boost/program_options.hpp"
#include "linkage/batch_job.h"
#include "linkage/cli/command.h"
#include "linkage/cli/job_common.h"

namespace linkage::cli {
namespace {

namespace po = boost::program_options;

int RunJob(std::string_view name, LinkType link_type, std::span<const std::string> args) {
  const bool link = link_type != LinkType::kDedupeOnly;
  po::options_description options(absl::StrFormat(
      "Usage: linkage %s --config FILE --input FILE%s --out-dir DIR [options]\n\n"
      "Reads and normalises, trains (unless the config is a trained model),\n"
      "blocks, scores, decides and clusters; writes pairs.csv, review.csv,\n"
      "clusters.csv, model.json and summary.json to DIR.\n\nOptions",
      name, link ? " --input2 FILE" : ""));
  BatchJobOptions job;
  job.link_type = link_type;
  std::string input, input2;
  int threads = 0;
  options.add_options()
      ("help,h", "show this help")
      ("config,c", po::value(&job.config_path)->required(), "config or trained model JSON")
      ("input,i", po::value(&input)->required(), link ? "left input file" : "input file");
  if (link) {
    options.add_options()("input2", po::value(&input2)->required(), "right input file");
  }
  options.add_options()
      ("out-dir,o", po::value(&job.out_dir)->required(), "folder for the outputs")
      ("retrain", "train even if the config already has parameters")
      ("truth-column", po::value(&job.truth_column),
       "evaluate against this ground-truth cluster column")
      ("truth-id-regex", po::value(&job.truth_id_regex),
       "evaluate against truth taken from the record id by this RE2 pattern's "
       "first capture group (FEBRL: 'rec-(\\d+)-')")
      ("m-from-truth", "estimate m from the truth column instead of EM")
      ("threads,t", po::value(&threads)->default_value(0), "threads (0 = all cores)")
      ("quiet,q", "no progress on stderr");
  po::variables_map vars;
  if (auto exit = ParseCommandLine(name, options, args, &vars)) return *exit;
  job.inputs = {input};
  if (link) job.inputs.push_back(input2);
  job.retrain = vars.count("retrain") > 0;
  job.train_m_from_truth = vars.count("m-from-truth") > 0;
  if (job.train_m_from_truth && job.truth_column.empty() && job.truth_id_regex.empty()) {
    std::cerr << "linkage " << name << ": --m-from-truth needs --truth-column or --truth-id-regex\n";
    return kExitUsage;
  }
  auto control = LimitThreads(threads);
  ProgressLog log(name, vars.count("quiet") > 0);
  job.log = [&](const std::string& line) { log(line); };
  absl::StatusOr<nlohmann::json> summary = RunBatchJob(job);
  if (!summary.ok()) return FailWith(name, summary.status());
  std::cout << SummaryToText(*summary);
  return kExitOk;
}

}  // namespace

int DedupeMain(std::span<const std::string> args) {
  return RunJob("dedupe", LinkType::kDedupeOnly, args);
}

int LinkMain(std::span<const std::string> args) {
  return RunJob("link", LinkType::kLinkOnly, args);
}

}  // namespace linkage::cli
