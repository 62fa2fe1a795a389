// Copyright 2026 The Linkage Authors.
//
// RecordTableMutator: how the streaming Matcher grows and shrinks its
// RecordTable, which batch code builds once with RecordTableBuilder. Slots
// are appended, never reused: a removed record's slot stays, dead (all values
// null, counts given back), so memory grows with updates and removals until
// the matcher is reopened.
//
// Thread-safety: none; the Matcher calls these under its exclusive lock.
#ifndef LINKAGE_LINKAGE_INTERNAL_MATCHER_TABLE_H_
#define LINKAGE_LINKAGE_INTERNAL_MATCHER_TABLE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linkage/record_table.h"

namespace linkage::internal {

class RecordTableMutator {
 public:
  // A table with no records and the columns of `specs`.
  static RecordTable Empty(const std::vector<RecordTableBuilder::ColumnSpec>& specs);

  // Appends a value to column `column`'s dictionary and returns its id.
  // REQUIRES: `value` not yet in it; parts.size() == the column's parts.
  static std::uint32_t AppendValue(RecordTable& table, std::size_t column,
                                   std::string_view value,
                                   std::span<const std::string> parts);

  // Appends a record (value id per column, kNullValue for null) and returns
  // its slot.
  static std::uint32_t AppendRecord(RecordTable& table, std::string_view id,
                                    std::span<const std::uint32_t> values);

  // Gives back the slot's value counts and nulls its values.
  static void KillRecord(RecordTable& table, std::uint32_t slot);
};

}  // namespace linkage::internal

#endif  // LINKAGE_LINKAGE_INTERNAL_MATCHER_TABLE_H_
