// Copyright 2026 The Linkage Authors.
//
// A streaming CSV reader (RFC 4180) that reports every problem with file,
// line and column. It reads the file in chunks, so memory stays bounded by
// the chunk size plus the largest record.
//
// Accepted dialect:
//   - fields separated by InputOptions::delimiter; records end in LF, CRLF or
//     a lone CR; the last record may lack a line ending;
//   - a field may be quoted ("..."), and then may contain the delimiter, line
//     breaks and doubled quotes (""); a quote inside an unquoted field is an
//     ordinary character (real registers contain O"Brien);
//   - a UTF-8 byte order mark at the start of the file is skipped;
//   - a blank line (or, with skip_leading_spaces, a line of spaces) is
//     skipped; an explicit "" is an empty field and is kept;
//   - skip_leading_spaces drops spaces at the start of each field (FEBRL's
//     ", " separator);
//   - every field must be valid UTF-8.
// Errors (InvalidArgument, "<file>:<line>:<column>: <what>", columns counted
// in bytes from 1):
//   ragged row: expected 11 fields, found 10
//   unterminated quoted field starting at line 7
//   unexpected character 'x' after closing quote
//   invalid UTF-8 in field "surname"
//   field longer than 1048576 bytes
//   duplicate column name "x" in header (columns 2 and 5) / empty column name
//
// Why our own parser rather than Debian's libcsv: libcsv is callback-based,
// reports no line or column for errors, does not validate UTF-8 and cannot
// skip FEBRL's leading spaces selectively; the state machine below is ~200
// lines and yields string_views without a copy per field.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader,
//                            CsvReader::Open("people.csv", InputOptions{}));
//   while (true) {
//     LINKAGE_ASSIGN_OR_RETURN(bool more, reader->Next());
//     if (!more) break;
//     std::span<const std::string_view> row = reader->fields();
//   }
//
// Thread-safety: not thread-safe; one reader per thread.
#ifndef LINKAGE_LINKAGE_CSV_READER_H_
#define LINKAGE_LINKAGE_CSV_READER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "linkage/row_source.h"

namespace linkage {

class CsvReader final : public RowSource {
 public:
  // Opens `path` and reads its header (or, without a header, peeks at the
  // first record to learn the width). Errors: NotFound / PermissionDenied /
  // Internal naming the path if it cannot be opened or read; InvalidArgument
  // for an empty file or a malformed header.
  static absl::StatusOr<std::unique_ptr<CsvReader>> Open(
      std::string_view path, const InputOptions& options);

  // Same as Open, reading `contents` instead of a file; `name` is used in
  // error messages.
  static absl::StatusOr<std::unique_ptr<CsvReader>> FromString(
      std::string_view name, std::string contents, const InputOptions& options);

  ~CsvReader() override;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  std::string_view name() const noexcept override { return name_; }
  std::span<const std::string> columns() const noexcept override {
    return columns_;
  }
  absl::StatusOr<bool> Next() override;
  std::span<const std::string_view> fields() const noexcept override {
    return fields_;
  }
  std::int64_t line() const noexcept override { return record_line_; }
  std::uint64_t bytes_read() const noexcept override { return buffer_offset_ + pos_; }

 private:
  struct Position {
    std::int64_t line;
    std::int64_t column;
  };
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

  CsvReader(std::string name, std::FILE* file, std::string contents,
            const InputOptions& options);

  absl::Status ReadHeader();
  // Reads one record into record_/field_* (no width or UTF-8 checks).
  // Returns false at the end of the input.
  absl::StatusOr<bool> ReadRecord();
  // Reads the next record and checks its width and encoding.
  absl::StatusOr<bool> ReadCheckedRecord();
  // The common record, fast: a whole line in the buffer, ASCII, without
  // quotes or carriage returns, with the header's width. Sets fields_ to
  // views of the buffer (no copy) and returns true; returns false, having
  // read nothing, for any other record, which ReadCheckedRecord() then
  // reads (and reports, if it is malformed) as before.
  bool ReadSimpleRecord() noexcept;
  // Sets simple_records_ once the header gives the width.
  void EnableSimpleRecords() noexcept;
  absl::StatusOr<bool> Refill();
  void StartField(std::int64_t line, std::int64_t column);
  void EndField();
  absl::Status ErrorAt(Position at, std::string_view what) const;

  std::string name_;
  std::FILE* file_;  // owned; null when reading from a string
  InputOptions options_;
  std::vector<std::string> columns_;

  // Input buffer: bytes [pos_, end_) of buffer_ are unread.
  std::string buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t buffer_offset_ = 0;  // input offset of buffer_[0]
  bool at_eof_ = false;
  bool first_chunk_ = true;
  bool pending_cr_ = false;  // last record ended in CR; skip a following LF
  std::int64_t line_ = 1;    // position of buffer_[pos_]
  std::int64_t column_ = 1;

  // Current record: unescaped field bytes back to back in record_, and per
  // field its bytes there, where it starts in the input and whether it was
  // quoted (one entry per field: a record costs one push_back per field).
  struct Field {
    std::size_t begin = 0, end = 0;
    Position start{0, 0};
    bool quoted = false;
  };
  std::string record_;
  std::vector<Field> record_fields_;
  // Field i's unescaped bytes in record_.
  std::string_view FieldText(std::size_t i) const noexcept {
    const Field& f = record_fields_[i];
    return std::string_view(record_).substr(f.begin, f.end - f.begin);
  }
  Position record_end_{0, 0};
  std::vector<std::string_view> fields_;
  std::int64_t record_line_ = 0;
  bool peeked_ = false;  // a record read by Open (no header) is pending
  // ReadSimpleRecord() applies: a delimiter that is not a quote or line
  // break, no leading spaces to skip, and two columns or more (a blank line
  // is one empty field).
  bool simple_records_ = false;
  // ReadSimpleRecord()'s tries and misses in the current window of
  // kSimpleWindow tries, and how many records still skip it (Next()).
  static constexpr std::uint32_t kSimpleWindow = 256, kSimplePause = 1u << 14;
  std::uint32_t simple_tries_ = 0, simple_misses_ = 0, simple_pause_ = 0;
  absl::Status status_;  // sticky error
};

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_CSV_READER_H_
