// Copyright 2026 The Linkage Authors.
//
// Status propagation macros. Debian 12's Abseil (20220623) has no
// ABSL_RETURN_IF_ERROR / ASSIGN_OR_RETURN, so Linkage defines one pair here
// and nowhere else.
//
// Example:
//   absl::StatusOr<Model> LoadModel(std::string_view path) {
//     LINKAGE_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
//     LINKAGE_RETURN_IF_ERROR(Validate(text));
//     return ParseModel(text);
//   }
#ifndef LINKAGE_BASE_STATUS_MACROS_H_
#define LINKAGE_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status); returns it from the enclosing function
// if it is not OK.
#define LINKAGE_RETURN_IF_ERROR(expr)                          \
  do {                                                         \
    ::absl::Status linkage_status_internal_ = (expr);          \
    if (!linkage_status_internal_.ok()) {                      \
      return linkage_status_internal_;                         \
    }                                                          \
  } while (false)

#define LINKAGE_STATUS_MACROS_CONCAT_INNER_(a, b) a##b
#define LINKAGE_STATUS_MACROS_CONCAT_(a, b) \
  LINKAGE_STATUS_MACROS_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status from
// the enclosing function, else moves the value into `lhs`, which may be a
// declaration (`auto x`) or an existing variable.
#define LINKAGE_ASSIGN_OR_RETURN(lhs, rexpr)                                \
  LINKAGE_ASSIGN_OR_RETURN_IMPL_(                                           \
      LINKAGE_STATUS_MACROS_CONCAT_(linkage_statusor_, __LINE__), lhs, rexpr)

#define LINKAGE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                   \
  if (!statusor.ok()) {                                      \
    return std::move(statusor).status();                     \
  }                                                          \
  lhs = std::move(statusor).value()

#endif  // LINKAGE_BASE_STATUS_MACROS_H_
