// Copyright 2026 The Linkage Authors.
#include "normalise/postcode.h"

#include <string>
#include <vector>

#include "base/status_macros.h"
#include "normalise/internal/field_input.h"
#include "normalise/internal/spec_options.h"

namespace linkage {
namespace {

using internal::IsAsciiAlpha;
using internal::IsAsciiDigit;

constexpr bool IsOneOf(char c, std::string_view set) noexcept {
  return set.find(c) != std::string_view::npos;
}
// REQUIRES for all: `c` is an upper-case ASCII letter or a digit.
constexpr bool FirstLetter(char c) noexcept {
  return IsAsciiAlpha(c) && !IsOneOf(c, "QVX");
}
constexpr bool SecondLetter(char c) noexcept {
  return IsAsciiAlpha(c) && !IsOneOf(c, "IJZ");
}
constexpr bool ThirdLetterA9A(char c) noexcept {
  return IsOneOf(c, "ABCDEFGHJKPSTUW");
}
constexpr bool FourthLetterAA9A(char c) noexcept {
  return IsOneOf(c, "ABEHMNPRVWXY");
}
constexpr bool InwardLetter(char c) noexcept {
  return IsAsciiAlpha(c) && !IsOneOf(c, "CIKMOV");
}

// Validates an upper-case outward code; returns its area length (1 or 2),
// or 0 if it is not a valid outward code.
int ValidOutward(std::string_view o) noexcept {
  if (o.size() < 2 || o.size() > 4 || !FirstLetter(o[0])) return 0;
  switch (o.size()) {
    case 2:  // A9
      return IsAsciiDigit(o[1]) ? 1 : 0;
    case 3:
      if (IsAsciiDigit(o[1])) {  // A99 or A9A
        return (IsAsciiDigit(o[2]) || ThirdLetterA9A(o[2])) ? 1 : 0;
      }
      return (SecondLetter(o[1]) && IsAsciiDigit(o[2])) ? 2 : 0;  // AA9
    default:  // AA99 or AA9A
      return (SecondLetter(o[1]) && IsAsciiDigit(o[2]) &&
              (IsAsciiDigit(o[3]) || FourthLetterAA9A(o[3])))
                 ? 2
                 : 0;
  }
}

bool ValidInward(std::string_view i) noexcept {
  return i.size() == 3 && IsAsciiDigit(i[0]) && InwardLetter(i[1]) &&
         InwardLetter(i[2]);
}

class UkPostcodeNormaliser final : public Normaliser {
 public:
  explicit UkPostcodeNormaliser(UkPostcodeOptions options)
      : options_(options) {}

  std::string_view name() const noexcept override { return "uk_postcode"; }

  std::span<const std::string> part_names() const noexcept override {
    return part_names_;
  }

  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue out;
    std::optional<UkPostcode> p = ParseUkPostcode(raw, options_, &out.issue);
    if (!p) return out;
    out.value.assign(p->value());
    out.parts.reserve(7);
    out.parts.emplace_back(p->outward());
    out.parts.emplace_back(p->inward());
    out.parts.emplace_back(p->area());
    out.parts.emplace_back(p->district());
    out.parts.emplace_back(p->sub_district());
    out.parts.emplace_back(p->sector());
    out.parts.emplace_back(p->unit());
    return out;
  }

 private:
  const UkPostcodeOptions options_;
  const std::vector<std::string> part_names_ = {
      "outward", "inward", "area", "district", "sub_district", "sector",
      "unit"};
};

}  // namespace

std::string_view UkPostcode::district() const noexcept {
  if (kind == UkPostcodeKind::kBfpo) return {};
  std::string_view o = outward();
  if (kind != UkPostcodeKind::kGiro && IsAsciiAlpha(o.back())) {
    o.remove_suffix(1);
  }
  return o;
}

std::string_view UkPostcode::sub_district() const noexcept {
  if (kind == UkPostcodeKind::kBfpo || kind == UkPostcodeKind::kGiro) {
    return {};
  }
  std::string_view o = outward();
  return IsAsciiAlpha(o.back()) ? o : std::string_view();
}

std::string_view UkPostcode::sector() const noexcept {
  if (kind == UkPostcodeKind::kBfpo || kind == UkPostcodeKind::kOutwardOnly) {
    return {};
  }
  return {text.data(), static_cast<std::size_t>(outward_size + 2)};
}

std::string_view UkPostcode::unit() const noexcept {
  if (kind == UkPostcodeKind::kBfpo || kind == UkPostcodeKind::kOutwardOnly) {
    return {};
  }
  return {text.data() + size - 2, 2};
}

std::optional<UkPostcode> ParseUkPostcode(std::string_view raw,
                                          const UkPostcodeOptions& options,
                                          Issue* why) noexcept {
  internal::FieldBuffer buffer;
  const std::string_view clean = internal::PrepareField(raw, &buffer, why);
  if (*why != Issue::kNone) return std::nullopt;

  // Upper-case alphanumerics with spaces removed; at most 8 ("BFPO1234").
  char packed[8];
  std::size_t n = 0;
  for (char c : clean) {
    if (internal::IsAsciiSpace(c)) continue;
    if (!IsAsciiDigit(c) && !IsAsciiAlpha(c)) {
      *why = Issue::kBadFormat;
      return std::nullopt;
    }
    if (n == sizeof(packed)) {
      *why = Issue::kBadFormat;
      return std::nullopt;
    }
    packed[n++] = internal::AsciiUpper(c);
  }
  const std::string_view s(packed, n);

  UkPostcode p;
  auto emit = [&](std::string_view outward, std::string_view inward,
                  int area_size, UkPostcodeKind kind) {
    std::size_t k = 0;
    for (char c : outward) p.text[k++] = c;
    p.outward_size = static_cast<std::uint8_t>(k);
    if (!inward.empty()) {
      p.text[k++] = ' ';
      for (char c : inward) p.text[k++] = c;
    }
    p.size = static_cast<std::uint8_t>(k);
    p.area_size = static_cast<std::uint8_t>(area_size);
    p.kind = kind;
    *why = Issue::kNone;
    return p;
  };

  if (s.size() >= 5 && s.substr(0, 4) == "BFPO") {
    std::string_view number = s.substr(4);
    while (number.size() > 1 && number.front() == '0') number.remove_prefix(1);
    bool digits = number.size() <= 4;
    for (char c : number) digits = digits && IsAsciiDigit(c);
    if (options.allow_bfpo && digits && number != "0") {
      return emit("BFPO", number, 4, UkPostcodeKind::kBfpo);
    }
    *why = Issue::kBadFormat;
    return std::nullopt;
  }
  if (s == "GIR0AA") return emit("GIR", "0AA", 3, UkPostcodeKind::kGiro);
  if (s.size() >= 5) {
    const std::string_view outward = s.substr(0, s.size() - 3);
    const std::string_view inward = s.substr(s.size() - 3);
    const int area = ValidOutward(outward);
    if (area > 0 && ValidInward(inward)) {
      return emit(outward, inward, area, UkPostcodeKind::kFull);
    }
  } else if (options.allow_partial) {
    const int area = ValidOutward(s);
    if (area > 0) return emit(s, {}, area, UkPostcodeKind::kOutwardOnly);
  }
  *why = Issue::kBadFormat;
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<Normaliser>> MakeUkPostcodeNormaliser(
    const nlohmann::json& spec) {
  LINKAGE_RETURN_IF_ERROR(
      internal::CheckSpecKeys(spec, {"allow_partial", "allow_bfpo"}));
  UkPostcodeOptions options;
  LINKAGE_ASSIGN_OR_RETURN(
      options.allow_partial,
      internal::GetBoolOption(spec, "allow_partial", false));
  LINKAGE_ASSIGN_OR_RETURN(options.allow_bfpo,
                           internal::GetBoolOption(spec, "allow_bfpo", true));
  return std::make_unique<UkPostcodeNormaliser>(options);
}

}  // namespace linkage
