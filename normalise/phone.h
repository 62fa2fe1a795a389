// Copyright 2026 The Linkage Authors.
//
// Telephone numbers, parsed and validated with Google's libphonenumber
// against its numbering-plan metadata and written as E.164 ("+447911123456").
// A number without a country code is read in `default_region` (default GB),
// so "07911 123456", "+44 7911 123456" and "0044 7911 123456" are one value.
// Extensions are dropped (E.164 has none).
//
// Issues: text that is not a phone number, an unknown country code, or (with
// require_valid, the default) a number not in any allocated range ->
// kBadFormat; too short or too long for its country -> kWrongLength; plus the
// hostile-input issues of internal/field_input.h.
//
// Registry name "phone". Options: "default_region" (ISO 3166 alpha-2 known
// to libphonenumber, default "GB"), "require_valid" (bool, default true;
// false accepts any number of a possible length). Value: E.164. Parts, in
// order: country_code ("44"), national_number ("7911123456"), type
// ("mobile", "fixed_line", "fixed_line_or_mobile", "toll_free",
// "premium_rate", "shared_cost", "voip", "personal_number", "pager", "uan",
// "voicemail" or "unknown").
//
// Example:
//   Issue why;
//   std::optional<PhoneNumber> p = ParsePhone("07911 123456", {}, &why);
//   // p->e164 == "+447911123456", p->type == PhoneType::kMobile
//
// Speed: UK numbers in the usual spellings ("07911 123456", "+44 (0)20 7946
// 0018", "0044 7911-123-456"; "0044" and the trunk "0" only with
// default_region GB) take a fast path that evaluates libphonenumber's own
// metadata with RE2 instead of calling Parse and GetNumberType, with
// identical results (internal/phone_fast_path.h); everything else goes
// through libphonenumber.
//
// Thread-safety: libphonenumber's PhoneNumberUtil singleton is thread-safe
// for parsing and formatting, and the fast path's metadata is immutable once
// loaded; all functions here may be called from many threads, and a
// constructed Normaliser is immutable.
#ifndef LINKAGE_NORMALISE_PHONE_H_
#define LINKAGE_NORMALISE_PHONE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

enum class PhoneType : std::uint8_t {
  kFixedLine,
  kMobile,
  kFixedLineOrMobile,
  kTollFree,
  kPremiumRate,
  kSharedCost,
  kVoip,
  kPersonalNumber,
  kPager,
  kUan,
  kVoicemail,
  kUnknown,
};

// Stable snake_case name of `type`, e.g. "fixed_line".
std::string_view PhoneTypeName(PhoneType type) noexcept;

struct PhoneNumber {
  std::int32_t country_code = 0;     // 44
  std::uint64_t national_number = 0;  // 7911123456
  PhoneType type = PhoneType::kUnknown;
  std::string e164;  // "+447911123456"
};

struct PhoneOptions {
  std::string default_region = "GB";
  bool require_valid = true;
};

// Parses a raw phone number. Returns nullopt and sets *why (see the file
// comment); else sets *why to kNone. Never throws. REQUIRES: why != nullptr;
// options.default_region is a region libphonenumber knows (else every
// number without a country code is kBadFormat).
std::optional<PhoneNumber> ParsePhone(std::string_view raw,
                                      const PhoneOptions& options, Issue* why);

// Builds the "phone" normaliser from a column spec (options above). Returns
// InvalidArgument, with a message starting with the option's JSON sub-path,
// for an unknown option, a bad value or an unsupported region.
absl::StatusOr<std::unique_ptr<Normaliser>> MakePhoneNormaliser(
    const nlohmann::json& spec);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_PHONE_H_
