// Copyright 2026 The Linkage Authors.
#include "linkage/config.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace linkage {
namespace {

absl::Status ValueError(std::string_view source, std::string_view json_path,
                        std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: %s: %s", source, json_path, what));
}

// 1-based line and column of byte `offset` (0-based) in `text`.
std::pair<std::int64_t, std::int64_t> LineAndColumn(std::string_view text,
                                                    std::size_t offset) {
  std::int64_t line = 1;
  std::int64_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

absl::Status ParseInput(const nlohmann::ordered_json& input,
                        std::string_view source, InputOptions* options) {
  const std::string path = "$.input";
  if (!input.is_object()) return ValueError(source, path, "must be an object");
  for (const auto& [key, value] : input.items()) {
    const std::string key_path = path + "." + key;
    if (key == "format") {
      if (!value.is_string() ||
          (value != "csv" && value != "jsonl")) {
        return ValueError(source, key_path, "must be \"csv\" or \"jsonl\"");
      }
      options->format = value.get<std::string>();
    } else if (key == "delimiter") {
      if (!value.is_string() || value.get<std::string>().size() != 1 ||
          value.get<std::string>() == "\"" || value.get<std::string>() == "\n" ||
          value.get<std::string>() == "\r") {
        return ValueError(source, key_path,
                          "must be a string of one character (not a quote "
                          "or line break)");
      }
      options->delimiter = value.get<std::string>()[0];
    } else if (key == "skip_leading_spaces" || key == "has_header") {
      if (!value.is_boolean()) return ValueError(source, key_path, "must be true or false");
      (key == "has_header" ? options->has_header
                           : options->skip_leading_spaces) = value.get<bool>();
    } else if (key == "max_field_bytes") {
      if (!value.is_number_unsigned() || value.get<std::uint64_t>() == 0) {
        return ValueError(source, key_path, "must be a positive integer");
      }
      options->max_field_bytes = value.get<std::size_t>();
    } else {
      return ValueError(source, key_path,
                        "unknown key; expected format, delimiter, "
                        "skip_leading_spaces, has_header or max_field_bytes");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Config> ParseConfig(std::string_view text,
                                   std::string_view source) {
  nlohmann::ordered_json document;
  try {
    document = nlohmann::ordered_json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    const auto [line, column] =
        LineAndColumn(text, e.byte == 0 ? 0 : e.byte - 1);
    std::string what = e.what();
    const std::size_t colon = what.find(": ", what.find(", column "));
    if (colon != std::string::npos) what = what.substr(colon + 2);
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s:%d:%d: invalid JSON: %s", source, line, column, what));
  }
  if (!document.is_object()) {
    return ValueError(source, "$", "a config must be a JSON object");
  }
  Config config;
  config.source = std::string(source);
  if (auto it = document.find("unique_id_column"); it != document.end()) {
    if (!it->is_string() || it->get<std::string>().empty()) {
      return ValueError(source, "$.unique_id_column",
                        "must be a non-empty string");
    }
    config.unique_id_column = it->get<std::string>();
  }
  if (auto it = document.find("input"); it != document.end()) {
    absl::Status status = ParseInput(*it, source, &config.input);
    if (!status.ok()) return status;
  }
  auto columns = document.find("columns");
  if (columns == document.end()) {
    return ValueError(source, "$.columns",
                      "missing; name the input columns and their normalisers");
  }
  if (!columns->is_object() || columns->empty()) {
    return ValueError(source, "$.columns",
                      "must be a non-empty object {column: spec}");
  }
  for (const auto& [name, spec] : columns->items()) {
    const std::string json_path = "$.columns." + name;
    if (!spec.is_object()) {
      return ValueError(source, json_path,
                        "a column spec must be a JSON object such as "
                        "{\"normaliser\": \"text\"}");
    }
    if (!spec.contains("normaliser") || !spec["normaliser"].is_string()) {
      return ValueError(source, json_path + ".normaliser",
                        "missing or not a string");
    }
    config.columns.push_back(
        ColumnConfig{name, nlohmann::json::parse(spec.dump()), json_path});
  }
  config.document = nlohmann::json::parse(document.dump());
  return config;
}

absl::StatusOr<Config> LoadConfig(std::string_view path) {
  std::ifstream in{std::string(path), std::ios::binary};
  if (!in.is_open()) {
    const int error = errno;
    const std::string message = absl::StrFormat(
        "cannot open config %s: %s", path, std::strerror(error));
    if (error == ENOENT) return absl::NotFoundError(message);
    return absl::FailedPreconditionError(message);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return absl::DataLossError(absl::StrFormat("error reading config %s", path));
  }
  return ParseConfig(text.str(), path);
}

}  // namespace linkage
