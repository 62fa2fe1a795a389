// Copyright 2026 The Linkage Authors.
//
// Writing CSV fields (RFC 4180): a field with a comma, quote, CR or LF is
// quoted, with quotes doubled; anything else is written as is.
//
// Example:
//   std::string line;
//   AppendCsvField(&line, "O'Brien, Siobhan");  // "\"O'Brien, Siobhan\""
//
// Thread-safety: pure functions.
#ifndef LINKAGE_LINKAGE_CSV_WRITER_H_
#define LINKAGE_LINKAGE_CSV_WRITER_H_

#include <string>
#include <string_view>

namespace linkage {

inline void AppendCsvField(std::string* out, std::string_view field) {
  // A plain loop: find_first_of calls memchr on the 4-byte set per byte.
  bool plain = true;
  for (const char c : field) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

inline std::string CsvField(std::string_view field) {
  std::string out;
  AppendCsvField(&out, field);
  return out;
}

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_CSV_WRITER_H_
