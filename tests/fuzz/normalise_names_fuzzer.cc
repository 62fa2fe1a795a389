// Copyright 2026 The Linkage Authors.
//
// libFuzzer target for the text, name and address-line normalisers and the
// RE2 rules wrapper. The first byte picks the normaliser, the rest is the
// raw value. Checks, for every input: no crash; null() == value.empty();
// parts empty when null, else one per part name; and (except behind rules,
// whose find/replace need not be idempotent) Normalise(value) == value.
//   bash scripts/fuzz.sh 60 normalise_names
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"
#include "normalise/address_line.h"
#include "normalise/name.h"
#include "normalise/rules.h"
#include "normalise/text.h"

namespace {

struct Target {
  std::unique_ptr<linkage::Normaliser> normaliser;
  bool idempotent;
};

std::vector<Target> MakeTargets() {
  std::vector<Target> targets;
  auto add = [&](absl::StatusOr<std::unique_ptr<linkage::Normaliser>> made,
                 bool idempotent) {
    if (!made.ok()) std::abort();
    targets.push_back({*std::move(made), idempotent});
  };
  add(linkage::MakeTextNormaliser({{"normaliser", "text"}}), true);
  add(linkage::MakeGivenNameNormaliser({{"normaliser", "given_name"}}), true);
  add(linkage::MakeFamilyNameNormaliser({{"normaliser", "family_name"}}),
      true);
  add(linkage::MakeFullNameNormaliser({{"normaliser", "full_name"}}), true);
  add(linkage::MakeAddressLineNormaliser({{"normaliser", "address_line"}}),
      true);
  add(linkage::MakeTextNormaliser(
          {{"normaliser", "text"}, {"transliterate", false}}),
      true);
  auto inner = linkage::MakeGivenNameNormaliser({{"normaliser", "given_name"}});
  if (!inner.ok()) std::abort();
  add(linkage::WrapWithRules(
          *std::move(inner),
          nlohmann::json::parse(R"js([{"find": "(?i)^baby of ", "replace": ""},
                                      {"find": "(\\w+)-(\\w+)", "replace": "\\2 \\1"},
                                      {"validate": "^[A-Z ]{2,}$"}])js")),
      false);
  return targets;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  static const std::vector<Target>* const targets =
      new std::vector<Target>(MakeTargets());
  if (size == 0) return 0;
  const Target& target = (*targets)[data[0] % targets->size()];
  const std::string_view raw(reinterpret_cast<const char*>(data) + 1,
                             size - 1);
  const linkage::NormalisedValue v = target.normaliser->Normalise(raw);
  if (v.null() != v.value.empty()) std::abort();
  if (v.null()) {
    if (!v.parts.empty()) std::abort();
    return 0;
  }
  if (v.parts.size() != target.normaliser->part_names().size()) std::abort();
  if (target.idempotent) {
    const linkage::NormalisedValue again = target.normaliser->Normalise(v.value);
    if (again.null() || again.value != v.value) std::abort();
  }
  return 0;
}
