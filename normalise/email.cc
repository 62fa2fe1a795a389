// Copyright 2026 The Linkage Authors.
#include "normalise/email.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "base/string_view.h"
#include "normalise/internal/field_input.h"
#include "normalise/internal/spec_options.h"

namespace linkage {
namespace {

constexpr std::size_t kMaxAddress = 254;
constexpr std::size_t kMaxLocal = 64;
constexpr std::size_t kMaxLabel = 63;

bool IsAtext(char c) noexcept {
  if (internal::IsAsciiAlpha(c) || internal::IsAsciiDigit(c)) return true;
  if (static_cast<unsigned char>(c) >= 0x80) return true;  // UTF-8 (RFC 6531)
  return std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) !=
         std::string_view::npos;
}

bool ValidLocal(std::string_view local) noexcept {
  if (local.empty() || local.size() > kMaxLocal) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  for (std::size_t i = 0; i < local.size(); ++i) {
    const char c = local[i];
    if (c == '.') {
      if (local[i + 1] == '.') return false;  // i + 1 < size: back() != '.'
    } else if (!IsAtext(c)) {
      return false;
    }
  }
  return true;
}

bool ValidDomain(std::string_view domain) noexcept {
  if (domain.size() < 4 || domain.size() > 253) return false;
  int labels = 0;
  std::size_t start = 0;
  bool last_all_digits = false;
  while (start <= domain.size()) {
    std::size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > kMaxLabel) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    last_all_digits = true;
    for (char c : label) {
      const bool digit = internal::IsAsciiDigit(c);
      last_all_digits = last_all_digits && digit;
      if (!digit && !internal::IsAsciiAlpha(c) && c != '-' &&
          static_cast<unsigned char>(c) < 0x80) {
        return false;
      }
    }
    ++labels;
    start = end + 1;
  }
  return labels >= 2 && !last_all_digits;
}

class EmailNormaliser final : public Normaliser {
 public:
  explicit EmailNormaliser(absl::flat_hash_set<std::string> placeholders)
      : placeholders_(std::move(placeholders)) {}

  std::string_view name() const noexcept override { return "email"; }

  std::span<const std::string> part_names() const noexcept override {
    return part_names_;
  }

  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue out;
    std::optional<Email> email = ParseEmail(raw, &out.issue);
    if (!email) return out;
    if (placeholders_.contains(email->address)) {
      out.issue = Issue::kPlaceholder;
      return out;
    }
    out.parts.reserve(2);  // one allocation, not two
    out.parts.emplace_back(email->local());
    out.parts.emplace_back(email->domain());
    out.value = std::move(email->address);
    return out;
  }

 private:
  const absl::flat_hash_set<std::string> placeholders_;
  const std::vector<std::string> part_names_ = {"local", "domain"};
};

}  // namespace

std::optional<Email> ParseEmail(std::string_view raw, Issue* why) {
  internal::FieldBuffer buffer;
  std::string_view clean = internal::PrepareField(raw, &buffer, why);
  if (*why != Issue::kNone) return std::nullopt;
  if (clean.size() >= 7) {
    bool mailto = true;
    for (std::size_t i = 0; i < 7; ++i) {
      mailto = mailto && internal::AsciiLower(clean[i]) == "mailto:"[i];
    }
    if (mailto) clean.remove_prefix(7);
  }
  if (clean.size() > kMaxAddress) {
    *why = Issue::kTooLong;
    return std::nullopt;
  }
  const std::size_t at = clean.find('@');
  if (at == std::string_view::npos ||
      clean.find('@', at + 1) != std::string_view::npos ||
      !ValidLocal(clean.substr(0, at)) || !ValidDomain(clean.substr(at + 1))) {
    *why = Issue::kBadFormat;
    return std::nullopt;
  }
  Email email;
  email.address.resize(clean.size());
  for (std::size_t i = 0; i < clean.size(); ++i) {
    email.address[i] = internal::AsciiLower(clean[i]);
  }
  email.at = at;
  *why = Issue::kNone;
  return email;
}

absl::StatusOr<std::unique_ptr<Normaliser>> MakeEmailNormaliser(
    const nlohmann::json& spec) {
  LINKAGE_RETURN_IF_ERROR(internal::CheckSpecKeys(spec, {"placeholders"}));
  LINKAGE_ASSIGN_OR_RETURN(
      std::vector<std::string> values,
      internal::GetStringListOption(spec, "placeholders", {}));
  absl::flat_hash_set<std::string> placeholders;
  for (std::size_t i = 0; i < values.size(); ++i) {
    Issue why;
    std::optional<Email> email = ParseEmail(values[i], &why);
    if (!email) {
      return absl::InvalidArgumentError(absl::StrFormat(
          ".placeholders[%d]: \"%s\" is not a valid address (%s)", i,
          values[i], IssueName(why)));
    }
    placeholders.insert(std::move(email->address));
  }
  return std::make_unique<EmailNormaliser>(std::move(placeholders));
}

}  // namespace linkage
