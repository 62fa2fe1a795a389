// Copyright 2026 The Linkage Authors.
//
// Email addresses: trimmed, a leading "mailto:" removed, lower-cased (ASCII
// letters; the local part is treated as case-insensitive, as every large
// provider does), and checked against a practical subset of RFC 5321/5322:
//   local@domain, exactly one '@';
//   local part 1-64 bytes of letters, digits, ! # $ % & ' * + / = ? ^ _ ` {
//   | } ~ - . and UTF-8 (RFC 6531), no leading, trailing or double dot;
//   domain 4-253 bytes, at least two dot-separated labels of 1-63 bytes of
//   letters, digits, '-' and UTF-8 (IDN), no label starting or ending with
//   '-', a top-level label that is not all digits.
// Quoted local parts, comments and IP-literal domains are refused: they do
// not occur in person registers and usually mean a parsing error upstream.
// Whole address over 254 bytes: Issue::kTooLong; anything else that fails:
// Issue::kBadFormat. Placeholders (option) give Issue::kPlaceholder.
//
// Registry name "email". Options: "placeholders" (list of addresses treated
// as missing, compared after normalisation; default none). Value: the
// normalised address. Parts, in order: local, domain.
//
// Example:
//   Issue why;
//   std::optional<Email> e = ParseEmail("  Jane.Doe@Example.COM ", &why);
//   // e->address == "jane.doe@example.com", e->domain() == "example.com"
//
// Thread-safety: all functions are pure; a constructed Normaliser is
// immutable and Normalise() may be called from many threads at once.
#ifndef LINKAGE_NORMALISE_EMAIL_H_
#define LINKAGE_NORMALISE_EMAIL_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage {

struct Email {
  std::string address;  // normalised "local@domain"
  std::size_t at = 0;   // index of '@' in `address`

  std::string_view local() const noexcept {
    return std::string_view(address).substr(0, at);
  }
  std::string_view domain() const noexcept {
    return std::string_view(address).substr(at + 1);
  }
};

// Parses and normalises a raw address. Returns nullopt and sets *why to
// kMissing, kTooLong, kInvalidUtf8, kControlCharacter (see
// internal/field_input.h) or kBadFormat; else sets *why to kNone. Allocates
// only the returned string. REQUIRES: why != nullptr.
std::optional<Email> ParseEmail(std::string_view raw, Issue* why);

// Builds the "email" normaliser from a column spec (options above). Returns
// InvalidArgument, with a message starting with the option's JSON sub-path,
// for an unknown option or a bad value (a placeholder that is not itself a
// valid address).
absl::StatusOr<std::unique_ptr<Normaliser>> MakeEmailNormaliser(
    const nlohmann::json& spec);

}  // namespace linkage

#endif  // LINKAGE_NORMALISE_EMAIL_H_
