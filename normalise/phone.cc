// Copyright 2026 The Linkage Authors.
#include "normalise/phone.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "normalise/internal/field_input.h"
#include "normalise/internal/phone_fast_path.h"
#include "normalise/internal/spec_options.h"
#include "phonenumbers/phonenumber.pb.h"
#include "phonenumbers/phonenumberutil.h"

namespace linkage {
namespace {

using ::i18n::phonenumbers::PhoneNumberUtil;

// Parse, IsPossibleNumberWithReason, GetNumberType and Format(E164) on a
// value already through PrepareField.
std::optional<PhoneNumber> ParseCleanWithLibphonenumber(
    std::string_view clean, const PhoneOptions& options, Issue* why) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  ::i18n::phonenumbers::PhoneNumber parsed;
  switch (util.Parse(std::string(clean), options.default_region, &parsed)) {
    case PhoneNumberUtil::NO_PARSING_ERROR:
      break;
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
    case PhoneNumberUtil::TOO_LONG_NSN:
      *why = Issue::kWrongLength;
      return std::nullopt;
    default:
      *why = Issue::kBadFormat;
      return std::nullopt;
  }
  switch (util.IsPossibleNumberWithReason(parsed)) {
    case PhoneNumberUtil::IS_POSSIBLE:
      break;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
      *why = Issue::kBadFormat;
      return std::nullopt;
    default:  // too short, too long, local-only, invalid length
      *why = Issue::kWrongLength;
      return std::nullopt;
  }
  // IsValidNumber() is GetNumberType() != UNKNOWN (both match the number
  // against every type's pattern for its region); call the regexes once.
  const PhoneType type =
      internal::FromLibphonenumberType(util.GetNumberType(parsed));
  if (options.require_valid && type == PhoneType::kUnknown) {
    *why = Issue::kBadFormat;
    return std::nullopt;
  }
  PhoneNumber phone;
  phone.country_code = parsed.country_code();
  phone.national_number = parsed.national_number();
  phone.type = type;
  util.Format(parsed, PhoneNumberUtil::E164, &phone.e164);
  *why = Issue::kNone;
  return phone;
}

class PhoneNormaliser final : public Normaliser {
 public:
  explicit PhoneNormaliser(PhoneOptions options)
      : options_(std::move(options)) {}

  std::string_view name() const noexcept override { return "phone"; }

  std::span<const std::string> part_names() const noexcept override {
    return part_names_;
  }

  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue out;
    std::optional<PhoneNumber> phone = ParsePhone(raw, options_, &out.issue);
    if (!phone) return out;
    out.parts.reserve(3);  // one allocation, not three
    out.parts.push_back(absl::StrCat(phone->country_code));
    out.parts.push_back(absl::StrCat(phone->national_number));
    out.parts.emplace_back(PhoneTypeName(phone->type));
    out.value = std::move(phone->e164);
    return out;
  }

 private:
  const PhoneOptions options_;
  const std::vector<std::string> part_names_ = {"country_code",
                                                "national_number", "type"};
};

}  // namespace

std::string_view PhoneTypeName(PhoneType type) noexcept {
  switch (type) {
    case PhoneType::kFixedLine: return "fixed_line";
    case PhoneType::kMobile: return "mobile";
    case PhoneType::kFixedLineOrMobile: return "fixed_line_or_mobile";
    case PhoneType::kTollFree: return "toll_free";
    case PhoneType::kPremiumRate: return "premium_rate";
    case PhoneType::kSharedCost: return "shared_cost";
    case PhoneType::kVoip: return "voip";
    case PhoneType::kPersonalNumber: return "personal_number";
    case PhoneType::kPager: return "pager";
    case PhoneType::kUan: return "uan";
    case PhoneType::kVoicemail: return "voicemail";
    case PhoneType::kUnknown: return "unknown";
  }
  return "unknown";
}

std::optional<PhoneNumber> ParsePhone(std::string_view raw,
                                      const PhoneOptions& options, Issue* why) {
  internal::FieldBuffer buffer;
  const std::string_view clean = internal::PrepareField(raw, &buffer, why);
  if (*why != Issue::kNone) return std::nullopt;
  PhoneNumber phone;
  if (internal::ParseUkPhoneFast(clean, options.default_region == "GB",
                                 &phone)) {
    if (options.require_valid && phone.type == PhoneType::kUnknown) {
      *why = Issue::kBadFormat;
      return std::nullopt;
    }
    return phone;
  }
  return ParseCleanWithLibphonenumber(clean, options, why);
}

namespace internal {

std::optional<PhoneNumber> ParsePhoneWithLibphonenumber(
    std::string_view raw, const PhoneOptions& options, Issue* why) {
  FieldBuffer buffer;
  const std::string_view clean = PrepareField(raw, &buffer, why);
  if (*why != Issue::kNone) return std::nullopt;
  return ParseCleanWithLibphonenumber(clean, options, why);
}

PhoneType FromLibphonenumberType(
    PhoneNumberUtil::PhoneNumberType type) noexcept {
  switch (type) {
    case PhoneNumberUtil::FIXED_LINE: return PhoneType::kFixedLine;
    case PhoneNumberUtil::MOBILE: return PhoneType::kMobile;
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      return PhoneType::kFixedLineOrMobile;
    case PhoneNumberUtil::TOLL_FREE: return PhoneType::kTollFree;
    case PhoneNumberUtil::PREMIUM_RATE: return PhoneType::kPremiumRate;
    case PhoneNumberUtil::SHARED_COST: return PhoneType::kSharedCost;
    case PhoneNumberUtil::VOIP: return PhoneType::kVoip;
    case PhoneNumberUtil::PERSONAL_NUMBER: return PhoneType::kPersonalNumber;
    case PhoneNumberUtil::PAGER: return PhoneType::kPager;
    case PhoneNumberUtil::UAN: return PhoneType::kUan;
    case PhoneNumberUtil::VOICEMAIL: return PhoneType::kVoicemail;
    default: return PhoneType::kUnknown;
  }
}

}  // namespace internal

absl::StatusOr<std::unique_ptr<Normaliser>> MakePhoneNormaliser(
    const nlohmann::json& spec) {
  LINKAGE_RETURN_IF_ERROR(
      internal::CheckSpecKeys(spec, {"default_region", "require_valid"}));
  PhoneOptions options;
  LINKAGE_ASSIGN_OR_RETURN(
      options.default_region,
      internal::GetStringOption(spec, "default_region", "GB"));
  LINKAGE_ASSIGN_OR_RETURN(options.require_valid,
                           internal::GetBoolOption(spec, "require_valid", true));
  std::set<std::string> regions;
  PhoneNumberUtil::GetInstance()->GetSupportedRegions(&regions);
  if (!regions.contains(options.default_region)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        ".default_region: \"%s\" is not a region libphonenumber knows (use an "
        "upper-case ISO 3166 alpha-2 code such as \"GB\")",
        options.default_region));
  }
  return std::make_unique<PhoneNormaliser>(std::move(options));
}

}  // namespace linkage
