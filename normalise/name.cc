// Copyright 2026 The Linkage Authors.
#include "normalise/name.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "comparators/internal/utf8.h"
#include "normalise/internal/unicode.h"
#include "normalise/internal/unicode_options.h"

namespace linkage {
namespace {

constexpr std::string_view kParticles[] = {
    "VAN", "VON", "DE",  "DA",  "DI",  "DEL",   "DELLA", "DER",
    "DEN", "DU",  "LA",  "LE",  "DOS", "DAS",   "TER",   "TEN",
    "BIN", "BINTI", "AL", "EL", "ST"};

bool IsParticle(std::string_view word) {
  for (std::string_view particle : kParticles) {
    if (word == particle) return true;
  }
  return false;
}

// Length check (first, O(1) then O(n) on at most 4 * max_chars bytes) and
// Unicode fold.
Issue FoldName(std::string_view raw, const NameOptions& options,
               std::string* folded) {
  const std::size_t max_bytes = 4 * options.max_chars;
  if (raw.size() > max_bytes) return Issue::kTooLong;
  if (raw.size() > options.max_chars &&
      internal::CountCodePoints(raw) > options.max_chars) {
    return Issue::kTooLong;
  }
  return internal::FoldToUpperAscii(raw, max_bytes, options.transliterate,
                                    folded);
}

// Transliteration can lengthen a name (CJK -> pinyin); the limit holds for
// the output too, so that normalising the output again is stable.
bool TooLong(std::string_view value, const NameOptions& options) {
  return value.size() > options.max_chars &&
         internal::CountCodePoints(value) > options.max_chars;
}

Issue EmptyIssue(std::string_view folded) {
  for (char c : folded) {
    if (c != ' ') return Issue::kNoLetters;
  }
  return Issue::kMissing;
}

std::vector<std::string> SplitWords(std::string_view cleaned) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < cleaned.size()) {
    std::size_t end = cleaned.find(' ', start);
    if (end == std::string_view::npos) end = cleaned.size();
    if (end > start) words.emplace_back(cleaned.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string JoinWords(const std::vector<std::string>& words,
                      std::size_t begin, std::size_t end,
                      std::string_view separator) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin) out.append(separator);
    out.append(words[i]);
  }
  return out;
}

// Folded text -> name words with placeholders, titles and suffixes handled.
Issue CleanWords(std::string_view folded, const NameOptions& options,
                 bool family, std::vector<std::string>* words) {
  std::string cleaned;
  CollapseWords(folded, /*keep_digits=*/false, &cleaned);
  if (options.placeholders.Matches(folded, cleaned)) {
    return Issue::kPlaceholder;
  }
  if (cleaned.empty()) return EmptyIssue(folded);
  *words = SplitWords(cleaned);
  if (family) {
    // Join each one-letter word to the next (O BRIEN -> OBRIEN). Done before
    // removing titles so that "D R SMITH" cannot turn into a title later.
    std::vector<std::string> joined;
    std::string carry;
    for (std::size_t i = 0; i < words->size(); ++i) {
      std::string word = carry + (*words)[i];
      carry.clear();
      if (internal::CountCodePoints(word) == 1 && i + 1 < words->size()) {
        carry = std::move(word);
        continue;
      }
      joined.push_back(std::move(word));
    }
    *words = std::move(joined);
  }
  std::size_t begin = 0, end = words->size();
  while (begin < end && options.titles.contains((*words)[begin])) ++begin;
  if (begin == end) return Issue::kNoLetters;
  // A suffix is never the whole name: JUNIOR is a given name.
  while (end > begin + 1 && options.suffixes.contains((*words)[end - 1])) {
    --end;
  }
  words->erase(words->begin() + end, words->end());
  words->erase(words->begin(), words->begin() + begin);
  // Check again what is left after joining and title removal ("Mr X",
  // "X X" -> XX), so that normalising the result again is stable.
  const std::string rest = JoinWords(*words, 0, words->size(), " ");
  if (options.placeholders.Matches(rest, rest)) return Issue::kPlaceholder;
  return Issue::kNone;
}

void FillGiven(const std::vector<std::string>& words, GivenName* out) {
  out->given = JoinWords(words, 0, words.size(), " ");
  out->first = words[0];
  out->middle = JoinWords(words, 1, words.size(), " ");
}

void FillFamily(const std::vector<std::string>& words, FamilyName* out) {
  out->value = JoinWords(words, 0, words.size(), " ");
  out->first_part = words.front();
  out->last_part = words.back();
  out->joined = JoinWords(words, 0, words.size(), "");
}

std::vector<std::string> ToStrings(std::span<const std::string_view> words) {
  return std::vector<std::string>(words.begin(), words.end());
}

absl::flat_hash_set<std::string> FoldWordSet(
    std::span<const std::string> words) {
  absl::flat_hash_set<std::string> set;
  std::string folded, cleaned;
  for (const std::string& word : words) {
    if (internal::FoldToUpperAscii(word, 4096, true, &folded) != Issue::kNone) {
      continue;
    }
    cleaned.clear();
    CollapseWords(folded, /*keep_digits=*/false, &cleaned);
    if (!cleaned.empty()) set.insert(cleaned);
  }
  return set;
}

}  // namespace

std::string FullNameValue(const FullName& name) {
  std::string value = name.family.value;
  if (!name.given.given.empty()) {
    absl::StrAppend(&value, ", ", name.given.given);
  } else if (value.find(' ') != std::string::npos) {
    // "SMITH JONES," stays one family name when normalised again.
    value.push_back(',');
  }
  return value;
}

NameOptions MakeNameOptions(std::span<const std::string> placeholders,
                            std::span<const std::string> titles,
                            std::span<const std::string> suffixes) {
  NameOptions options;
  options.placeholders = PlaceholderSet(placeholders);
  options.titles = FoldWordSet(titles);
  options.suffixes = FoldWordSet(suffixes);
  return options;
}

const NameOptions& DefaultNameOptions() {
  static const NameOptions* const options = new NameOptions(MakeNameOptions(
      ToStrings(kDefaultPlaceholders), ToStrings(kDefaultTitles),
      ToStrings(kDefaultSuffixes)));
  return *options;
}

Issue ParseGivenName(std::string_view raw, const NameOptions& options,
                     GivenName* out) {
  *out = GivenName();
  std::string folded;
  Issue issue = FoldName(raw, options, &folded);
  if (issue != Issue::kNone) return issue;
  std::vector<std::string> words;
  issue = CleanWords(folded, options, /*family=*/false, &words);
  if (issue != Issue::kNone) return issue;
  FillGiven(words, out);
  if (TooLong(out->given, options)) {
    *out = GivenName();
    return Issue::kTooLong;
  }
  return Issue::kNone;
}

Issue ParseFamilyName(std::string_view raw, const NameOptions& options,
                      FamilyName* out) {
  *out = FamilyName();
  std::string folded;
  Issue issue = FoldName(raw, options, &folded);
  if (issue != Issue::kNone) return issue;
  std::vector<std::string> words;
  issue = CleanWords(folded, options, /*family=*/true, &words);
  if (issue != Issue::kNone) return issue;
  FillFamily(words, out);
  if (TooLong(out->value, options)) {
    *out = FamilyName();
    return Issue::kTooLong;
  }
  return Issue::kNone;
}

Issue ParseFullName(std::string_view raw, const NameOptions& options,
                    FullName* out) {
  *out = FullName();
  std::string folded;
  Issue issue = FoldName(raw, options, &folded);
  if (issue != Issue::kNone) return issue;
  std::string cleaned;
  CollapseWords(folded, /*keep_digits=*/false, &cleaned);
  if (options.placeholders.Matches(folded, cleaned)) {
    return Issue::kPlaceholder;
  }
  if (cleaned.empty()) return EmptyIssue(folded);

  std::string family_folded, given_folded;
  const std::size_t comma = folded.find(',');
  if (comma != std::string::npos) {
    family_folded = folded.substr(0, comma);
    given_folded = folded.substr(comma + 1);
  } else {
    // Whitespace-separated tokens keep hyphens, so "SMITH-JONES" stays one.
    std::vector<std::string> tokens;
    for (const std::string& token : SplitWords(folded)) {
      std::string word;
      CollapseWords(token, /*keep_digits=*/false, &word);
      if (!word.empty()) tokens.push_back(std::move(word));
    }
    std::size_t begin = 0, end = tokens.size();
    while (begin < end && options.titles.contains(tokens[begin])) ++begin;
    if (begin == end) return Issue::kNoLetters;
    while (end > begin + 1 && options.suffixes.contains(tokens[end - 1])) {
      --end;
    }
    std::size_t family_begin = end - 1;
    while (family_begin > begin + 1 && IsParticle(tokens[family_begin - 1])) {
      --family_begin;
    }
    family_folded = JoinWords(tokens, family_begin, end, " ");
    given_folded = JoinWords(tokens, begin, family_begin, " ");
  }
  std::vector<std::string> words;
  issue = CleanWords(family_folded, options, /*family=*/true, &words);
  if (issue != Issue::kNone) {
    // "Smith," has a family name; ", John" does not.
    return issue == Issue::kMissing ? Issue::kNoLetters : issue;
  }
  FillFamily(words, &out->family);
  // A placeholder or empty given part ("Smith, Baby") leaves given empty.
  if (CleanWords(given_folded, options, /*family=*/false, &words) ==
      Issue::kNone) {
    FillGiven(words, &out->given);
  }
  // Checks on the normaliser's value, so that normalising it again gives
  // the same result: its length, and whether the reordered words form a
  // placeholder ("5K N" -> "N, K" reads as N/K).
  const std::string value = FullNameValue(*out);
  if (TooLong(value, options)) {
    *out = FullName();
    return Issue::kTooLong;
  }
  cleaned.clear();
  CollapseWords(value, /*keep_digits=*/false, &cleaned);
  if (options.placeholders.Matches(value, cleaned)) {
    *out = FullName();
    return Issue::kPlaceholder;
  }
  return Issue::kNone;
}

NameNormaliser::NameNormaliser(NameKind kind, NameOptions options,
                               std::shared_ptr<const NameVariants> variants)
    : kind_(kind), options_(std::move(options)), variants_(std::move(variants)) {
  switch (kind_) {
    case NameKind::kGiven:
      part_names_ = {"first", "middle", "canonical_first"};
      break;
    case NameKind::kFamily:
      part_names_ = {"first_part", "last_part", "joined"};
      break;
    case NameKind::kFull:
      part_names_ = {"given", "first", "middle", "canonical_first", "family"};
      break;
  }
}

std::string_view NameNormaliser::name() const noexcept {
  switch (kind_) {
    case NameKind::kGiven: return "given_name";
    case NameKind::kFamily: return "family_name";
    case NameKind::kFull: return "full_name";
  }
  return "given_name";
}

NormalisedValue NameNormaliser::Normalise(std::string_view raw) const {
  NormalisedValue result;
  auto canonical = [&](const std::string& first) {
    return variants_ == nullptr || first.empty()
               ? first
               : std::string(variants_->Canonical(first));
  };
  switch (kind_) {
    case NameKind::kGiven: {
      GivenName given;
      result.issue = ParseGivenName(raw, options_, &given);
      if (result.null()) return result;
      result.parts = {given.first, given.middle, canonical(given.first)};
      result.value = std::move(given.given);
      return result;
    }
    case NameKind::kFamily: {
      FamilyName family;
      result.issue = ParseFamilyName(raw, options_, &family);
      if (result.null()) return result;
      result.parts = {family.first_part, family.last_part, family.joined};
      result.value = std::move(family.value);
      return result;
    }
    case NameKind::kFull: {
      FullName full;
      result.issue = ParseFullName(raw, options_, &full);
      if (result.null()) return result;
      result.value = FullNameValue(full);
      result.parts = {full.given.given, full.given.first, full.given.middle,
                      canonical(full.given.first), full.family.value};
      return result;
    }
  }
  return result;
}

namespace {

absl::StatusOr<std::unique_ptr<Normaliser>> MakeName(
    NameKind kind, const nlohmann::json& spec) {
  if (kind == NameKind::kFamily) {
    LINKAGE_RETURN_IF_ERROR(internal::CheckSpecKeys(
        spec, {"max_chars", "transliterate", "placeholders",
               "extra_placeholders", "titles", "suffixes"}));
  } else {
    LINKAGE_RETURN_IF_ERROR(internal::CheckSpecKeys(
        spec, {"max_chars", "transliterate", "placeholders",
               "extra_placeholders", "titles", "suffixes", "variants",
               "data_dir", "variant_types"}));
  }
  std::vector<std::string> placeholders = ToStrings(kDefaultPlaceholders);
  std::vector<std::string> extra, titles = ToStrings(kDefaultTitles),
                                  suffixes = ToStrings(kDefaultSuffixes);
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadStringList(spec, "placeholders", &placeholders));
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadStringList(spec, "extra_placeholders", &extra));
  LINKAGE_RETURN_IF_ERROR(internal::ReadStringList(spec, "titles", &titles));
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadStringList(spec, "suffixes", &suffixes));
  placeholders.insert(placeholders.end(), extra.begin(), extra.end());
  NameOptions options = MakeNameOptions(placeholders, titles, suffixes);
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadSize(spec, "max_chars", 1, 65536, &options.max_chars));
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadBool(spec, "transliterate", &options.transliterate));

  std::shared_ptr<const NameVariants> variants;
  auto it = spec.find("variants");
  if (it != spec.end()) {
    std::vector<std::string> paths;
    if (it->is_string() && it->get<std::string>() == "builtin") {
      std::string data_dir = "data";
      if (auto dir = spec.find("data_dir"); dir != spec.end()) {
        if (!dir->is_string()) {
          return absl::InvalidArgumentError(".data_dir: must be a string");
        }
        data_dir = dir->get<std::string>();
      }
      for (std::string_view file : kBuiltinVariantFiles) {
        paths.push_back(absl::StrCat(data_dir, "/", ToAbsl(file)));
      }
    } else if (it->is_string()) {
      paths.push_back(it->get<std::string>());
    } else if (it->is_array()) {
      LINKAGE_RETURN_IF_ERROR(internal::ReadStringList(spec, "variants", &paths));
    } else {
      return absl::InvalidArgumentError(
          ".variants: must be a CSV path, an array of paths or \"builtin\"");
    }
    std::vector<std::string> types = DefaultVariantTypes();
    LINKAGE_RETURN_IF_ERROR(
        internal::ReadStringList(spec, "variant_types", &types));
    absl::StatusOr<NameVariants> loaded = NameVariants::Load(paths, types);
    if (!loaded.ok()) {
      return absl::Status(loaded.status().code(),
                          absl::StrCat(".variants: ", loaded.status().message()));
    }
    variants = std::make_shared<const NameVariants>(*std::move(loaded));
  } else if (spec.contains("data_dir") || spec.contains("variant_types")) {
    return absl::InvalidArgumentError(absl::StrCat(
        spec.contains("data_dir") ? ".data_dir" : ".variant_types",
        ": only used together with \"variants\""));
  }
  return std::make_unique<NameNormaliser>(kind, std::move(options),
                                          std::move(variants));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Normaliser>> MakeGivenNameNormaliser(
    const nlohmann::json& spec) {
  return MakeName(NameKind::kGiven, spec);
}

absl::StatusOr<std::unique_ptr<Normaliser>> MakeFamilyNameNormaliser(
    const nlohmann::json& spec) {
  return MakeName(NameKind::kFamily, spec);
}

absl::StatusOr<std::unique_ptr<Normaliser>> MakeFullNameNormaliser(
    const nlohmann::json& spec) {
  return MakeName(NameKind::kFull, spec);
}

}  // namespace linkage
