// Copyright 2026 The Linkage Authors.
//
// Fuzzes the CSV and JSONL readers: any bytes must give either records of
// the header's width or an error naming the source, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "linkage/csv_reader.h"
#include "linkage/jsonl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte chooses the reader options; the rest is the file.
  const std::uint8_t flags = data[0];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  linkage::InputOptions options;
  options.delimiter = (flags & 1) ? ';' : ',';
  options.skip_leading_spaces = flags & 2;
  options.has_header = !(flags & 4);
  options.max_field_bytes = (flags & 8) ? 16 : std::size_t{1} << 20;
  auto check = [](linkage::RowSource& source) {
    for (;;) {
      absl::StatusOr<bool> more = source.Next();
      if (!more.ok()) {
        if (more.status().message().substr(0, 3) != "in:") std::abort();
        return;
      }
      if (!*more) return;
      if (source.fields().size() != source.columns().size()) std::abort();
    }
  };
  if (flags & 16) {
    auto reader = linkage::JsonlReader::FromString("in", text);
    if (reader.ok()) check(**reader);
  } else {
    auto reader = linkage::CsvReader::FromString("in", text, options);
    if (reader.ok()) check(**reader);
  }
  return 0;
}
