// Copyright 2026 The Linkage Authors.
#include "normalise/address_line.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "normalise/internal/unicode.h"
#include "normalise/internal/unicode_options.h"
#include "normalise/text.h"

namespace linkage {
namespace {

// The words of a folded address line: their bytes (apostrophes dropped,
// "&" as "AND") one after another in `bytes`, each word a [begin, end) range.
struct Token {
  std::uint32_t begin = 0, end = 0;
  bool after_comma = false;  // a comma separated it from the previous token
};
struct Tokens {
  std::string bytes;
  absl::InlinedVector<Token, 8> list;
  std::string_view text(const Token& t) const {
    return std::string_view(bytes).substr(t.begin, t.end - t.begin);
  }
};

// Fills *out (reusing its buffers) with the words of `folded`.
void Tokenise(std::string_view folded, Tokens* out) {
  out->bytes.clear();
  out->list.clear();
  std::uint32_t begin = 0;  // of the current word in out->bytes
  bool comma = false;
  const auto current_empty = [&] { return out->bytes.size() == begin; };
  auto flush = [&]() {
    if (current_empty()) return;
    out->list.push_back({begin, static_cast<std::uint32_t>(out->bytes.size()), comma});
    begin = static_cast<std::uint32_t>(out->bytes.size());
    comma = false;
  };
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    if (internal::IsWordByte(c)) {
      out->bytes.push_back(c);
    } else if (c == '\'') {
      continue;
    } else if ((c == '-' || c == '/') && !current_empty() &&
               internal::IsAsciiDigit(out->bytes.back()) && i + 1 < folded.size() &&
               internal::IsAsciiDigit(folded[i + 1])) {
      out->bytes.push_back(c);
    } else if (c == '&') {
      flush();
      out->bytes.append("AND");
      out->list.push_back({begin, static_cast<std::uint32_t>(out->bytes.size()), comma});
      begin = static_cast<std::uint32_t>(out->bytes.size());
      comma = false;
    } else {
      flush();
      if (c == ',') comma = true;
    }
  }
  flush();
}

// A word of at most 7 bytes as one integer: its bytes, then its length in
// the top byte (so that "AB" and "AB\0" differ).
constexpr std::uint64_t PackWord(std::string_view word) {
  std::uint64_t key = 0;
  for (char c : word) key = (key << 8) | static_cast<unsigned char>(c);
  return key | (static_cast<std::uint64_t>(word.size()) << 56);
}

// The built-in abbreviations as packed words, sorted, with their index in
// kAddressAbbreviations: a word is looked up by a binary search over
// integers instead of comparing it with every abbreviation of its length.
constexpr std::size_t kNumAbbreviations = std::size(kAddressAbbreviations);
constexpr auto kPackedAbbreviations = [] {
  std::array<std::pair<std::uint64_t, std::size_t>, kNumAbbreviations> packed{};
  for (std::size_t i = 0; i < kNumAbbreviations; ++i) {
    if (kAddressAbbreviations[i].first.size() > 7) throw "abbreviation longer than 7 bytes";
    packed[i] = {PackWord(kAddressAbbreviations[i].first), i};
  }
  std::sort(packed.begin(), packed.end());
  for (std::size_t i = 1; i < kNumAbbreviations; ++i) {
    if (packed[i].first == packed[i - 1].first) throw "duplicate abbreviation";
  }
  return packed;
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
  // Most words (street names) are longer than any built-in abbreviation.
  if (word.empty() || word.size() > 7) return word;
  const std::uint64_t key = PackWord(word);
  const auto it = std::lower_bound(
      kPackedAbbreviations.begin(), kPackedAbbreviations.end(), key,
      [](const std::pair<std::uint64_t, std::size_t>& entry, std::uint64_t k) {
        return entry.first < k;
      });
  if (it != kPackedAbbreviations.end() && it->first == key) {
    return kAddressAbbreviations[it->second].second;
  }
  return word;
}

}  // namespace

Issue NormaliseAddressLine(std::string_view raw,
                           const AddressLineOptions& options,
                           std::string* out) {
  out->clear();
  // Per-thread buffers: a register normalises hundreds of thousands of
  // address lines, and most would otherwise allocate three times.
  thread_local std::string folded;
  thread_local Tokens tokens;
  folded.clear();
  const Issue issue = internal::FoldToUpperAscii(
      raw, options.max_bytes, options.transliterate, &folded);
  if (issue != Issue::kNone) return issue;
  Tokenise(folded, &tokens);
  if (tokens.list.empty()) {
    return CollapseSpaces(folded).empty() ? Issue::kMissing
                                          : Issue::kNoLetters;
  }
  for (std::size_t i = 0; i < tokens.list.size(); ++i) {
    if (i > 0) out->push_back(' ');
    const std::string_view word = tokens.text(tokens.list[i]);
    if (!options.expand_abbreviations) {
      out->append(word);
    } else if (word == "ST" && !options.abbreviations.contains("ST")) {
      const bool starts_phrase = i == 0 || tokens.list[i].after_comma ||
                                 HasDigit(tokens.text(tokens.list[i - 1]));
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
