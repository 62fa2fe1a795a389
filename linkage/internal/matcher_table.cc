// Copyright 2026 The Linkage Authors.
#include "linkage/internal/matcher_table.h"

namespace linkage::internal {

RecordTable RecordTableMutator::Empty(
    const std::vector<RecordTableBuilder::ColumnSpec>& specs) {
  RecordTable table;
  table.id_offsets_.push_back(0);
  for (const RecordTableBuilder::ColumnSpec& spec : specs) {
    Column column;
    column.name = spec.name;
    column.normaliser = std::string(spec.normaliser->name());
    for (const std::string& p : spec.normaliser->part_names()) {
      column.part_names.push_back(p);
    }
    column.dictionary = Dictionary(column.part_names.size());
    table.columns_.push_back(std::move(column));
  }
  return table;
}

std::uint32_t RecordTableMutator::AppendValue(RecordTable& table, std::size_t column,
                                              std::string_view value,
                                              std::span<const std::string> parts) {
  return table.columns_[column].dictionary.Append(value, parts);
}

std::uint32_t RecordTableMutator::AppendRecord(RecordTable& table, std::string_view id,
                                               std::span<const std::uint32_t> values) {
  const auto slot = static_cast<std::uint32_t>(table.lines_.size());
  table.id_arena_.append(id);
  table.id_offsets_.push_back(table.id_arena_.size());
  table.lines_.push_back(static_cast<std::int64_t>(slot) + 1);
  for (std::size_t c = 0; c < table.columns_.size(); ++c) {
    Column& column = table.columns_[c];
    column.values.push_back(values[c]);
    ++column.issue_counts[static_cast<std::size_t>(
        values[c] == kNullValue ? Issue::kMissing : Issue::kNone)];
    if (values[c] != kNullValue) column.dictionary.AddCount(values[c]);
  }
  return slot;
}

void RecordTableMutator::KillRecord(RecordTable& table, std::uint32_t slot) {
  for (Column& column : table.columns_) {
    std::uint32_t& value = column.values[slot];
    --column.issue_counts[static_cast<std::size_t>(
        value == kNullValue ? Issue::kMissing : Issue::kNone)];
    if (value != kNullValue) column.dictionary.SubtractCount(value);
    value = kNullValue;
  }
}

}  // namespace linkage::internal
