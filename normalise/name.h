// Copyright 2026 The Linkage Authors.
//
// Person-name normalisers: "given_name", "family_name" and "full_name".
// Each builds on the text pipeline (text.h, internal/unicode.h): NFKC,
// transliteration to upper-case ASCII (Siobhán -> SIOBHAN, Łukasz -> LUKASZ,
// Zoë -> ZOE, Müller -> MULLER, ß -> SS), then these name rules:
//   - apostrophes are deleted (O'Brien, O’Brien -> OBRIEN); hyphens, dots,
//     digits and every other non-letter separate words; whitespace collapses;
//   - leading titles (MR, MRS, DR, ...) and trailing suffixes (JR, SNR,
//     III, ...) are removed, repeatedly; a value that was only titles is
//     kNoLetters; a suffix is kept when it is the only word left. JUNIOR
//     and SENIOR are not default suffixes: they are UK given names
//     (ONS: "Junior", "James-Junior"), nor are LORD and LADY;
//   - placeholder values are kPlaceholder, matched on the whole value before
//     and after title removal ("N/K", "n k", "Baby Boy", "?");
//   - family names only: a one-letter word is joined to the word after it,
//     so O'BRIEN == OBRIEN == "O BRIEN" -> "OBRIEN" and D'ARCY == "D ARCY";
//     double-barrelled names keep their parts with one space:
//     Smith-Jones == "Smith Jones" == "Smith - Jones" -> "SMITH JONES".
// Hostile input: more than `max_chars` code points (default 256) is
// kTooLong, checked first (and a canonical value longer than that, e.g.
// 200 CJK characters in pinyin, is kTooLong too, so that normalising a value
// twice gives the same result); invalid UTF-8, NUL/C0/C1 controls and bidi
// overrides as internal/unicode.h documents (RLM/LRM and zero-width
// characters are stripped).
//
// Parts:
//   given_name:  first, middle (space-joined rest), canonical_first (the
//                variants-table canonical of first, else first).
//   family_name: first_part, last_part, joined (no spaces).
//   full_name:   given, first, middle, canonical_first, family. A comma means
//                "family, given" ("Smith, John Paul"); otherwise the last word
//                is the family name ("Mr John Paul Smith-Jones"), with any
//                particles before it (VAN, VON, DE, DA, DI, DEL, DELLA, DER,
//                DEN, DU, LA, LE, DOS, DAS, TER, TEN, BIN, BINTI, AL, EL,
//                ST): "Maria de la Cruz" -> family "DE LA CRUZ". One-letter
//                words before the family name are initials, so "Mary O Brien"
//                has family BRIEN; write O'Brien or use a comma. The value is
//                "FAMILY, GIVEN" ("SMITH JONES, JOHN PAUL"); with no given
//                name "FAMILY" for one word ("SMITH") and "FAMILY," for more
//                ("SMITH JONES,"), so normalising it again is stable.
//
// Spec options (all optional; {"normaliser": "given_name"} alone is useful):
//   "max_chars"          integer, default 256.
//   "transliterate"      bool, default true (false keeps Unicode letters).
//   "placeholders"       array, replaces the default list (kDefaultPlaceholders)
//   "extra_placeholders" array, added to it.
//   "titles", "suffixes" arrays, replace kDefaultTitles / kDefaultSuffixes.
//   "variants"           given_name and full_name only: a CSV path, an array
//                        of paths (priority order) or "builtin" (the files in
//                        kBuiltinVariantFiles under "data_dir").
//   "data_dir"           with "builtin": the data/ folder, default "data"
//                        (relative to the working directory).
//   "variant_types"      Wikidata variant types to use (name_variants.h).
//
// Example:
//   GivenName given;
//   Issue issue = ParseGivenName("Mr. John-Paul  Smith", DefaultNameOptions(),
//                                &given);
//   // issue == kNone, given.given == "JOHN PAUL SMITH", given.first == "JOHN"
//
// Thread-safety: functions and constructed normalisers are safe to use from
// many threads at once.
#ifndef LINKAGE_NORMALISE_NAME_H_
#define LINKAGE_NORMALISE_NAME_H_

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/name_variants.h"
#include "normalise/normaliser.h"
#include "normalise/text.h"

namespace linkage {

inline constexpr std::string_view kDefaultPlaceholders[] = {
    "UNKNOWN", "UNK",  "NK",   "N/K", "NOT KNOWN", "BABY", "BABY BOY",
    "BABY GIRL", "XXX", "XX",  "X",   "TEST",      "NONE", "NULL",
    "N/A",     "NA",   "?",    "NOT STATED", "NOT GIVEN", "NO NAME",
    "UNNAMED", "ANON", "ANONYMOUS"};
inline constexpr std::string_view kDefaultTitles[] = {
    "MR",   "MRS",   "MS",   "MISS", "MX",  "MSTR", "MASTER", "DR",
    "PROF", "SIR",   "DAME", "REV",  "REVD", "REVEREND",
    "FR",   "CAPT",  "SGT",  "COL",  "MAJ", "CLLR", "HON",    "RT"};
inline constexpr std::string_view kDefaultSuffixes[] = {
    "JR",  "JNR", "SR",  "SNR", "II",  "III", "IV",
    "PHD", "ESQ", "OBE",    "MBE", "CBE", "KBE",    "QC",  "KC",  "DECD"};

// Compiled name options. Build with MakeNameOptions or DefaultNameOptions.
struct NameOptions {
  // Raw values with more code points than this are kTooLong.
  std::size_t max_chars = 256;
  // Transliterate to ASCII (true) or keep Unicode letters (false).
  bool transliterate = true;
  PlaceholderSet placeholders;
  absl::flat_hash_set<std::string> titles;    // upper-case words
  absl::flat_hash_set<std::string> suffixes;  // upper-case words
};

// Compiles word lists (any case; folded like names) into options.
NameOptions MakeNameOptions(std::span<const std::string> placeholders,
                            std::span<const std::string> titles,
                            std::span<const std::string> suffixes);

// The defaults: the three lists above, max_chars 256, transliteration on.
// The returned reference lives for the whole program.
const NameOptions& DefaultNameOptions();

struct GivenName {
  std::string given;   // all given names, "JOHN PAUL"
  std::string first;   // "JOHN"
  std::string middle;  // "PAUL" (space-joined rest; empty if none)
};

struct FamilyName {
  std::string value;       // "SMITH JONES"
  std::string first_part;  // "SMITH"
  std::string last_part;   // "JONES" (== first_part for one word)
  std::string joined;      // "SMITHJONES"
};

struct FullName {
  GivenName given;  // may be empty ("Smith")
  FamilyName family;
};

// Parses a given-names field. Returns kNone or the reason it is null
// (kTooLong, kInvalidUtf8, kControlCharacter, kMissing, kPlaceholder,
// kNoLetters); on a null result `*out` is cleared. REQUIRES: out != nullptr.
Issue ParseGivenName(std::string_view raw, const NameOptions& options,
                     GivenName* out);

// As ParseGivenName, for a family-name field.
Issue ParseFamilyName(std::string_view raw, const NameOptions& options,
                      FamilyName* out);

// As ParseGivenName, for a whole name ("Smith, John" or "Mr John Smith").
// Null when no family name is left. REQUIRES: out != nullptr.
Issue ParseFullName(std::string_view raw, const NameOptions& options,
                    FullName* out);

// The full_name normaliser's value for `name`: "FAMILY, GIVEN", "FAMILY"
// or "FAMILY WORDS," (see above). REQUIRES: name.family.value non-empty.
std::string FullNameValue(const FullName& name);

// Which of the three a NameNormaliser is.
enum class NameKind { kGiven, kFamily, kFull };

// The "given_name", "family_name" and "full_name" normalisers.
class NameNormaliser final : public Normaliser {
 public:
  // `variants` may be null (canonical_first == first).
  NameNormaliser(NameKind kind, NameOptions options,
                 std::shared_ptr<const NameVariants> variants);

  std::string_view name() const noexcept override;
  std::span<const std::string> part_names() const noexcept override {
    return part_names_;
  }
  NormalisedValue Normalise(std::string_view raw) const override;

 private:
  NameKind kind_;
  NameOptions options_;
  std::shared_ptr<const NameVariants> variants_;
  std::vector<std::string> part_names_;
};

// Factories (options above). Errors are InvalidArgument (NotFound for a
// missing variants file) starting with the option's path, e.g.
// ".titles[1]: must be a string" or ".variants: x.csv: cannot open".
absl::StatusOr<std::unique_ptr<Normaliser>> MakeGivenNameNormaliser(
    const nlohmann::json& spec);
absl::StatusOr<std::unique_ptr<Normaliser>> MakeFamilyNameNormaliser(
    const nlohmann::json& spec);
absl::StatusOr<std::unique_ptr<Normaliser>> MakeFullNameNormaliser(
    const nlohmann::json& spec);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_NAME_H_
