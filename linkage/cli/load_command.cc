// Copyright 2026 The Linkage Authors.
//
// `linkage load --model M --store S --input F`: bulk-loads a CSV or JSONL
// register into a store (created if missing), reading it with the model's
// input options and unique_id_column, and adding records through
// Matcher::AddBatch in chunks (one store transaction per chunk), so that the
// store holds the clusters an online Matcher would have built. Errors name
// file:line; chunks committed before an error stay loaded (a load can be
// resumed with --skip-existing).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "boost/program_options.hpp"
#include "linkage/cli/command.h"
#include "linkage/cli/job_common.h"
#include "linkage/matcher.h"
#include "linkage/row_source.h"
#include "linkage/store.h"

namespace linkage::cli {
namespace {

namespace po = boost::program_options;

struct LoadSummary {
  std::uint64_t added = 0;
  std::uint64_t skipped = 0;
};

class Loader {
 public:
  Loader(Matcher& matcher, std::size_t batch_size, bool skip_existing,
         const ProgressLog& log)
      : matcher_(matcher),
        batch_size_(batch_size),
        skip_existing_(skip_existing),
        log_(log) {}

  absl::Status LoadFile(const std::string& path, const Config& config) {
    if (config.unique_id_column.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          config.source, ": the model names no unique_id_column; a register "
                         "needs record ids"));
    }
    LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<RowSource> source,
                             OpenRowSource(path, config.input));
    LINKAGE_ASSIGN_OR_RETURN(
        std::size_t id_index,
        RequireColumn(*source, config.unique_id_column, "unique_id_column"));
    std::vector<std::pair<std::string, std::size_t>> columns;
    for (const ColumnConfig& column : config.columns) {
      if (column.name == config.unique_id_column) continue;
      LINKAGE_ASSIGN_OR_RETURN(std::size_t index,
                               RequireColumn(*source, column.name));
      columns.emplace_back(column.name, index);
    }
    for (;;) {
      LINKAGE_ASSIGN_OR_RETURN(bool more, source->Next());
      if (!more) break;
      const auto fields = source->fields();
      const std::int64_t line = source->line();
      StoredRecord record;
      record.id = std::string(fields[id_index]);
      if (record.id.empty()) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s:%d: empty %s", path, line, config.unique_id_column));
      }
      if (auto [it, inserted] = seen_.try_emplace(record.id, line); !inserted) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s:%d: duplicate id \"%s\" (first on line %d)",
                            path, line, record.id, it->second));
      }
      if (matcher_.Get(record.id).has_value()) {
        if (skip_existing_) {
          ++summary_.skipped;
          continue;
        }
        return absl::AlreadyExistsError(absl::StrFormat(
            "%s:%d: id \"%s\" is already in the store (use --skip-existing, "
            "or upsert it with linkage stream)",
            path, line, record.id));
      }
      for (const auto& [name, index] : columns) {
        if (!fields[index].empty()) {
          record.fields.emplace_back(name, std::string(fields[index]));
        }
      }
      batch_.push_back(std::move(record));
      lines_.push_back(line);
      if (batch_.size() >= batch_size_) LINKAGE_RETURN_IF_ERROR(Flush(path));
    }
    return Flush(path);
  }

  const LoadSummary& summary() const { return summary_; }

 private:
  absl::Status Flush(const std::string& path) {
    if (batch_.empty()) return absl::OkStatus();
    absl::StatusOr<std::vector<WriteResult>> results = matcher_.AddBatch(batch_);
    if (!results.ok()) {
      return absl::Status(
          results.status().code(),
          absl::StrFormat("%s:%d-%d: %s", path, lines_.front(), lines_.back(),
                          results.status().message()));
    }
    summary_.added += batch_.size();
    log_(absl::StrFormat("%d records loaded (line %d)", summary_.added,
                         lines_.back()));
    batch_.clear();
    lines_.clear();
    return absl::OkStatus();
  }

  Matcher& matcher_;
  std::size_t batch_size_;
  bool skip_existing_;
  const ProgressLog& log_;
  std::vector<StoredRecord> batch_;
  std::vector<std::int64_t> lines_;
  absl::flat_hash_map<std::string, std::int64_t> seen_;  // id -> line
  LoadSummary summary_;
};

}  // namespace

int LoadMain(std::span<const std::string> args) {
  po::options_description options(
      "Usage: linkage load --model FILE --store FILE --input FILE\n\n"
      "Bulk-loads a CSV or JSONL register into a store (created if missing),\n"
      "with the model's input options and unique_id_column; records get their\n"
      "clusters as the online matcher would give them.\n\nOptions");
  std::string model_path, store_path, input_path;
  std::size_t batch_size = 10'000;
  options.add_options()
      ("help,h", "show this help")
      ("model,m", po::value(&model_path)->required(), "trained model JSON file")
      ("store,s", po::value(&store_path)->required(), "SQLite store file")
      ("input,i", po::value(&input_path)->required(), "CSV or JSONL register")
      ("batch", po::value(&batch_size)->default_value(10'000),
       "records per store transaction")
      ("skip-existing", "skip ids already in the store instead of failing")
      ("no-fsync", "synchronous=NORMAL: faster; survives kill -9, not a power cut")
      ("quiet,q", "no progress on stderr");
  po::variables_map vars;
  if (auto exit = ParseCommandLine("load", options, args, &vars)) return *exit;
  if (batch_size == 0) {
    std::fprintf(stderr, "linkage load: --batch must be at least 1\n");
    return kExitUsage;
  }
  ProgressLog log("load", vars.count("quiet") > 0);

  absl::StatusOr<Model> model = LoadModel(model_path);
  if (!model.ok()) return FailWith("load", model.status());
  const Config config = model->config();
  SqliteStoreOptions store_options;
  store_options.full_sync = vars.count("no-fsync") == 0;
  absl::StatusOr<std::unique_ptr<Store>> store =
      OpenSqliteStore(store_path, store_options);
  if (!store.ok()) return FailWith("load", store.status());
  MatcherOptions matcher_options;
  matcher_options.log = [&](const std::string& line) { log(line); };
  absl::StatusOr<std::unique_ptr<Matcher>> matcher = Matcher::Open(
      *std::move(model), *std::move(store), matcher_options);
  if (!matcher.ok()) return FailWith("load", matcher.status());

  Loader loader(**matcher, batch_size, vars.count("skip-existing") > 0, log);
  const absl::Status status = loader.LoadFile(input_path, config);
  const MatcherStats stats = (*matcher)->Stats();
  log(absl::StrFormat(
      "%d records added, %d skipped; the store has %d records in %d clusters",
      loader.summary().added, loader.summary().skipped, stats.records,
      stats.clusters));
  if (!status.ok()) return FailWith("load", status);
  return kExitOk;
}

}  // namespace linkage::cli
