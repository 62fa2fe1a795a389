// Copyright 2026 The Linkage Authors.
#include "linkage/table_reader.h"

#include <filesystem>
#include <memory>
#include <mutex>
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
  // Duplicate ids are checked after reading: an error that stops reading
  // reports an earlier duplicate instead, if there is one (file order).
  const auto first_error = [&](absl::Status error) {
    absl::Status duplicate = builder.CheckIds();
    return duplicate.ok() ? error : duplicate;
  };
  // The inputs' total size, for a forecast of the records they hold (0 if
  // a size is unknown): the builder sizes its maps by it.
  std::uint64_t total_bytes = 0;
  for (const std::string& path : paths) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
      total_bytes = 0;
      break;
    }
    total_bytes += size;
  }
  std::uint64_t bytes_before = 0;  // of the sources before the current one
  std::uint64_t records_read = 0;  // by the input stage
  for (const std::string& path : paths) {
    absl::StatusOr<std::unique_ptr<RowSource>> source =
        OpenRowSource(path, config.input);
    if (!source.ok()) return first_error(source.status());
    RowSource& rows = **source;
    absl::StatusOr<std::size_t> id_column =
        RequireColumn(rows, config.unique_id_column, "unique_id_column");
    if (!id_column.ok()) return first_error(id_column.status());
    std::vector<std::size_t> columns;
    for (const ColumnConfig& column : config.columns) {
      absl::StatusOr<std::size_t> index =
          RequireColumn(rows, column.name, column.json_path);
      if (!index.ok()) return first_error(index.status());
      columns.push_back(*index);
    }
    std::vector<std::size_t> extra_columns;
    for (const std::string& name : options.extra_columns) {
      absl::StatusOr<std::size_t> index = RequireColumn(rows, name, "this command");
      if (!index.ok()) return first_error(index.status());
      extra_columns.push_back(*index);
    }
    builder.BeginSource(path);
    // Two stages overlap: the reader parses batch k + 1 (serially; CSV
    // quoting is sequential) while the builder takes batch k (its columns in
    // parallel). A batch owns copies of its fields, as a source's views last
    // only until its next row, stored column-major (an arena and end offsets
    // per slot: id, columns, extras) so that each column's task reads only
    // its own bytes.
    const std::size_t slots = 1 + columns.size() + extra_columns.size();
    struct Batch {
      std::vector<std::string> arenas;
      std::vector<std::vector<std::uint64_t>> ends;
      std::vector<std::int64_t> lines;
      absl::Status error;  // reading stopped here, after the rows above
      std::uint64_t expected_records = 0;  // forecast for the builder
    };
    constexpr std::size_t kBatchRows = 1 << 14, kFirstBatchRows = 1 << 11;
    std::uint64_t batches_read = 0;
    bool input_done = false;
    absl::Status status;
    // Batches are recycled (cleared, keeping their buffers): a fresh batch's
    // arenas grew by reallocation and first touched new pages, every batch.
    std::mutex pool_mutex;
    std::vector<std::shared_ptr<Batch>> pool;
    tbb::parallel_pipeline(
        /*max_number_of_live_tokens=*/2,
        tbb::make_filter<void, std::shared_ptr<Batch>>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
              if (input_done) {
                fc.stop();
                return nullptr;
              }
              std::shared_ptr<Batch> batch;
              {
                std::lock_guard<std::mutex> lock(pool_mutex);
                if (!pool.empty()) {
                  batch = std::move(pool.back());
                  pool.pop_back();
                }
              }
              if (batch == nullptr) {
                batch = std::make_shared<Batch>();
                batch->arenas.resize(slots);
                batch->ends.resize(slots);
                for (std::vector<std::uint64_t>& ends : batch->ends) ends.reserve(kBatchRows);
                batch->lines.reserve(kBatchRows);
              } else {
                for (std::string& arena : batch->arenas) arena.clear();
                for (std::vector<std::uint64_t>& ends : batch->ends) ends.clear();
                batch->lines.clear();
                batch->error = absl::OkStatus();
              }
              auto append = [&](std::size_t slot, std::string_view field) {
                batch->arenas[slot].append(field);
                batch->ends[slot].push_back(batch->arenas[slot].size());
              };
              // The first batches are smaller (2048, 4096, 8192 rows, then
              // kBatchRows): the builder (the other stage) waits for the
              // first one.
              const std::size_t rows_wanted = std::min(
                  kBatchRows, kFirstBatchRows << std::min<std::uint64_t>(batches_read++, 3));
              while (batch->lines.size() < rows_wanted) {
                absl::StatusOr<bool> more = rows.Next();
                if (!more.ok() || !*more) {
                  if (!more.ok()) batch->error = more.status();
                  input_done = true;
                  break;
                }
                const std::span<const std::string_view> row = rows.fields();
                std::size_t slot = 0;
                append(slot++, row[*id_column]);
                for (std::size_t column : columns) append(slot++, row[column]);
                for (std::size_t column : extra_columns) append(slot++, row[column]);
                batch->lines.push_back(rows.line());
              }
              records_read += batch->lines.size();
              const std::uint64_t consumed = bytes_before + rows.bytes_read();
              batch->expected_records =
                  total_bytes == 0 || rows.bytes_read() == 0
                      ? 0
                      : static_cast<std::uint64_t>(double(records_read) * double(total_bytes) /
                                                   double(consumed));
              return batch;
            }) &
            tbb::make_filter<std::shared_ptr<Batch>, void>(
                tbb::filter_mode::serial_in_order,
                [&](const std::shared_ptr<Batch>& batch) {
                  if (!status.ok()) return;  // an earlier batch failed
                  const auto view = [&](std::size_t slot) {
                    return RecordTableBuilder::BatchColumn{batch->arenas[slot],
                                                           batch->ends[slot]};
                  };
                  RecordTableBuilder::Batch views;
                  views.ids = view(0);
                  for (std::size_t c = 0; c < columns.size(); ++c) {
                    views.columns.push_back(view(1 + c));
                  }
                  views.lines = batch->lines;
                  const std::size_t n = batch->lines.size();
                  for (std::size_t e = 0; e < extra_columns.size(); ++e) {
                    const RecordTableBuilder::BatchColumn extra = view(1 + columns.size() + e);
                    loaded.extra[e].AppendAll(extra.bytes, extra.ends);
                  }
                  builder.ExpectRecords(batch->expected_records);
                  status = builder.AddBatch(views);
                  if (status.ok() && !batch->error.ok()) status = first_error(batch->error);
                  const std::uint64_t before = records;
                  records += n;
                  if (options.log && records / 1'000'000 != before / 1'000'000) {
                    options.log(absl::StrCat("read ", records / 1'000'000 * 1'000'000,
                                             " records"));
                  }
                  std::lock_guard<std::mutex> lock(pool_mutex);
                  pool.push_back(batch);
                }));
    if (!status.ok()) return status;
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) loaded.bytes_read += size;
    bytes_before += ec ? 0 : size;
  }
  absl::StatusOr<RecordTable> table = std::move(builder).Finish();
  if (!table.ok()) return table.status();
  loaded.table = *std::move(table);
  return loaded;
}

}  // namespace linkage
