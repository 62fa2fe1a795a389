// Copyright 2026 The Linkage Authors.
#include "normalise/internal/phone_fast_path.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "normalise/internal/field_input.h"
#include "phonenumbers/phonemetadata.pb.h"
#include "phonenumbers/phonenumber.pb.h"
#include "phonenumbers/phonenumberutil.h"
#include "re2/re2.h"
#include "re2/set.h"

// The metadata blob compiled into libphonenumber (its src/phonenumbers/
// metadata.h, not installed). Weak, so that a libphonenumber without them
// links and merely disables the fast path.
namespace i18n::phonenumbers {
int metadata_size() __attribute__((weak));
const void* metadata_get() __attribute__((weak));
}  // namespace i18n::phonenumbers

namespace linkage::internal {
namespace {

using ::i18n::phonenumbers::PhoneMetadata;
using ::i18n::phonenumbers::PhoneMetadataCollection;
using ::i18n::phonenumbers::PhoneNumberDesc;
using ::i18n::phonenumbers::PhoneNumberUtil;
using LibType = PhoneNumberUtil::PhoneNumberType;

constexpr int kUkCountryCode = 44;
// Longest cleaned value the fast path looks at; UK spellings are far shorter.
constexpr std::size_t kMaxFastInput = 40;
// Most digits the fast path collects (an NSN has at most 17).
constexpr int kMaxDigits = 20;

// ---------------------------------------------------------------------------
// Protobuf wire format (https://protobuf.dev/programming-guides/encoding/),
// just enough for phonemetadata.proto: varints, length-delimited fields, and
// skipping fixed32/fixed64. Groups (never used there) are rejected.

enum WireType { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

class WireReader {
 public:
  explicit WireReader(std::string_view bytes)
      : pos_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool done() const { return pos_ == end_; }

  bool ReadKey(std::uint32_t* field, int* wire_type) {
    std::uint64_t key;
    if (!ReadVarint(&key) || (key >> 3) == 0 || (key >> 3) > 0x1FFFFFFF) {
      return false;
    }
    *field = static_cast<std::uint32_t>(key >> 3);
    *wire_type = static_cast<int>(key & 7);
    return true;
  }

  bool ReadVarint(std::uint64_t* value) {
    std::uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ == end_) return false;
      const auto byte = static_cast<unsigned char>(*pos_++);
      result |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  bool ReadLengthDelimited(std::string_view* out) {
    std::uint64_t size;
    if (!ReadVarint(&size) ||
        size > static_cast<std::uint64_t>(end_ - pos_)) {
      return false;
    }
    *out = std::string_view(pos_, static_cast<std::size_t>(size));
    pos_ += size;
    return true;
  }

  bool Skip(int wire_type) {
    switch (wire_type) {
      case kVarint: {
        std::uint64_t ignored;
        return ReadVarint(&ignored);
      }
      case kFixed64: return Advance(8);
      case kLengthDelimited: {
        std::string_view ignored;
        return ReadLengthDelimited(&ignored);
      }
      case kFixed32: return Advance(4);
      default: return false;
    }
  }

 private:
  bool Advance(std::ptrdiff_t bytes) {
    if (end_ - pos_ < bytes) return false;
    pos_ += bytes;
    return true;
  }

  const char* pos_;
  const char* end_;
};

// An int32 varint (negative values are sign-extended to ten bytes).
std::int32_t AsInt32(std::uint64_t varint) {
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(varint));
}

// Appends a repeated int32 field, packed or not.
bool ReadInt32s(WireReader* reader, int wire_type,
                std::vector<std::int32_t>* out) {
  if (wire_type == kVarint) {
    std::uint64_t value;
    if (!reader->ReadVarint(&value)) return false;
    out->push_back(AsInt32(value));
    return true;
  }
  if (wire_type != kLengthDelimited) return false;
  std::string_view packed;
  if (!reader->ReadLengthDelimited(&packed)) return false;
  WireReader values(packed);
  while (!values.done()) {
    std::uint64_t value;
    if (!values.ReadVarint(&value)) return false;
    out->push_back(AsInt32(value));
  }
  return true;
}

// ---------------------------------------------------------------------------
// The parts of PhoneMetadata the fast path needs.

// The descriptions in the order GetNumberTypeHelper tests them (general
// first; fixed line and mobile last).
enum Desc {
  kGeneral,
  kPremiumRate,
  kTollFree,
  kSharedCost,
  kVoip,
  kPersonalNumber,
  kPager,
  kUan,
  kVoicemail,
  kFixedLine,
  kMobile,
  kDescCount,
};

struct DescField {
  int field_number;
  Desc desc;
};
constexpr DescField kDescFields[] = {
    {PhoneMetadata::kGeneralDescFieldNumber, kGeneral},
    {PhoneMetadata::kPremiumRateFieldNumber, kPremiumRate},
    {PhoneMetadata::kTollFreeFieldNumber, kTollFree},
    {PhoneMetadata::kSharedCostFieldNumber, kSharedCost},
    {PhoneMetadata::kVoipFieldNumber, kVoip},
    {PhoneMetadata::kPersonalNumberFieldNumber, kPersonalNumber},
    {PhoneMetadata::kPagerFieldNumber, kPager},
    {PhoneMetadata::kUanFieldNumber, kUan},
    {PhoneMetadata::kVoicemailFieldNumber, kVoicemail},
    {PhoneMetadata::kFixedLineFieldNumber, kFixedLine},
    {PhoneMetadata::kMobileFieldNumber, kMobile},
};

struct RawDesc {
  std::string national_number_pattern;
  std::vector<std::int32_t> possible_length;
  std::vector<std::int32_t> possible_length_local_only;
};

struct RawRegion {
  std::string id;
  std::int32_t country_code = 0;
  std::string international_prefix;
  std::string national_prefix_for_parsing;
  std::string national_prefix_transform_rule;
  bool has_leading_digits = false;
  std::string leading_digits;
  bool same_mobile_and_fixed_line_pattern = false;
  RawDesc descs[kDescCount];
};

// Merges a PhoneNumberDesc message into *desc (proto2 merge semantics: last
// singular value wins, repeated values append).
bool ParseDesc(std::string_view bytes, RawDesc* desc) {
  WireReader reader(bytes);
  while (!reader.done()) {
    std::uint32_t field;
    int wire_type;
    if (!reader.ReadKey(&field, &wire_type)) return false;
    if (field == PhoneNumberDesc::kNationalNumberPatternFieldNumber &&
        wire_type == kLengthDelimited) {
      std::string_view pattern;
      if (!reader.ReadLengthDelimited(&pattern)) return false;
      desc->national_number_pattern.assign(pattern);
    } else if (field == PhoneNumberDesc::kPossibleLengthFieldNumber) {
      if (!ReadInt32s(&reader, wire_type, &desc->possible_length)) return false;
    } else if (field == PhoneNumberDesc::kPossibleLengthLocalOnlyFieldNumber) {
      if (!ReadInt32s(&reader, wire_type, &desc->possible_length_local_only)) {
        return false;
      }
    } else if (!reader.Skip(wire_type)) {
      return false;
    }
  }
  return true;
}

bool ReadString(WireReader* reader, int wire_type, std::string* out) {
  std::string_view value;
  if (wire_type != kLengthDelimited || !reader->ReadLengthDelimited(&value)) {
    return false;
  }
  out->assign(value);
  return true;
}

bool ParseRegion(std::string_view bytes, RawRegion* region) {
  WireReader reader(bytes);
  while (!reader.done()) {
    std::uint32_t field;
    int wire_type;
    if (!reader.ReadKey(&field, &wire_type)) return false;
    const DescField* desc_field = std::find_if(
        std::begin(kDescFields), std::end(kDescFields),
        [&](const DescField& d) {
          return static_cast<std::uint32_t>(d.field_number) == field;
        });
    bool ok = true;
    std::uint64_t varint = 0;
    if (desc_field != std::end(kDescFields)) {
      std::string_view message;
      ok = wire_type == kLengthDelimited &&
           reader.ReadLengthDelimited(&message) &&
           ParseDesc(message, &region->descs[desc_field->desc]);
    } else if (field == PhoneMetadata::kIdFieldNumber) {
      ok = ReadString(&reader, wire_type, &region->id);
    } else if (field == PhoneMetadata::kCountryCodeFieldNumber) {
      ok = wire_type == kVarint && reader.ReadVarint(&varint);
      region->country_code = AsInt32(varint);
    } else if (field == PhoneMetadata::kInternationalPrefixFieldNumber) {
      ok = ReadString(&reader, wire_type, &region->international_prefix);
    } else if (field == PhoneMetadata::kNationalPrefixForParsingFieldNumber) {
      ok = ReadString(&reader, wire_type,
                      &region->national_prefix_for_parsing);
    } else if (field ==
               PhoneMetadata::kNationalPrefixTransformRuleFieldNumber) {
      ok = ReadString(&reader, wire_type,
                      &region->national_prefix_transform_rule);
    } else if (field == PhoneMetadata::kLeadingDigitsFieldNumber) {
      ok = ReadString(&reader, wire_type, &region->leading_digits);
      region->has_leading_digits = true;
    } else if (field ==
               PhoneMetadata::kSameMobileAndFixedLinePatternFieldNumber) {
      ok = wire_type == kVarint && reader.ReadVarint(&varint);
      region->same_mobile_and_fixed_line_pattern = varint != 0;
    } else {
      ok = reader.Skip(wire_type);
    }
    if (!ok) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Compiled metadata of the +44 regions.

struct CompiledDesc {
  std::vector<std::int32_t> possible_length;  // empty: any length
  std::unique_ptr<RE2> pattern;               // null: empty pattern
};

struct CompiledRegion {
  std::string id;
  std::unique_ptr<RE2> leading_digits;  // null when the region has none
  bool same_mobile_and_fixed_line_pattern = false;
  CompiledDesc descs[kDescCount];
  // Every non-empty pattern, anchored at both ends, and which desc each
  // Set index is: one DFA pass finds all the patterns a number matches.
  std::unique_ptr<RE2::Set> all_patterns;
  std::vector<Desc> set_index_to_desc;
};

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

bool Compile(const RawRegion& raw, CompiledRegion* region) {
  region->id = raw.id;
  region->same_mobile_and_fixed_line_pattern =
      raw.same_mobile_and_fixed_line_pattern;
  if (raw.has_leading_digits) {
    region->leading_digits =
        std::make_unique<RE2>(raw.leading_digits, PatternOptions());
    if (!region->leading_digits->ok()) return false;
  }
  region->all_patterns =
      std::make_unique<RE2::Set>(PatternOptions(), RE2::ANCHOR_BOTH);
  for (int d = 0; d < kDescCount; ++d) {
    const RawDesc& raw_desc = raw.descs[d];
    CompiledDesc& desc = region->descs[d];
    desc.possible_length = raw_desc.possible_length;
    if (raw_desc.national_number_pattern.empty()) continue;
    desc.pattern = std::make_unique<RE2>(raw_desc.national_number_pattern,
                                         PatternOptions());
    if (!desc.pattern->ok()) return false;
    std::string error;
    if (region->all_patterns->Add(raw_desc.national_number_pattern, &error) !=
        static_cast<int>(region->set_index_to_desc.size())) {
      return false;
    }
    region->set_index_to_desc.push_back(static_cast<Desc>(d));
  }
  return region->all_patterns->Compile();
}

bool Contains(const std::vector<std::int32_t>& values, std::size_t value) {
  return std::find(values.begin(), values.end(),
                   static_cast<std::int32_t>(value)) != values.end();
}

class UkPlan {
 public:
  // The plan, or nullptr when the fast path is unavailable (see header).
  static const UkPlan* Get() {
    static const UkPlan* const plan = Load().release();
    return plan;
  }

  // IsPossibleNumberWithReason(+44 nsn) == IS_POSSIBLE: the NSN length is
  // one of GB's general possible lengths (TestNumberLength checks local-only
  // lengths first).
  bool IsPossible(std::string_view nsn) const {
    return !Contains(local_only_lengths_, nsn.size()) &&
           Contains(possible_lengths_, nsn.size());
  }

  // PhoneNumberUtil::IsMatch(number, GB general_desc): the national number
  // pattern alone, no length check (MaybeStripNationalPrefixAndCarrierCode).
  bool IsViableGb(std::string_view number) const {
    const CompiledDesc& general = regions_.front().descs[kGeneral];
    return general.pattern != nullptr &&
           RE2::FullMatch(number, *general.pattern);
  }

  // PhoneNumberUtil::GetNumberType for +44 and `nsn`. Also sets
  // *viable_gb = IsViableGb(nsn), which falls out of the same pattern pass.
  LibType TypeOf(std::string_view nsn, bool* viable_gb) const {
    const std::uint32_t gb_matched = MatchedPatterns(regions_.front(), nsn);
    *viable_gb = (gb_matched >> kGeneral & 1u) != 0;
    // GetRegionCodeForNumberFromRegionList, then GetNumberTypeHelper for the
    // region found (none: no metadata, UNKNOWN).
    for (const CompiledRegion& region : regions_) {
      const std::uint32_t* matched =
          &region == &regions_.front() ? &gb_matched : nullptr;
      if (region.leading_digits != nullptr) {
        if (region.leading_digits->Match(nsn, 0, nsn.size(), RE2::ANCHOR_START,
                                         nullptr, 0)) {
          return TypeHelper(region, nsn, matched);
        }
      } else {
        const LibType type = TypeHelper(region, nsn, matched);
        if (type != PhoneNumberUtil::UNKNOWN) return type;
      }
    }
    return PhoneNumberUtil::UNKNOWN;
  }

 private:
  static std::unique_ptr<UkPlan> Load();
  bool SelfCheck() const;

  // PhoneNumberUtil::GetNumberTypeHelper. `precomputed`, if not null, is
  // MatchedPatterns(region, nsn).
  static LibType TypeHelper(const CompiledRegion& region, std::string_view nsn,
                            const std::uint32_t* precomputed) {
    const CompiledDesc& general = region.descs[kGeneral];
    if (!general.possible_length.empty() &&
        !Contains(general.possible_length, nsn.size())) {
      return PhoneNumberUtil::UNKNOWN;  // saves the pattern pass
    }
    const std::uint32_t matched = precomputed != nullptr
                                      ? *precomputed
                                      : MatchedPatterns(region, nsn);
    // IsNumberMatchingDesc: possible length (if listed), then the pattern.
    const auto matches = [&](Desc d) {
      const CompiledDesc& desc = region.descs[d];
      if (!desc.possible_length.empty() &&
          !Contains(desc.possible_length, nsn.size())) {
        return false;
      }
      return (matched >> d & 1u) != 0;
    };
    if (!matches(kGeneral)) return PhoneNumberUtil::UNKNOWN;
    if (matches(kPremiumRate)) return PhoneNumberUtil::PREMIUM_RATE;
    if (matches(kTollFree)) return PhoneNumberUtil::TOLL_FREE;
    if (matches(kSharedCost)) return PhoneNumberUtil::SHARED_COST;
    if (matches(kVoip)) return PhoneNumberUtil::VOIP;
    if (matches(kPersonalNumber)) return PhoneNumberUtil::PERSONAL_NUMBER;
    if (matches(kPager)) return PhoneNumberUtil::PAGER;
    if (matches(kUan)) return PhoneNumberUtil::UAN;
    if (matches(kVoicemail)) return PhoneNumberUtil::VOICEMAIL;
    if (matches(kFixedLine)) {
      if (region.same_mobile_and_fixed_line_pattern) {
        return PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
      }
      if (matches(kMobile)) return PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
      return PhoneNumberUtil::FIXED_LINE;
    }
    if (!region.same_mobile_and_fixed_line_pattern && matches(kMobile)) {
      return PhoneNumberUtil::MOBILE;
    }
    return PhoneNumberUtil::UNKNOWN;
  }

  // Bit d set iff descs[d]'s pattern matches all of `nsn`.
  static std::uint32_t MatchedPatterns(const CompiledRegion& region,
                                       std::string_view nsn) {
    thread_local std::vector<int> hits;
    RE2::Set::ErrorInfo error;
    std::uint32_t matched = 0;
    if (region.all_patterns->Match(nsn, &hits, &error)) {
      for (int index : hits) matched |= 1u << region.set_index_to_desc[index];
      return matched;
    }
    if (error.kind == RE2::Set::kNoError) return 0;
    // The DFA ran out of memory: match the patterns one by one.
    for (int d = 0; d < kDescCount; ++d) {
      const RE2* pattern = region.descs[d].pattern.get();
      if (pattern != nullptr && RE2::FullMatch(nsn, *pattern)) {
        matched |= 1u << d;
      }
    }
    return matched;
  }

  std::vector<CompiledRegion> regions_;  // libphonenumber's order, GB first
  std::vector<std::int32_t> possible_lengths_;    // GB general_desc
  std::vector<std::int32_t> local_only_lengths_;  // GB general_desc
};

std::unique_ptr<UkPlan> UkPlan::Load() {
  namespace lib = ::i18n::phonenumbers;
  if (&lib::metadata_get == nullptr || &lib::metadata_size == nullptr) {
    return nullptr;
  }
  const void* const blob = lib::metadata_get();
  const int blob_size = lib::metadata_size();
  if (blob == nullptr || blob_size <= 0) return nullptr;

  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::list<std::string> region_ids;
  util.GetRegionCodesForCountryCallingCode(kUkCountryCode, &region_ids);
  if (region_ids.empty() || region_ids.front() != "GB") return nullptr;

  std::vector<RawRegion> raw(region_ids.size());
  std::vector<bool> found(region_ids.size(), false);
  WireReader collection(std::string_view(static_cast<const char*>(blob),
                                         static_cast<std::size_t>(blob_size)));
  while (!collection.done()) {
    std::uint32_t field;
    int wire_type;
    if (!collection.ReadKey(&field, &wire_type)) return nullptr;
    if (field != PhoneMetadataCollection::kMetadataFieldNumber ||
        wire_type != kLengthDelimited) {
      if (!collection.Skip(wire_type)) return nullptr;
      continue;
    }
    std::string_view message;
    RawRegion region;
    if (!collection.ReadLengthDelimited(&message) ||
        !ParseRegion(message, &region)) {
      return nullptr;
    }
    const auto it = std::find(region_ids.begin(), region_ids.end(), region.id);
    if (it == region_ids.end()) continue;
    const std::size_t index = std::distance(region_ids.begin(), it);
    if (found[index] || region.country_code != kUkCountryCode) return nullptr;
    found[index] = true;
    raw[index] = std::move(region);
  }
  if (std::find(found.begin(), found.end(), false) != found.end()) {
    return nullptr;
  }

  // The parsing shortcuts assume GB's national prefix "0" (no transform
  // rule) and international prefix "00".
  const RawRegion& gb = raw.front();
  if (gb.national_prefix_for_parsing != "0" ||
      !gb.national_prefix_transform_rule.empty() ||
      gb.international_prefix != "00" ||
      gb.descs[kGeneral].possible_length.empty() ||
      gb.descs[kGeneral].possible_length.front() == -1 ||
      gb.descs[kGeneral].national_number_pattern.empty()) {
    return nullptr;
  }

  auto plan = std::unique_ptr<UkPlan>(new UkPlan());
  plan->possible_lengths_ = gb.descs[kGeneral].possible_length;
  plan->local_only_lengths_ = gb.descs[kGeneral].possible_length_local_only;
  plan->regions_.resize(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (!Compile(raw[i], &plan->regions_[i])) return nullptr;
  }
  if (!plan->SelfCheck()) return nullptr;
  return plan;
}

// Compares TypeOf and IsPossible with libphonenumber on its own example
// numbers of every type for every +44 region: a cheap guard that the blob is
// the metadata the library validates with.
bool UkPlan::SelfCheck() const {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  constexpr LibType kTypes[] = {
      PhoneNumberUtil::FIXED_LINE,   PhoneNumberUtil::MOBILE,
      PhoneNumberUtil::TOLL_FREE,    PhoneNumberUtil::PREMIUM_RATE,
      PhoneNumberUtil::SHARED_COST,  PhoneNumberUtil::VOIP,
      PhoneNumberUtil::PERSONAL_NUMBER, PhoneNumberUtil::PAGER,
      PhoneNumberUtil::UAN,          PhoneNumberUtil::VOICEMAIL,
  };
  int checked = 0;
  for (const CompiledRegion& region : regions_) {
    for (LibType type : kTypes) {
      ::i18n::phonenumbers::PhoneNumber example;
      if (!util.GetExampleNumberForType(region.id, type, &example)) continue;
      if (example.country_code() != kUkCountryCode ||
          example.italian_leading_zero()) {
        return false;
      }
      const std::string nsn = absl::StrCat(example.national_number());
      bool viable_gb;
      if (TypeOf(nsn, &viable_gb) != util.GetNumberType(example) ||
          IsPossible(nsn) != (util.IsPossibleNumberWithReason(example) ==
                              PhoneNumberUtil::IS_POSSIBLE)) {
        return false;
      }
      ++checked;
    }
  }
  return checked >= 4;
}

// Collects the digits of `clean` if it is one of the accepted UK shapes:
// an optional "+44" / "0044" prefix, then ASCII digits, spaces, dashes, dots
// and at most one "(" followed later by one ")". Sets *international when a
// country code was written. Returns false for anything else.
bool CollectUkDigits(std::string_view clean, bool default_region_is_gb,
                     char (&digits)[kMaxDigits], int* count,
                     bool* international) {
  if (clean.size() > kMaxFastInput) return false;
  *international = false;
  if (clean.starts_with("+44")) {
    clean.remove_prefix(3);
    *international = true;
  } else if (!default_region_is_gb) {
    return false;  // "0044" and the trunk "0" are GB's prefixes
  } else if (clean.starts_with("0044")) {
    clean.remove_prefix(4);
    *international = true;
  } else if (clean.empty() || (clean.front() != '0' && clean.front() != '(')) {
    return false;
  }
  int n = 0;
  bool opened = false;
  bool closed = false;
  for (char c : clean) {
    if (IsAsciiDigit(c)) {
      if (n == kMaxDigits) return false;
      digits[n++] = c;
    } else if (c == '(') {
      if (opened) return false;
      opened = true;
    } else if (c == ')') {
      if (!opened || closed) return false;
      closed = true;
    } else if (c != ' ' && c != '-' && c != '.') {
      return false;
    }
  }
  if (opened != closed) return false;
  *count = n;
  return true;
}

}  // namespace

bool UkPhoneFastPathAvailable() { return UkPlan::Get() != nullptr; }

bool ParseUkPhoneFast(std::string_view clean, bool default_region_is_gb,
                      PhoneNumber* out) {
  char digits[kMaxDigits];
  int count = 0;
  bool international = false;
  if (!CollectUkDigits(clean, default_region_is_gb, digits, &count,
                       &international)) {
    return false;
  }
  const UkPlan* plan = UkPlan::Get();
  if (plan == nullptr) return false;

  // What Parse does with the digits after the country code (or all digits
  // without one): MaybeStripNationalPrefixAndCarrierCode removes a leading
  // "0" unless the number with it matches GB's general pattern and the rest
  // does not; the stripped form is kept when its length is possible. Without
  // a country code the number must start with the trunk "0" (else Parse may
  // read a leading "44" as the country code).
  std::string_view written(digits, static_cast<std::size_t>(count));
  const bool trunk = !written.empty() && written.front() == '0';
  if (!trunk && !international) return false;
  std::string_view nsn = trunk ? written.substr(1) : written;
  // A leading zero in the NSN: Parse would keep Italian leading zeros or
  // read "00" as an international prefix.
  if (nsn.empty() || nsn.front() == '0') return false;
  if (!plan->IsPossible(nsn)) return false;
  bool viable_nsn;
  const LibType type = plan->TypeOf(nsn, &viable_nsn);
  if (trunk && !viable_nsn && plan->IsViableGb(written)) {
    return false;  // Parse would keep the "0"
  }

  std::uint64_t national_number = 0;
  for (char c : nsn) {
    national_number = national_number * 10 + static_cast<unsigned>(c - '0');
  }
  out->country_code = kUkCountryCode;
  out->national_number = national_number;
  out->type = FromLibphonenumberType(type);
  out->e164.assign("+44");
  out->e164.append(nsn);
  return true;
}

}  // namespace linkage::internal
