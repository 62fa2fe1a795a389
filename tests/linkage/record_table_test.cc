// Copyright 2026 The Linkage Authors.
#include "linkage/record_table.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tbb/global_control.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A stand-in normaliser: trims, upper-cases, nulls "" (missing) and "??"
// (placeholder); part 0 is the first character.
class UpperNormaliser : public Normaliser {
 public:
  std::string_view name() const noexcept override { return "upper"; }
  std::span<const std::string> part_names() const noexcept override {
    return parts_;
  }
  NormalisedValue Normalise(std::string_view raw) const override {
    std::string s(absl::StripAsciiWhitespace(absl::string_view(raw.data(), raw.size())));
    NormalisedValue v;
    if (s.empty()) {
      v.issue = Issue::kMissing;
      return v;
    }
    if (s == "??") {
      v.issue = Issue::kPlaceholder;
      return v;
    }
    absl::AsciiStrToUpper(&s);
    v.value = s;
    v.parts = {s.substr(0, 1)};
    return v;
  }

 private:
  std::vector<std::string> parts_{"initial"};
};

std::vector<RecordTableBuilder::ColumnSpec> Columns(int n) {
  std::vector<RecordTableBuilder::ColumnSpec> columns;
  for (int i = 0; i < n; ++i) {
    columns.push_back({absl::StrCat("c", i), std::make_unique<UpperNormaliser>()});
  }
  return columns;
}

RecordTable Build(const std::vector<std::vector<std::string_view>>& rows) {
  RecordTableBuilder builder(Columns(static_cast<int>(rows[0].size()) - 1));
  builder.BeginSource("a.csv");
  std::int64_t line = 2;
  for (const auto& row : rows) {
    std::vector<std::string_view> fields(row.begin() + 1, row.end());
    EXPECT_TRUE(builder.Add(row[0], fields, line++).ok());
  }
  absl::StatusOr<RecordTable> table = std::move(builder).Finish();
  EXPECT_TRUE(table.ok()) << table.status();
  return std::move(*table);
}

TEST(RecordTableTest, RawValuesThatNormaliseAlikeShareOneEntry) {
  RecordTable table = Build({{"r1", "smith"},
                             {"r2", " SMITH "},
                             {"r3", "jones"},
                             {"r4", ""},
                             {"r5", "Smith"},
                             {"r6", "??"}});
  const Column& c = table.column(0);
  ASSERT_EQ(c.dictionary.size(), 2u);
  // First-appearance order.
  EXPECT_EQ(c.dictionary.value(0), "SMITH");
  EXPECT_EQ(c.dictionary.value(1), "JONES");
  EXPECT_EQ(c.dictionary.part(1, 0), "J");
  EXPECT_THAT(c.values, ElementsAre(0u, 0u, 1u, kNullValue, 0u, kNullValue));
  EXPECT_EQ(c.dictionary.count(0), 3u);
  EXPECT_EQ(c.dictionary.non_null_count(), 4u);
  EXPECT_DOUBLE_EQ(c.dictionary.term_frequency(0), 0.75);
  EXPECT_EQ(c.issue_counts[static_cast<std::size_t>(Issue::kNone)], 4u);
  EXPECT_EQ(c.issue_counts[static_cast<std::size_t>(Issue::kMissing)], 1u);
  EXPECT_EQ(c.issue_counts[static_cast<std::size_t>(Issue::kPlaceholder)], 1u);
  EXPECT_EQ(c.FindPart("initial"), 0u);
  EXPECT_EQ(c.normaliser, "upper");
}

TEST(RecordTableTest, KeepsIdsLinesAndSources) {
  RecordTableBuilder builder(Columns(1));
  builder.BeginSource("left.csv");
  std::vector<std::string_view> f = {"x"};
  ASSERT_TRUE(builder.Add("L1", f, 2).ok());
  ASSERT_TRUE(builder.Add("L2", f, 5).ok());
  builder.BeginSource("right.csv");
  ASSERT_TRUE(builder.Add("R1", f, 2).ok());
  absl::StatusOr<RecordTable> table = std::move(builder).Finish();
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->num_records(), 3u);
  EXPECT_EQ(table->record_id(1), "L2");
  EXPECT_EQ(table->line(1), 5);
  EXPECT_EQ(table->num_sources(), 2u);
  EXPECT_EQ(table->source_begin(1), 2u);
  EXPECT_EQ(table->source_begin(2), 3u);
  EXPECT_EQ(table->source_of(0), 0u);
  EXPECT_EQ(table->source_of(2), 1u);
  EXPECT_EQ(table->source_name(1), "right.csv");
  EXPECT_EQ(table->FindColumn("c0"), 0u);
  EXPECT_FALSE(table->FindColumn("nope").has_value());
  EXPECT_GT(table->MemoryBytes(), 0u);
}

TEST(RecordTableTest, DuplicateRecordIdNamesBothPlaces) {
  RecordTableBuilder builder(Columns(1));
  builder.BeginSource("left.csv");
  std::vector<std::string_view> f = {"x"};
  ASSERT_TRUE(builder.Add("A", f, 2).ok());
  ASSERT_TRUE(builder.Add("B", f, 3).ok());
  EXPECT_TRUE(builder.CheckIds().ok());
  builder.BeginSource("right.csv");
  // Duplicates are found by CheckIds() and Finish(), not by Add().
  ASSERT_TRUE(builder.Add("A", f, 9).ok());
  ASSERT_TRUE(builder.Add("B", f, 11).ok());
  EXPECT_THAT(std::string(builder.Add("", f, 12).message()),
              HasSubstr("right.csv:12: empty record id"));
  const std::string expected = "right.csv:9: duplicate record id \"A\" (first at left.csv:2)";
  EXPECT_EQ(builder.CheckIds().message(), expected);
  absl::StatusOr<RecordTable> table = std::move(builder).Finish();
  EXPECT_EQ(table.status().message(), expected);
}

// CheckIds() reports the first duplicate in record order (not in hash
// order), naming the first record with that id, and settles a column of one
// repeated id without comparing every pair.
TEST(RecordTableTest, CheckIdsFindsTheFirstDuplicateInRecordOrder) {
  std::vector<std::string_view> f = {"x"};
  for (const std::size_t later : {std::size_t{3000}, std::size_t{40000}}) {
    RecordTableBuilder builder(Columns(1));
    builder.BeginSource("in.csv");
    std::vector<std::string> ids;
    for (std::size_t r = 0; r < 50000; ++r) ids.push_back(absl::StrCat("id", r));
    ids[later] = ids[123];   // repeats record 123
    ids[45000] = ids[7];     // a later duplicate of an earlier record
    ids[30000] = ids[29999]; // and one in between when later = 40000
    for (std::size_t r = 0; r < ids.size(); ++r) {
      ASSERT_TRUE(builder.Add(ids[r], f, static_cast<std::int64_t>(r) + 2).ok());
    }
    const std::string want =
        later < 30000 ? absl::StrCat("in.csv:", later + 2, ": duplicate record id \"id123\" (first at in.csv:125)")
                      : "in.csv:30002: duplicate record id \"id29999\" (first at in.csv:30001)";
    EXPECT_EQ(builder.CheckIds().message(), want);
  }
  RecordTableBuilder same(Columns(1));
  same.BeginSource("same.csv");
  for (int r = 0; r < 200000; ++r) ASSERT_TRUE(same.Add("X", f, r + 2).ok());
  EXPECT_EQ(same.CheckIds().message(),
            "same.csv:3: duplicate record id \"X\" (first at same.csv:2)");
}

TEST(RecordTableTest, IdenticalOnOneAndTwoThreads) {
  std::vector<std::string> storage;
  for (int i = 0; i < 20000; ++i) {
    storage.push_back(absl::StrCat("v", (i * 7919) % 3001));
  }
  std::vector<std::uint32_t> values[2];
  std::vector<std::string> dict[2];
  for (int threads : {1, 2}) {
    tbb::global_control control(tbb::global_control::max_allowed_parallelism,
                                threads);
    RecordTableBuilder builder(Columns(1));
    for (int i = 0; i < 20000; ++i) {
      std::vector<std::string_view> f = {storage[i]};
      ASSERT_TRUE(builder.Add("id" + std::to_string(i), f, i + 2).ok());
    }
    absl::StatusOr<RecordTable> table = std::move(builder).Finish();
    ASSERT_TRUE(table.ok());
    values[threads - 1] = table->column(0).values;
    for (std::uint32_t id = 0; id < table->column(0).dictionary.size(); ++id) {
      dict[threads - 1].emplace_back(table->column(0).dictionary.value(id));
    }
  }
  EXPECT_EQ(values[0], values[1]);
  EXPECT_EQ(dict[0], dict[1]);
  EXPECT_EQ(dict[0].size(), 3001u);
}

TEST(ForecastDistinctTest, FollowsHeapsLaw) {
  // distinct = 30 * records^0.5 and distinct = records / 2, sampled every
  // 2^14 records up to 2^18: the forecast for 2^20 records is the law's.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> root, linear;
  for (std::uint32_t r = 1 << 14; r <= (1u << 18); r += 1 << 14) {
    root.emplace_back(r, static_cast<std::uint32_t>(30.0 * std::sqrt(double(r))));
    linear.emplace_back(r, r / 2);
  }
  EXPECT_NEAR(double(internal::ForecastDistinct(root, 1 << 20)),
              30.0 * std::sqrt(double(1 << 20)), 30.0);
  EXPECT_NEAR(double(internal::ForecastDistinct(linear, 1 << 20)), double(1 << 19), 2.0);
  // At most 8 times the values so far: 2^17 now, 2^23 by the law.
  EXPECT_EQ(internal::ForecastDistinct(linear, 1 << 24), 1u << 20);
}

TEST(ForecastDistinctTest, BoundedAndSilentWithoutHistory) {
  // Too few records, or nothing more expected: no forecast.
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> short_history = {
      {1 << 14, 1 << 14}, {1 << 15, 1 << 15}};
  EXPECT_EQ(internal::ForecastDistinct(short_history, 1 << 20), 0u);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unique;
  for (std::uint32_t r = 1 << 14; r <= (1u << 18); r += 1 << 14) unique.emplace_back(r, r);
  EXPECT_EQ(internal::ForecastDistinct(unique, 1 << 18), 0u);
  EXPECT_EQ(internal::ForecastDistinct({}, 1 << 20), 0u);
  // All distinct so far: one new value per record to come, no more.
  EXPECT_EQ(internal::ForecastDistinct(unique, 1 << 20), 1u << 20);
  // Values that only began to appear after the halfway point: linear.
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> late = {
      {1 << 16, 0}, {1 << 17, 0}, {1 << 18, 300}};
  EXPECT_EQ(internal::ForecastDistinct(late, 1 << 20), 1200u);
}

// The size hint changes only how the maps grow: the table is the same with
// no hint, a right one and wrong ones.
TEST(RecordTableTest, ExpectRecordsLeavesTheTableUnchanged) {
  constexpr int kRows = 300000;
  constexpr int kBatch = 1 << 14;
  // Column 0 unique per row, 1 heavy-tailed, 2 a dozen values.
  std::vector<std::string> ids, unique, tailed, few;
  std::uint64_t x = 12345;
  for (int i = 0; i < kRows; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    ids.push_back(absl::StrCat("r", i));
    unique.push_back(absl::StrCat("u", i));
    tailed.push_back(absl::StrCat("t", (x >> 33) % (1 + i / 4)));
    few.push_back(absl::StrCat("f", (x >> 40) % 12));
  }
  std::vector<std::vector<std::uint32_t>> first_values;
  std::vector<std::vector<std::string>> first_dicts;
  for (const std::uint64_t hint : {std::uint64_t{0}, std::uint64_t{kRows},
                                   std::uint64_t{3} * kRows, std::uint64_t{kRows / 3}}) {
    RecordTableBuilder builder(Columns(3));
    for (int begin = 0; begin < kRows; begin += kBatch) {
      const int end = std::min(kRows, begin + kBatch);
      std::string arenas[4];
      std::vector<std::uint64_t> ends[4];
      std::vector<std::int64_t> lines;
      const std::vector<std::string>* sources[4] = {&ids, &unique, &tailed, &few};
      for (int i = begin; i < end; ++i) {
        for (int s = 0; s < 4; ++s) {
          arenas[s] += (*sources[s])[i];
          ends[s].push_back(arenas[s].size());
        }
        lines.push_back(i + 2);
      }
      RecordTableBuilder::Batch batch;
      batch.ids = {arenas[0], ends[0]};
      for (int s = 1; s < 4; ++s) batch.columns.push_back({arenas[s], ends[s]});
      batch.lines = lines;
      builder.ExpectRecords(hint);
      ASSERT_TRUE(builder.AddBatch(batch).ok());
    }
    absl::StatusOr<RecordTable> table = std::move(builder).Finish();
    ASSERT_TRUE(table.ok()) << table.status();
    std::vector<std::vector<std::uint32_t>> values;
    std::vector<std::vector<std::string>> dicts;
    for (std::size_t c = 0; c < 3; ++c) {
      values.push_back(table->column(c).values);
      dicts.emplace_back();
      for (std::uint32_t id = 0; id < table->column(c).dictionary.size(); ++id) {
        dicts.back().emplace_back(table->column(c).dictionary.value(id));
      }
    }
    EXPECT_EQ(dicts[0].size(), std::size_t{kRows});
    EXPECT_EQ(dicts[2].size(), 12u);
    if (first_values.empty()) {
      first_values = values;
      first_dicts = dicts;
    } else {
      EXPECT_EQ(values, first_values) << "hint " << hint;
      EXPECT_EQ(dicts, first_dicts) << "hint " << hint;
    }
  }
}

// Empty fields take a shortcut in AddBatch() once the column has seen one
// (no hash, no map lookup): the table must be the one Add() builds, with
// the empty value's records counted as missing.
TEST(RecordTableTest, BatchesWithEmptyFieldsBuildWhatAddBuilds) {
  constexpr int kRows = 5000;
  constexpr int kBatch = 700;
  // Column 0: no empty field in the first batch, then every third; column
  // 1: empty from the first row; column 2: never empty.
  std::vector<std::string> ids, late, early, full;
  for (int i = 0; i < kRows; ++i) {
    ids.push_back(absl::StrCat("r", i));
    late.push_back(i >= kBatch && i % 3 == 0 ? "" : absl::StrCat("v", i % 97));
    early.push_back(i % 2 == 0 ? "" : absl::StrCat(" w", i % 5, " "));
    full.push_back(absl::StrCat("x", i % 11));
  }
  RecordTableBuilder batched(Columns(3));
  RecordTableBuilder single(Columns(3));
  batched.BeginSource("a.csv");
  single.BeginSource("a.csv");
  const std::vector<std::string>* sources[4] = {&ids, &late, &early, &full};
  for (int begin = 0; begin < kRows; begin += kBatch) {
    const int end = std::min(kRows, begin + kBatch);
    std::string arenas[4];
    std::vector<std::uint64_t> ends[4];
    std::vector<std::int64_t> lines;
    for (int i = begin; i < end; ++i) {
      for (int s = 0; s < 4; ++s) {
        arenas[s] += (*sources[s])[i];
        ends[s].push_back(arenas[s].size());
      }
      lines.push_back(i + 2);
      const std::vector<std::string_view> fields = {late[i], early[i], full[i]};
      ASSERT_TRUE(single.Add(ids[i], fields, i + 2).ok());
    }
    RecordTableBuilder::Batch batch;
    batch.ids = {arenas[0], ends[0]};
    for (int s = 1; s < 4; ++s) batch.columns.push_back({arenas[s], ends[s]});
    batch.lines = lines;
    ASSERT_TRUE(batched.AddBatch(batch).ok());
  }
  absl::StatusOr<RecordTable> got = std::move(batched).Finish();
  absl::StatusOr<RecordTable> want = std::move(single).Finish();
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(want.ok()) << want.status();
  for (std::size_t c = 0; c < 3; ++c) {
    const Column& g = got->column(c);
    const Column& w = want->column(c);
    EXPECT_EQ(g.values, w.values) << c;
    EXPECT_EQ(g.issue_counts, w.issue_counts) << c;
    ASSERT_EQ(g.dictionary.size(), w.dictionary.size()) << c;
    for (std::uint32_t id = 0; id < g.dictionary.size(); ++id) {
      EXPECT_EQ(g.dictionary.value(id), w.dictionary.value(id)) << c;
      EXPECT_EQ(g.dictionary.count(id), w.dictionary.count(id)) << c;
    }
  }
  // Counted independently: the empty fields are missing values.
  const auto missing = [](const Column& column) {
    return column.issue_counts[static_cast<std::size_t>(Issue::kMissing)];
  };
  EXPECT_EQ(missing(got->column(0)), static_cast<std::uint64_t>(
      std::count(late.begin(), late.end(), std::string())));
  EXPECT_EQ(missing(got->column(1)), static_cast<std::uint64_t>(kRows / 2));
  EXPECT_EQ(missing(got->column(2)), 0u);
  EXPECT_EQ(got->column(1).dictionary.non_null_count(), static_cast<std::uint64_t>(kRows / 2));
}

}  // namespace
}  // namespace linkage
