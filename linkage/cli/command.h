// Copyright 2026 The Linkage Authors.
//
// Subcommands of the `linkage` command. Each lives in its own
// <name>_command.cc and is listed once in kCommands (main.cc); adding one
// (train, predict, dedupe, link, evaluate, blocking, generate, match, stream,
// audit) is one new file plus one line.
//
// Exit codes shared by every subcommand (DESIGN.md):
//   0 done; 1 bad input or config (message on stderr); 2 usage error.
//
// Thread-safety: subcommands run on the main thread.
#ifndef LINKAGE_LINKAGE_CLI_COMMAND_H_
#define LINKAGE_LINKAGE_CLI_COMMAND_H_

#include <span>
#include <string>
#include <string_view>

namespace linkage::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;
inline constexpr int kExitUsage = 2;

// A subcommand's entry point: `args` excludes the program and subcommand
// names. Returns the process exit code. Never throws.
using CommandMain = int (*)(std::span<const std::string> args);

struct Command {
  std::string_view name;
  std::string_view summary;
  CommandMain run;
};

// One entry point per subcommand, each in <name>_command.cc.
int AuditMain(std::span<const std::string> args);
int BlockingMain(std::span<const std::string> args);
int DedupeMain(std::span<const std::string> args);
int EvaluateMain(std::span<const std::string> args);
int ExplainMain(std::span<const std::string> args);
int GenerateMain(std::span<const std::string> args);
int LinkMain(std::span<const std::string> args);
int LoadMain(std::span<const std::string> args);
int MatchMain(std::span<const std::string> args);
int PredictMain(std::span<const std::string> args);
int StreamMain(std::span<const std::string> args);
int TrainMain(std::span<const std::string> args);

// `linkage profile`: the data-quality report (profile_command.cc).
int ProfileMain(std::span<const std::string> args);

}  // namespace linkage::cli

#endif  // LINKAGE_LINKAGE_CLI_COMMAND_H_
