// Copyright 2026 The Linkage Authors.
//
// Generic free-text normaliser ("text"), the base the name and address-line
// normalisers build on: Unicode NFKC, transliteration to ASCII, upper-case,
// apostrophes deleted (O'NEIL -> ONEIL), every other character that is not a
// letter or digit turned into a space, whitespace collapsed and trimmed.
// Hostile input is handled as internal/unicode.h documents (kTooLong first,
// kInvalidUtf8, kControlCharacter for NUL/C0/C1/bidi overrides; RLM/LRM and
// zero-width characters stripped).
//
// Spec options ({"normaliser": "text"} alone is useful):
//   "max_bytes"     integer, default 1024: longer raw values, and values
//                   whose canonical form is longer, are kTooLong.
//   "transliterate" bool, default true: ICU Any-Latin; Latin-ASCII. false
//                   keeps non-ASCII letters (NFKC + Unicode upper-case).
//   "keep_digits"   bool, default true: false turns digits into spaces.
//   "placeholders"  array of strings, default []: whole values that mean
//                   "no value" (matched after the same cleaning) ->
//                   kPlaceholder.
// A value with no letter or digit left ("--", "?") is kNoLetters; an empty or
// all-whitespace one is kMissing. No parts.
//
// Example:
//   std::string out;
//   Issue issue = NormaliseText("  Zoë   d’Arcy-Smith ", TextOptions{}, &out);
//   // issue == Issue::kNone, out == "ZOE DARCY SMITH"
//
// Thread-safety: all functions and a constructed normaliser are safe to use
// from many threads at once.
#ifndef LINKAGE_NORMALISE_TEXT_H_
#define LINKAGE_NORMALISE_TEXT_H_

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

struct TextOptions {
  // Raw values longer than this many bytes are kTooLong.
  std::size_t max_bytes = 1024;
  // Transliterate to ASCII (true) or keep Unicode letters (false).
  bool transliterate = true;
  // Keep ASCII digits (true) or treat them as separators (false).
  bool keep_digits = true;
};

// Normalises `raw` into `*out` (replacing its contents). Returns kNone, or
// the reason the value is null (then `*out` is empty): kTooLong,
// kInvalidUtf8, kControlCharacter, kMissing, kNoLetters.
// REQUIRES: out != nullptr.
Issue NormaliseText(std::string_view raw, const TextOptions& options,
                    std::string* out);

// Turns folded text (FoldToUpperAscii output) into space-separated words:
// apostrophes deleted, other non-word bytes (and digits unless
// `keep_digits`) become spaces, runs of spaces collapse, ends trimmed.
// Appends to `*out`. REQUIRES: out != nullptr.
void CollapseWords(std::string_view folded, bool keep_digits,
                   std::string* out);

// A set of whole-value "no value" tokens ("UNKNOWN", "N/K", "?"). A value
// matches if its folded form (upper-case, whitespace collapsed, punctuation
// kept) or its cleaned form (CollapseWords) equals that of a token, so "N/K",
// "n/k" and "N K" all match the token "N/K".
class PlaceholderSet {
 public:
  PlaceholderSet() = default;
  explicit PlaceholderSet(std::span<const std::string> tokens);

  // `folded` is FoldToUpperAscii output; `cleaned` its CollapseWords form.
  bool Matches(std::string_view folded, std::string_view cleaned) const;
  bool empty() const noexcept { return folded_.empty(); }

 private:
  absl::flat_hash_set<std::string> folded_;
  absl::flat_hash_set<std::string> cleaned_;
};

// Trims and collapses runs of ASCII spaces in folded text (punctuation kept).
std::string CollapseSpaces(std::string_view folded);

// The "text" normaliser. Build with MakeTextNormaliser.
class TextNormaliser final : public Normaliser {
 public:
  TextNormaliser(TextOptions options, std::vector<std::string> placeholders);

  std::string_view name() const noexcept override { return "text"; }
  std::span<const std::string> part_names() const noexcept override {
    return {};
  }
  NormalisedValue Normalise(std::string_view raw) const override;

 private:
  TextOptions options_;
  PlaceholderSet placeholders_;
};

// Builds a TextNormaliser from a column spec (options above). Errors are
// InvalidArgument starting with the option's path, e.g.
// ".max_bytes: must be an integer from 1 to 1048576".
absl::StatusOr<std::unique_ptr<Normaliser>> MakeTextNormaliser(
    const nlohmann::json& spec);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_TEXT_H_
