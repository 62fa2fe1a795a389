// Copyright 2026 The Linkage Authors.
//
// `linkage-serve`: the FHIR exchange service and its administration.
//
//   linkage-serve serve --config serve.json [--port N] [--host H]
//   linkage-serve load  --config serve.json --input register.csv
//   linkage-serve audit --db register.db [--since T] [--status S]
//                       [--format csv|jsonl] [--output F]
//   linkage-serve hash-token TOKEN        (for the config's auth.tokens)
//
// Exit status: 0 done, 1 bad input or config, 2 usage error.
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "exchange/audit_log.h"
#include "exchange/hashing.h"
#include "exchange/person_register.h"
#include "exchange/serve_config.h"
#include "exchange/server.h"
#include "exchange/service.h"
#include "linkage/config.h"
#include "linkage/csv_reader.h"
#include "linkage/matcher.h"
#include "linkage/model.h"

namespace linkage::exchange {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 1;
constexpr int kExitUsage = 2;

void Usage(std::FILE* out) {
  std::fprintf(
      out,
      "Usage:\n"
      "  linkage-serve serve --config serve.json [--host H] [--port N]\n"
      "  linkage-serve load  --config serve.json --input register.csv\n"
      "  linkage-serve audit --db FILE [--since RFC3339] [--status S]\n"
      "                      [--format csv|jsonl] [--output FILE]\n"
      "  linkage-serve hash-token TOKEN\n"
      "\nExit status: 0 done, 1 bad input or config, 2 usage error.\n");
}

// --name value pairs; returns false (after a message) on a stray argument.
bool ParseFlags(const std::vector<std::string>& args,
                std::map<std::string, std::string>* flags) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) != 0 || i + 1 >= args.size()) {
      std::fprintf(stderr, "linkage-serve: unexpected argument \"%s\"\n",
                   args[i].c_str());
      return false;
    }
    (*flags)[args[i].substr(2)] = args[i + 1];
    ++i;
  }
  return true;
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "linkage-serve: %s\n",
               std::string(status.message()).c_str());
  return kExitBadInput;
}

absl::StatusOr<Model> LoadModel(const std::string& path) {
  absl::StatusOr<Config> config = LoadConfig(path);
  if (!config.ok()) return config.status();
  return Model::FromConfig(*config);
}

absl::StatusOr<std::unique_ptr<Matcher>> OpenMatcher(
    const ServeConfig& config) {
  absl::StatusOr<Model> model = LoadModel(config.model_path);
  if (!model.ok()) return model.status();
  absl::StatusOr<std::unique_ptr<Store>> store =
      OpenSqliteStore(config.store_path);
  if (!store.ok()) return store.status();
  MatcherOptions options;
  options.log = [](const std::string& line) {
    std::fprintf(stderr, "%s\n", line.c_str());
  };
  return Matcher::Open(*std::move(model), *std::move(store), options);
}

int Serve(const std::map<std::string, std::string>& flags) {
  if (!flags.count("config")) {
    Usage(stderr);
    return kExitUsage;
  }
  absl::StatusOr<ServeConfig> config = LoadServeConfig(flags.at("config"));
  if (!config.ok()) return Fail(config.status());
  if (flags.count("port")) config->server.port = std::stoi(flags.at("port"));
  if (flags.count("host")) config->server.host = flags.at("host");
  absl::StatusOr<std::unique_ptr<Matcher>> matcher = OpenMatcher(*config);
  if (!matcher.ok()) return Fail(matcher.status());
  std::unique_ptr<PersonRegister> reg =
      MakeMatcherRegister(*std::move(matcher));
  absl::StatusOr<std::unique_ptr<AuditLog>> audit =
      AuditLog::Open(config->audit_path, config->audit);
  if (!audit.ok()) return Fail(audit.status());
  ExchangeService service(config->service, config->auth, config->access,
                          audit->get(), reg.get());
  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  absl::StatusOr<std::unique_ptr<HttpServer>> server =
      HttpServer::Create(&service, config->server);
  if (!server.ok()) return Fail(server.status());
  (*server)->Start();
  std::fprintf(
      stderr, "linkage-serve: %zu records, model %s, listening on %s://%s:%d\n",
      static_cast<std::size_t>(reg->Size()), reg->ModelVersion().c_str(),
      (*server)->tls() ? "https" : "http", config->server.host.c_str(),
      (*server)->port());
  std::printf("%d\n", (*server)->port());
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "linkage-serve: signal %d, stopping\n", received);
  (*server)->Stop();
  return kExitOk;
}

int Load(const std::map<std::string, std::string>& flags) {
  if (!flags.count("config") || !flags.count("input")) {
    Usage(stderr);
    return kExitUsage;
  }
  absl::StatusOr<ServeConfig> config = LoadServeConfig(flags.at("config"));
  if (!config.ok()) return Fail(config.status());
  absl::StatusOr<std::unique_ptr<Matcher>> matcher = OpenMatcher(*config);
  if (!matcher.ok()) return Fail(matcher.status());
  const Config& model_config = (*matcher)->model().config();
  absl::StatusOr<std::unique_ptr<CsvReader>> reader =
      CsvReader::Open(flags.at("input"), model_config.input);
  if (!reader.ok()) return Fail(reader.status());
  const std::string id_column = model_config.unique_id_column.empty()
                                    ? "record_id"
                                    : model_config.unique_id_column;
  std::vector<std::string> header((*reader)->columns().begin(),
                                  (*reader)->columns().end());
  int id_index = -1;
  std::vector<int> column_index;
  std::vector<std::string> column_names;
  for (const ColumnSchema& column : (*matcher)->model().schema()) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == column.name) {
        column_index.push_back(static_cast<int>(i));
        column_names.push_back(column.name);
      }
    }
  }
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == id_column) id_index = static_cast<int>(i);
  }
  if (id_index < 0) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat(flags.at("input"), ": no id column \"", id_column, "\"")));
  }
  std::vector<StoredRecord> batch;
  std::size_t loaded = 0;
  auto flush = [&]() -> absl::Status {
    if (batch.empty()) return absl::OkStatus();
    absl::StatusOr<std::vector<WriteResult>> written =
        (*matcher)->AddBatch(batch);
    if (!written.ok()) return written.status();
    loaded += batch.size();
    batch.clear();
    std::fprintf(stderr, "linkage-serve load: %zu records\n", loaded);
    return absl::OkStatus();
  };
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next();
    if (!more.ok()) return Fail(more.status());
    if (!*more) break;
    auto row = (*reader)->fields();
    StoredRecord record;
    record.id = std::string(row[id_index]);
    for (std::size_t c = 0; c < column_index.size(); ++c) {
      record.fields.emplace_back(column_names[c],
                                 std::string(row[column_index[c]]));
    }
    batch.push_back(std::move(record));
    if (batch.size() >= 10000) {
      if (absl::Status s = flush(); !s.ok()) return Fail(s);
    }
  }
  if (absl::Status s = flush(); !s.ok()) return Fail(s);
  std::fprintf(stderr, "linkage-serve load: done, %zu records added\n", loaded);
  return kExitOk;
}

int Audit(const std::map<std::string, std::string>& flags) {
  if (!flags.count("db")) {
    Usage(stderr);
    return kExitUsage;
  }
  const std::string format = flags.count("format") ? flags.at("format") : "csv";
  if (format != "csv" && format != "jsonl") {
    std::fprintf(stderr,
                 "linkage-serve audit: --format must be csv or jsonl\n");
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<AuditLog>> log =
      AuditLog::Open(flags.at("db"));
  if (!log.ok()) return Fail(log.status());
  AuditFilter filter;
  if (flags.count("since")) filter.since = flags.at("since");
  if (flags.count("status")) filter.status = flags.at("status");
  absl::StatusOr<std::vector<AuditEntry>> entries = (*log)->List(filter);
  if (!entries.ok()) return Fail(entries.status());
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (flags.count("output")) {
    file.open(flags.at("output"));
    if (!file)
      return Fail(absl::NotFoundError(
          absl::StrCat(flags.at("output"), ": cannot write")));
    out = &file;
  }
  if (format == "csv") {
    WriteAuditCsv(*entries, *out);
  } else {
    WriteAuditJsonl(*entries, *out);
  }
  return kExitOk;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    Usage(stderr);
    return kExitUsage;
  }
  const std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    Usage(stdout);
    return kExitOk;
  }
  if (command == "hash-token") {
    if (args.size() != 1) {
      Usage(stderr);
      return kExitUsage;
    }
    std::printf("%s\n", Sha256Hex(args[0]).c_str());
    return kExitOk;
  }
  std::map<std::string, std::string> flags;
  if (!ParseFlags(args, &flags)) return kExitUsage;
  if (command == "serve") return Serve(flags);
  if (command == "load") return Load(flags);
  if (command == "audit") return Audit(flags);
  std::fprintf(stderr, "linkage-serve: unknown command \"%s\"\n",
               command.c_str());
  Usage(stderr);
  return kExitUsage;
}

}  // namespace
}  // namespace linkage::exchange

int main(int argc, char** argv) { return linkage::exchange::Main(argc, argv); }
