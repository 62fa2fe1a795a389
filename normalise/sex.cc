// Copyright 2026 The Linkage Authors.
#include "normalise/sex.h"

#include <string>
#include <vector>

#include "base/status_macros.h"
#include "normalise/internal/field_input.h"
#include "normalise/internal/spec_options.h"

namespace linkage {
namespace {

struct Token {
  std::string_view text;  // lower case, single spaces
  Sex sex;
};

constexpr Token kTokens[] = {
    {"1", Sex::kMale},
    {"m", Sex::kMale},
    {"male", Sex::kMale},
    {"man", Sex::kMale},
    {"boy", Sex::kMale},
    {"2", Sex::kFemale},
    {"f", Sex::kFemale},
    {"female", Sex::kFemale},
    {"woman", Sex::kFemale},
    {"girl", Sex::kFemale},
    {"9", Sex::kOther},
    {"i", Sex::kOther},
    {"o", Sex::kOther},
    {"other", Sex::kOther},
    {"indeterminate", Sex::kOther},
    {"intersex", Sex::kOther},
    {"non-binary", Sex::kOther},
    {"nonbinary", Sex::kOther},
    {"non binary", Sex::kOther},
    {"0", Sex::kUnknown},
    {"x", Sex::kUnknown},
    {"u", Sex::kUnknown},
    {"unknown", Sex::kUnknown},
    {"not known", Sex::kUnknown},
    {"nk", Sex::kUnknown},
    {"not stated", Sex::kUnknown},
    {"not specified", Sex::kUnknown},
    {"not recorded", Sex::kUnknown},
    {"prefer not to say", Sex::kUnknown},
};

constexpr std::size_t kMaxTokenChars = 20;

class SexNormaliser final : public Normaliser {
 public:
  explicit SexNormaliser(bool keep_unknown) : keep_unknown_(keep_unknown) {}

  std::string_view name() const noexcept override { return "sex"; }

  std::span<const std::string> part_names() const noexcept override {
    return part_names_;
  }

  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue out;
    std::optional<Sex> sex = ParseSex(raw, &out.issue);
    if (!sex) return out;
    if (*sex == Sex::kUnknown && !keep_unknown_) {
      out.issue = Issue::kPlaceholder;
      return out;
    }
    out.value.assign(FhirGenderCode(*sex));
    out.parts.emplace_back(NhsGenderCode(*sex));
    return out;
  }

 private:
  const bool keep_unknown_;
  const std::vector<std::string> part_names_ = {"nhs_code"};
};

}  // namespace

std::string_view FhirGenderCode(Sex sex) noexcept {
  switch (sex) {
    case Sex::kMale: return "male";
    case Sex::kFemale: return "female";
    case Sex::kOther: return "other";
    case Sex::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view NhsGenderCode(Sex sex) noexcept {
  switch (sex) {
    case Sex::kMale: return "1";
    case Sex::kFemale: return "2";
    case Sex::kOther: return "9";
    case Sex::kUnknown: return "X";
  }
  return "X";
}

std::optional<Sex> ParseSex(std::string_view raw, Issue* why) noexcept {
  internal::FieldBuffer buffer;
  std::string_view clean = internal::PrepareField(raw, &buffer, why);
  if (*why != Issue::kNone) return std::nullopt;
  if (clean.back() == '.') clean.remove_suffix(1);
  // Lower-case with whitespace runs collapsed to one space.
  char folded[kMaxTokenChars];
  std::size_t n = 0;
  for (char c : clean) {
    const bool space = internal::IsAsciiSpace(c);
    if (space && n > 0 && folded[n - 1] == ' ') continue;
    if (n == kMaxTokenChars) {
      *why = Issue::kUnknownCode;
      return std::nullopt;
    }
    folded[n++] = space ? ' ' : internal::AsciiLower(c);
  }
  const std::string_view key(folded, n);
  for (const Token& token : kTokens) {
    if (token.text == key) {
      *why = Issue::kNone;
      return token.sex;
    }
  }
  *why = n == 0 ? Issue::kMissing : Issue::kUnknownCode;
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<Normaliser>> MakeSexNormaliser(
    const nlohmann::json& spec) {
  LINKAGE_RETURN_IF_ERROR(internal::CheckSpecKeys(spec, {"keep_unknown"}));
  LINKAGE_ASSIGN_OR_RETURN(bool keep_unknown,
                           internal::GetBoolOption(spec, "keep_unknown", false));
  return std::make_unique<SexNormaliser>(keep_unknown);
}

}  // namespace linkage
