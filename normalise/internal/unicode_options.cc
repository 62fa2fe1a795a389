// Copyright 2026 The Linkage Authors.
#include "normalise/internal/unicode_options.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace linkage::internal {
namespace {

std::string Path(std::string_view key) { return absl::StrFormat(".%s", key); }

}  // namespace

absl::Status CheckSpecKeys(const nlohmann::json& spec,
                           std::initializer_list<std::string_view> allowed) {
  if (!spec.is_object()) {
    return absl::InvalidArgumentError(": a column spec must be a JSON object");
  }
  for (const auto& [key, value] : spec.items()) {
    if (key == "normaliser" || key == "rules" || key == "column") continue;
    bool known = false;
    for (std::string_view name : allowed) known = known || name == key;
    if (known) continue;
    std::string names;
    for (std::string_view name : allowed) {
      absl::StrAppend(&names, names.empty() ? "" : ", ",
                      absl::StrFormat("%s", name));
    }
    return absl::InvalidArgumentError(absl::StrCat(
        ".", key, ": unknown option; one of: ",
        names.empty() ? std::string("(none)") : names));
  }
  return absl::OkStatus();
}

absl::Status ReadBool(const nlohmann::json& spec, std::string_view key,
                      bool* out) {
  auto it = spec.find(std::string(key));
  if (it == spec.end()) return absl::OkStatus();
  if (!it->is_boolean()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Path(key), ": must be true or false"));
  }
  *out = it->get<bool>();
  return absl::OkStatus();
}

absl::Status ReadSize(const nlohmann::json& spec, std::string_view key,
                      std::size_t min, std::size_t max, std::size_t* out) {
  auto it = spec.find(std::string(key));
  if (it == spec.end()) return absl::OkStatus();
  if (!it->is_number_integer() ||
      (it->is_number_integer() && !it->is_number_unsigned() &&
       it->get<std::int64_t>() < 0) ||
      it->get<std::uint64_t>() < min || it->get<std::uint64_t>() > max) {
    return absl::InvalidArgumentError(absl::StrCat(
        Path(key), ": must be an integer from ", min, " to ", max));
  }
  *out = static_cast<std::size_t>(it->get<std::uint64_t>());
  return absl::OkStatus();
}

absl::Status ReadStringList(const nlohmann::json& spec, std::string_view key,
                            std::vector<std::string>* out) {
  auto it = spec.find(std::string(key));
  if (it == spec.end()) return absl::OkStatus();
  if (!it->is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Path(key), ": must be an array of strings"));
  }
  std::vector<std::string> values;
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return absl::InvalidArgumentError(
          absl::StrCat(Path(key), "[", i, "]: must be a string"));
    }
    values.push_back((*it)[i].get<std::string>());
  }
  *out = std::move(values);
  return absl::OkStatus();
}

}  // namespace linkage::internal
