// Copyright 2026 The Linkage Authors.
//
// The fast path of the "phone" normaliser (normalise/phone.h): UK numbers in
// the spellings registers use ("07911 123456", "+44 7911 123456",
// "+44 (0)20 7946 0018", "0044 7911-123-456", "(01632) 960 123") are read
// without libphonenumber's Parse, and validated and typed by evaluating
// libphonenumber's own numbering-plan metadata for country code 44 (GB, GG,
// IM, JE) with RE2, following PhoneNumberUtil step for step:
//   Parse:  the digits after "+44", "0044" or the trunk "0" are the national
//           significant number (NSN). Only shapes where libphonenumber would
//           provably arrive at the same NSN are accepted: ASCII digits,
//           spaces, dashes, dots and one pair of parentheses; "+44" (any
//           default region), "0044" or a trunk "0" (default region GB only);
//           an NSN that does not start with 0, of a length GB's general
//           description lists as possible (so IsPossibleNumberWithReason is
//           IS_POSSIBLE and Parse keeps the stripped trunk prefix).
//   Type:   GetNumberType = GetRegionCodeForNumberFromRegionList over the
//           regions of +44 in libphonenumber's order, then
//           GetNumberTypeHelper (possible-length check, then a full match of
//           each type's national_number_pattern, in libphonenumber's order).
//   E.164:  "+44" followed by the NSN.
// Everything else (other countries, letters, extensions, wrong lengths,
// anything unusual) is reported as not handled, and the caller falls back to
// libphonenumber. tests/normalise/phone_fast_path_test.cc checks the two
// paths agree field for field on generated registers and random inputs.
//
// The metadata comes from the blob compiled into libphonenumber
// (i18n::phonenumbers::metadata_get/metadata_size, exported but not in an
// installed header; PhoneNumberUtil keeps its parsed copy private), read
// with a small protobuf wire-format reader, so it is always the data the
// installed library validates with. If the symbols are missing, the blob
// does not parse, the +44 regions are not as expected, or a self-check
// against libphonenumber on its own example numbers fails, the fast path is
// disabled and every value takes the libphonenumber path.
//
// Example:
//   PhoneNumber phone;
//   if (internal::ParseUkPhoneFast("07911 123456",
//                                  /*default_region_is_gb=*/true, &phone)) {
//     // phone.e164 == "+447911123456", phone.type == PhoneType::kMobile
//   }
//
// Thread-safety: thread-safe. The metadata is loaded once (function-local
// static) and immutable afterwards; RE2 objects are safe for concurrent use.
#ifndef LINKAGE_NORMALISE_INTERNAL_PHONE_FAST_PATH_H_
#define LINKAGE_NORMALISE_INTERNAL_PHONE_FAST_PATH_H_

#include <optional>
#include <string_view>

#include "normalise/normaliser.h"
#include "normalise/phone.h"
#include "phonenumbers/phonenumberutil.h"

namespace linkage::internal {

// True when the fast path is active (metadata loaded and self-checked).
bool UkPhoneFastPathAvailable();

// Reads `clean` (a value already through PrepareField) if it is one of the
// UK shapes above and fills *out exactly as libphonenumber would (type may be
// kUnknown: a possible but unallocated number; the caller applies
// require_valid). Returns false, leaving *out unspecified, when the value
// must go to libphonenumber. REQUIRES: out != nullptr.
bool ParseUkPhoneFast(std::string_view clean, bool default_region_is_gb,
                      PhoneNumber* out);

// The libphonenumber-only ParsePhone (Parse, IsPossibleNumberWithReason,
// GetNumberType, Format(E164)); defined in phone.cc. ParsePhone is this
// with the fast path in front; the differential test uses it as reference.
std::optional<PhoneNumber> ParsePhoneWithLibphonenumber(
    std::string_view raw, const PhoneOptions& options, Issue* why);

// Our PhoneType of a libphonenumber type; defined in phone.cc.
PhoneType FromLibphonenumberType(
    ::i18n::phonenumbers::PhoneNumberUtil::PhoneNumberType type) noexcept;

}  // namespace linkage::internal

#endif  // LINKAGE_NORMALISE_INTERNAL_PHONE_FAST_PATH_H_
