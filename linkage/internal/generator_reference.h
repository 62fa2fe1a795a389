// Copyright 2026 The Linkage Authors.
//
// The UK reference tables behind the synthetic register generator, loaded
// once from a directory (by default data/reference/ of the repository):
//
//   firstname_uk.csv          given names by sex and birth year 1996-2018
//   ons_babynames_ew_2024.csv given names for births from 2019 on
//   lastname_uk.csv           surnames with their population share
//   firstname_uk_variant.csv  given-name variants (William -> Bill)
//   given_name_variants_wikidata.csv  diminutives, hypocorisms, nicknames
//   lastname_uk_variant.csv   surname spelling variants (Adams -> Adamson)
//   uk_postcodes_2019.csv.gz  1.7M real postcodes, one a line in the
//                             7-character format ("AB101AA", "AL1 1AE")
//
// Names are stored in display case ("O'Brien", "McCarthy", "Abdul-Hadi").
// People born before 1996 draw from all 1996-2018 years pooled: the tables
// hold nothing older.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(auto tables,
//                            GeneratorReference::Load("data/reference"));
//   const NamePool& girls = tables->GivenNames(Sex::kFemale, 2005);
//
// Thread-safety: immutable after Load(); all const methods are thread-safe.
#ifndef LINKAGE_INTERNAL_GENERATOR_REFERENCE_H_
#define LINKAGE_INTERNAL_GENERATOR_REFERENCE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "linkage/internal/generator_random.h"

namespace linkage::internal {

enum class Sex { kFemale = 0, kMale = 1 };

// Names with frequency weights.
struct NamePool {
  std::vector<std::string> names;
  CumulativeTable weights;

  // REQUIRES: !names.empty().
  const std::string& Sample(Xoshiro256& rng) const {
    return names[weights.Sample(rng)];
  }
};

class GeneratorReference {
 public:
  // Loads every table from `dir`. Errors (NotFound, InvalidArgument) name the
  // file and, for malformed content, the 1-based line.
  static absl::StatusOr<std::shared_ptr<const GeneratorReference>> Load(
      std::string_view dir);

  // Given names for a person of `sex` born in `birth_year` (any year).
  const NamePool& GivenNames(Sex sex, int birth_year) const;
  const NamePool& Surnames() const { return surnames_; }

  // Informal variants of a given name (key: any case), or nullptr.
  const std::vector<std::string>* Nicknames(std::string_view given) const;
  // Spelling variants of a surname (key: any case), or nullptr.
  const std::vector<std::string>* SurnameVariants(
      std::string_view family) const;

  std::size_t postcode_count() const { return postcode_count_; }
  // Unspaced upper-case postcode number `index` (in file order, so nearby
  // indices are nearby places). REQUIRES: index < postcode_count().
  std::string_view Postcode(std::size_t index) const {
    const char* start = postcodes_.data() + index * kPostcodeStride;
    return std::string_view(start, static_cast<unsigned char>(start[7]));
  }

  static constexpr int kFirstTableYear = 1996;
  static constexpr int kLastTableYear = 2018;

 private:
  static constexpr std::size_t kPostcodeStride = 8;  // 7 chars + length byte

  GeneratorReference() = default;

  // [sex][year - kFirstTableYear] for 1996..2018.
  std::vector<NamePool> by_year_[2];
  NamePool pooled_[2];  // 1996-2018 pooled: births before 1996
  NamePool recent_[2];  // ONS 2024: births from 2019
  NamePool surnames_;
  absl::flat_hash_map<std::string, std::vector<std::string>> nicknames_;
  absl::flat_hash_map<std::string, std::vector<std::string>> surname_variants_;
  std::string postcodes_;
  std::size_t postcode_count_ = 0;
};

// "o'brien" / "obrien" -> "O'Brien", "mccarthy" -> "McCarthy",
// "abdul-hadi" -> "Abdul-Hadi". ASCII letters only are re-cased.
std::string DisplayCase(std::string_view name);

}  // namespace linkage::internal

#endif  // LINKAGE_INTERNAL_GENERATOR_REFERENCE_H_
