// Copyright 2026 The Linkage Authors.
#include "linkage/row_source.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "linkage/csv_reader.h"
#include "linkage/jsonl_reader.h"

namespace linkage {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<std::size_t> FindColumn(const RowSource& source,
                                      std::string_view column) {
  const std::span<const std::string> columns = source.columns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return i;
  }
  return std::nullopt;
}

absl::StatusOr<std::size_t> RequireColumn(const RowSource& source,
                                          std::string_view column,
                                          std::string_view why) {
  std::optional<std::size_t> index = FindColumn(source, column);
  if (index.has_value()) return *index;
  const std::span<const std::string> columns = source.columns();
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s: missing column \"%s\" required by %s; the file has: %s",
      source.name(), column, why,
      absl::StrJoin(columns.begin(), columns.end(), ", ")));
}

absl::StatusOr<std::unique_ptr<RowSource>> OpenRowSource(
    std::string_view path, const InputOptions& options) {
  std::string format = options.format;
  if (format.empty()) {
    const std::string lower = absl::AsciiStrToLower(
        absl::string_view(path.data(), path.size()));
    format = EndsWith(lower, ".jsonl") || EndsWith(lower, ".ndjson") ? "jsonl"
                                                                     : "csv";
  }
  if (format == "csv") {
    absl::StatusOr<std::unique_ptr<CsvReader>> reader =
        CsvReader::Open(path, options);
    if (!reader.ok()) return reader.status();
    return std::unique_ptr<RowSource>(std::move(*reader));
  }
  if (format == "jsonl") {
    absl::StatusOr<std::unique_ptr<JsonlReader>> reader =
        JsonlReader::Open(path);
    if (!reader.ok()) return reader.status();
    return std::unique_ptr<RowSource>(std::move(*reader));
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "unknown input format \"%s\" for %s; expected \"csv\" or \"jsonl\"",
      format, path));
}

}  // namespace linkage
