// Copyright 2026 The Linkage Authors.
#include "normalise/normaliser.h"

namespace linkage {

std::string_view IssueName(Issue issue) noexcept {
  switch (issue) {
    case Issue::kNone: return "none";
    case Issue::kMissing: return "missing";
    case Issue::kPlaceholder: return "placeholder";
    case Issue::kInvalidUtf8: return "invalid_utf8";
    case Issue::kTooLong: return "too_long";
    case Issue::kControlCharacter: return "control_character";
    case Issue::kNoLetters: return "no_letters";
    case Issue::kBadFormat: return "bad_format";
    case Issue::kImpossibleDate: return "impossible_date";
    case Issue::kFutureDate: return "future_date";
    case Issue::kBeforeFloor: return "before_floor";
    case Issue::kWrongLength: return "wrong_length";
    case Issue::kNonDigit: return "non_digit";
    case Issue::kBadCheckDigit: return "bad_check_digit";
    case Issue::kUnknownCode: return "unknown_code";
    case Issue::kPatternMismatch: return "pattern_mismatch";
  }
  return "unknown_issue";
}

}  // namespace linkage
