// Copyright 2026 The Linkage Authors.
//
// UK postcode agreement levels on canonical postcodes ("SW1A 1AA": outward
// code, one space, inward code of digit + two letters), from finest to
// coarsest:
//   unit      the whole postcode          "SW1A 1AA" = "SW1A 1AA"
//   sector    outward + inward digit      "SW1A 1AA" ~ "SW1A 1BB"
//   district  outward code                "SW1A 1AA" ~ "SW1A 2CC"
//             (including a sub-district letter: "EC1A" and "EC1M" differ)
//   area      leading letters of outward  "SW1A 1AA" ~ "SW9 9ZZ"
//   none
//
// Input is expected from the uk_postcode normaliser (canonical form). Any
// other bytes are still safe: they are parsed as far as possible and never
// validated here. Parsing: the outward code is the text before the last
// space and the inward code the text after it; without a space, a string of
// 5 to 7 bytes is split before its last 3 bytes (a postcode whose space was
// lost), anything else is all outward. The area is the leading ASCII
// letters of the outward code (at most 2), the district the area and the
// ASCII digits after it. Parts that are empty never agree.
//
// Example:
//   ComparePostcodes("SW1A 1AA", "SW1A 1BB") == PostcodeAgreement::kSector
//   ParsePostcode("M1 1AE").sector == "M1 1"
//
// Thread-safety: pure functions; safe from any thread. No allocation.
#ifndef LINKAGE_COMPARATORS_POSTCODE_COMPARE_H_
#define LINKAGE_COMPARATORS_POSTCODE_COMPARE_H_

#include <cstdint>
#include <string_view>

namespace linkage {

// Ordered: a finer agreement compares greater.
enum class PostcodeAgreement : std::uint8_t {
  kNone = 0,
  kArea = 1,
  kDistrict = 2,
  kSector = 3,
  kUnit = 4,
};

// Views into the parsed postcode (valid while the input string lives).
struct PostcodeParts {
  std::string_view area;      // "SW"
  std::string_view district;  // "SW1": area + digits (Royal Mail district)
  std::string_view outward;   // "SW1A": the district plus any sub-district
                              // letter; the "district" agreement level
  std::string_view inward;    // "1AA"
  std::string_view sector;    // "SW1A 1" (outward + separator + inward digit)
  std::string_view unit;      // the whole trimmed postcode
};

// Splits `postcode` into its parts as described above, after trimming ASCII
// blanks. Missing parts are empty: "SW1A" has no inward code, so its sector
// and unit are empty too.
PostcodeParts ParsePostcode(std::string_view postcode) noexcept;

// Finest level at which `a` and `b` agree.
PostcodeAgreement ComparePostcodes(std::string_view a, std::string_view b) noexcept;

// A postcode's outward code, inward code and area packed into integers, so
// that a caller comparing one value with many parses it once
// (MakePostcodeKey) and compares integers (ComparePostcodeKeys). Outward and
// area are their bytes plus their length in the top byte (0 when empty);
// inward_first is the inward code's first byte | 0x100 (0 when empty).
// `fits` is false when a part is longer than 7 bytes (not a UK postcode).
struct PostcodeKey {
  std::uint64_t outward = 0, inward = 0, area = 0;
  std::uint32_t inward_first = 0;
  bool fits = true;
};
PostcodeKey MakePostcodeKey(std::string_view postcode) noexcept;

// ComparePostcodes(a, b) for keys x = MakePostcodeKey(a), y = ... (b); the
// texts are read only when a key does not fit.
PostcodeAgreement ComparePostcodeKeys(const PostcodeKey& x, const PostcodeKey& y,
                                      std::string_view a, std::string_view b) noexcept;

// "none", "area", "district", "sector" or "unit".
std::string_view PostcodeAgreementName(PostcodeAgreement level) noexcept;

}  // namespace linkage

#endif  // LINKAGE_COMPARATORS_POSTCODE_COMPARE_H_
