// Copyright 2026 The Linkage Authors.
//
// Test doubles for building a RecordTable by hand: an identity normaliser
// (the raw string is the value, "" is missing) and a builder from rows whose
// first field is the record id.
#ifndef LINKAGE_TESTS_LINKAGE_TEST_TABLE_H_
#define LINKAGE_TESTS_LINKAGE_TEST_TABLE_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "linkage/blocking_rules.h"
#include "linkage/record_table.h"

namespace linkage::testing {

class IdentityNormaliser : public Normaliser {
 public:
  std::string_view name() const noexcept override { return "identity"; }
  std::span<const std::string> part_names() const noexcept override { return {}; }
  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue v;
    if (raw.empty()) {
      v.issue = Issue::kMissing;
    } else {
      v.value = std::string(raw);
    }
    return v;
  }
};

// Columns with identity normalisers, as a schema for config parsing.
inline std::vector<ColumnSchema> IdentitySchema(const std::vector<std::string>& columns) {
  std::vector<ColumnSchema> schema;
  for (const std::string& c : columns) schema.push_back({c, {}});
  return schema;
}

// A table of `columns` (identity-normalised) from `rows`: row[0] is the
// record id, row[1..] the column values. Lines count from 2.
template <typename Text>
RecordTable MakeIdentityTable(const std::vector<std::string>& columns,
                              const std::vector<std::vector<Text>>& rows) {
  std::vector<RecordTableBuilder::ColumnSpec> specs;
  for (const std::string& c : columns) {
    specs.push_back({c, std::make_unique<IdentityNormaliser>()});
  }
  RecordTableBuilder builder(std::move(specs));
  std::int64_t line = 2;
  for (const auto& row : rows) {
    std::vector<std::string_view> fields(row.begin() + 1, row.end());
    EXPECT_TRUE(builder.Add(row[0], fields, line++).ok());
  }
  absl::StatusOr<RecordTable> table = std::move(builder).Finish();
  EXPECT_TRUE(table.ok()) << table.status();
  return std::move(*table);
}

}  // namespace linkage::testing

#endif  // LINKAGE_TESTS_LINKAGE_TEST_TABLE_H_
