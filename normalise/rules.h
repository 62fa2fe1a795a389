// Copyright 2026 The Linkage Authors.
//
// Config-driven extra rules around any normaliser: a column spec's "rules"
// array of RE2 find/replace and validation patterns, compiled once.
//
//   "rules": [
//     {"find": "^BABY OF ", "replace": ""},     // applied to the raw value,
//     {"find": "(?i)^baby of ", "replace": ""}, // in order, before the
//                                               // wrapped normaliser
//     {"validate": "^[A-Z -]+$"}                // applied to the canonical
//   ]                                           // value after it
//
// - "find" is an RE2 pattern (RE2 syntax, UTF-8, linear time: no
//   backreferences); every match is replaced (RE2::GlobalReplace) by
//   "replace" (default ""), which may use \0..\9 for groups.
// - "validate" is an RE2 pattern searched in the canonical value (use ^ and
//   $ to anchor); a non-null value that does not match becomes null with
//   Issue::kPatternMismatch.
// - Raw values over kMaxRuleInputBytes skip the find/replace rules and go to
//   the wrapped normaliser unchanged (which reports them kTooLong).
// Errors name the element: ".rules[2].find: invalid pattern \"(\": missing
// ): (" (RE2's own error text), ".rules[0]: unknown key \"fnd\"".
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(auto inner, MakeGivenNameNormaliser(spec));
//   LINKAGE_ASSIGN_OR_RETURN(auto wrapped,
//                            WrapWithRules(std::move(inner), spec["rules"]));
//
// Thread-safety: a wrapped normaliser is immutable (RE2 objects are safe for
// concurrent matching); Normalise may be called from many threads.
#ifndef LINKAGE_NORMALISE_RULES_H_
#define LINKAGE_NORMALISE_RULES_H_

#include <cstddef>
#include <memory>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

// Raw values longer than this skip the find/replace rules.
inline constexpr std::size_t kMaxRuleInputBytes = 64 * 1024;

// Wraps `inner` with the rules in `rules` (a JSON array, as above). An empty
// array or a JSON null returns `inner` itself. Returns InvalidArgument
// (message starting ".rules") for a malformed rule or invalid pattern.
// REQUIRES: inner != nullptr.
absl::StatusOr<std::unique_ptr<Normaliser>> WrapWithRules(
    std::unique_ptr<Normaliser> inner, const nlohmann::json& rules);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_RULES_H_
