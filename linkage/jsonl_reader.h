// Copyright 2026 The Linkage Authors.
//
// A streaming JSON Lines reader: one JSON object per line, parsed with
// nlohmann-json (its exceptions are caught here; this API never throws).
//
// Columns are the keys of the first object, in file order. In later objects
// a missing key or a null is an empty (missing) value and keys the first
// object lacked are ignored. Values must be strings or numbers (numbers are
// kept as their JSON text, e.g. 42, 1.5) or null. Blank lines are skipped; a
// UTF-8 BOM and CRLF line endings are accepted.
// Errors (InvalidArgument, "<file>:<line>:<column>: <what>"):
//   invalid JSON: syntax error while parsing object key ...
//   expected a JSON object, found array
//   field "dob": expected a string, number or null, found object
//   empty file: no records
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<JsonlReader> reader,
//                            JsonlReader::Open("people.jsonl"));
//   while (true) {
//     LINKAGE_ASSIGN_OR_RETURN(bool more, reader->Next());
//     if (!more) break;
//     std::span<const std::string_view> row = reader->fields();
//   }
//
// Thread-safety: not thread-safe; one reader per thread.
#ifndef LINKAGE_LINKAGE_JSONL_READER_H_
#define LINKAGE_LINKAGE_JSONL_READER_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "linkage/row_source.h"

namespace linkage {

class JsonlReader final : public RowSource {
 public:
  // Opens `path` and reads its first object to learn the columns. Errors:
  // NotFound / PermissionDenied naming the path; InvalidArgument for an empty
  // file or a malformed first line.
  static absl::StatusOr<std::unique_ptr<JsonlReader>> Open(
      std::string_view path);

  // Same as Open, reading `contents`; `name` is used in error messages.
  static absl::StatusOr<std::unique_ptr<JsonlReader>> FromString(
      std::string_view name, std::string contents);

  ~JsonlReader() override;
  JsonlReader(const JsonlReader&) = delete;
  JsonlReader& operator=(const JsonlReader&) = delete;

  std::string_view name() const noexcept override { return name_; }
  std::span<const std::string> columns() const noexcept override {
    return columns_;
  }
  absl::StatusOr<bool> Next() override;
  std::span<const std::string_view> fields() const noexcept override {
    return fields_;
  }
  std::int64_t line() const noexcept override { return record_line_; }

 private:
  JsonlReader(std::string name, std::unique_ptr<std::istream> in);

  absl::Status ReadFirst();
  // Reads and parses the next non-blank line; false at end of input.
  absl::StatusOr<bool> ReadLine(bool first);
  absl::Status ErrorAt(std::int64_t line, std::int64_t column,
                       std::string_view what) const;

  std::string name_;
  std::unique_ptr<std::istream> in_;
  std::vector<std::string> columns_;
  std::vector<std::string> values_;
  std::vector<std::string_view> fields_;
  std::string text_;
  std::int64_t next_line_ = 1;
  std::int64_t record_line_ = 0;
  bool peeked_ = false;
  absl::Status status_;
};

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_JSONL_READER_H_
