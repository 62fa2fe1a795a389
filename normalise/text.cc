// Copyright 2026 The Linkage Authors.
#include "normalise/text.h"

#include <utility>

#include "base/status_macros.h"
#include "base/string_view.h"
#include "normalise/internal/unicode.h"
#include "normalise/internal/unicode_options.h"

namespace linkage {

void CollapseWords(std::string_view folded, bool keep_digits,
                   std::string* out) {
  const std::size_t start = out->size();
  bool pending_space = false;
  for (char c : folded) {
    if (c == '\'') continue;
    const bool word = internal::IsWordByte(c) &&
                      (keep_digits || !internal::IsAsciiDigit(c));
    if (!word) {
      pending_space = true;
      continue;
    }
    if (pending_space && out->size() > start) out->push_back(' ');
    pending_space = false;
    out->push_back(c);
  }
}

std::string CollapseSpaces(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (char c : folded) {
    if (c == ' ') {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

PlaceholderSet::PlaceholderSet(std::span<const std::string> tokens) {
  std::string folded;
  for (const std::string& token : tokens) {
    // Tokens come from config: fold them exactly like values. A token that
    // does not fold (control characters) can never match and is skipped.
    if (internal::FoldToUpperAscii(token, 4096, true, &folded) !=
        Issue::kNone) {
      continue;
    }
    std::string collapsed = CollapseSpaces(folded);
    if (collapsed.empty()) continue;
    std::string cleaned;
    CollapseWords(folded, /*keep_digits=*/true, &cleaned);
    folded_.insert(std::move(collapsed));
    if (!cleaned.empty()) cleaned_.insert(std::move(cleaned));
  }
}

bool PlaceholderSet::Matches(std::string_view folded,
                             std::string_view cleaned) const {
  if (folded_.empty()) return false;
  if (!cleaned.empty() && cleaned_.contains(ToAbsl(cleaned))) return true;
  // The folded form differs from the cleaned one only by punctuation and
  // digits; skip the copy when it has neither ("N/K" and "?" need it,
  // "UNKNOWN" does not).
  bool other = false;
  for (char c : folded) {
    other = other || (c != ' ' && (!internal::IsWordByte(c) ||
                                   internal::IsAsciiDigit(c)));
  }
  return other && folded_.contains(CollapseSpaces(folded));
}

Issue NormaliseText(std::string_view raw, const TextOptions& options,
                    std::string* out) {
  std::string folded;
  const Issue issue = internal::FoldToUpperAscii(raw, options.max_bytes,
                                                 options.transliterate,
                                                 &folded);
  out->clear();
  if (issue != Issue::kNone) return issue;
  CollapseWords(folded, options.keep_digits, out);
  if (out->size() > options.max_bytes) {
    // Transliteration can lengthen a value (CJK -> pinyin); the limit holds
    // for the output too, so normalising the output again is stable.
    out->clear();
    return Issue::kTooLong;
  }
  if (!out->empty()) return Issue::kNone;
  for (char c : folded) {
    if (c != ' ') return Issue::kNoLetters;
  }
  return Issue::kMissing;
}

TextNormaliser::TextNormaliser(TextOptions options,
                               std::vector<std::string> placeholders)
    : options_(options), placeholders_(placeholders) {}

NormalisedValue TextNormaliser::Normalise(std::string_view raw) const {
  NormalisedValue result;
  std::string folded;
  Issue issue = internal::FoldToUpperAscii(raw, options_.max_bytes,
                                           options_.transliterate, &folded);
  if (issue == Issue::kNone) {
    CollapseWords(folded, options_.keep_digits, &result.value);
    if (result.value.size() > options_.max_bytes) {
      issue = Issue::kTooLong;
    } else if (placeholders_.Matches(folded, result.value)) {
      issue = Issue::kPlaceholder;
    } else if (result.value.empty()) {
      issue = CollapseSpaces(folded).empty() ? Issue::kMissing
                                             : Issue::kNoLetters;
    }
  }
  if (issue != Issue::kNone) {
    result.value.clear();
    result.issue = issue;
  }
  return result;
}

absl::StatusOr<std::unique_ptr<Normaliser>> MakeTextNormaliser(
    const nlohmann::json& spec) {
  LINKAGE_RETURN_IF_ERROR(internal::CheckSpecKeys(
      spec, {"max_bytes", "transliterate", "keep_digits", "placeholders"}));
  TextOptions options;
  std::vector<std::string> placeholders;
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadSize(spec, "max_bytes", 1, 1 << 20, &options.max_bytes));
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadBool(spec, "transliterate", &options.transliterate));
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadBool(spec, "keep_digits", &options.keep_digits));
  LINKAGE_RETURN_IF_ERROR(
      internal::ReadStringList(spec, "placeholders", &placeholders));
  return std::make_unique<TextNormaliser>(options, std::move(placeholders));
}

}  // namespace linkage
