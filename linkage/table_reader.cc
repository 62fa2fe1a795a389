// Copyright 2026 The Linkage Authors.
#include "linkage/table_reader.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "linkage/row_source.h"

namespace linkage {

absl::StatusOr<LoadedTable> ReadRecordTable(const Model& model,
                                            const std::vector<std::string>& paths,
                                            const ReadOptions& options) {
  absl::StatusOr<std::vector<RecordTableBuilder::ColumnSpec>> specs =
      model.MakeColumnSpecs();
  if (!specs.ok()) return specs.status();
  const Config& config = model.config();
  RecordTableBuilder builder(*std::move(specs));
  LoadedTable loaded;
  loaded.extra.resize(options.extra_columns.size());
  std::uint64_t records = 0;
  for (const std::string& path : paths) {
    absl::StatusOr<std::unique_ptr<RowSource>> source =
        OpenRowSource(path, config.input);
    if (!source.ok()) return source.status();
    RowSource& rows = **source;
    absl::StatusOr<std::size_t> id_column =
        RequireColumn(rows, config.unique_id_column, "unique_id_column");
    if (!id_column.ok()) return id_column.status();
    std::vector<std::size_t> columns;
    for (const ColumnConfig& column : config.columns) {
      absl::StatusOr<std::size_t> index =
          RequireColumn(rows, column.name, column.json_path);
      if (!index.ok()) return index.status();
      columns.push_back(*index);
    }
    std::vector<std::size_t> extra_columns;
    for (const std::string& name : options.extra_columns) {
      absl::StatusOr<std::size_t> index = RequireColumn(rows, name, "this command");
      if (!index.ok()) return index.status();
      extra_columns.push_back(*index);
    }
    builder.BeginSource(path);
    std::vector<std::string_view> fields(columns.size());
    for (;;) {
      absl::StatusOr<bool> more = rows.Next();
      if (!more.ok()) return more.status();
      if (!*more) break;
      const std::span<const std::string_view> row = rows.fields();
      for (std::size_t c = 0; c < columns.size(); ++c) fields[c] = row[columns[c]];
      if (absl::Status s = builder.Add(row[*id_column], fields, rows.line()); !s.ok()) {
        return s;
      }
      for (std::size_t e = 0; e < extra_columns.size(); ++e) {
        loaded.extra[e].emplace_back(row[extra_columns[e]]);
      }
      if (++records % 1'000'000 == 0 && options.log) {
        options.log(absl::StrCat("read ", records, " records"));
      }
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) loaded.bytes_read += size;
  }
  absl::StatusOr<RecordTable> table = std::move(builder).Finish();
  if (!table.ok()) return table.status();
  loaded.table = *std::move(table);
  return loaded;
}

}  // namespace linkage
