// Copyright 2026 The Linkage Authors.
#include "normalise/uprn.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "normalise/internal/field_input.h"
#include "normalise/internal/spec_options.h"

namespace linkage {
namespace {

class UprnNormaliser final : public Normaliser {
 public:
  std::string_view name() const noexcept override { return "uprn"; }

  std::span<const std::string> part_names() const noexcept override {
    return {};
  }

  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue out;
    std::optional<std::uint64_t> uprn = ParseUprn(raw, &out.issue);
    if (uprn) out.value = absl::StrCat(*uprn);
    return out;
  }
};

}  // namespace

std::optional<std::uint64_t> ParseUprn(std::string_view raw,
                                       Issue* why) noexcept {
  internal::FieldBuffer buffer;
  const std::string_view clean = internal::PrepareField(raw, &buffer, why);
  if (*why != Issue::kNone) return std::nullopt;
  std::uint64_t value = 0;
  int significant = 0;
  for (char c : clean) {
    if (!internal::IsAsciiDigit(c)) {
      *why = Issue::kNonDigit;
      return std::nullopt;
    }
    if (value == 0 && c == '0') continue;
    if (++significant > 12) {
      // Keep scanning so that a non-digit later still reports kNonDigit.
      continue;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (significant > 12) {
    *why = Issue::kWrongLength;
    return std::nullopt;
  }
  if (value == 0) {
    *why = Issue::kPlaceholder;
    return std::nullopt;
  }
  *why = Issue::kNone;
  return value;
}

absl::StatusOr<std::unique_ptr<Normaliser>> MakeUprnNormaliser(
    const nlohmann::json& spec) {
  LINKAGE_RETURN_IF_ERROR(internal::CheckSpecKeys(spec, {}));
  return std::make_unique<UprnNormaliser>();
}

}  // namespace linkage
