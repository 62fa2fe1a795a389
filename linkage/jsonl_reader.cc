// Copyright 2026 The Linkage Authors.
#include "linkage/jsonl_reader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "nlohmann/json.hpp"

namespace linkage {
namespace {

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at
// line 1, column 5: syntax error ..."; keep only the part after the position.
std::string ParseErrorDetail(const std::string& what) {
  const std::size_t column = what.find(", column ");
  if (column != std::string::npos) {
    const std::size_t colon = what.find(": ", column);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  const std::size_t bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

}  // namespace

JsonlReader::JsonlReader(std::string name, std::unique_ptr<std::istream> in)
    : name_(std::move(name)), in_(std::move(in)) {}

JsonlReader::~JsonlReader() = default;

absl::StatusOr<std::unique_ptr<JsonlReader>> JsonlReader::Open(
    std::string_view path) {
  auto file = std::make_unique<std::ifstream>(std::string(path),
                                              std::ios::binary);
  if (!file->is_open()) {
    const int error = errno;
    const std::string message =
        absl::StrFormat("cannot open %s: %s", path, std::strerror(error));
    if (error == ENOENT) return absl::NotFoundError(message);
    if (error == EACCES) return absl::PermissionDeniedError(message);
    return absl::FailedPreconditionError(message);
  }
  std::unique_ptr<JsonlReader> reader(
      new JsonlReader(std::string(path), std::move(file)));
  LINKAGE_RETURN_IF_ERROR(reader->ReadFirst());
  return reader;
}

absl::StatusOr<std::unique_ptr<JsonlReader>> JsonlReader::FromString(
    std::string_view name, std::string contents) {
  std::unique_ptr<JsonlReader> reader(new JsonlReader(
      std::string(name),
      std::make_unique<std::istringstream>(std::move(contents))));
  LINKAGE_RETURN_IF_ERROR(reader->ReadFirst());
  return reader;
}

absl::Status JsonlReader::ErrorAt(std::int64_t line, std::int64_t column,
                                  std::string_view what) const {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s:%d:%d: %s", name_, line, column, what));
}

absl::StatusOr<bool> JsonlReader::ReadLine(bool first) {
  for (;;) {
    if (!std::getline(*in_, text_)) {
      if (in_->bad()) {
        return absl::DataLossError(absl::StrFormat(
            "error reading %s: %s", name_, std::strerror(errno)));
      }
      return false;
    }
    const std::int64_t line = next_line_++;
    if (line == 1 && text_.rfind("\xEF\xBB\xBF", 0) == 0) text_.erase(0, 3);
    if (!text_.empty() && text_.back() == '\r') text_.pop_back();
    if (text_.find_first_not_of(" \t") == std::string::npos) continue;
    record_line_ = line;

    nlohmann::ordered_json object;
    try {
      object = nlohmann::ordered_json::parse(text_);
    } catch (const nlohmann::json::parse_error& e) {
      // e.byte is 1-based and points just past the offending byte.
      const std::int64_t column =
          e.byte == 0 ? 1 : static_cast<std::int64_t>(e.byte);
      return ErrorAt(line, column,
                     absl::StrCat("invalid JSON: ", ParseErrorDetail(e.what())));
    } catch (const std::exception& e) {
      return ErrorAt(line, 1, absl::StrCat("invalid JSON: ", e.what()));
    }
    if (!object.is_object()) {
      return ErrorAt(line, 1, absl::StrCat("expected a JSON object, found ",
                                           object.type_name()));
    }
    if (first) {
      for (const auto& [key, value] : object.items()) columns_.push_back(key);
      if (columns_.empty()) return ErrorAt(line, 1, "first object has no keys");
    }
    values_.assign(columns_.size(), std::string());
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      auto it = object.find(columns_[i]);
      if (it == object.end() || it->is_null()) continue;
      if (it->is_string()) {
        values_[i] = it->get<std::string>();
      } else if (it->is_number()) {
        values_[i] = it->dump();
      } else {
        return ErrorAt(line, 1,
                       absl::StrCat("field \"", columns_[i],
                                    "\": expected a string, number or null, "
                                    "found ",
                                    it->type_name()));
      }
    }
    fields_.assign(values_.begin(), values_.end());
    return true;
  }
}

absl::Status JsonlReader::ReadFirst() {
  absl::StatusOr<bool> more = ReadLine(/*first=*/true);
  if (!more.ok()) return status_ = more.status();
  if (!*more) return status_ = ErrorAt(1, 1, "empty file: no records");
  peeked_ = true;
  return absl::OkStatus();
}

absl::StatusOr<bool> JsonlReader::Next() {
  if (!status_.ok()) return status_;
  if (peeked_) {
    peeked_ = false;
    return true;
  }
  absl::StatusOr<bool> more = ReadLine(/*first=*/false);
  if (!more.ok()) {
    status_ = more.status();
    return status_;
  }
  return *more;
}

}  // namespace linkage
