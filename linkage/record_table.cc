// Copyright 2026 The Linkage Authors.
#include "linkage/record_table.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <iterator>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"
#include "blocking/internal/group_by_key.h"
#include "tbb/blocked_range.h"
#include "tbb/parallel_for.h"

namespace linkage {

std::optional<std::size_t> Column::FindPart(std::string_view part_name) const {
  for (std::size_t i = 0; i < part_names.size(); ++i) {
    if (part_names[i] == part_name) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> RecordTable::FindColumn(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) return i;
  }
  return std::nullopt;
}

std::size_t RecordTable::source_of(std::size_t record) const noexcept {
  // Few sources: the last begin at or before `record`.
  std::size_t s = 0;
  while (s + 1 < source_begins_.size() && source_begins_[s + 1] <= record) ++s;
  return s;
}

std::size_t RecordTable::MemoryBytes() const noexcept {
  std::size_t bytes = id_arena_.capacity() +
                      id_offsets_.capacity() * sizeof(std::uint64_t) +
                      lines_.capacity() * sizeof(std::int64_t);
  for (const Column& c : columns_) {
    bytes += c.values.capacity() * sizeof(std::uint32_t) +
             c.dictionary.MemoryBytes();
  }
  return bytes;
}

namespace internal {

std::uint64_t ForecastDistinct(
    std::span<const std::pair<std::uint32_t, std::uint32_t>> growth,
    std::uint64_t expected) {
  // Below this many records the fit is too unsteady to act on (and a map
  // too small for its growth to matter).
  constexpr std::uint64_t kMinRecords = std::uint64_t{1} << 17;
  if (growth.empty()) return 0;
  const std::uint64_t records = growth.back().first;
  const std::uint64_t distinct = growth.back().second;
  if (records < kMinRecords || expected <= records || distinct == 0) return 0;
  // The last entry at or before half of `records`.
  const auto half = std::upper_bound(
      growth.begin(), growth.end(), records / 2,
      [](std::uint64_t r, const std::pair<std::uint32_t, std::uint32_t>& e) {
        return r < e.first;
      });
  if (half == growth.begin()) return 0;
  const std::uint64_t records0 = std::prev(half)->first;
  const std::uint64_t distinct0 = std::prev(half)->second;
  if (records0 == 0) return 0;
  const double beta =
      distinct0 == 0 ? 1.0
                     : std::clamp(std::log(double(distinct) / double(distinct0)) /
                                      std::log(double(records) / double(records0)),
                                  0.0, 1.0);
  const double forecast = double(distinct) * std::pow(double(expected) / double(records), beta);
  // A bounded step: `expected` is itself an estimate (from the bytes read so
  // far), and a map sized far beyond its contents is touched all over.
  constexpr std::uint64_t kMaxGrowth = 8;
  return std::min({static_cast<std::uint64_t>(forecast), distinct + (expected - records),
                   kMaxGrowth * distinct});
}

}  // namespace internal

RecordTableBuilder::RecordTableBuilder(std::vector<ColumnSpec> columns) {
  columns_.reserve(columns.size());
  for (ColumnSpec& spec : columns) {
    PendingColumn column;
    column.spec = std::move(spec);
    columns_.push_back(std::move(column));
  }
  table_.id_offsets_.push_back(0);
}

void RecordTableBuilder::BeginSource(std::string_view name) {
  table_.source_names_.emplace_back(name);
  table_.source_begins_.push_back(
      static_cast<std::uint32_t>(table_.lines_.size()));
}

std::string_view RecordTableBuilder::StringArena::Store(std::string_view s) {
  if (s.size() > left_) {
    constexpr std::size_t kBlock = std::size_t{1} << 16;
    const std::size_t size = std::max(kBlock, s.size());
    blocks_.push_back(std::make_unique<char[]>(size));
    next_ = blocks_.back().get();
    left_ = size;
  }
  if (!s.empty()) std::memcpy(next_, s.data(), s.size());
  const std::string_view stored(next_, s.size());
  next_ += s.size();
  left_ -= s.size();
  return stored;
}

absl::Status RecordTableBuilder::AddId(std::string_view record_id, std::int64_t line) {
  const std::string_view source = table_.source_names_.back();
  if (record_id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(ToAbsl(source), ":", line, ": empty record id"));
  }
  const std::size_t record = table_.lines_.size();
  if (record >= kNullValue) {
    return absl::ResourceExhaustedError("more than 2^32 - 2 records");
  }
  id_hashes_.push_back(MakeHashedView(record_id).hash);
  table_.id_arena_.append(record_id);
  table_.id_offsets_.push_back(table_.id_arena_.size());
  table_.lines_.push_back(line);
  return absl::OkStatus();
}

void RecordTableBuilder::AddValue(PendingColumn& column, const HashedView& raw) {
  const auto next = static_cast<std::uint32_t>(column.raw_ids.size());
  const auto it = column.raw_ids.lazy_emplace(raw, [&](const auto& construct) {
    if (raw.text.empty()) column.empty_id = next;
    construct(HashedView{column.arena.Store(raw.text), raw.hash},
              PendingColumn::RawValue{next, 0});
  });
  ++it->second.records;  // the slot just found: cached
  column.rows.push_back(it->second.id);
}

absl::Status RecordTableBuilder::Add(std::string_view record_id,
                                     std::span<const std::string_view> fields,
                                     std::int64_t line) {
  if (table_.source_names_.empty()) BeginSource("input");
  if (fields.size() != columns_.size()) {
    return absl::InternalError(absl::StrCat(
        ToAbsl(table_.source_names_.back()), ":", line, ": ", fields.size(),
        " fields given for ", columns_.size(), " columns"));
  }
  if (absl::Status s = AddId(record_id, line); !s.ok()) return s;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    AddValue(columns_[c], MakeHashedView(fields[c]));
  }
  return absl::OkStatus();
}

absl::Status RecordTableBuilder::AddBatch(const Batch& batch) {
  if (table_.source_names_.empty()) BeginSource("input");
  const std::size_t rows = batch.lines.size();
  const std::size_t num_columns = columns_.size();
  bool aligned = batch.ids.ends.size() == rows && batch.columns.size() == num_columns;
  for (const BatchColumn& column : batch.columns) {
    aligned = aligned && column.ends.size() == rows;
  }
  if (!aligned) {
    return absl::InternalError(absl::StrCat(
        ToAbsl(table_.source_names_.back()), ": a batch of ", rows, " lines, ",
        batch.ids.ends.size(), " ids and ", batch.columns.size(), " columns for ",
        num_columns, " columns, or a column of another length"));
  }
  // Task num_columns checks and records the ids (in row order, so the first
  // error is the one Add() would give); the others fill one column each.
  absl::Status id_status;
  tbb::parallel_for(std::size_t{0}, num_columns + 1, [&](std::size_t task) {
    // Each field is hashed once, kAhead rows before it is added, and its
    // map slot prefetched then: the maps of high-cardinality columns outgrow
    // the caches, and the lookups' misses overlap. A map small enough to
    // stay cached is not prefetched; an empty field, once the column's
    // empty value has an id, is neither hashed nor looked up.
    constexpr std::size_t kAhead = 8;
    constexpr std::size_t kRing = 16;  // > kAhead, a power of two
    constexpr std::size_t kPrefetchMinCapacity = std::size_t{1} << 13;
    std::array<HashedView, kRing> ahead;
    const BatchColumn& fields = task == num_columns ? batch.ids : batch.columns[task];
    const auto hash_ahead = [&](PendingColumn& column, std::size_t i) {
      if (i < rows) {
        const std::string_view field = fields.field(i);
        if (field.empty() && column.empty_id != kNullValue) {
          ahead[i % kRing] = HashedView{field, 0};
          return;
        }
        ahead[i % kRing] = MakeHashedView(field);
        if (column.raw_ids.capacity() >= kPrefetchMinCapacity) {
          column.raw_ids.prefetch(ahead[i % kRing]);
        }
      }
    };
    // Room for the records expected in all (ExpectRecords), with a little
    // slack for the estimate: the per-record arrays then grow once.
    const std::size_t expected = expected_records_ + expected_records_ / 16;
    if (task == num_columns) {
      const std::size_t records = table_.lines_.size();
      if (table_.lines_.capacity() < records + rows && expected > records + rows) {
        table_.lines_.reserve(expected);
        table_.id_offsets_.reserve(expected + 1);
        id_hashes_.reserve(expected);
        // Ids about as long as those so far, this batch's included.
        const double id_bytes =
            double(table_.id_arena_.size() + fields.bytes.size()) / double(records + rows);
        table_.id_arena_.reserve(static_cast<std::size_t>(id_bytes * double(expected)));
      }
      for (std::size_t i = 0; i < rows && id_status.ok(); ++i) {
        id_status = AddId(fields.field(i), batch.lines[i]);
      }
      return;
    }
    PendingColumn& column = columns_[task];
    // Geometric growth: reserving exactly the batch would copy the whole
    // column once per batch.
    if (column.rows.capacity() < column.rows.size() + rows) {
      column.rows.reserve(
          std::max({column.rows.size() + rows, 2 * column.rows.capacity(), expected}));
    }
    // A no-op unless the forecast outgrows the map's capacity.
    if (const std::uint64_t forecast =
            internal::ForecastDistinct(column.growth, expected_records_)) {
      column.raw_ids.reserve(forecast);
    }
    for (std::size_t i = 0; i < kAhead; ++i) hash_ahead(column, i);
    for (std::size_t i = 0; i < rows; ++i) {
      hash_ahead(column, i + kAhead);
      const HashedView& raw = ahead[i % kRing];
      if (raw.text.empty() && column.empty_id != kNullValue) {
        ++column.empty_records;
        column.rows.push_back(column.empty_id);
      } else {
        AddValue(column, raw);
      }
    }
    column.growth.emplace_back(static_cast<std::uint32_t>(column.rows.size()),
                               static_cast<std::uint32_t>(column.raw_ids.size()));
  });
  if (!id_status.ok()) {
    // A duplicate among the rows before the failing one comes first.
    if (absl::Status duplicate = CheckIds(); !duplicate.ok()) return duplicate;
  }
  return id_status;
}

absl::Status RecordTableBuilder::CheckIds() const {
  const std::size_t n = id_hashes_.size();
  // Sorted by (hash, record), as blocking sorts its keys (a radix partition
  // then small sorts: several times faster than a comparison sort here).
  internal::KeyedRecords order;
  order.resize(n);  // unwritten: every entry is written below
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1 << 14),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t r = range.begin(); r != range.end(); ++r) {
                        order[r] = {id_hashes_[r], static_cast<std::uint32_t>(r)};
                      }
                    });
  internal::SortByKey(&order);
  // Within a run of equal hashes (records ascending), the first record
  // whose text an earlier member shares is that run's first duplicate.
  std::size_t duplicate = n, first = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t end = i + 1;
    while (end < n && order[end].key == order[i].key) ++end;
    for (std::size_t k = i + 1; k < end && order[k].record < duplicate; ++k) {
      const std::string_view id = table_.record_id(order[k].record);
      std::size_t m = i;
      while (m < k && table_.record_id(order[m].record) != id) ++m;
      if (m < k) {
        duplicate = order[k].record;
        first = order[m].record;
        break;
      }
    }
    i = end;
  }
  if (duplicate == n) return absl::OkStatus();
  const auto place = [&](std::size_t record) {
    return absl::StrCat(ToAbsl(table_.source_names_[table_.source_of(record)]), ":",
                        table_.lines_[record]);
  };
  return absl::InvalidArgumentError(absl::StrCat(
      place(duplicate), ": duplicate record id \"", ToAbsl(table_.record_id(duplicate)),
      "\" (first at ", place(first), ")"));
}

absl::StatusOr<RecordTable> RecordTableBuilder::Finish() && {
  if (absl::Status duplicate = CheckIds(); !duplicate.ok()) return duplicate;
  id_hashes_ = {};
  // Columns are finished in parallel (each also normalises in parallel):
  // building a column's dictionary is serial, and a register has a dozen.
  // The columns with the most distinct raw values (the most work) start
  // first, one task each, so that the largest does not start last.
  std::vector<Column> finished(columns_.size());
  std::vector<absl::Status> statuses(columns_.size());
  std::vector<std::size_t> order(columns_.size());
  for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return columns_[x].raw_ids.size() > columns_[y].raw_ids.size();
  });
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, order.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
          const std::size_t c = order[i];
          absl::StatusOr<Column> column = FinishColumn(columns_[c]);
          if (column.ok()) {
            finished[c] = *std::move(column);
          } else {
            statuses[c] = column.status();
          }
        }
      },
      tbb::simple_partitioner());
  for (const absl::Status& status : statuses) {
    if (!status.ok()) return status;
  }
  for (Column& column : finished) table_.columns_.push_back(std::move(column));
  table_.id_arena_.shrink_to_fit();
  table_.id_offsets_.shrink_to_fit();
  table_.lines_.shrink_to_fit();
  return std::move(table_);
}

namespace {

// The normalised forms of a run of consecutive raw ids, flattened: no
// per-value strings to allocate, fault in and free, as a NormalisedValue per
// raw value would need. Raw value i of the run has issue issues[i] and, when
// that is kNone, hash hashes[i] of its value and texts (value, then the
// column's parts) at chars[ends[i * texts - 1] (0 for the first), ...).
struct NormalisedRun {
  std::string chars;
  std::vector<std::uint32_t> ends;  // `texts` per raw value, null or not
  std::vector<std::uint64_t> hashes;
  std::vector<Issue> issues;
  bool too_long = false;  // over 4 GiB of characters: stopped
};

// Dictionary offsets are 32-bit: a column refuses rather than wraps.
absl::Status TooLong(std::string_view column) {
  return absl::ResourceExhaustedError(absl::StrCat(
      "column \"", ToAbsl(column), "\": more than 4 GiB of distinct normalised values"));
}

}  // namespace

absl::StatusOr<Column> RecordTableBuilder::FinishColumn(PendingColumn& pending) {
  const Normaliser& normaliser = *pending.spec.normaliser;
  // Distinct raw values in id order.
  std::vector<std::string_view> raws(pending.raw_ids.size());
  std::vector<std::uint32_t> raw_records(pending.raw_ids.size());
  for (const auto& [raw, value] : pending.raw_ids) {
    raws[value.id] = raw.text;
    raw_records[value.id] = value.records;
  }
  if (pending.empty_id != kNullValue) raw_records[pending.empty_id] += pending.empty_records;

  Column column;
  column.name = pending.spec.name;
  column.normaliser = std::string(normaliser.name());
  for (const std::string& p : normaliser.part_names()) {
    column.part_names.push_back(p);
  }
  const std::size_t num_parts = column.part_names.size();
  const std::size_t texts = 1 + num_parts;

  // Normalised in parallel, in runs of kRun raw ids; each value is hashed
  // there too, for the serial dictionary build below.
  constexpr std::size_t kRun = 2048;
  std::vector<NormalisedRun> runs((raws.size() + kRun - 1) / kRun);
  tbb::parallel_for(std::size_t{0}, runs.size(), [&](std::size_t r) {
    NormalisedRun& run = runs[r];
    const std::size_t begin = r * kRun;
    const std::size_t end = std::min(raws.size(), begin + kRun);
    run.ends.reserve((end - begin) * texts);
    run.hashes.reserve(end - begin);
    run.issues.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
      const NormalisedValue v = normaliser.Normalise(raws[i]);
      run.issues.push_back(v.issue);
      run.hashes.push_back(v.null() ? 0 : MakeHashedView(v.value).hash);
      if (!v.null()) run.chars.append(v.value);
      run.ends.push_back(static_cast<std::uint32_t>(run.chars.size()));
      // Parts not aligned with the part names are all absent.
      const bool parts_ok = !v.null() && v.parts.size() == num_parts;
      for (std::size_t p = 0; p < num_parts; ++p) {
        if (parts_ok) run.chars.append(v.parts[p]);
        run.ends.push_back(static_cast<std::uint32_t>(run.chars.size()));
      }
      if (run.chars.size() >= 0xFFFFFFFFull) {  // offsets are 32-bit
        run.too_long = true;
        return;
      }
    }
  });
  std::size_t total_chars = 0;
  for (const NormalisedRun& run : runs) {
    if (run.too_long) return TooLong(column.name);
    total_chars += run.chars.size();
  }

  column.dictionary = Dictionary(num_parts);
  // Raw id -> dictionary id, merging raw values that normalise alike, in
  // order of first appearance (raw ids are themselves first-appearance).
  std::vector<std::uint32_t> raw_to_value(raws.size(), kNullValue);
  {
    // Keys view the runs' characters, which outlive the map.
    HashedViewMap<std::uint32_t> value_ids;
    value_ids.reserve(raws.size());
    column.dictionary.Reserve(raws.size(), total_chars);
    std::uint64_t arena_bytes = 0;
    std::vector<std::string_view> parts(num_parts);
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const NormalisedRun& run = runs[r];
      const std::size_t n = run.issues.size();
      const auto text = [&](std::size_t i, std::size_t t) {
        const std::size_t k = i * texts + t;
        const std::uint32_t begin = k == 0 ? 0 : run.ends[k - 1];
        return std::string_view(run.chars).substr(begin, run.ends[k] - begin);
      };
      const auto key = [&](std::size_t i) { return HashedView{text(i, 0), run.hashes[i]}; };
      // The map's slots are random reads: prefetched kAhead values ahead.
      constexpr std::size_t kAhead = 8;
      for (std::size_t i = 0; i < n && i < kAhead; ++i) {
        if (run.issues[i] == Issue::kNone) value_ids.prefetch(key(i));
      }
      for (std::size_t i = 0; i < n; ++i) {
        if (i + kAhead < n && run.issues[i + kAhead] == Issue::kNone) {
          value_ids.prefetch(key(i + kAhead));
        }
        const std::size_t raw = r * kRun + i;
        // Every record holding the raw value shares its issue and value.
        column.issue_counts[static_cast<std::size_t>(run.issues[i])] += raw_records[raw];
        if (run.issues[i] != Issue::kNone) continue;
        auto [it, added] = value_ids.try_emplace(key(i), column.dictionary.size());
        if (added) {
          const std::size_t k = i * texts;
          arena_bytes += run.ends[k + texts - 1] - (k == 0 ? 0 : run.ends[k - 1]);
          if (arena_bytes >= 0xFFFFFFFFull) return TooLong(column.name);
          for (std::size_t p = 0; p < num_parts; ++p) parts[p] = text(i, 1 + p);
          column.dictionary.Append(text(i, 0), parts);
        }
        raw_to_value[raw] = it->second;
        column.dictionary.AddCount(it->second, raw_records[raw]);
      }
    }
  }
  runs = {};
  pending.raw_ids = {};
  pending.arena = {};
  column.values.resize(pending.rows.size());
  for (std::size_t record = 0; record < pending.rows.size(); ++record) {
    column.values[record] = raw_to_value[pending.rows[record]];
  }
  pending.rows = {};
  column.dictionary.ShrinkToFit();
  return column;
}

}  // namespace linkage
