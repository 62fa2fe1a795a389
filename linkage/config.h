// Copyright 2026 The Linkage Authors.
//
// Loads a Linkage config file (DESIGN.md section 4). This stage reads the
// parts the readers and the data-quality report need:
//
//   {
//     "unique_id_column": "record_id",              // optional
//     "input": {"format": "csv", "delimiter": ",",  // optional, defaults
//               "skip_leading_spaces": false, "has_header": true,
//               "max_field_bytes": 1048576},
//     "columns": {"dob": {"normaliser": "date", "formats": ["dmy"]}, ...}
//   }
//
// Other top-level keys (comparisons, blocking rules, model parameters) are
// kept in Config::document for later stages and not checked here. Every error
// names the file and the JSON path of the bad value, e.g.
//   configs/uk.json: $.input.delimiter: must be a string of one character
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(Config config, LoadConfig("configs/febrl.json"));
//   for (const ColumnConfig& column : config.columns) ...
//
// Thread-safety: pure functions; a Config is a value.
#ifndef LINKAGE_LINKAGE_CONFIG_H_
#define LINKAGE_LINKAGE_CONFIG_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "linkage/row_source.h"
#include "nlohmann/json.hpp"

namespace linkage {

// One entry of "columns".
struct ColumnConfig {
  std::string name;           // the input column it reads
  nlohmann::json spec;        // e.g. {"normaliser": "date", ...}
  std::string json_path;      // "$.columns.<name>", for error messages
};

struct Config {
  std::string source;            // file the config came from
  std::string unique_id_column;  // empty if the config names none
  std::vector<ColumnConfig> columns;  // in file order
  InputOptions input;
  nlohmann::json document;       // the whole file
};

// Reads and validates the config at `path`. Errors: NotFound etc. naming the
// path if unreadable; InvalidArgument "<path>:<line>:<column>: invalid JSON:
// ..." for a syntax error, or "<path>: <json path>: <what>" for a bad value.
absl::StatusOr<Config> LoadConfig(std::string_view path);

// Same as LoadConfig on the text `text`; `source` names it in messages.
absl::StatusOr<Config> ParseConfig(std::string_view text,
                                   std::string_view source);

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_CONFIG_H_
