// Copyright 2026 The Linkage Authors.
#include "comparators/postcode_compare.h"

#include <cstddef>

namespace linkage {
namespace {

constexpr bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

PostcodeParts ParsePostcode(std::string_view postcode) noexcept {
  PostcodeParts parts;
  const std::string_view s = TrimBlanks(postcode);
  if (s.empty()) return parts;
  std::size_t inward_start = std::string_view::npos;
  const std::size_t space = s.rfind(' ');
  if (space != std::string_view::npos) {
    parts.outward = TrimBlanks(s.substr(0, space));
    inward_start = space + 1;
  } else if (s.size() >= 5 && s.size() <= 7) {
    parts.outward = s.substr(0, s.size() - 3);
    inward_start = s.size() - 3;
  } else {
    parts.outward = s;
  }
  if (inward_start != std::string_view::npos) {
    parts.inward = s.substr(inward_start);
    parts.sector = s.substr(0, inward_start + 1);
    parts.unit = s;
  }
  std::size_t area_size = 0;
  while (area_size < parts.outward.size() && area_size < 2 &&
         IsAsciiLetter(parts.outward[area_size])) {
    ++area_size;
  }
  parts.area = parts.outward.substr(0, area_size);
  std::size_t district_size = area_size;
  while (district_size < parts.outward.size() && parts.outward[district_size] >= '0' &&
         parts.outward[district_size] <= '9') {
    ++district_size;
  }
  parts.district = parts.outward.substr(0, district_size);
  return parts;
}

namespace {

// The agreement rule, on whether each part agrees (equal and not empty; for
// the sector, the first inward characters of two non-empty inward codes).
PostcodeAgreement Agreement(bool outward, bool inward, bool inward_first,
                            bool area) noexcept {
  if (outward) {
    if (inward) return PostcodeAgreement::kUnit;
    if (inward_first) return PostcodeAgreement::kSector;
    return PostcodeAgreement::kDistrict;
  }
  return area ? PostcodeAgreement::kArea : PostcodeAgreement::kNone;
}

// A part of at most 7 bytes as an integer (bytes, length in the top byte;
// 0 when empty); false if longer.
bool PackShort(std::string_view s, std::uint64_t* out) noexcept {
  if (s.size() > 7) return false;
  std::uint64_t v = static_cast<std::uint64_t>(s.size()) << 56;
  for (std::size_t i = 0; i < s.size(); ++i) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[i])) << (8 * i);
  }
  *out = v;
  return true;
}

}  // namespace

PostcodeAgreement ComparePostcodes(std::string_view a, std::string_view b) noexcept {
  const PostcodeParts x = ParsePostcode(a);
  const PostcodeParts y = ParsePostcode(b);
  return Agreement(!x.outward.empty() && x.outward == y.outward,
                   !x.inward.empty() && x.inward == y.inward,
                   !x.inward.empty() && !y.inward.empty() &&
                       x.inward.front() == y.inward.front(),
                   !x.area.empty() && x.area == y.area);
}

PostcodeKey MakePostcodeKey(std::string_view postcode) noexcept {
  const PostcodeParts parts = ParsePostcode(postcode);
  PostcodeKey key;
  key.fits = PackShort(parts.outward, &key.outward) &&
             PackShort(parts.inward, &key.inward) && PackShort(parts.area, &key.area);
  if (!parts.inward.empty()) {
    key.inward_first = static_cast<unsigned char>(parts.inward.front()) | 0x100u;
  }
  return key;
}

PostcodeAgreement ComparePostcodeKeys(const PostcodeKey& x, const PostcodeKey& y,
                                      std::string_view a, std::string_view b) noexcept {
  if (!x.fits || !y.fits) return ComparePostcodes(a, b);
  return Agreement(x.outward != 0 && x.outward == y.outward,
                   x.inward != 0 && x.inward == y.inward,
                   x.inward_first != 0 && x.inward_first == y.inward_first,
                   x.area != 0 && x.area == y.area);
}

std::string_view PostcodeAgreementName(PostcodeAgreement level) noexcept {
  switch (level) {
    case PostcodeAgreement::kNone: return "none";
    case PostcodeAgreement::kArea: return "area";
    case PostcodeAgreement::kDistrict: return "district";
    case PostcodeAgreement::kSector: return "sector";
    case PostcodeAgreement::kUnit: return "unit";
  }
  return "none";
}

}  // namespace linkage
