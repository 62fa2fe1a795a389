// Copyright 2026 The Linkage Authors.
//
// Helpers for tests: paths to bundled test data and a small CSV reader for
// test-vector files (comma-separated, optional double quotes, no embedded
// newlines). Not for production input: see the readers in linkage/.
#ifndef LINKAGE_TESTS_TEST_UTIL_H_
#define LINKAGE_TESTS_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace linkage::testing {

// Absolute path of `relative` under tests/testdata/.
inline std::string TestDataPath(const std::string& relative) {
  return std::string(LINKAGE_TESTDATA_DIR) + "/" + relative;
}

// Absolute path of `relative` under the project's data/ folder.
inline std::string DataPath(const std::string& relative) {
  return std::string(LINKAGE_DATA_DIR) + "/" + relative;
}

// Absolute path of `relative` under the project's configs/ folder.
inline std::string ConfigPath(const std::string& relative) {
  return std::string(LINKAGE_CONFIGS_DIR) + "/" + relative;
}

// Reads the whole file; throws std::runtime_error naming it if unreadable.
inline std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open test file " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Splits one CSV line into fields. Handles double-quoted fields with ""
// escapes; strips a trailing '\r'.
inline std::vector<std::string> SplitCsvLine(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return fields;
}

// Reads a CSV test-vector file into rows of fields, skipping `skip_header`
// first lines and blank lines.
inline std::vector<std::vector<std::string>> ReadCsvRows(
    const std::string& path, int skip_header = 0) {
  std::istringstream in(ReadFileOrDie(path));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    if (line_number++ < skip_header) continue;
    if (line.empty() || line == "\r") continue;
    rows.push_back(SplitCsvLine(line));
  }
  return rows;
}

}  // namespace linkage::testing

#endif  // LINKAGE_TESTS_TEST_UTIL_H_
