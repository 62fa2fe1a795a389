// Copyright 2026 The Linkage Authors.
//
// Builds a Normaliser from a column spec in a config file (DESIGN.md section
// 4), e.g. {"normaliser": "date", "formats": ["iso", "dmy"]}. The spec may
// also carry "rules": config-driven RE2 find/replace and validation patterns
// applied around the normaliser (see rules.h).
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(
//       std::unique_ptr<Normaliser> n,
//       MakeNormaliser(config["columns"]["dob"], "$.columns.dob"));
//
// Thread-safety: MakeNormaliser may be called from any thread.
#ifndef LINKAGE_NORMALISE_REGISTRY_H_
#define LINKAGE_NORMALISE_REGISTRY_H_

#include <memory>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

// The names accepted in a spec's "normaliser" field, sorted.
std::span<const std::string_view> NormaliserNames() noexcept;

// Builds the normaliser `spec["normaliser"]` with the spec's options.
// `json_path` is where the spec sits in its file ("$.columns.dob"); every
// error message starts with it. Returns InvalidArgument for an unknown name,
// a bad option or an invalid pattern.
absl::StatusOr<std::unique_ptr<Normaliser>> MakeNormaliser(
    const nlohmann::json& spec, std::string_view json_path = "$");

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_REGISTRY_H_
