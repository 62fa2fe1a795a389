// Copyright 2026 The Linkage Authors.
#include "normalise/address_line.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "normalise/internal/unicode.h"
#include "normalise/internal/unicode_options.h"
#include "normalise/text.h"

namespace linkage {
namespace {

struct Token {
  std::string text;
  bool after_comma = false;  // a comma separated it from the previous token
};

std::vector<Token> Tokenise(std::string_view folded) {
  std::vector<Token> tokens;
  std::string current;
  bool comma = false;
  auto flush = [&]() {
    if (current.empty()) return;
    tokens.push_back({std::move(current), comma});
    current.clear();
    comma = false;
  };
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    if (internal::IsWordByte(c)) {
      current.push_back(c);
    } else if (c == '\'') {
      continue;
    } else if ((c == '-' || c == '/') && !current.empty() &&
               internal::IsAsciiDigit(current.back()) && i + 1 < folded.size() &&
               internal::IsAsciiDigit(folded[i + 1])) {
      current.push_back(c);
    } else if (c == '&') {
      flush();
      tokens.push_back({"AND", comma});
      comma = false;
    } else {
      flush();
      if (c == ',') comma = true;
    }
  }
  flush();
  return tokens;
}

// The shortest and longest built-in abbreviations' lengths.
constexpr std::pair<std::size_t, std::size_t> kAbbreviationLengths = [] {
  std::pair<std::size_t, std::size_t> lengths{SIZE_MAX, 0};
  for (const auto& entry : kAddressAbbreviations) {
    lengths.first = std::min(lengths.first, entry.first.size());
    lengths.second = std::max(lengths.second, entry.first.size());
  }
  return lengths;
}();

bool HasDigit(std::string_view word) {
  for (char c : word) {
    if (internal::IsAsciiDigit(c)) return true;
  }
  return false;
}

std::string_view Expand(std::string_view word,
                        const AddressLineOptions& options) {
  if (!options.abbreviations.empty()) {
    auto it = options.abbreviations.find(ToAbsl(word));
    if (it != options.abbreviations.end()) return it->second;
  }
  // Most words (street names) are longer than any built-in abbreviation
  // and skip the table.
  if (word.size() < kAbbreviationLengths.first || word.size() > kAbbreviationLengths.second) {
    return word;
  }
  for (const auto& [abbreviation, expansion] : kAddressAbbreviations) {
    if (word == abbreviation) return expansion;
  }
  return word;
}

}  // namespace

Issue NormaliseAddressLine(std::string_view raw,
                           const AddressLineOptions& options,
                           std::string* out) {
  out->clear();
  std::string folded;
  const Issue issue = internal::FoldToUpperAscii(
      raw, options.max_bytes, options.transliterate, &folded);
  if (issue != Issue::kNone) return issue;
  const std::vector<Token> tokens = Tokenise(folded);
  if (tokens.empty()) {
    return CollapseSpaces(folded).empty() ? Issue::kMissing
                                          : Issue::kNoLetters;
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) out->push_back(' ');
    const std::string& word = tokens[i].text;
    if (!options.expand_abbreviations) {
      out->append(word);
    } else if (word == "ST" && !options.abbreviations.contains("ST")) {
      const bool starts_phrase =
          i == 0 || tokens[i].after_comma || HasDigit(tokens[i - 1].text);
      out->append(starts_phrase ? "SAINT" : "STREET");
    } else {
      const std::string_view expanded = Expand(word, options);
      out->append(expanded.data(), expanded.size());
    }
  }
  if (out->size() > options.max_bytes) {  // the limit holds for the output
    out->clear();
    return Issue::kTooLong;
  }
  return Issue::kNone;
}

NormalisedValue AddressLineNormaliser::Normalise(std::string_view raw) const {
  NormalisedValue result;
  result.issue = NormaliseAddressLine(raw, options_, &result.value);
  if (result.null()) result.value.clear();
  return result;
}

absl::StatusOr<std::unique_ptr<Normaliser>> MakeAddressLineNormaliser(
    const nlohmann::json& spec) {
  LINKAGE_RETURN_IF_ERROR(internal::CheckSpecKeys(
      spec, {"max_bytes", "transliterate", "expand_abbreviations",
             "abbreviations"}));
  AddressLineOptions options;
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadSize(spec, "max_bytes", 1, 1 << 20, &options.max_bytes));
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadBool(spec, "transliterate", &options.transliterate));
  LINKAGE_RETURN_IF_ERROR(internal::ReadBool(spec, "expand_abbreviations",
                                             &options.expand_abbreviations));
  auto it = spec.find("abbreviations");
  if (it != spec.end()) {
    if (!it->is_object()) {
      return absl::InvalidArgumentError(
          ".abbreviations: must be an object {\"ABBR\": \"EXPANSION\"}");
    }
    for (const auto& [key, value] : it->items()) {
      const std::string path = absl::StrCat(".abbreviations.", key);
      if (!value.is_string()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": must be a string"));
      }
      // Keys and expansions are cleaned like values so that they can match
      // and so the output stays stable under re-normalisation.
      std::string folded, from, to;
      if (internal::FoldToUpperAscii(key, 1024, true, &folded) !=
          Issue::kNone) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": invalid abbreviation"));
      }
      CollapseWords(folded, /*keep_digits=*/true, &from);
      if (internal::FoldToUpperAscii(value.get<std::string>(), 1024, true,
                                     &folded) != Issue::kNone) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": invalid expansion"));
      }
      CollapseWords(folded, /*keep_digits=*/true, &to);
      if (from.empty() || from.find(' ') != std::string::npos || to.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ": abbreviation must be one word and expansion non-empty"));
      }
      options.abbreviations[from] = to;
    }
  }
  return std::make_unique<AddressLineNormaliser>(std::move(options));
}

}  // namespace linkage
