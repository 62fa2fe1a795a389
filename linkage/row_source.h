// Copyright 2026 The Linkage Authors.
//
// RowSource: the one interface every input reader implements (CSV, JSONL;
// later Arrow/Python). A source has named columns and yields records one at a
// time as string_views aligned with those columns, with the line number where
// each record starts, so that every later error can name file and line.
//
// OpenRowSource() picks the reader from InputOptions (or the file extension).
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<RowSource> source,
//                            OpenRowSource("people.csv", InputOptions{}));
//   LINKAGE_ASSIGN_OR_RETURN(std::size_t surname,
//                            RequireColumn(*source, "surname"));
//   for (;;) {
//     LINKAGE_ASSIGN_OR_RETURN(bool more, source->Next());
//     if (!more) break;
//     Use(source->line(), source->fields()[surname]);
//   }
//
// Thread-safety: a RowSource is not thread-safe; use one per thread.
#ifndef LINKAGE_LINKAGE_ROW_SOURCE_H_
#define LINKAGE_LINKAGE_ROW_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace linkage {

// How to read an input file. Mirrors the optional "input" object of a config.
struct InputOptions {
  // "csv", "jsonl", or "" to choose by extension (.jsonl/.ndjson -> jsonl,
  // anything else -> csv).
  std::string format;
  // CSV field separator.
  char delimiter = ',';
  // CSV: skip spaces at the start of every unquoted field (FEBRL files use
  // ", " as the separator).
  bool skip_leading_spaces = false;
  // CSV: the first record names the columns. If false, columns are named
  // "field_1", "field_2", ... after the first record's width.
  bool has_header = true;
  // Largest field accepted, in bytes; a longer field is an error, which
  // bounds memory on a malformed file (e.g. a stray quote near the start).
  std::size_t max_field_bytes = std::size_t{1} << 20;
};

class RowSource {
 public:
  virtual ~RowSource() = default;

  // The name used in error messages (the path as given).
  virtual std::string_view name() const noexcept = 0;

  // Column names, in file order. Fixed once the source is open.
  virtual std::span<const std::string> columns() const noexcept = 0;

  // Advances to the next record. Returns true if there is one, false at the
  // end of the input, or an InvalidArgument error "<file>:<line>:<column>:
  // <what>" for malformed input. After an error every later call returns the
  // same error.
  virtual absl::StatusOr<bool> Next() = 0;

  // Fields of the current record, aligned with columns(); a missing value is
  // an empty view. REQUIRES: the last Next() returned true. The views stay
  // valid until the next call to Next().
  virtual std::span<const std::string_view> fields() const noexcept = 0;

  // 1-based line on which the current record starts (the header is line 1).
  // REQUIRES: the last Next() returned true.
  virtual std::int64_t line() const noexcept = 0;

  // Bytes of the input consumed so far (through the current record, or a
  // little beyond it), or 0 when the source cannot tell. For estimates of
  // how much is left, e.g. how many records a file holds.
  virtual std::uint64_t bytes_read() const noexcept { return 0; }
};

// Index of column `column` in `source`, or nullopt.
std::optional<std::size_t> FindColumn(const RowSource& source,
                                      std::string_view column);

// Index of column `column`; if absent, InvalidArgument
// "<file>: missing column \"<column>\" required by <why>; the file has: a, b".
absl::StatusOr<std::size_t> RequireColumn(const RowSource& source,
                                          std::string_view column,
                                          std::string_view why = "the config");

// Opens `path` with the reader `options.format` names (or its extension
// implies). Returns NotFound/PermissionDenied-style errors naming the path if
// the file cannot be opened, InvalidArgument for an unknown format or a
// malformed header.
absl::StatusOr<std::unique_ptr<RowSource>> OpenRowSource(
    std::string_view path, const InputOptions& options);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_ROW_SOURCE_H_
