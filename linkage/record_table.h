// Copyright 2026 The Linkage Authors.
//
// RecordTable: a register held column by column (DESIGN.md section 3). Each
// configured column is a vector of 32-bit value ids into a Dictionary of its
// unique normalised values; kNullValue marks a missing or invalid field.
// Record ids, their input line numbers and which input (source) each record
// came from are kept for output and error messages.
//
// RecordTableBuilder reads records one at a time, keeping each distinct raw
// string once; Finish() normalises every distinct raw value once, in parallel,
// and merges raw values that normalise alike ("SW1A1AA", "sw1a 1aa") into
// one dictionary entry. Value ids are assigned in order of first appearance,
// so the table is identical on any thread count.
//
// Example:
//   RecordTableBuilder builder(std::move(columns));
//   builder.BeginSource("people.csv");
//   for (each record) LINKAGE_RETURN_IF_ERROR(builder.Add(id, fields, line));
//   LINKAGE_ASSIGN_OR_RETURN(RecordTable table, std::move(builder).Finish());
//
// Thread-safety: a built RecordTable is immutable; const methods may be
// called concurrently. A builder is single-threaded. The streaming Matcher
// grows its own table through internal::RecordTableMutator, under its
// exclusive lock.
#ifndef LINKAGE_LINKAGE_RECORD_TABLE_H_
#define LINKAGE_LINKAGE_RECORD_TABLE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "base/hashed_view.h"
#include "linkage/dictionary.h"
#include "normalise/normaliser.h"

namespace linkage {

namespace internal {
class RecordTableMutator;  // the Matcher's writer (internal/matcher_table.h)
}  // namespace internal

// Number of Issue codes (for per-issue counters).
inline constexpr std::size_t kNumIssues =
    static_cast<std::size_t>(Issue::kPatternMismatch) + 1;

// One configured column of a RecordTable.
struct Column {
  std::string name;
  std::string normaliser;               // registry name, e.g. "uk_postcode"
  std::vector<std::string> part_names;  // aligned with Dictionary::part()
  std::vector<std::uint32_t> values;    // per record; kNullValue = null
  Dictionary dictionary;
  // Records per Issue (index = static_cast<size_t>(issue)); [kNone] counts
  // valid values.
  std::array<std::uint64_t, kNumIssues> issue_counts{};

  // Index of the part called `part_name`, or nullopt.
  std::optional<std::size_t> FindPart(std::string_view part_name) const;
};

class RecordTable {
 public:
  RecordTable() = default;
  RecordTable(RecordTable&&) = default;
  RecordTable& operator=(RecordTable&&) = default;

  std::size_t num_records() const noexcept { return lines_.size(); }
  std::size_t num_columns() const noexcept { return columns_.size(); }

  const Column& column(std::size_t index) const noexcept {
    return columns_[index];
  }
  // Index of the column called `name`, or nullopt.
  std::optional<std::size_t> FindColumn(std::string_view name) const;

  // The record's id (unique across the table). REQUIRES: record < num_records().
  std::string_view record_id(std::size_t record) const noexcept {
    return std::string_view(id_arena_).substr(
        id_offsets_[record], id_offsets_[record + 1] - id_offsets_[record]);
  }
  // The line on which the record starts in its input file.
  std::int64_t line(std::size_t record) const noexcept { return lines_[record]; }

  // Inputs in the order added; records of source s are the index range
  // [source_begin(s), source_begin(s + 1)).
  std::size_t num_sources() const noexcept { return source_names_.size(); }
  std::string_view source_name(std::size_t s) const noexcept {
    return source_names_[s];
  }
  std::uint32_t source_begin(std::size_t s) const noexcept {
    return s < source_begins_.size() ? source_begins_[s]
                                     : static_cast<std::uint32_t>(num_records());
  }
  // The source of `record`.
  std::size_t source_of(std::size_t record) const noexcept;

  // Bytes held by the table (ids, dictionaries, record ids, lines).
  std::size_t MemoryBytes() const noexcept;

 private:
  friend class RecordTableBuilder;
  friend class internal::RecordTableMutator;

  std::vector<Column> columns_;
  std::string id_arena_;
  std::vector<std::uint64_t> id_offsets_;  // num_records + 1
  std::vector<std::int64_t> lines_;
  std::vector<std::string> source_names_;
  std::vector<std::uint32_t> source_begins_;
};

namespace internal {

// How many distinct values a column will hold after `expected` records,
// from `growth`: (records, distinct values) after each batch so far, records
// ascending. Fits Heaps' law (distinct = k * records^beta, 0 <= beta <= 1)
// through the last entry and the last entry at or before half its records,
// and never forecasts more than one new value per record to come, nor more
// than 8 times the values so far (the forecast is redone as records come,
// and `expected` is itself an estimate). Returns 0
// (no forecast) before 2^17 records, or when `expected` is not beyond them.
std::uint64_t ForecastDistinct(
    std::span<const std::pair<std::uint32_t, std::uint32_t>> growth,
    std::uint64_t expected);

}  // namespace internal

class RecordTableBuilder {
 public:
  struct ColumnSpec {
    std::string name;
    // Required; owns the normaliser for the builder's lifetime.
    std::unique_ptr<Normaliser> normaliser;
  };

  explicit RecordTableBuilder(std::vector<ColumnSpec> columns);

  // Starts the records of a new input (its path, for messages). Records added
  // before any BeginSource() belong to a source named "input".
  void BeginSource(std::string_view name);

  // Adds one record. `fields` is aligned with the column specs. Returns
  // InvalidArgument "<source>:<line>: empty record id" for an empty id.
  // Duplicate ids are found by CheckIds(), which Finish() calls.
  absl::Status Add(std::string_view record_id,
                   std::span<const std::string_view> fields, std::int64_t line);

  // One column of a batch, stored contiguously: row i's field is
  // bytes[ends[i - 1], ends[i]) (from 0 for row 0). Column-major batches let
  // each column's task read its fields in order.
  struct BatchColumn {
    std::string_view bytes;
    std::span<const std::uint64_t> ends;
    std::string_view field(std::size_t i) const noexcept {
      const std::uint64_t begin = i == 0 ? 0 : ends[i - 1];
      return bytes.substr(begin, ends[i] - begin);
    }
  };
  // Rows for AddBatch(): row i has id ids.field(i), line lines[i] and in
  // column c the field columns[c].field(i); columns aligned with the specs.
  struct Batch {
    BatchColumn ids;
    std::vector<BatchColumn> columns;
    std::span<const std::int64_t> lines;
  };
  // Adds the batch's rows in order, as Add() on each row would. On an error
  // it returns the first error in row order among CheckIds() and the errors
  // Add() would return. The columns' distinct values are
  // collected in parallel (one task per column). After an error the builder
  // must not be used again (columns may hold values of the rows after it).
  absl::Status AddBatch(const Batch& batch);

  // A hint: about `records` records in all will be added (0: unknown). With
  // it AddBatch() sizes the per-record arrays once, and forecasts each
  // column's distinct values from their growth so far to size the column's
  // map for them once, instead of doubling them step by step (each step a
  // copy or rehash into freshly faulted memory). Only performance depends
  // on it.
  void ExpectRecords(std::uint64_t records) noexcept { expected_records_ = records; }

  // Returns InvalidArgument "<source>:<line>: duplicate record id \"x\"
  // (first at <source>:<line>)" for the first record, in the order added,
  // whose id an earlier record has; OK if the ids are distinct. It sorts the
  // ids' hashes (in parallel) rather than keeping a map of every id while
  // reading. A reader that stops on an error of its own calls it first, so
  // that an earlier duplicate is the error reported.
  absl::Status CheckIds() const;

  // Checks the ids, normalises the distinct raw values (in parallel) and
  // builds the table. The builder is consumed.
  absl::StatusOr<RecordTable> Finish() &&;

 private:
  // Stable storage for the distinct strings the builder's maps key on (as
  // views): a new value costs a copy into a block, not a string allocation,
  // and a rehash moves views, not strings.
  class StringArena {
   public:
    std::string_view Store(std::string_view s);

   private:
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* next_ = nullptr;
    std::size_t left_ = 0;
  };
  struct PendingColumn {
    ColumnSpec spec;
    StringArena arena;
    // Per distinct raw value (keys view the arena): its id, in order of
    // first appearance, and how many records hold it.
    struct RawValue {
      std::uint32_t id;
      std::uint32_t records;
    };
    HashedViewMap<RawValue> raw_ids;
    // The empty raw value's id (kNullValue until seen), and its records
    // that AddBatch() counted here instead of in its map entry: a column's
    // empty fields (half of some) skip the hash and the map.
    std::uint32_t empty_id = kNullValue;
    std::uint32_t empty_records = 0;
    std::vector<std::uint32_t> rows;  // raw id per record
    // (records, distinct raw values) after each batch, for
    // internal::ForecastDistinct().
    std::vector<std::pair<std::uint32_t, std::uint32_t>> growth;
  };

  // The id checks and bookkeeping of Add(): record index, line, id arena.
  absl::Status AddId(std::string_view record_id, std::int64_t line);
  static void AddValue(PendingColumn& column, const HashedView& raw);
  // Normalises a column's distinct raw values and builds its dictionary
  // and value ids; releases the pending column's maps.
  static absl::StatusOr<Column> FinishColumn(PendingColumn& pending);

  std::vector<PendingColumn> columns_;
  RecordTable table_;
  std::vector<std::uint64_t> id_hashes_;  // per record, for CheckIds()
  std::uint64_t expected_records_ = 0;  // ExpectRecords()
};

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_RECORD_TABLE_H_
