// Copyright 2026 The Linkage Authors.
//
// Helpers that read the options of the text, name and address-line
// normalisers from a column spec (nlohmann::json). Every error is
// InvalidArgument and its message starts with the option's JSON sub-path
// (".placeholders[2]: must be a string"), as registry.h requires.
//
// Example:
//   LINKAGE_RETURN_IF_ERROR(CheckSpecKeys(spec, {"max_bytes"}));
//   LINKAGE_RETURN_IF_ERROR(ReadSize(spec, "max_bytes", 1, 1 << 20, &max));
//
// Thread-safety: pure functions.
#ifndef LINKAGE_NORMALISE_INTERNAL_UNICODE_OPTIONS_H_
#define LINKAGE_NORMALISE_INTERNAL_UNICODE_OPTIONS_H_

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"

namespace linkage::internal {

// OK if `spec` is an object whose keys are all in `allowed` or are one of
// "normaliser", "rules", "column" (read elsewhere). Else names the first bad
// key and lists the accepted ones.
absl::Status CheckSpecKeys(const nlohmann::json& spec,
                           std::initializer_list<std::string_view> allowed);

// Reads spec[key] into *out if present (else leaves *out untouched).
absl::Status ReadBool(const nlohmann::json& spec, std::string_view key,
                      bool* out);
// REQUIRES: min <= max. Rejects non-integers and values outside [min, max].
absl::Status ReadSize(const nlohmann::json& spec, std::string_view key,
                      std::size_t min, std::size_t max, std::size_t* out);
// An array of strings; replaces *out.
absl::Status ReadStringList(const nlohmann::json& spec, std::string_view key,
                            std::vector<std::string>* out);

}  // namespace linkage::internal

#endif  // LINKAGE_NORMALISE_INTERNAL_UNICODE_OPTIONS_H_
