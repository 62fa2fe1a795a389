// Copyright 2026 The Linkage Authors.
//
// Free-text address-line normaliser ("address_line"): one line such as
// "Flat 2, 10 High St." -> "FLAT 2 10 HIGH STREET". On top of the text
// pipeline (text.h: NFKC, transliteration, upper-case, hostile-input rules):
//   - apostrophes are deleted (ST JOHN'S -> SAINT JOHNS); '&' becomes AND;
//   - '-' and '/' between two digits are kept ("12-14", "3/4"); every other
//     non-alphanumeric character separates words; whitespace collapses;
//   - standard abbreviations are expanded to the full word (RD -> ROAD,
//     AVE -> AVENUE, GDNS -> GARDENS, ... see kAddressAbbreviations).
//     ST is ambiguous: it is SAINT at the start of the line, after a number
//     or after a comma ("12 St Mary's Rd", "High St, St Albans"), and STREET
//     elsewhere ("High St", "High St London"). The output contains no
//     abbreviation that would expand, so normalising it again is stable.
// No parts. Values over `max_bytes` (raw or canonical) are kTooLong; nothing alphanumeric left
// is kNoLetters; empty is kMissing.
//
// Spec options ({"normaliser": "address_line"} alone is useful):
//   "max_bytes"            integer, default 1024.
//   "transliterate"        bool, default true.
//   "expand_abbreviations" bool, default true.
//   "abbreviations"        object {"ABBR": "EXPANSION", ...} added to (or
//                          overriding) the built-in table.
//
// Example:
//   std::string out;
//   NormaliseAddressLine("12 St. Mary's Rd", AddressLineOptions{}, &out);
//   // out == "12 SAINT MARYS ROAD"
//
// Thread-safety: functions and a constructed normaliser are safe to use from
// many threads at once.
#ifndef LINKAGE_NORMALISE_ADDRESS_LINE_H_
#define LINKAGE_NORMALISE_ADDRESS_LINE_H_

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

// Built-in abbreviation -> expansion table (ST is handled separately).
inline constexpr std::pair<std::string_view, std::string_view>
    kAddressAbbreviations[] = {
        {"RD", "ROAD"},        {"AVE", "AVENUE"},     {"AV", "AVENUE"},
        {"DR", "DRIVE"},       {"LN", "LANE"},        {"CL", "CLOSE"},
        {"CRES", "CRESCENT"},  {"CRESC", "CRESCENT"}, {"CT", "COURT"},
        {"CRT", "COURT"},      {"GDNS", "GARDENS"},   {"GRN", "GREEN"},
        {"GRO", "GROVE"},      {"GR", "GROVE"},       {"PL", "PLACE"},
        {"SQ", "SQUARE"},      {"TER", "TERRACE"},    {"TERR", "TERRACE"},
        {"PK", "PARK"},        {"PDE", "PARADE"},     {"WY", "WAY"},
        {"HSE", "HOUSE"},      {"APT", "APARTMENT"},  {"FLT", "FLAT"},
        {"BLDG", "BUILDING"},  {"BLDGS", "BUILDINGS"}, {"MT", "MOUNT"},
        {"CTR", "CENTRE"},     {"EST", "ESTATE"},     {"STN", "STATION"},
        {"HTS", "HEIGHTS"},    {"COTT", "COTTAGE"},   {"COTTS", "COTTAGES"},
        {"BLVD", "BOULEVARD"}, {"HWY", "HIGHWAY"},    {"NTH", "NORTH"},
        {"STH", "SOUTH"},      {"UPR", "UPPER"},      {"LWR", "LOWER"},
        {"GT", "GREAT"},       {"WK", "WALK"},        {"MWS", "MEWS"},
        {"CNR", "CORNER"},     {"FM", "FARM"},        {"YD", "YARD"},
};

struct AddressLineOptions {
  // Raw values longer than this many bytes are kTooLong.
  std::size_t max_bytes = 1024;
  bool transliterate = true;
  bool expand_abbreviations = true;
  // Extra or overriding abbreviations, upper-case keys and values.
  absl::flat_hash_map<std::string, std::string> abbreviations;
};

// Normalises one address line into `*out` (replacing it). Returns kNone, or
// why it is null (kTooLong, kInvalidUtf8, kControlCharacter, kMissing,
// kNoLetters; then `*out` is empty). REQUIRES: out != nullptr.
Issue NormaliseAddressLine(std::string_view raw,
                           const AddressLineOptions& options,
                           std::string* out);

class AddressLineNormaliser final : public Normaliser {
 public:
  explicit AddressLineNormaliser(AddressLineOptions options)
      : options_(std::move(options)) {}

  std::string_view name() const noexcept override { return "address_line"; }
  std::span<const std::string> part_names() const noexcept override {
    return {};
  }
  NormalisedValue Normalise(std::string_view raw) const override;

 private:
  AddressLineOptions options_;
};

// Builds an AddressLineNormaliser (options above). Errors are
// InvalidArgument starting with the option's path, e.g.
// ".abbreviations.RD: must be a string".
absl::StatusOr<std::unique_ptr<Normaliser>> MakeAddressLineNormaliser(
    const nlohmann::json& spec);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_ADDRESS_LINE_H_
