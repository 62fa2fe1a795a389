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

#include <charconv>
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

// Appends `value` exactly as printf's "%.<precision>f" (format fixed) or
// "%.<precision>g" (format general) prints it (both round correctly), without
// printf's parsing of a format string. E.g. (0.5, fixed, 6) -> "0.500000".
inline void AppendDouble(std::string* out, double value, std::chars_format format,
                         int precision) {
  char buffer[400];  // the longest "%.6f" of a double is 317 characters
  const std::to_chars_result r =
      std::to_chars(buffer, buffer + sizeof buffer, value, format, precision);
  out->append(buffer, r.ptr);
}

inline std::string CsvField(std::string_view field) {
  std::string out;
  AppendCsvField(&out, field);
  return out;
}

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_CSV_WRITER_H_
