// Copyright 2026 The Linkage Authors.
#include "normalise/registry.h"

#include <algorithm>
#include <array>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/string_view.h"

namespace linkage {
namespace {

using Factory = absl::StatusOr<std::unique_ptr<Normaliser>> (*)(
    const nlohmann::json& options);

struct Entry {
  std::string_view name;
  Factory factory;
};

// Sorted by name. Each factory reads its own options from the spec.
constexpr std::array<Entry, 0> kEntries = {};

constexpr auto kNames = [] {
  std::array<std::string_view, kEntries.size()> names{};
  for (std::size_t i = 0; i < kEntries.size(); ++i) names[i] = kEntries[i].name;
  return names;
}();

}  // namespace

std::span<const std::string_view> NormaliserNames() noexcept { return kNames; }

absl::StatusOr<std::unique_ptr<Normaliser>> MakeNormaliser(
    const nlohmann::json& spec, std::string_view json_path) {
  if (!spec.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(ToAbsl(json_path), ": a column spec must be a JSON object"));
  }
  auto it = spec.find("normaliser");
  if (it == spec.end() || !it->is_string()) {
    return absl::InvalidArgumentError(absl::StrCat(
        ToAbsl(json_path), ".normaliser: missing or not a string; one of: ",
        absl::StrJoin(kNames.begin(), kNames.end(), ", ",
                                    [](std::string* out, std::string_view n) { out->append(n); })));
  }
  const std::string name = it->get<std::string>();
  for (const Entry& entry : kEntries) {
    if (entry.name != name) continue;
    absl::StatusOr<std::unique_ptr<Normaliser>> made = entry.factory(spec);
    if (!made.ok()) {
      return absl::Status(made.status().code(),
                          absl::StrCat(ToAbsl(json_path), ": ", made.status().message()));
    }
    return made;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(ToAbsl(json_path), ".normaliser: unknown normaliser \"", name,
                   "\"; one of: ", absl::StrJoin(kNames.begin(), kNames.end(), ", ",
                                    [](std::string* out, std::string_view n) { out->append(n); })));
}

}  // namespace linkage
