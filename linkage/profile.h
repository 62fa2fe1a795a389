// Copyright 2026 The Linkage Authors.
//
// The data-quality report (`linkage profile`): for each configured column,
// how many values are present, missing, or invalid and why (with the first
// few line numbers of each reason, so a data owner can find them), how many
// distinct raw and normalised values there are, and the most frequent
// normalised values (placeholders such as 1900-01-01 stand out there).
//
// Work is per unique raw value: each column keeps a dictionary of the raw
// values seen and normalises each one once.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(Config config, LoadConfig("configs/uk.json"));
//   LINKAGE_ASSIGN_OR_RETURN(DataQualityReport report,
//                            ProfileFile(config, "register.csv", {}));
//   std::cout << ReportToText(report);
//
// Thread-safety: a Profiler is not thread-safe; the free functions are
// thread-compatible (one call per thread, on distinct data).
#ifndef LINKAGE_LINKAGE_PROFILE_H_
#define LINKAGE_LINKAGE_PROFILE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "linkage/config.h"
#include "linkage/row_source.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

struct ProfileOptions {
  // Example line numbers kept per column and reason (the first ones seen).
  int max_examples = 5;
  // Most frequent normalised values reported per column.
  int top_n = 10;
  // If > 0 and on_progress is set, on_progress(rows read so far) is called
  // every progress_every rows.
  std::int64_t progress_every = 0;
  std::function<void(std::int64_t rows)> on_progress;
};

// Values nulled for one reason.
struct IssueCount {
  Issue issue = Issue::kNone;
  std::int64_t count = 0;
  std::vector<std::int64_t> example_lines;  // ascending, at most max_examples
};

struct ValueCount {
  std::string value;
  std::int64_t count = 0;
};

struct FieldProfile {
  std::string column;
  std::string normaliser;
  std::int64_t rows = 0;     // records read
  std::int64_t valid = 0;    // normalised to a value
  std::int64_t missing = 0;  // empty or blank (Issue::kMissing)
  std::int64_t invalid = 0;  // nulled for any other reason
  std::vector<IssueCount> invalid_by_reason;  // count desc, then issue order
  std::int64_t distinct_raw = 0;         // distinct raw strings, incl. empty
  std::int64_t distinct_normalised = 0;  // distinct valid normalised values
  std::vector<ValueCount> top_values;    // count desc, then value asc
};

struct DataQualityReport {
  std::string input;
  std::int64_t rows = 0;
  std::vector<FieldProfile> fields;  // config order
};

// A column to profile and its normaliser (not owned; must outlive the use).
struct ProfiledColumn {
  std::string name;
  const Normaliser* normaliser = nullptr;
};

// Accumulates a report one row at a time.
//
// Rows are buffered in batches; at the end of a batch the raw values not seen
// before are normalised in parallel (oneTBB; each distinct raw value once per
// column), then the batch's rows are counted in input order. Memory is the
// per-column dictionaries plus one batch. Results do not depend on the
// number of threads.
class Profiler {
 public:
  // Rows buffered before the new distinct values are normalised.
  static constexpr std::size_t kBatchRows = 1 << 16;

  // REQUIRES: every normaliser is non-null, outlives this Profiler and may be
  // called from several threads at once (as Normaliser documents).
  Profiler(std::vector<ProfiledColumn> columns, ProfileOptions options);

  // Adds one record. `values` is aligned with the constructor's columns;
  // `line` is where the record starts (for examples).
  // REQUIRES: values.size() == number of columns.
  void AddRow(std::span<const std::string_view> values, std::int64_t line);

  // Processes any buffered rows and returns the report so far, named
  // `input`. Rows may still be added afterwards.
  DataQualityReport Report(std::string_view input);

 private:
  static constexpr std::size_t kIssues =
      static_cast<std::size_t>(Issue::kPatternMismatch) + 1;
  static constexpr std::uint32_t kPending = ~std::uint32_t{0};
  struct RawEntry {
    Issue issue = Issue::kNone;
    std::uint32_t normalised_id = kPending;  // meaningful iff issue == kNone
  };
  struct ColumnState {
    ProfiledColumn column;
    absl::flat_hash_map<std::string, std::uint32_t> raw_ids;
    std::vector<RawEntry> raw;                // by raw id
    std::vector<std::string> new_values;      // raw ids raw.size() - n ...
    absl::flat_hash_map<std::string, std::uint32_t> normalised_ids;
    std::vector<std::int64_t> normalised_counts;  // by normalised id
    std::array<std::int64_t, kIssues> issue_counts{};
    std::array<std::vector<std::int64_t>, kIssues> examples;
  };

  // Normalises the new raw values and counts the buffered rows.
  void Flush();

  ProfileOptions options_;
  std::vector<ColumnState> columns_;
  std::int64_t rows_ = 0;
  std::vector<std::uint32_t> batch_raw_ids_;  // row-major, one per column
  std::vector<std::int64_t> batch_lines_;
};

// Reads every record of `source` and profiles `columns` (looked up by name).
// If `unique_id_column` is non-empty, every record must have a non-empty id
// that no earlier record had. Errors (InvalidArgument): a reader error as
// is; "<file>: missing column \"x\" required by the config; the file has:
// ..."; "<file>:<line>: duplicate record id \"7\" in column \"id\" (first at
// line 3)"; "<file>:<line>: empty record id in column \"id\"".
absl::StatusOr<DataQualityReport> ProfileSource(
    RowSource& source, std::string_view unique_id_column,
    std::span<const ProfiledColumn> columns, const ProfileOptions& options);

// Builds each column's normaliser from `config` (errors name the config file
// and the JSON path), opens `input_path` with config.input and profiles it.
absl::StatusOr<DataQualityReport> ProfileFile(const Config& config,
                                              std::string_view input_path,
                                              const ProfileOptions& options);

// A readable table: one summary line per column, then the invalid values by
// reason with example lines, then the most frequent values.
std::string ReportToText(const DataQualityReport& report);

// {"input": ..., "rows": n, "fields": [{"column", "normaliser", "rows",
// "valid", "missing", "invalid", "invalid_by_reason": [{"reason", "count",
// "example_lines"}], "distinct_raw", "distinct_normalised",
// "top_values": [{"value", "count"}]}]}
nlohmann::json ReportToJson(const DataQualityReport& report);

// Long format, one header and one row per fact:
//   column,section,key,count,example_lines
//   dob,summary,rows,40,
//   dob,invalid,impossible_date,2,7 19
//   dob,top_value,1900-01-01,3,
// section is summary (keys rows, valid, missing, invalid, distinct_raw,
// distinct_normalised), invalid (key = reason) or top_value (key = value).
std::string ReportToCsv(const DataQualityReport& report);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_PROFILE_H_
