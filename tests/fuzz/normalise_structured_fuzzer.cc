// Copyright 2026 The Linkage Authors.
//
// libFuzzer target for the structured normalisers (date, uk_postcode,
// nhs_number, sex, phone, email, uprn). The first byte picks the normaliser;
// the rest is the raw value. Invariants checked on every input:
//   - no crash, no sanitizer report;
//   - null() == value.empty();
//   - parts.size() == part_names().size() when not null, 0 when null;
//   - idempotence: Normalise(Normalise(x).value).value == Normalise(x).value;
//   - the typed API agrees with the Normaliser (same issue, same value).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "normalise/date.h"
#include "normalise/email.h"
#include "normalise/nhs_number.h"
#include "normalise/phone.h"
#include "normalise/postcode.h"
#include "normalise/sex.h"
#include "normalise/uprn.h"

namespace {

using linkage::Issue;
using linkage::NormalisedValue;
using linkage::Normaliser;

constexpr int kCount = 7;

std::unique_ptr<Normaliser> Build(int which) {
  absl::StatusOr<std::unique_ptr<Normaliser>> made;
  switch (which) {
    case 0:
      made = linkage::MakeDateNormaliser(
          {{"normaliser", "date"},
           {"today", "2026-06-30"},
           {"formats", {"iso", "yyyymmdd", "dmy", "mdy", "ddmmyyyy", "text"}}});
      break;
    case 1:
      made = linkage::MakeUkPostcodeNormaliser(
          {{"normaliser", "uk_postcode"}, {"allow_partial", true}});
      break;
    case 2:
      made = linkage::MakeNhsNumberNormaliser({{"normaliser", "nhs_number"}});
      break;
    case 3:
      made = linkage::MakeSexNormaliser(
          {{"normaliser", "sex"}, {"keep_unknown", true}});
      break;
    case 4:
      made = linkage::MakePhoneNormaliser({{"normaliser", "phone"}});
      break;
    case 5:
      made = linkage::MakeEmailNormaliser({{"normaliser", "email"}});
      break;
    default:
      made = linkage::MakeUprnNormaliser({{"normaliser", "uprn"}});
      break;
  }
  if (!made.ok()) {
    std::fprintf(stderr, "factory failed: %s\n", made.status().ToString().c_str());
    std::abort();
  }
  return std::move(*made);
}

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant failed: %s\n", what);
    std::abort();
  }
}

// Issue and value from the typed API of normaliser `which`.
std::pair<Issue, std::string> Typed(int which, std::string_view raw) {
  Issue why = Issue::kNone;
  std::string value;
  switch (which) {
    case 2:
      if (auto n = linkage::ParseNhsNumber(raw, {}, &why)) value = n->view();
      break;
    case 1: {
      linkage::UkPostcodeOptions options;
      options.allow_partial = true;
      if (auto p = linkage::ParseUkPostcode(raw, options, &why)) {
        value = p->value();
      }
      break;
    }
    case 6:
      if (auto u = linkage::ParseUprn(raw, &why)) value = std::to_string(*u);
      break;
    default:
      return {Issue::kNone, "skip"};
  }
  return {why, value};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  static const std::unique_ptr<Normaliser>* normalisers = [] {
    auto* all = new std::unique_ptr<Normaliser>[kCount];
    for (int i = 0; i < kCount; ++i) all[i] = Build(i);
    return all;
  }();
  if (size == 0) return 0;
  const int which = data[0] % kCount;
  const std::string_view raw(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Normaliser& n = *normalisers[which];

  const NormalisedValue v = n.Normalise(raw);
  Check(v.null() == v.value.empty(), "null() == value.empty()");
  Check(v.null() ? v.parts.empty() : v.parts.size() == n.part_names().size(),
        "parts.size()");
  if (!v.null()) {
    const NormalisedValue again = n.Normalise(v.value);
    Check(again.issue == Issue::kNone, "canonical value is valid");
    Check(again.value == v.value, "idempotent");
    Check(again.parts == v.parts, "parts stable");
  }
  const auto [typed_issue, typed_value] = Typed(which, raw);
  if (typed_value != "skip") {
    Check(typed_issue == v.issue, "typed issue == Normalise issue");
    Check(typed_value == v.value, "typed value == Normalise value");
  }
  return 0;
}
