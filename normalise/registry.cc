// Copyright 2026 The Linkage Authors.
#include "normalise/registry.h"

#include <algorithm>
#include <array>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/string_view.h"
#include "normalise/address_line.h"
#include "normalise/date.h"
#include "normalise/email.h"
#include "normalise/name.h"
#include "normalise/nhs_number.h"
#include "normalise/phone.h"
#include "normalise/postcode.h"
#include "normalise/rules.h"
#include "normalise/sex.h"
#include "normalise/text.h"
#include "normalise/uprn.h"

namespace linkage {
namespace {

using Factory = absl::StatusOr<std::unique_ptr<Normaliser>> (*)(
    const nlohmann::json& options);

struct Entry {
  std::string_view name;
  Factory factory;
};

// Sorted by name. Each factory reads its own options from the spec.
constexpr std::array<Entry, 12> kEntries = {{
    {"address_line", MakeAddressLineNormaliser},
    {"date", MakeDateNormaliser},
    {"email", MakeEmailNormaliser},
    {"family_name", MakeFamilyNameNormaliser},
    {"full_name", MakeFullNameNormaliser},
    {"given_name", MakeGivenNameNormaliser},
    {"nhs_number", MakeNhsNumberNormaliser},
    {"phone", MakePhoneNormaliser},
    {"sex", MakeSexNormaliser},
    {"text", MakeTextNormaliser},
    {"uk_postcode", MakeUkPostcodeNormaliser},
    {"uprn", MakeUprnNormaliser},
}};

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
    if (made.ok()) {
      if (auto rules = spec.find("rules"); rules != spec.end()) {
        made = WrapWithRules(*std::move(made), *rules);
      }
    }
    if (!made.ok()) {
      // Factories' messages start with the sub-path (".formats[1]: ...").
      const absl::string_view message = made.status().message();
      const bool sub_path = !message.empty() && message[0] == '.';
      return absl::Status(made.status().code(),
                          absl::StrCat(ToAbsl(json_path), sub_path ? "" : ": ", message));
    }
    return made;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(ToAbsl(json_path), ".normaliser: unknown normaliser \"", name,
                   "\"; one of: ", absl::StrJoin(kNames.begin(), kNames.end(), ", ",
                                    [](std::string* out, std::string_view n) { out->append(n); })));
}

}  // namespace linkage
