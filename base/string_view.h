// Copyright 2026 The Linkage Authors.
//
// Debian 12's Abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW 0, so
// absl::string_view is a class of its own, not std::string_view: StrCat,
// StrJoin, StrSplit, Status messages and flat_hash_map<std::string, ...>
// heterogeneous lookup take absl::string_view and do not accept a
// std::string_view. Linkage's APIs use std::string_view; convert at the
// boundary with these two functions (absl::StrFormat("%s", sv) also works).
//
// Example:
//   return absl::InvalidArgumentError(absl::StrCat(ToAbsl(path), ": bad"));
//
// Thread-safety: pure functions.
#ifndef LINKAGE_BASE_STRING_VIEW_H_
#define LINKAGE_BASE_STRING_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace linkage {

inline absl::string_view ToAbsl(std::string_view s) noexcept {
  return absl::string_view(s.data(), s.size());
}

inline std::string_view ToStd(absl::string_view s) noexcept {
  return std::string_view(s.data(), s.size());
}

}  // namespace linkage

#endif  // LINKAGE_BASE_STRING_VIEW_H_
