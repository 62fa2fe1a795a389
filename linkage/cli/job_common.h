// Copyright 2026 The Linkage Authors.
//
// Shared plumbing for the batch-job subcommands (train, predict, explain,
// blocking): loading a model, reading inputs, thread control, progress lines
// and error exits. Header-only; each function is small.
#ifndef LINKAGE_LINKAGE_CLI_JOB_COMMON_H_
#define LINKAGE_LINKAGE_CLI_JOB_COMMON_H_

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "boost/program_options.hpp"
#include "blocking/key_hash.h"
#include "linkage/cli/command.h"
#include "linkage/config.h"
#include "linkage/model.h"
#include "tbb/global_control.h"

namespace linkage::cli {

// Prints "linkage <command>: <message>" to stderr; returns kExitBadInput.
inline int FailWith(std::string_view command, const absl::Status& status) {
  std::fprintf(stderr, "linkage %.*s: %.*s\n", static_cast<int>(command.size()),
               command.data(), static_cast<int>(status.message().size()),
               status.message().data());
  return kExitBadInput;
}

// A stderr progress log with elapsed seconds.
class ProgressLog {
 public:
  explicit ProgressLog(std::string_view command, bool quiet = false)
      : command_(command), quiet_(quiet), start_(Clock::now()) {}
  void operator()(std::string_view line) const {
    if (quiet_) return;
    std::fprintf(stderr, "[%7.2fs] %s: %.*s\n", Seconds(), command_.c_str(),
                 static_cast<int>(line.size()), line.data());
  }
  double Seconds() const {
    return std::chrono::duration<double>(Clock::now() - start_).count();
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::string command_;
  bool quiet_;
  Clock::time_point start_;
};

// Limits oneTBB to `threads` (0 = all cores) for the object's lifetime.
inline std::unique_ptr<tbb::global_control> LimitThreads(int threads) {
  if (threads <= 0) return nullptr;
  return std::make_unique<tbb::global_control>(
      tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
}

// Loads and validates a config or model file.
inline absl::StatusOr<Model> LoadModel(const std::string& path) {
  absl::StatusOr<Config> config = LoadConfig(path);
  if (!config.ok()) return config.status();
  return Model::FromConfig(*config);
}

// A content fingerprint of files, in hex: the same bytes give the same
// fingerprint on every machine.
inline absl::StatusOr<std::string> FingerprintFiles(const std::vector<std::string>& paths) {
  std::uint64_t h = 0;
  std::vector<char> buffer(1 << 20);
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot open", path));
    while (in) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      const std::streamsize got = in.gcount();
      if (got <= 0) break;
      h = HashCombine(h, HashBytes(std::string_view(buffer.data(), static_cast<std::size_t>(got))));
    }
  }
  return absl::StrFormat("%016x", h);
}

// Parses a subcommand's arguments into `vars`. Returns nullopt to go on, or
// the exit code to return: kExitOk after printing --help, kExitUsage (with
// the message and the usage) for bad arguments.
inline std::optional<int> ParseCommandLine(std::string_view command,
                                           const boost::program_options::options_description& options,
                                           std::span<const std::string> args,
                                           boost::program_options::variables_map* vars) {
  namespace po = boost::program_options;
  try {
    std::vector<std::string> argv(args.begin(), args.end());
    po::store(po::command_line_parser(argv).options(options).run(), *vars);
    if (vars->count("help")) {
      std::cout << options
                << "\nExit status: 0 done, 1 bad input or config, 2 usage error.\n";
      return kExitOk;
    }
    po::notify(*vars);
  } catch (const std::exception& e) {
    std::cerr << "linkage " << command << ": " << e.what() << "\n\n" << options;
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace linkage::cli

#endif  // LINKAGE_LINKAGE_CLI_JOB_COMMON_H_
