// Copyright 2026 The Linkage Authors.
#include "linkage/config.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

TEST(ConfigTest, ParsesColumnsInFileOrderAndInputOptions) {
  absl::StatusOr<Config> config = ParseConfig(R"({
    "unique_id_column": "rec_id",
    "input": {"format": "csv", "delimiter": "\t", "skip_leading_spaces": true,
              "has_header": false, "max_field_bytes": 99},
    "columns": {"zeta": {"normaliser": "text"},
                "alpha": {"normaliser": "date", "formats": ["dmy"]}},
    "comparisons": []
  })", "c.json");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->source, "c.json");
  EXPECT_EQ(config->unique_id_column, "rec_id");
  EXPECT_EQ(config->input.format, "csv");
  EXPECT_EQ(config->input.delimiter, '\t');
  EXPECT_TRUE(config->input.skip_leading_spaces);
  EXPECT_FALSE(config->input.has_header);
  EXPECT_EQ(config->input.max_field_bytes, 99u);
  ASSERT_EQ(config->columns.size(), 2u);
  EXPECT_EQ(config->columns[0].name, "zeta");
  EXPECT_EQ(config->columns[1].name, "alpha");
  EXPECT_EQ(config->columns[1].json_path, "$.columns.alpha");
  EXPECT_EQ(config->columns[1].spec["formats"][0], "dmy");
  EXPECT_TRUE(config->document.contains("comparisons"));
}

TEST(ConfigTest, DefaultsWhenOptionalPartsAreAbsent) {
  absl::StatusOr<Config> config =
      ParseConfig(R"({"columns": {"a": {"normaliser": "text"}}})", "c.json");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->unique_id_column, "");
  EXPECT_EQ(config->input.format, "");
  EXPECT_EQ(config->input.delimiter, ',');
  EXPECT_FALSE(config->input.skip_leading_spaces);
  EXPECT_TRUE(config->input.has_header);
}

struct BadCase {
  const char* name;
  std::string text;
  std::string error;
};

TEST(ConfigTest, BadConfigsNameFileAndPath) {
  const BadCase kCases[] = {
      {"syntax", "{\n  \"columns\": {,}\n}",
       "c.json:2:15: invalid JSON: syntax error while parsing object key - "
       "unexpected ','; expected string literal"},
      {"not object", "[]", "c.json: $: a config must be a JSON object"},
      {"no columns", "{}",
       "c.json: $.columns: missing; name the input columns and their "
       "normalisers"},
      {"empty columns", R"({"columns": {}})",
       "c.json: $.columns: must be a non-empty object {column: spec}"},
      {"spec not object", R"({"columns": {"a": "text"}})",
       "c.json: $.columns.a: a column spec must be a JSON object such as "
       "{\"normaliser\": \"text\"}"},
      {"no normaliser", R"({"columns": {"a": {"formats": []}}})",
       "c.json: $.columns.a.normaliser: missing or not a string"},
      {"bad id", R"({"unique_id_column": 3, "columns": {"a": {"normaliser": "x"}}})",
       "c.json: $.unique_id_column: must be a non-empty string"},
      {"bad delimiter", R"({"input": {"delimiter": ", "}, "columns": {"a": {"normaliser": "x"}}})",
       "c.json: $.input.delimiter: must be a string of one character (not a "
       "quote or line break)"},
      {"bad format", R"({"input": {"format": "xlsx"}, "columns": {"a": {"normaliser": "x"}}})",
       "c.json: $.input.format: must be \"csv\" or \"jsonl\""},
      {"unknown input key", R"({"input": {"delim": ","}, "columns": {"a": {"normaliser": "x"}}})",
       "c.json: $.input.delim: unknown key; expected format, delimiter, "
       "skip_leading_spaces, has_header or max_field_bytes"},
      {"bad bool", R"({"input": {"has_header": "yes"}, "columns": {"a": {"normaliser": "x"}}})",
       "c.json: $.input.has_header: must be true or false"},
      {"bad max", R"({"input": {"max_field_bytes": 0}, "columns": {"a": {"normaliser": "x"}}})",
       "c.json: $.input.max_field_bytes: must be a positive integer"},
  };
  for (const BadCase& test : kCases) {
    SCOPED_TRACE(test.name);
    absl::StatusOr<Config> config = ParseConfig(test.text, "c.json");
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.status().message(), test.error);
  }
}

TEST(ConfigTest, MissingFileNamesPath) {
  absl::StatusOr<Config> config = LoadConfig("/nonexistent/c.json");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(config.status().message(),
            "cannot open config /nonexistent/c.json: No such file or directory");
}

// The shipped configs parse and name the columns of their data files.
TEST(ConfigTest, ShippedConfigsLoad) {
  const std::string root = testing::ConfigPath("");
  absl::StatusOr<Config> febrl = LoadConfig(root + "febrl.json");
  ASSERT_TRUE(febrl.ok()) << febrl.status();
  EXPECT_EQ(febrl->unique_id_column, "rec_id");
  EXPECT_TRUE(febrl->input.skip_leading_spaces);
  EXPECT_EQ(febrl->columns.size(), 10u);
  absl::StatusOr<Config> fake = LoadConfig(root + "fake_1000.json");
  ASSERT_TRUE(fake.ok()) << fake.status();
  EXPECT_EQ(fake->unique_id_column, "unique_id");
  absl::StatusOr<Config> uk = LoadConfig(root + "uk_person.json");
  ASSERT_TRUE(uk.ok()) << uk.status();
  EXPECT_EQ(uk->columns.size(), 9u);
  EXPECT_EQ(uk->columns[0].name, "nhs_number");
}

}  // namespace
}  // namespace linkage
