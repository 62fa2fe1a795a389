// Copyright 2026 The Linkage Authors.
//
// Reads input files into a RecordTable with a model's columns and
// normalisers: the "read" and "normalise" stages of every batch job. One
// file for dedupe jobs, two (left, right) for link jobs. Columns named in
// `extra_columns` (e.g. a ground-truth cluster column) are returned raw,
// aligned with the table's records.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(LoadedTable loaded,
//       ReadRecordTable(model, {"people.csv"}, {.extra_columns = {"cluster"}}));
//
// Thread-safety: a function; may be called concurrently.
#ifndef LINKAGE_LINKAGE_TABLE_READER_H_
#define LINKAGE_LINKAGE_TABLE_READER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/text_column.h"
#include "linkage/model.h"
#include "linkage/record_table.h"

namespace linkage {

struct ReadOptions {
  // Raw columns to keep beside the table (missing column -> error).
  std::vector<std::string> extra_columns;
  // Called with a progress line now and then (every 1M records); may be null.
  std::function<void(const std::string&)> log;
};

struct LoadedTable {
  RecordTable table;
  // extra[i][record]: the raw value of extra_columns[i].
  std::vector<TextColumn> extra;
  std::uint64_t bytes_read = 0;
};

// Reads `paths` in order (each a source of the table) using the config's
// input options. Errors name file, line and column (bad rows, missing
// columns, duplicate record ids across files).
absl::StatusOr<LoadedTable> ReadRecordTable(const Model& model,
                                            const std::vector<std::string>& paths,
                                            const ReadOptions& options);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_TABLE_READER_H_
