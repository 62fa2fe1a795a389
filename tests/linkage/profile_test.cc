// Copyright 2026 The Linkage Authors.
#include "linkage/profile.h"

#include <atomic>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "linkage/csv_reader.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A stand-in for a real normaliser: upper-cases ASCII and trims; "" is
// missing, "UNKNOWN" a placeholder, anything with '!' a bad format. Counts
// calls so tests can check that each distinct raw value is normalised once.
class FakeNormaliser : public Normaliser {
 public:
  std::string_view name() const noexcept override { return "fake"; }
  std::span<const std::string> part_names() const noexcept override {
    return {};
  }
  NormalisedValue Normalise(std::string_view raw) const override {
    ++calls_;
    NormalisedValue out;
    const std::string value = absl::AsciiStrToUpper(
        absl::StripAsciiWhitespace(absl::string_view(raw.data(), raw.size())));
    if (value.empty()) {
      out.issue = Issue::kMissing;
    } else if (value == "UNKNOWN") {
      out.issue = Issue::kPlaceholder;
    } else if (value.find('!') != std::string::npos) {
      out.issue = Issue::kBadFormat;
    } else {
      out.value = value;
    }
    return out;
  }
  mutable std::atomic<int> calls_{0};
};

absl::StatusOr<DataQualityReport> ProfileCsv(
    std::string csv, std::string_view id_column,
    const std::vector<ProfiledColumn>& columns,
    const ProfileOptions& options = ProfileOptions{}) {
  absl::StatusOr<std::unique_ptr<CsvReader>> reader =
      CsvReader::FromString("t.csv", std::move(csv), InputOptions{});
  if (!reader.ok()) return reader.status();
  return ProfileSource(**reader, id_column, columns, options);
}

constexpr char kCsv[] =
    "id,name,city\n"
    "1,ann,leeds\n"       // line 2
    "2,Ann,unknown\n"     // 3
    "3,,leeds\n"          // 4
    "4,bob!,York\n"       // 5
    "5,UNKNOWN,\n"        // 6
    "6,\"ann\n\",leeds\n"  // 7-8: a quoted line break
    "7,cy!,!\n"           // 9
    "8,Unknown,LEEDS\n";  // 10

TEST(ProfileTest, CountsPerColumnAgainstHandComputedValues) {
  FakeNormaliser names;
  FakeNormaliser cities;
  absl::StatusOr<DataQualityReport> report =
      ProfileCsv(kCsv, "id", {{"name", &names}, {"city", &cities}});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->input, "t.csv");
  EXPECT_EQ(report->rows, 8);
  ASSERT_EQ(report->fields.size(), 2u);

  const FieldProfile& name = report->fields[0];
  EXPECT_EQ(name.column, "name");
  EXPECT_EQ(name.normaliser, "fake");
  EXPECT_EQ(name.rows, 8);
  // ann, Ann, "ann\n" -> ANN (3); missing: "" (1); placeholder: UNKNOWN,
  // Unknown (2); bad_format: bob!, cy! (2).
  EXPECT_EQ(name.valid, 3);
  EXPECT_EQ(name.missing, 1);
  EXPECT_EQ(name.invalid, 4);
  ASSERT_EQ(name.invalid_by_reason.size(), 2u);
  // Equal counts keep Issue order: placeholder before bad_format.
  EXPECT_EQ(name.invalid_by_reason[0].issue, Issue::kPlaceholder);
  EXPECT_EQ(name.invalid_by_reason[0].count, 2);
  EXPECT_THAT(name.invalid_by_reason[0].example_lines, ElementsAre(6, 10));
  EXPECT_EQ(name.invalid_by_reason[1].issue, Issue::kBadFormat);
  EXPECT_THAT(name.invalid_by_reason[1].example_lines, ElementsAre(5, 9));
  // Raw: ann, Ann, "", bob!, UNKNOWN, "ann\n", cy!, Unknown.
  EXPECT_EQ(name.distinct_raw, 8);
  EXPECT_EQ(name.distinct_normalised, 1);
  ASSERT_EQ(name.top_values.size(), 1u);
  EXPECT_EQ(name.top_values[0].value, "ANN");
  EXPECT_EQ(name.top_values[0].count, 3);
  EXPECT_EQ(names.calls_, 8);  // once per distinct raw value

  const FieldProfile& city = report->fields[1];
  // leeds x3 + LEEDS, York -> valid 5; "" missing; unknown placeholder;
  // "!" bad_format.
  EXPECT_EQ(city.valid, 5);
  EXPECT_EQ(city.missing, 1);
  EXPECT_EQ(city.invalid, 2);
  EXPECT_EQ(city.distinct_raw, 6);  // leeds, unknown, York, "", !, LEEDS
  EXPECT_EQ(cities.calls_, 6);
  EXPECT_EQ(city.distinct_normalised, 2);
  ASSERT_EQ(city.top_values.size(), 2u);
  EXPECT_EQ(city.top_values[0].value, "LEEDS");
  EXPECT_EQ(city.top_values[0].count, 4);
  EXPECT_EQ(city.top_values[1].value, "YORK");
  EXPECT_EQ(city.top_values[1].count, 1);
}

TEST(ProfileTest, ExamplesAndTopValuesAreCapped) {
  std::string csv = "id,v\n";
  for (int row = 0; row < 20; ++row) {
    csv += std::to_string(row) + ",x!" + std::to_string(row % 4) + "\n";
    csv += std::to_string(100 + row) + "," + std::string(1, 'a' + row % 7) + "\n";
  }
  FakeNormaliser fake;
  ProfileOptions options;
  options.max_examples = 3;
  options.top_n = 2;
  absl::StatusOr<DataQualityReport> report =
      ProfileCsv(csv, "id", {{"v", &fake}}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const FieldProfile& v = report->fields[0];
  EXPECT_EQ(v.invalid, 20);
  ASSERT_EQ(v.invalid_by_reason.size(), 1u);
  EXPECT_THAT(v.invalid_by_reason[0].example_lines, ElementsAre(2, 4, 6));
  // Letters a..g over 20 rows: a, b, c, d, e, f appear 3 times, g twice.
  // Ties break by value, so the top two are A and B.
  EXPECT_EQ(v.distinct_normalised, 7);
  ASSERT_EQ(v.top_values.size(), 2u);
  EXPECT_EQ(v.top_values[0].value, "A");
  EXPECT_EQ(v.top_values[0].count, 3);
  EXPECT_EQ(v.top_values[1].value, "B");
}

// Rows in several batches (Profiler::kBatchRows) give the same counts and the
// first example lines, as if counted one row at a time.
TEST(ProfileTest, CountsAcrossBatches) {
  const int kRows = static_cast<int>(Profiler::kBatchRows) * 2 + 100;
  std::string csv = "id,v\n";
  for (int row = 0; row < kRows; ++row) {
    // Every 1000th row is bad; values repeat with period 7.
    csv += std::to_string(row) + "," +
           (row % 1000 == 999 ? std::string("bad!") : std::to_string(row % 7)) +
           "\n";
  }
  FakeNormaliser fake;
  absl::StatusOr<DataQualityReport> report = ProfileCsv(csv, "id", {{"v", &fake}});
  ASSERT_TRUE(report.ok()) << report.status();
  const FieldProfile& v = report->fields[0];
  EXPECT_EQ(v.rows, kRows);
  EXPECT_EQ(v.invalid, kRows / 1000);
  // Row r is on line r + 2.
  EXPECT_THAT(v.invalid_by_reason[0].example_lines,
              ElementsAre(1001, 2001, 3001, 4001, 5001));
  EXPECT_EQ(v.distinct_raw, 8);
  EXPECT_EQ(fake.calls_, 8);
  EXPECT_EQ(v.distinct_normalised, 7);
}

TEST(ProfileTest, DuplicateIdNamesBothLines) {
  FakeNormaliser fake;
  absl::StatusOr<DataQualityReport> report =
      ProfileCsv("id,v\n7,a\n8,b\n\"x\ny\",c\n7,d\n", "id", {{"v", &fake}});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(),
            "t.csv:6: duplicate record id \"7\" in column \"id\" (first at "
            "line 2)");
}

TEST(ProfileTest, EmptyIdIsAnError) {
  FakeNormaliser fake;
  absl::StatusOr<DataQualityReport> report =
      ProfileCsv("id,v\n1,a\n,b\n", "id", {{"v", &fake}});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(), "t.csv:3: empty record id in column \"id\"");
}

TEST(ProfileTest, MissingColumnNamesFileAndColumn) {
  FakeNormaliser fake;
  absl::StatusOr<DataQualityReport> report =
      ProfileCsv("id,v\n1,a\n", "id", {{"surname", &fake}});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(),
            "t.csv: missing column \"surname\" required by the config; the "
            "file has: id, v");
  report = ProfileCsv("key,v\n1,a\n", "id", {{"v", &fake}});
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(),
              HasSubstr("missing column \"id\" required by the config's "
                        "unique_id_column"));
}

TEST(ProfileTest, ReaderErrorsPassThrough) {
  FakeNormaliser fake;
  absl::StatusOr<DataQualityReport> report =
      ProfileCsv("id,v\n1,a\n2\n", "id", {{"v", &fake}});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(),
            "t.csv:3:2: ragged row: expected 2 fields, found 1");
}

TEST(ProfileTest, NoIdColumnMeansNoIdCheck) {
  FakeNormaliser fake;
  absl::StatusOr<DataQualityReport> report =
      ProfileCsv("id,v\n1,a\n1,a\n", "", {{"v", &fake}});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->fields[0].valid, 2);
}

TEST(ProfileTest, ProgressIsReportedEveryNRows) {
  std::string csv = "id,v\n";
  for (int row = 0; row < 25; ++row) csv += std::to_string(row) + ",a\n";
  FakeNormaliser fake;
  std::vector<std::int64_t> calls;
  ProfileOptions options;
  options.progress_every = 10;
  options.on_progress = [&](std::int64_t rows) { calls.push_back(rows); };
  ASSERT_TRUE(ProfileCsv(csv, "id", {{"v", &fake}}, options).ok());
  EXPECT_THAT(calls, ElementsAre(10, 20));
}

DataQualityReport SmallReport() {
  DataQualityReport report;
  report.input = "in.csv";
  report.rows = 4;
  FieldProfile field;
  field.column = "dob";
  field.normaliser = "date";
  field.rows = 4;
  field.valid = 2;
  field.missing = 1;
  field.invalid = 1;
  field.invalid_by_reason.push_back(IssueCount{Issue::kImpossibleDate, 1, {3}});
  field.distinct_raw = 4;
  field.distinct_normalised = 1;
  field.top_values.push_back(ValueCount{"1900-01-01", 2});
  report.fields.push_back(field);
  field.column = "city,town";
  field.normaliser = "text";
  field.invalid_by_reason.clear();
  field.valid = 3;
  field.invalid = 0;
  field.top_values = {ValueCount{"SAY \"HI\"", 3}};
  report.fields.push_back(field);
  return report;
}

TEST(ProfileTest, CsvOutputIsLongFormatAndEscaped) {
  EXPECT_EQ(ReportToCsv(SmallReport()),
            "column,section,key,count,example_lines\n"
            "dob,summary,rows,4,\n"
            "dob,summary,valid,2,\n"
            "dob,summary,missing,1,\n"
            "dob,summary,invalid,1,\n"
            "dob,summary,distinct_raw,4,\n"
            "dob,summary,distinct_normalised,1,\n"
            "dob,invalid,impossible_date,1,3\n"
            "dob,top_value,1900-01-01,2,\n"
            "\"city,town\",summary,rows,4,\n"
            "\"city,town\",summary,valid,3,\n"
            "\"city,town\",summary,missing,1,\n"
            "\"city,town\",summary,invalid,0,\n"
            "\"city,town\",summary,distinct_raw,4,\n"
            "\"city,town\",summary,distinct_normalised,1,\n"
            "\"city,town\",top_value,\"SAY \"\"HI\"\"\",3,\n");
}

TEST(ProfileTest, JsonOutputHasEveryField) {
  const nlohmann::json json = ReportToJson(SmallReport());
  EXPECT_EQ(json["input"], "in.csv");
  EXPECT_EQ(json["rows"], 4);
  const nlohmann::json& dob = json["fields"][0];
  EXPECT_EQ(dob["column"], "dob");
  EXPECT_EQ(dob["normaliser"], "date");
  EXPECT_EQ(dob["valid"], 2);
  EXPECT_EQ(dob["missing"], 1);
  EXPECT_EQ(dob["invalid"], 1);
  EXPECT_EQ(dob["distinct_raw"], 4);
  EXPECT_EQ(dob["distinct_normalised"], 1);
  EXPECT_EQ(dob["invalid_by_reason"],
            nlohmann::json::parse(
                R"([{"reason":"impossible_date","count":1,"example_lines":[3]}])"));
  EXPECT_EQ(dob["top_values"],
            nlohmann::json::parse(R"([{"value":"1900-01-01","count":2}])"));
}

TEST(ProfileTest, TextOutputShowsReasonsAndTopValues) {
  const std::string text = ReportToText(SmallReport());
  EXPECT_THAT(text, HasSubstr("Data-quality report: in.csv (4 rows)"));
  EXPECT_THAT(text, HasSubstr("impossible_date"));
  EXPECT_THAT(text, HasSubstr("lines 3"));
  EXPECT_THAT(text, HasSubstr("1900-01-01 (2)"));
  EXPECT_THAT(text, HasSubstr("25.0%"));
}

}  // namespace
}  // namespace linkage
