// Copyright 2026 The Linkage Authors.
//
// `linkage generate`: writes a synthetic UK person register with a ground
// truth entity_id column (linkage/generator.h).
//
//   linkage generate --records 1000000 --seed 7 --out register.csv
//       [--reference-dir data/reference] [--duplicate-rate 0.2]
//       [--threads 0] [--truth-details] [--quiet]
//
// --reference-dir is relative to the working directory; the default suits
// runs from the repository root (as scripts/ do). Progress goes to stderr.
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "boost/program_options.hpp"
#include "linkage/cli/command.h"
#include "linkage/generator.h"
#include "oneapi/tbb/global_control.h"
#include "oneapi/tbb/info.h"

namespace linkage::cli {

int GenerateMain(std::span<const std::string> args) {
  namespace po = boost::program_options;
  GeneratorOptions options;
  std::string out;
  int threads = 0;
  po::options_description description(
      "linkage generate: synthetic UK person register with ground truth\n"
      "Options");
  description.add_options()("help,h", "show this help")(
      "records", po::value<int64_t>(&options.records)->required(),
      "rows to write (excluding the header)")(
      "seed", po::value<uint64_t>(&options.seed)->default_value(1),
      "random seed: same seed and options give the same bytes")(
      "out", po::value<std::string>(&out)->required(), "output CSV path")(
      "reference-dir",
      po::value<std::string>(&options.reference_dir)
          ->default_value("data/reference"),
      "UK reference tables, relative to the working directory")(
      "duplicate-rate",
      po::value<double>(&options.duplicate_rate)->default_value(0.2, "0.2"),
      "share of rows that duplicate an earlier person, in [0, 0.9]")(
      "threads", po::value<int>(&threads)->default_value(0),
      "worker threads (0: all cores); output does not depend on it")(
      "truth-details",
      "also write household_id, record_kind and notes columns")(
      "quiet", "no progress on stderr");
  po::variables_map vars;
  try {
    po::store(po::command_line_parser(
                  std::vector<std::string>(args.begin(), args.end()))
                  .options(description)
                  .run(),
              vars);
    if (vars.count("help")) {
      std::cout << description << "\n";
      return kExitOk;
    }
    po::notify(vars);
  } catch (const po::error& e) {
    std::fprintf(stderr, "linkage generate: %s\n\n", e.what());
    std::ostringstream usage;
    usage << description;
    std::fprintf(stderr, "%s\n", usage.str().c_str());
    return kExitUsage;
  }
  if (threads < 0) {
    std::fprintf(stderr, "linkage generate: --threads must be >= 0\n");
    return kExitUsage;
  }
  options.truth_details = vars.count("truth-details") > 0;
  const bool quiet = vars.count("quiet") > 0;

  const std::size_t parallelism =
      threads > 0 ? static_cast<std::size_t>(threads)
                  : static_cast<std::size_t>(tbb::info::default_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            parallelism);

  if (const absl::Status valid = RegisterGenerator::Validate(options);
      !valid.ok()) {
    std::fprintf(stderr, "linkage generate: %s\n",
                 std::string(valid.message()).c_str());
    return kExitUsage;
  }
  auto generator = RegisterGenerator::Create(options);
  if (!generator.ok()) {
    std::fprintf(stderr, "linkage generate: %s\n",
                 std::string(generator.status().message()).c_str());
    return kExitBadInput;
  }
  int last_percent = -1;
  const absl::Status status =
      generator->WriteFile(out, [&](int64_t done, int64_t total) {
        if (quiet || total == 0) return;
        const int percent = static_cast<int>(done * 100 / total);
        if (percent == last_percent) return;
        last_percent = percent;
        std::fprintf(stderr, "\rlinkage generate: %lld / %lld records (%d%%)",
                     static_cast<long long>(done),
                     static_cast<long long>(total), percent);
        if (done == total) std::fprintf(stderr, "\n");
      });
  if (!status.ok()) {
    std::fprintf(stderr, "\nlinkage generate: %s\n",
                 std::string(status.message()).c_str());
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace linkage::cli
