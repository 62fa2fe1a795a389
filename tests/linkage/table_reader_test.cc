// Copyright 2026 The Linkage Authors.
//
// ReadRecordTable reads in batches (a reader stage overlapping a builder
// stage that fills the columns in parallel). These tests hold it to the
// row-at-a-time semantics over inputs of several batches:
// - the table equals one built with RecordTableBuilder::Add row by row
//   from the same CSV (ids, lines, every column's values, issue counts,
//   extra columns);
// - the first error in file order wins: a duplicate record id before a
//   malformed row is reported, and a malformed row before a duplicate id is;
//   ids are checked after reading, so a duplicate also wins over a later
//   file that cannot be read.
#include "linkage/table_reader.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "linkage/config.h"
#include "linkage/model.h"
#include "linkage/row_source.h"

namespace linkage {
namespace {

constexpr int kRows = 40000;  // more than two batches of 2^14 rows

Model Fake1000Model() {
  absl::StatusOr<Config> config =
      LoadConfig(std::string(LINKAGE_CONFIGS_DIR) + "/fake_1000.json");
  EXPECT_TRUE(config.ok()) << config.status();
  absl::StatusOr<Model> model = Model::FromConfig(*config);
  EXPECT_TRUE(model.ok()) << model.status();
  return *std::move(model);
}

// fake_1000's columns; row r has id r (or `id_of(r)`), values that repeat
// every few rows, some missing or invalid, and a quoted comma now and then.
std::string WriteCsv(const std::string& name, auto id_of, auto line_of) {
  const std::string path =
      (std::filesystem::temp_directory_path() / absl::StrCat("table_reader_", name, ".csv"))
          .string();
  std::ofstream out(path, std::ios::binary);
  out << "unique_id,first_name,surname,dob,city,email,cluster\n";
  static const char* const kFirst[] = {"Robert", "Amelia", "", "José", "O'Neil", "ann-marie"};
  static const char* const kLast[] = {"Smith", "\"Jones, Jr\"", "Brown", "", "Ng"};
  for (int r = 0; r < kRows; ++r) {
    const std::string custom = line_of(r);
    if (!custom.empty()) {
      out << custom << "\n";
      continue;
    }
    out << id_of(r) << "," << kFirst[r % 6] << "," << kLast[r % 5] << ","
        << (r % 11 == 0 ? "1990-02-30" : absl::StrCat(1950 + r % 50, "-0", 1 + r % 9, "-1", r % 9))
        << "," << (r % 3 == 0 ? "" : absl::StrCat("Town", r % 97)) << ","
        << absl::StrCat("p", r % 1013, "@example.org") << "," << r / 3 << "\n";
  }
  return path;
}

TEST(TableReaderTest, BatchedReadEqualsRowByRowBuild) {
  const Model model = Fake1000Model();
  const std::string path = WriteCsv(
      "equal", [](int r) { return absl::StrCat(r); }, [](int) { return std::string(); });
  ReadOptions options;
  options.extra_columns = {"cluster"};
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(model, {path}, options);
  ASSERT_TRUE(loaded.ok()) << loaded.status();

  // The reference: the same rows through Add(), one at a time.
  absl::StatusOr<std::vector<RecordTableBuilder::ColumnSpec>> specs = model.MakeColumnSpecs();
  ASSERT_TRUE(specs.ok());
  RecordTableBuilder builder(*std::move(specs));
  absl::StatusOr<std::unique_ptr<RowSource>> source = OpenRowSource(path, {});
  ASSERT_TRUE(source.ok());
  builder.BeginSource(path);
  std::vector<std::string> cluster;
  for (;;) {
    absl::StatusOr<bool> more = (*source)->Next();
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    const auto row = (*source)->fields();
    const std::vector<std::string_view> fields(row.begin() + 1, row.begin() + 6);
    ASSERT_TRUE(builder.Add(row[0], fields, (*source)->line()).ok());
    cluster.emplace_back(row[6]);
  }
  absl::StatusOr<RecordTable> expected = std::move(builder).Finish();
  ASSERT_TRUE(expected.ok());

  const RecordTable& table = loaded->table;
  ASSERT_EQ(table.num_records(), static_cast<std::size_t>(kRows));
  ASSERT_EQ(table.num_records(), expected->num_records());
  ASSERT_EQ(table.num_columns(), expected->num_columns());
  EXPECT_EQ(loaded->extra[0].ToStrings(), cluster);
  for (std::size_t r = 0; r < table.num_records(); ++r) {
    ASSERT_EQ(table.record_id(r), expected->record_id(r)) << r;
    ASSERT_EQ(table.line(r), expected->line(r)) << r;
  }
  for (std::size_t c = 0; c < table.num_columns(); ++c) {
    const Column& got = table.column(c);
    const Column& want = expected->column(c);
    EXPECT_EQ(got.values, want.values) << got.name;  // same ids: same first appearances
    ASSERT_EQ(got.dictionary.size(), want.dictionary.size()) << got.name;
    for (std::uint32_t v = 0; v < got.dictionary.size(); ++v) {
      ASSERT_EQ(got.dictionary.value(v), want.dictionary.value(v)) << got.name;
      ASSERT_EQ(got.dictionary.count(v), want.dictionary.count(v)) << got.name;
    }
    EXPECT_EQ(got.issue_counts, want.issue_counts) << got.name;
  }
  std::filesystem::remove(path);
}

TEST(TableReaderTest, FirstErrorInFileOrderWins) {
  const Model model = Fake1000Model();
  // Row 30000 repeats row 3's id; the bad row has a field too many.
  const auto ids = [](int r) { return absl::StrCat(r == 30000 ? 3 : r); };
  const auto ragged_at = [](int bad) {
    return [bad](int r) {
      return r == bad ? absl::StrCat(r, ",Robert,Smith,1990-01-01,,a@b.org,1,extra")
                      : std::string();
    };
  };
  // Lines count from 2 (the header is line 1).
  const std::string dup_first = WriteCsv("dup_first", ids, ragged_at(35000));
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(model, {dup_first}, {});
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(),
            absl::StrCat(dup_first, ":30002: duplicate record id \"3\" (first at ",
                         dup_first, ":5)"));

  const std::string bad_first = WriteCsv("bad_first", ids, ragged_at(20000));
  loaded = ReadRecordTable(model, {bad_first}, {});
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find(absl::StrCat(bad_first, ":20002:")),
            std::string::npos)
      << loaded.status();
  EXPECT_NE(loaded.status().message().find("ragged row"), std::string::npos)
      << loaded.status();
  EXPECT_EQ(loaded.status().message().find("duplicate"), std::string::npos) << loaded.status();
  std::filesystem::remove(dup_first);
  std::filesystem::remove(bad_first);
}

// Ids are checked after reading, so a duplicate must still win over an
// error met later: a duplicate across two files, and a duplicate in the
// first file before a second file that cannot be opened.
TEST(TableReaderTest, DuplicateIdsAcrossFilesAndBeforeALaterFileError) {
  const Model model = Fake1000Model();
  const auto none = [](int) { return std::string(); };
  const std::string first = WriteCsv("first", [](int r) { return absl::StrCat(r); }, none);
  const std::string second =
      WriteCsv("second", [](int r) { return absl::StrCat(r == 17 ? 39999 : kRows + r); }, none);
  absl::StatusOr<LoadedTable> loaded = ReadRecordTable(model, {first, second}, {});
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(),
            absl::StrCat(second, ":19: duplicate record id \"39999\" (first at ", first,
                         ":40001)"));

  const std::string dup = WriteCsv("dup", [](int r) { return absl::StrCat(r == 9 ? 4 : r); }, none);
  loaded = ReadRecordTable(model, {dup, first + ".missing"}, {});
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(),
            absl::StrCat(dup, ":11: duplicate record id \"4\" (first at ", dup, ":6)"));
  std::filesystem::remove(first);
  std::filesystem::remove(second);
  std::filesystem::remove(dup);
}

}  // namespace
}  // namespace linkage
