// Copyright 2026 The Linkage Authors.
#include "normalise/nhs_number.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "normalise/internal/field_input.h"
#include "normalise/internal/spec_options.h"

namespace linkage {
namespace {

// Modulus 11 check digit of the first nine digits, or 10 when the number can
// never be issued. REQUIRES: digits[0..8] are ASCII digits.
int CheckDigit(const char* digits) noexcept {
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[i] - '0') * (10 - i);
  const int check = 11 - sum % 11;
  return check == 11 ? 0 : check;
}

class NhsNumberNormaliser final : public Normaliser {
 public:
  explicit NhsNumberNormaliser(NhsNumberOptions options)
      : options_(std::move(options)) {}

  std::string_view name() const noexcept override { return "nhs_number"; }

  std::span<const std::string> part_names() const noexcept override {
    return part_names_;
  }

  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue out;
    std::optional<NhsNumber> parsed = ParseNhsNumber(raw, options_, &out.issue);
    if (!parsed) return out;
    out.value.assign(parsed->view());
    out.parts.emplace_back(parsed->check_digit_valid ? "valid" : "invalid");
    return out;
  }

 private:
  const NhsNumberOptions options_;
  const std::vector<std::string> part_names_ = {"check_digit"};
};

}  // namespace

bool IsValidNhsNumber(std::string_view digits10) noexcept {
  if (digits10.size() != 10) return false;
  for (char c : digits10) {
    if (!internal::IsAsciiDigit(c)) return false;
  }
  return CheckDigit(digits10.data()) == digits10[9] - '0';
}

std::optional<NhsNumber> ParseNhsNumber(std::string_view raw,
                                        const NhsNumberOptions& options,
                                        Issue* why) noexcept {
  internal::FieldBuffer buffer;
  const std::string_view clean = internal::PrepareField(raw, &buffer, why);
  if (*why != Issue::kNone) return std::nullopt;

  NhsNumber number;
  std::size_t count = 0;
  for (char c : clean) {
    if (c == ' ' || c == '-') continue;
    if (!internal::IsAsciiDigit(c)) {
      *why = Issue::kNonDigit;
      return std::nullopt;
    }
    if (count < number.digits.size()) number.digits[count] = c;
    ++count;
  }
  if (count != number.digits.size()) {
    *why = count == 0 ? Issue::kMissing : Issue::kWrongLength;
    return std::nullopt;
  }
  for (const std::array<char, 10>& placeholder : options.placeholders) {
    if (placeholder == number.digits) {
      *why = Issue::kPlaceholder;
      return std::nullopt;
    }
  }
  number.check_digit_valid = IsValidNhsNumber(number.view());
  if (!number.check_digit_valid && options.reject_bad_check_digit) {
    *why = Issue::kBadCheckDigit;
    return std::nullopt;
  }
  *why = Issue::kNone;
  return number;
}

absl::StatusOr<std::unique_ptr<Normaliser>> MakeNhsNumberNormaliser(
    const nlohmann::json& spec) {
  LINKAGE_RETURN_IF_ERROR(internal::CheckSpecKeys(
      spec, {"placeholders", "reject_bad_check_digit"}));
  NhsNumberOptions options;
  LINKAGE_ASSIGN_OR_RETURN(
      options.reject_bad_check_digit,
      internal::GetBoolOption(spec, "reject_bad_check_digit", true));
  if (spec.contains("placeholders")) {
    LINKAGE_ASSIGN_OR_RETURN(
        std::vector<std::string> placeholders,
        internal::GetStringListOption(spec, "placeholders", {}));
    options.placeholders.clear();
    for (std::size_t i = 0; i < placeholders.size(); ++i) {
      const std::string& p = placeholders[i];
      bool ok = p.size() == 10;
      for (char c : p) ok = ok && internal::IsAsciiDigit(c);
      if (!ok) {
        return absl::InvalidArgumentError(absl::StrFormat(
            ".placeholders[%d]: \"%s\" is not ten digits", i, p));
      }
      std::array<char, 10> digits;
      for (std::size_t k = 0; k < 10; ++k) digits[k] = p[k];
      options.placeholders.push_back(digits);
    }
  }
  return std::make_unique<NhsNumberNormaliser>(std::move(options));
}

}  // namespace linkage
