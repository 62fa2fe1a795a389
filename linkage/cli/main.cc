// Copyright 2026 The Linkage Authors.
//
// `linkage <subcommand> [options]`: dispatches to one file per subcommand.
#include <malloc.h>

#include <cstdio>
#include <exception>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linkage/cli/command.h"

namespace linkage::cli {
namespace {

// In the order a new user meets them.
constexpr Command kCommands[] = {
    {"profile", "data-quality report of an input file under a config",
     &ProfileMain},
    {"blocking", "count the candidate pairs each blocking rule produces",
     &BlockingMain},
    {"train", "estimate a model's m and u probabilities from data",
     &TrainMain},
    {"predict", "score candidate pairs with a trained model", &PredictMain},
    {"explain", "show how a pair's match weight is made up", &ExplainMain},
    {"dedupe", "the whole job on one file: train, score, decide, cluster", &DedupeMain},
    {"link", "the whole job on two files: train, score, decide, cluster", &LinkMain},
    {"evaluate", "precision/recall/F1 of pairs against ground truth", &EvaluateMain},
    {"generate", "write a synthetic UK person register with ground truth",
     &GenerateMain},
    {"load", "bulk-load a register into a store for matching", &LoadMain},
    {"stream", "JSONL writes and queries on stdin against a store", &StreamMain},
    {"match", "look one record up in a stored register", &MatchMain},
    {"audit", "list or export linkage-serve's audit log", &AuditMain},
};

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "Usage: linkage <command> [options]\n"
               "       linkage <command> --help\n\nCommands:\n");
  for (const Command& command : kCommands) {
    std::fprintf(out, "  %-10s %.*s\n", std::string(command.name).c_str(),
                 static_cast<int>(command.summary.size()),
                 command.summary.data());
  }
  std::fprintf(out,
               "\nExit status: 0 done, 1 bad input or config, 2 usage error.\n");
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return kExitOk;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  for (const Command& command : kCommands) {
    if (command.name == name) return command.run(args);
  }
  std::fprintf(stderr, "linkage: unknown command \"%s\"\n\n", argv[1]);
  PrintUsage(stderr);
  return kExitUsage;
}

}  // namespace
}  // namespace linkage::cli

int main(int argc, char** argv) {
  // A batch job allocates and frees many arrays of 1-30 MB (per-column
  // buffers, sort scratch, per-rule blocks). Above glibc's default mmap
  // threshold each was a fresh mapping, so every reuse faulted its pages in
  // again (about 0.05 s on a 1M-record dedupe). Served from the heap, and
  // kept there up to 256 MiB, they are reused. Peak memory is unchanged:
  // the memory is freed memory the next phase asks for anyway.
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  try {
    return linkage::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    // Library code returns Status; this only catches std::bad_alloc and
    // similar, so that even then the process exits with a message.
    std::fprintf(stderr, "linkage: fatal: %s\n", e.what());
    return linkage::cli::kExitBadInput;
  }
}
