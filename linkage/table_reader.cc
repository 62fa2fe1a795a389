// Copyright 2026 The Linkage Authors.
#include "linkage/table_reader.h"

#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "linkage/row_source.h"
#include "tbb/parallel_pipeline.h"

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
    // Two stages overlap: the reader parses batch k + 1 (serially; CSV
    // quoting is sequential) while the builder takes batch k (its columns in
    // parallel). A batch owns copies of its fields, as a source's views last
    // only until its next row.
    struct Batch {
      std::string arena;
      std::vector<std::uint64_t> ends;  // per row: id, columns, extras
      std::vector<std::int64_t> lines;
      absl::Status error;  // reading stopped here, after the rows above
    };
    const std::size_t per_row = 1 + columns.size() + extra_columns.size();
    constexpr std::size_t kBatchRows = 1 << 14;
    bool input_done = false;
    absl::Status status;
    tbb::parallel_pipeline(
        /*max_number_of_live_tokens=*/2,
        tbb::make_filter<void, std::shared_ptr<Batch>>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
              if (input_done) {
                fc.stop();
                return nullptr;
              }
              auto batch = std::make_shared<Batch>();
              batch->ends.reserve(kBatchRows * per_row);
              batch->lines.reserve(kBatchRows);
              auto append = [&](std::string_view field) {
                batch->arena.append(field);
                batch->ends.push_back(batch->arena.size());
              };
              while (batch->lines.size() < kBatchRows) {
                absl::StatusOr<bool> more = rows.Next();
                if (!more.ok() || !*more) {
                  if (!more.ok()) batch->error = more.status();
                  input_done = true;
                  break;
                }
                const std::span<const std::string_view> row = rows.fields();
                append(row[*id_column]);
                for (std::size_t column : columns) append(row[column]);
                for (std::size_t column : extra_columns) append(row[column]);
                batch->lines.push_back(rows.line());
              }
              return batch;
            }) &
            tbb::make_filter<std::shared_ptr<Batch>, void>(
                tbb::filter_mode::serial_in_order,
                [&](const std::shared_ptr<Batch>& batch) {
                  if (!status.ok()) return;  // an earlier batch failed
                  RecordTableBuilder::Batch views;
                  const std::size_t n = batch->lines.size();
                  views.ids.reserve(n);
                  views.fields.reserve(n * columns.size());
                  views.lines = std::move(batch->lines);
                  const std::string_view arena = batch->arena;
                  std::size_t field = 0;
                  auto next = [&]() {
                    const std::uint64_t begin = field == 0 ? 0 : batch->ends[field - 1];
                    const std::uint64_t end = batch->ends[field++];
                    return arena.substr(begin, end - begin);
                  };
                  for (std::size_t i = 0; i < n; ++i) {
                    views.ids.push_back(next());
                    for (std::size_t c = 0; c < columns.size(); ++c) {
                      views.fields.push_back(next());
                    }
                    for (std::size_t e = 0; e < extra_columns.size(); ++e) {
                      loaded.extra[e].emplace_back(next());
                    }
                  }
                  status = builder.AddBatch(views);
                  if (status.ok()) status = batch->error;
                  const std::uint64_t before = records;
                  records += n;
                  if (options.log && records / 1'000'000 != before / 1'000'000) {
                    options.log(absl::StrCat("read ", records / 1'000'000 * 1'000'000,
                                             " records"));
                  }
                }));
    if (!status.ok()) return status;
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
