// Copyright 2026 The Linkage Authors.
#include "linkage/csv_reader.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace linkage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::int64_t> lines;
};

absl::StatusOr<Table> ReadAll(std::string contents,
                              const InputOptions& options = InputOptions{}) {
  absl::StatusOr<std::unique_ptr<CsvReader>> reader =
      CsvReader::FromString("in.csv", std::move(contents), options);
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

// RFC 4180 and dialect cases that must parse, with the records they give.
struct GoodCase {
  const char* name;
  std::string input;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::int64_t> lines;
};

TEST(CsvReaderTest, ParsesWellFormedInput) {
  const GoodCase kCases[] = {
      {"simple", "a,b\n1,2\n3,4\n", {{"1", "2"}, {"3", "4"}}, {2, 3}},
      {"no trailing newline", "a,b\n1,2\n3,4", {{"1", "2"}, {"3", "4"}}, {2, 3}},
      {"crlf", "a,b\r\n1,2\r\n3,4\r\n", {{"1", "2"}, {"3", "4"}}, {2, 3}},
      {"lone cr", "a,b\r1,2\r3,4", {{"1", "2"}, {"3", "4"}}, {2, 3}},
      {"bom", "\xEF\xBB\xBF" "a,b\n1,2\n", {{"1", "2"}}, {2}},
      {"empty fields", "a,b,c\n,,\n1,,\n", {{"", "", ""}, {"1", "", ""}}, {2, 3}},
      {"trailing empty field at eof", "a,b\n1,", {{"1", ""}}, {2}},
      {"quoted comma", "a,b\n\"x,y\",2\n", {{"x,y", "2"}}, {2}},
      {"doubled quote", "a,b\n\"say \"\"hi\"\"\",2\n", {{"say \"hi\"", "2"}}, {2}},
      {"embedded newline", "a,b\n\"line1\nline2\",2\n3,4\n",
       {{"line1\nline2", "2"}, {"3", "4"}}, {2, 4}},
      {"embedded crlf", "a,b\r\n\"x\r\ny\",2\r\n", {{"x\r\ny", "2"}}, {2}},
      {"quoted empty", "a\n\"\"\n", {{""}}, {2}},
      {"blank lines skipped", "a,b\n\n1,2\n\r\n3,4\n\n", {{"1", "2"}, {"3", "4"}},
       {3, 5}},
      {"quote inside unquoted field", "a,b\nO\"Brien,2\n", {{"O\"Brien", "2"}}, {2}},
      {"utf8", "a,b\nSiobh\xC3\xA1n,\xE2\x82\xAC\n", {{"Siobh\xC3\xA1n", "\xE2\x82\xAC"}},
       {2}},
      {"header only", "a,b\n", {}, {}},
      {"spaces kept by default", "a,b\n 1, 2\n", {{" 1", " 2"}}, {2}},
  };
  for (const GoodCase& test : kCases) {
    SCOPED_TRACE(test.name);
    absl::StatusOr<Table> table = ReadAll(test.input);
    ASSERT_TRUE(table.ok()) << table.status();
    EXPECT_EQ(table->rows, test.rows);
    EXPECT_EQ(table->lines, test.lines);
  }
}

TEST(CsvReaderTest, HeaderNamesColumns) {
  absl::StatusOr<Table> table = ReadAll("\xEF\xBB\xBFid,\"given name\"\n1,x\n");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->columns, ElementsAre("id", "given name"));
}

TEST(CsvReaderTest, SkipLeadingSpacesForFebrlStyle) {
  InputOptions options;
  options.skip_leading_spaces = true;
  absl::StatusOr<Table> table =
      ReadAll("rec_id, given_name, surname\nrec-1, , waller\nrec-2,  ann, \" x\"\n",
              options);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->columns, ElementsAre("rec_id", "given_name", "surname"));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_THAT(table->rows[0], ElementsAre("rec-1", "", "waller"));
  EXPECT_THAT(table->rows[1], ElementsAre("rec-2", "ann", " x"));
}

TEST(CsvReaderTest, OtherDelimiters) {
  InputOptions options;
  options.delimiter = '\t';
  absl::StatusOr<Table> table = ReadAll("a\tb\n1,5\t\"x\ty\"\n", options);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->rows[0], ElementsAre("1,5", "x\ty"));
  options.delimiter = '|';
  table = ReadAll("a|b\n1|2\n", options);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->rows[0], ElementsAre("1", "2"));
}

TEST(CsvReaderTest, NoHeaderNamesColumnsByPosition) {
  InputOptions options;
  options.has_header = false;
  absl::StatusOr<Table> table = ReadAll("1,2\n3,4\n", options);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->columns, ElementsAre("field_1", "field_2"));
  EXPECT_EQ(table->rows,
            (std::vector<std::vector<std::string>>{{"1", "2"}, {"3", "4"}}));
  EXPECT_THAT(table->lines, ElementsAre(1, 2));
}

// Malformed inputs and the exact error each gets.
struct BadCase {
  const char* name;
  std::string input;
  std::string error;
};

TEST(CsvReaderTest, MalformedInputGetsExactError) {
  const BadCase kCases[] = {
      {"too few fields", "a,b,c\n1,2,3\n4,5\n",
       "in.csv:3:4: ragged row: expected 3 fields, found 2"},
      {"too many fields", "a,b\n1,2\n3,4,5\n",
       "in.csv:3:5: ragged row: expected 2 fields, found 3"},
      {"too few at eof", "a,b\n1", "in.csv:2:2: ragged row: expected 2 fields, found 1"},
      {"unterminated quote", "a,b\n1,2\n3,\"abc\n4,5\n",
       "in.csv:3:3: unterminated quoted field starting at line 3"},
      {"text after closing quote", "a,b\n\"ab\"c,2\n",
       "in.csv:2:5: unexpected character 'c' after closing quote"},
      {"invalid utf8", "a,surname\n1,Sm\xFFth\n",
       "in.csv:2:5: invalid UTF-8 in field \"surname\""},
      {"invalid utf8 in quoted field", "a,surname\n1,\"Sm\xC3\"\n",
       "in.csv:2:6: invalid UTF-8 in field \"surname\""},
      {"truncated utf8 at end", "a,b\n1,\xE2\x82\n",
       "in.csv:2:3: invalid UTF-8 in field \"b\""},
      {"empty file", "", "in.csv:1:1: empty file: no header row"},
      {"only bom", "\xEF\xBB\xBF", "in.csv:1:1: empty file: no header row"},
      {"duplicate column", "id,name,id\n",
       "in.csv:1:9: duplicate column name \"id\" in header (columns 1 and 3)"},
      {"empty column name", "id,,x\n", "in.csv:1:4: empty column name in header (column 2)"},
      {"ragged after multiline field", "a,b\n\"x\ny\"\n",
       "in.csv:3:3: ragged row: expected 2 fields, found 1"},
  };
  for (const BadCase& test : kCases) {
    SCOPED_TRACE(test.name);
    absl::StatusOr<Table> table = ReadAll(test.input);
    ASSERT_FALSE(table.ok());
    EXPECT_EQ(table.status().message(), test.error);
    EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(CsvReaderTest, FieldLongerThanLimitIsAnError) {
  InputOptions options;
  options.max_field_bytes = 4;
  absl::StatusOr<Table> table = ReadAll("a,b\n1234,\"12345\"\n", options);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(), "in.csv:2:6: field longer than 4 bytes");
}

TEST(CsvReaderTest, ErrorIsSticky) {
  absl::StatusOr<std::unique_ptr<CsvReader>> reader =
      CsvReader::FromString("in.csv", "a,b\n1\n2,3\n", InputOptions{});
  ASSERT_TRUE(reader.ok());
  EXPECT_FALSE((*reader)->Next().ok());
  absl::StatusOr<bool> again = (*reader)->Next();
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.status().message(), HasSubstr("ragged row"));
}

TEST(CsvReaderTest, MissingFileNamesPath) {
  absl::StatusOr<std::unique_ptr<CsvReader>> reader =
      CsvReader::Open("/nonexistent/people.csv", InputOptions{});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(reader.status().message(),
            "cannot open /nonexistent/people.csv: No such file or directory");
}

TEST(CsvReaderTest, DirectoryIsAReadErrorNamingPath) {
  absl::StatusOr<std::unique_ptr<CsvReader>> reader =
      CsvReader::Open(::testing::TempDir(), InputOptions{});
  ASSERT_FALSE(reader.ok());
  EXPECT_THAT(std::string(reader.status().message()),
              ::testing::MatchesRegex("(cannot open|error reading) .*: Is a "
                                      "directory"));
}

// A file larger than the 1 MiB read chunk: records and quoted fields that
// straddle chunk boundaries must come out whole, with the right lines.
TEST(CsvReaderTest, StreamsAcrossChunkBoundaries) {
  const std::string path = ::testing::TempDir() + "/csv_reader_chunks.csv";
  std::string contents = "id,text\r\n";
  constexpr int kRows = 100000;
  std::vector<std::size_t> record_ends;  // input offset after each record
  for (int row = 0; row < kRows; ++row) {
    contents += std::to_string(row) + ",\"a,\"\"b\"\"\nc " + std::to_string(row) +
                "\"\r\n";
    record_ends.push_back(contents.size());
  }
  {
    std::ofstream out(path, std::ios::binary);
    out << contents;
  }
  ASSERT_GT(contents.size(), std::size_t{2} << 20);
  absl::StatusOr<std::unique_ptr<CsvReader>> reader =
      CsvReader::Open(path, InputOptions{});
  ASSERT_TRUE(reader.ok()) << reader.status();
  int row = 0;
  for (;; ++row) {
    absl::StatusOr<bool> more = (*reader)->Next();
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    ASSERT_EQ((*reader)->fields()[0], std::to_string(row));
    ASSERT_EQ((*reader)->fields()[1], "a,\"b\"\nc " + std::to_string(row));
    ASSERT_EQ((*reader)->line(), 2 + 2 * row);
    // Through the record's CR; its LF may be read with the next record.
    ASSERT_GE((*reader)->bytes_read(), record_ends[row] - 1) << row;
    ASSERT_LE((*reader)->bytes_read(), record_ends[row]) << row;
  }
  EXPECT_EQ(row, kRows);
  EXPECT_EQ((*reader)->bytes_read(), contents.size());
  std::remove(path.c_str());
}

TEST(CsvReaderTest, ReadsFebrlDataset) {
  InputOptions options;
  options.skip_leading_spaces = true;
  absl::StatusOr<std::unique_ptr<CsvReader>> reader =
      CsvReader::Open(testing::DataPath("febrl/dataset2.csv"), options);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_THAT((*reader)->columns(),
              ElementsAre("rec_id", "given_name", "surname", "street_number",
                          "address_1", "address_2", "suburb", "postcode",
                          "state", "date_of_birth", "soc_sec_id"));
  int rows = 0;
  std::string first_id;
  for (;;) {
    absl::StatusOr<bool> more = (*reader)->Next();
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    if (rows == 0) first_id = std::string((*reader)->fields()[0]);
    EXPECT_EQ((*reader)->fields().size(), 11u);
    EXPECT_NE((*reader)->fields()[0].front(), ' ');
    ++rows;
  }
  EXPECT_EQ(rows, 5000);
  EXPECT_EQ(first_id.rfind("rec-", 0), 0u);
}

// Round trip: random tables written with RFC 4180 quoting (quote a field when
// it holds a delimiter, quote, CR or LF, or is empty in a one-column table)
// read back unchanged, with CRLF or LF endings and across chunk boundaries.
// Most records of a register are plain (ASCII, unquoted, LF-terminated) and
// take the reader's fast path; the rest take the general one. A file over
// two read chunks mixing both, with records of every length around the
// 16-byte steps of the fast path's scan, and a stretch of mostly escaped
// records (where the fast path pauses), must read back exactly as written,
// with each record's line.
TEST(CsvReaderTest, PlainAndEscapedRecordsMixedAcrossChunks) {
  const std::string path = ::testing::TempDir() + "/csv_reader_mixed.csv";
  std::mt19937 random(20261205);
  std::string contents = "id,name,town\n";
  std::vector<std::vector<std::string>> rows;
  std::vector<std::int64_t> lines;
  std::int64_t line = 2;
  while (contents.size() < (std::size_t{5} << 19)) {
    std::vector<std::string> fields = {std::to_string(rows.size())};
    std::string text = fields[0];
    std::int64_t breaks = 0;
    for (int column = 1; column < 3; ++column) {
      std::string field(random() % 40, 'a');
      for (char& c : field) c = static_cast<char>('a' + random() % 26);
      std::string written = field;
      // A first stretch of mostly escaped records (the fast path pauses
      // itself there), then mostly plain ones (it resumes).
      const bool escaped_stretch = rows.size() < 40000;
      switch (escaped_stretch ? random() % 3 : random() % 12) {
        case 0:  // needs quotes: a delimiter and a doubled quote
          written = "\"" + field + ",\"\"x\"";
          field += ",\"x";
          break;
        case 1:  // a line break inside quotes
          field += "\nend";
          written = "\"" + field + "\"";
          ++breaks;
          break;
        case 2:  // UTF-8, unquoted
          field += "Zo\xC3\xAB";
          written = field;
          break;
        default:
          break;
      }
      text += "," + written;
      fields.push_back(field);
    }
    contents += text + (random() % 10 == 0 ? "\r\n" : "\n");
    rows.push_back(fields);
    lines.push_back(line);
    line += 1 + breaks;
  }
  {
    std::ofstream out(path, std::ios::binary);
    out << contents;
  }
  absl::StatusOr<std::unique_ptr<CsvReader>> reader = CsvReader::Open(path, InputOptions{});
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::size_t row = 0;
  std::uint64_t bytes = 0;
  for (;; ++row) {
    absl::StatusOr<bool> more = (*reader)->Next();
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    ASSERT_LT(row, rows.size());
    ASSERT_THAT((*reader)->fields(), ::testing::ElementsAreArray(rows[row])) << row;
    ASSERT_EQ((*reader)->line(), lines[row]) << row;
    ASSERT_GE((*reader)->bytes_read(), bytes);
    bytes = (*reader)->bytes_read();
  }
  EXPECT_EQ(row, rows.size());
  EXPECT_EQ((*reader)->bytes_read(), contents.size());
  std::remove(path.c_str());
}

// A malformed record after plain ones is reported as before: the plain
// records' fast path leaves it to the general reader.
TEST(CsvReaderTest, MalformedRecordAfterPlainRecordsGetsExactError) {
  std::string plain = "id,name\n";
  for (int i = 0; i < 100; ++i) plain += std::to_string(i) + ",somebody\n";
  const BadCase kCases[] = {
      {"ragged", plain + "100,a,b\n", "in.csv:102:7: ragged row: expected 2 fields, found 3"},
      {"invalid utf8", plain + "100,Sm\xFFth\n", "in.csv:102:7: invalid UTF-8 in field \"name\""},
      {"unterminated quote", plain + "100,\"abc\n",
       "in.csv:102:5: unterminated quoted field starting at line 102"},
  };
  for (const BadCase& test : kCases) {
    SCOPED_TRACE(test.name);
    absl::StatusOr<Table> table = ReadAll(test.input);
    ASSERT_FALSE(table.ok());
    EXPECT_EQ(table.status().message(), test.error);
  }
  InputOptions options;
  options.max_field_bytes = 8;
  absl::StatusOr<Table> table = ReadAll(plain + "100,123456789\n", options);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(), "in.csv:102:5: field longer than 8 bytes");
}

TEST(CsvReaderTest, RandomTablesRoundTrip) {
  std::mt19937 random(20260101);
  const std::string kPieces[] = {"a", "Zo\xC3\xAB", ",", "\"", "\n", "\r\n",
                                 " ", "x y", "\xE2\x82\xAC", ";"};
  for (int trial = 0; trial < 300; ++trial) {
    const int width = 1 + static_cast<int>(random() % 5);
    const int height = static_cast<int>(random() % 8);
    const char* eol = random() % 2 ? "\r\n" : "\n";
    std::vector<std::vector<std::string>> rows;
    std::string text;
    for (int row = -1; row < height; ++row) {
      std::vector<std::string> fields;
      for (int column = 0; column < width; ++column) {
        std::string field;
        if (row < 0) {
          field = "c" + std::to_string(column);
        } else {
          const int pieces = static_cast<int>(random() % 4);
          for (int piece = 0; piece < pieces; ++piece) {
            field += kPieces[random() % std::size(kPieces)];
          }
        }
        const bool quote = field.find_first_of(",\"\r\n") != std::string::npos ||
                           (width == 1 && field.empty());
        if (column > 0) text += ',';
        if (quote) {
          text += '"';
          for (const char c : field) {
            if (c == '"') text += '"';
            text += c;
          }
          text += '"';
        } else {
          text += field;
        }
        fields.push_back(field);
      }
      text += eol;
      if (row >= 0) rows.push_back(fields);
    }
    if (random() % 2) text.resize(text.size() - std::strlen(eol));
    SCOPED_TRACE(text);
    absl::StatusOr<Table> table = ReadAll(text);
    ASSERT_TRUE(table.ok()) << table.status();
    EXPECT_EQ(table->rows, rows);
  }
}

// Arbitrary bytes never crash the reader; it either fails with a positioned
// message or yields records of exactly the header's width.
TEST(CsvReaderTest, RandomBytesGiveRecordsOrPositionedErrors) {
  std::mt19937 random(7);
  const char kAlphabet[] = {'a', ',', '"', '\n', '\r', ' ', '\xC3', '\xA9', '\xFF', '\0'};
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text;
    const int length = static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) text += kAlphabet[random() % std::size(kAlphabet)];
    InputOptions options;
    options.skip_leading_spaces = random() % 2;
    options.max_field_bytes = 1 + random() % 16;
    absl::StatusOr<std::unique_ptr<CsvReader>> reader =
        CsvReader::FromString("in.csv", text, options);
    if (!reader.ok()) {
      EXPECT_THAT(std::string(reader.status().message()), ::testing::StartsWith("in.csv:"));
      continue;
    }
    for (;;) {
      absl::StatusOr<bool> more = (*reader)->Next();
      if (!more.ok()) {
        EXPECT_THAT(std::string(more.status().message()), ::testing::StartsWith("in.csv:"));
        break;
      }
      if (!*more) break;
      ASSERT_EQ((*reader)->fields().size(), (*reader)->columns().size());
    }
  }
}

}  // namespace
}  // namespace linkage
