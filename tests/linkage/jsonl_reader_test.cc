// Copyright 2026 The Linkage Authors.
#include "linkage/jsonl_reader.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "linkage/row_source.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::int64_t> lines;
};

absl::StatusOr<Table> ReadAll(std::string contents) {
  absl::StatusOr<std::unique_ptr<JsonlReader>> reader =
      JsonlReader::FromString("in.jsonl", std::move(contents));
  if (!reader.ok()) return reader.status();
  Table table;
  table.columns.assign((*reader)->columns().begin(), (*reader)->columns().end());
  for (;;) {
    absl::StatusOr<bool> more = (*reader)->Next();
    if (!more.ok()) return more.status();
    if (!*more) break;
    table.rows.emplace_back((*reader)->fields().begin(),
                            (*reader)->fields().end());
    table.lines.push_back((*reader)->line());
  }
  return table;
}

TEST(JsonlReaderTest, ReadsObjectsInKeyOrderOfTheFirst) {
  absl::StatusOr<Table> table = ReadAll(
      "\xEF\xBB\xBF{\"id\": 1, \"name\": \"Zo\\u00eb\", \"dob\": null}\r\n"
      "\n"
      "{\"name\": \"O'Brien, Siobh\xC3\xA1n\", \"id\": 2.5, \"extra\": 1}\n"
      "{\"id\": \"3\"}");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->columns, ElementsAre("id", "name", "dob"));
  EXPECT_EQ(table->rows, (std::vector<std::vector<std::string>>{
                             {"1", "Zo\xC3\xAB", ""},
                             {"2.5", "O'Brien, Siobh\xC3\xA1n", ""},
                             {"3", "", ""}}));
  EXPECT_THAT(table->lines, ElementsAre(1, 3, 4));
}

struct BadCase {
  const char* name;
  std::string input;
  std::string error;
};

TEST(JsonlReaderTest, MalformedInputGetsExactError) {
  const BadCase kCases[] = {
      {"empty", "", "in.jsonl:1:1: empty file: no records"},
      {"blank only", "\n  \n", "in.jsonl:1:1: empty file: no records"},
      {"not an object", "[1,2]\n", "in.jsonl:1:1: expected a JSON object, found array"},
      {"later not an object", "{\"a\":1}\n\"x\"\n",
       "in.jsonl:2:1: expected a JSON object, found string"},
      {"nested value", "{\"a\":1}\n{\"a\":{\"b\":2}}\n",
       "in.jsonl:2:1: field \"a\": expected a string, number or null, found "
       "object"},
      {"boolean", "{\"a\":true}\n",
       "in.jsonl:1:1: field \"a\": expected a string, number or null, found "
       "boolean"},
      {"syntax error", "{\"a\":1}\n{\"a\":1,}\n",
       "in.jsonl:2:8: invalid JSON: syntax error while parsing object key - "
       "unexpected '}'; expected string literal"},
      {"truncated", "{\"a\":\"x\n",
       "in.jsonl:1:8: invalid JSON: syntax error while parsing value - invalid "
       "string: missing closing quote; last read: '\"x'"},
      {"invalid utf8", "{\"a\":\"\xFF\"}\n",
       "in.jsonl:1:7: invalid JSON: syntax error while parsing value - invalid "
       "string: ill-formed UTF-8 byte; last read: '\"\xFF'"},
      {"empty object", "{}\n", "in.jsonl:1:1: first object has no keys"},
  };
  for (const BadCase& test : kCases) {
    SCOPED_TRACE(test.name);
    absl::StatusOr<Table> table = ReadAll(test.input);
    ASSERT_FALSE(table.ok());
    EXPECT_EQ(table.status().message(), test.error);
  }
}

TEST(JsonlReaderTest, OpenRowSourceChoosesByExtension) {
  absl::StatusOr<std::unique_ptr<RowSource>> source =
      OpenRowSource("/nonexistent/x.jsonl", InputOptions{});
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().message(),
            "cannot open /nonexistent/x.jsonl: No such file or directory");
  InputOptions options;
  options.format = "xml";
  source = OpenRowSource("x.xml", options);
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().message(),
            "unknown input format \"xml\" for x.xml; expected \"csv\" or "
            "\"jsonl\"");
}

}  // namespace
}  // namespace linkage
