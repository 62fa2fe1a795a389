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

PostcodeAgreement ComparePostcodes(std::string_view a, std::string_view b) noexcept {
  const PostcodeParts x = ParsePostcode(a);
  const PostcodeParts y = ParsePostcode(b);
  if (!x.outward.empty() && x.outward == y.outward) {
    if (!x.inward.empty() && x.inward == y.inward) return PostcodeAgreement::kUnit;
    if (!x.inward.empty() && !y.inward.empty() && x.inward.front() == y.inward.front()) {
      return PostcodeAgreement::kSector;
    }
    return PostcodeAgreement::kDistrict;
  }
  if (!x.area.empty() && x.area == y.area) return PostcodeAgreement::kArea;
  return PostcodeAgreement::kNone;
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
