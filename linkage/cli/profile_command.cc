// Copyright 2026 The Linkage Authors.
//
// `linkage profile --config C --input F [--out-json J] [--out-csv K]`: the
// data-quality report. Reads the whole input before writing anything, so a
// bad file (ragged row, invalid UTF-8, missing column, duplicate id) exits 1
// with no output; invalid values never fail the run, they are the report.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "boost/program_options.hpp"
#include "linkage/cli/command.h"
#include "linkage/config.h"
#include "linkage/output.h"
#include "linkage/profile.h"
#include "oneapi/tbb/global_control.h"
#include "oneapi/tbb/info.h"

namespace linkage::cli {
namespace {

namespace po = boost::program_options;

constexpr std::int64_t kProgressEvery = 100000;

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "linkage profile: %.*s\n",
               static_cast<int>(status.message().size()),
               status.message().data());
  return kExitBadInput;
}

}  // namespace

int ProfileMain(std::span<const std::string> args) {
  po::options_description options(
      "Usage: linkage profile --config FILE --input FILE [options]\n\n"
      "Data-quality report: per configured column, valid / missing / invalid\n"
      "counts, invalid values by reason with example line numbers, distinct\n"
      "values and the most frequent normalised values.\n\nOptions");
  std::string config_path;
  std::string input_path;
  std::string out_json;
  std::string out_csv;
  int top_n = 10;
  int examples = 5;
  int threads = 0;
  options.add_options()
      ("help,h", "show this help")
      ("config,c", po::value(&config_path)->required(), "config JSON file")
      ("input,i", po::value(&input_path)->required(),
       "input file (CSV, or JSONL by extension or the config's input.format)")
      ("out-json", po::value(&out_json), "also write the report as JSON here")
      ("out-csv", po::value(&out_csv), "also write the report as CSV here")
      ("top", po::value(&top_n)->default_value(10),
       "most frequent values shown per column")
      ("examples", po::value(&examples)->default_value(5),
       "example line numbers kept per column and reason")
      ("threads", po::value(&threads)->default_value(0),
       "worker threads for normalisation (0: all cores); the report does not "
       "depend on it")
      ("progress", "print progress to stderr (default: only on a terminal)")
      ("quiet,q", "do not print the table to stdout");
  po::variables_map vars;
  try {
    std::vector<std::string> argv(args.begin(), args.end());
    po::store(po::command_line_parser(argv).options(options).run(), vars);
    if (vars.count("help")) {
      std::cout << options << "\nExit status: 0 done, 1 bad input or config, "
                              "2 usage error.\n";
      return kExitOk;
    }
    po::notify(vars);
  } catch (const std::exception& e) {
    std::cerr << "linkage profile: " << e.what() << "\n\n" << options;
    return kExitUsage;
  }
  if (top_n < 0 || examples < 0 || threads < 0) {
    std::cerr << "linkage profile: --top, --examples and --threads must be "
                 ">= 0\n";
    return kExitUsage;
  }
  tbb::global_control parallelism(
      tbb::global_control::max_allowed_parallelism,
      threads > 0 ? static_cast<std::size_t>(threads)
                  : static_cast<std::size_t>(tbb::info::default_concurrency()));

  absl::StatusOr<Config> config = LoadConfig(config_path);
  if (!config.ok()) return Fail(config.status());

  ProfileOptions profile_options;
  profile_options.top_n = top_n;
  profile_options.max_examples = examples;
  const bool progress = vars.count("progress") > 0 || ::isatty(STDERR_FILENO);
  if (progress) {
    profile_options.progress_every = kProgressEvery;
    profile_options.on_progress = [](std::int64_t rows) {
      std::fprintf(stderr, "\rprofile: %lld rows read",
                   static_cast<long long>(rows));
      std::fflush(stderr);
    };
  }
  absl::StatusOr<DataQualityReport> report =
      ProfileFile(*config, input_path, profile_options);
  if (progress && report.ok() && report->rows >= kProgressEvery) {
    std::fprintf(stderr, "\rprofile: %lld rows read, done\n",
                 static_cast<long long>(report->rows));
  }
  if (!report.ok()) {
    if (progress) std::fputc('\n', stderr);
    return Fail(report.status());
  }

  // Write both files to temporaries first and rename them together, so that
  // a failure leaves neither.
  std::vector<std::unique_ptr<AtomicFileWriter>> outputs;
  auto add_output = [&](const std::string& path,
                        const std::string& contents) -> absl::Status {
    if (path.empty()) return absl::OkStatus();
    absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer =
        AtomicFileWriter::Create(path);
    if (!writer.ok()) return writer.status();
    absl::Status status = (*writer)->Append(contents);
    if (!status.ok()) return status;
    outputs.push_back(std::move(*writer));
    return absl::OkStatus();
  };
  absl::Status status =
      add_output(out_json, ReportToJson(*report).dump(2) + "\n");
  if (status.ok()) status = add_output(out_csv, ReportToCsv(*report));
  for (auto& output : outputs) {
    if (!status.ok()) break;
    status = output->Commit();
  }
  if (!status.ok()) return Fail(status);

  if (vars.count("quiet") == 0) std::cout << ReportToText(*report);
  return kExitOk;
}

}  // namespace linkage::cli
