// Copyright 2026 The Linkage Authors.
//
// Reading a normaliser's options from its column spec (a JSON object such as
// {"normaliser": "date", "formats": ["iso", "dmy"]}). Every error is an
// InvalidArgument whose message starts with the JSON sub-path of the bad
// value (".formats[1]: ..."), so that the registry can prefix the column's
// own path ("$.columns.dob").
//
// Example:
//   LINKAGE_RETURN_IF_ERROR(internal::CheckSpecKeys(spec, {"formats"}));
//   LINKAGE_ASSIGN_OR_RETURN(bool partial,
//                            internal::GetBoolOption(spec, "allow_partial", true));
//
// Thread-safety: pure functions; safe from any thread.
#ifndef LINKAGE_NORMALISE_INTERNAL_SPEC_OPTIONS_H_
#define LINKAGE_NORMALISE_INTERNAL_SPEC_OPTIONS_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"

namespace linkage::internal {

// Returns OK if every key of `spec` is in `known` or is one of the keys the
// registry handles ("normaliser", "rules", "column"); else InvalidArgument
// ".<key>: unknown option; one of: <known>". A non-object spec is an error.
inline absl::Status CheckSpecKeys(const nlohmann::json& spec,
                                  std::initializer_list<std::string_view> known) {
  if (!spec.is_object()) {
    return absl::InvalidArgumentError("a column spec must be a JSON object");
  }
  for (auto it = spec.begin(); it != spec.end(); ++it) {
    const std::string& key = it.key();
    if (key == "normaliser" || key == "rules" || key == "column") continue;
    bool found = false;
    for (std::string_view k : known) found = found || k == key;
    if (found) continue;
    std::string names;
    for (std::string_view k : known) {
      absl::StrAppend(&names, names.empty() ? "" : ", ",
                      absl::string_view(k.data(), k.size()));
    }
    return absl::InvalidArgumentError(absl::StrFormat(
        ".%s: unknown option; one of: %s", key,
        names.empty() ? std::string("(none)") : names));
  }
  return absl::OkStatus();
}

// spec[key] as a bool, or `fallback` when absent.
inline absl::StatusOr<bool> GetBoolOption(const nlohmann::json& spec,
                                          std::string_view key, bool fallback) {
  auto it = spec.find(std::string(key));
  if (it == spec.end()) return fallback;
  if (!it->is_boolean()) {
    return absl::InvalidArgumentError(
        absl::StrFormat(".%s: must be true or false", key));
  }
  return it->get<bool>();
}

// spec[key] as an integer in [min, max], or `fallback` when absent.
inline absl::StatusOr<std::int64_t> GetIntOption(const nlohmann::json& spec,
                                                 std::string_view key,
                                                 std::int64_t fallback,
                                                 std::int64_t min,
                                                 std::int64_t max) {
  auto it = spec.find(std::string(key));
  if (it == spec.end()) return fallback;
  if (!it->is_number_integer()) {
    return absl::InvalidArgumentError(
        absl::StrFormat(".%s: must be an integer in [%d, %d]", key, min, max));
  }
  const std::int64_t value = it->get<std::int64_t>();
  if (value < min || value > max) {
    return absl::InvalidArgumentError(absl::StrFormat(
        ".%s: %d is out of range [%d, %d]", key, value, min, max));
  }
  return value;
}

// spec[key] as a string, or `fallback` when absent.
inline absl::StatusOr<std::string> GetStringOption(const nlohmann::json& spec,
                                                   std::string_view key,
                                                   std::string_view fallback) {
  auto it = spec.find(std::string(key));
  if (it == spec.end()) return std::string(fallback);
  if (!it->is_string()) {
    return absl::InvalidArgumentError(
        absl::StrFormat(".%s: must be a string", key));
  }
  return it->get<std::string>();
}

// spec[key] as a list of strings, or `fallback` when absent.
inline absl::StatusOr<std::vector<std::string>> GetStringListOption(
    const nlohmann::json& spec, std::string_view key,
    std::vector<std::string> fallback) {
  auto it = spec.find(std::string(key));
  if (it == spec.end()) return fallback;
  if (!it->is_array()) {
    return absl::InvalidArgumentError(
        absl::StrFormat(".%s: must be a list of strings", key));
  }
  std::vector<std::string> values;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& item = (*it)[i];
    if (!item.is_string()) {
      return absl::InvalidArgumentError(
          absl::StrFormat(".%s[%d]: must be a string", key, i));
    }
    values.push_back(item.get<std::string>());
  }
  return values;
}

}  // namespace linkage::internal

#endif  // LINKAGE_NORMALISE_INTERNAL_SPEC_OPTIONS_H_
