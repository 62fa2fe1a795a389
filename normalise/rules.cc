// Copyright 2026 The Linkage Authors.
#include "normalise/rules.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace linkage {
namespace {

struct Replacement {
  std::unique_ptr<RE2> find;
  std::string replace;
};

class RulesNormaliser final : public Normaliser {
 public:
  RulesNormaliser(std::unique_ptr<Normaliser> inner,
                  std::vector<Replacement> replacements,
                  std::vector<std::unique_ptr<RE2>> validations)
      : inner_(std::move(inner)),
        replacements_(std::move(replacements)),
        validations_(std::move(validations)) {}

  std::string_view name() const noexcept override { return inner_->name(); }
  std::span<const std::string> part_names() const noexcept override {
    return inner_->part_names();
  }

  NormalisedValue Normalise(std::string_view raw) const override {
    NormalisedValue result;
    if (replacements_.empty() || raw.size() > kMaxRuleInputBytes) {
      result = inner_->Normalise(raw);
    } else {
      std::string rewritten(raw);
      for (const Replacement& rule : replacements_) {
        RE2::GlobalReplace(&rewritten, *rule.find, rule.replace);
      }
      result = inner_->Normalise(rewritten);
    }
    if (result.null()) return result;
    for (const std::unique_ptr<RE2>& pattern : validations_) {
      if (!RE2::PartialMatch(result.value, *pattern)) {
        result.value.clear();
        result.parts.clear();
        result.issue = Issue::kPatternMismatch;
        return result;
      }
    }
    return result;
  }

 private:
  std::unique_ptr<Normaliser> inner_;
  std::vector<Replacement> replacements_;
  std::vector<std::unique_ptr<RE2>> validations_;
};

absl::StatusOr<std::unique_ptr<RE2>> Compile(const nlohmann::json& pattern,
                                             const std::string& path) {
  if (!pattern.is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": must be a string (an RE2 pattern)"));
  }
  RE2::Options options;
  options.set_log_errors(false);
  const std::string text = pattern.get<std::string>();
  auto re = std::make_unique<RE2>(text, options);
  if (!re->ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": invalid pattern \"", text, "\": ", re->error()));
  }
  return re;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Normaliser>> WrapWithRules(
    std::unique_ptr<Normaliser> inner, const nlohmann::json& rules) {
  if (rules.is_null()) return inner;
  if (!rules.is_array()) {
    return absl::InvalidArgumentError(
        ".rules: must be an array of {\"find\", \"replace\"} or "
        "{\"validate\"} objects");
  }
  if (rules.empty()) return inner;
  std::vector<Replacement> replacements;
  std::vector<std::unique_ptr<RE2>> validations;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string path = absl::StrCat(".rules[", i, "]");
    const nlohmann::json& rule = rules[i];
    if (!rule.is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": must be an object with \"find\" or \"validate\""));
    }
    for (const auto& [key, value] : rule.items()) {
      if (key != "find" && key != "replace" && key != "validate") {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ": unknown key \"", key,
            "\"; one of: find, replace, validate"));
      }
    }
    const bool has_find = rule.contains("find");
    const bool has_validate = rule.contains("validate");
    if (has_find == has_validate) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": needs exactly one of \"find\" or \"validate\""));
    }
    if (has_validate) {
      if (rule.contains("replace")) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ".replace: only allowed with \"find\""));
      }
      auto re = Compile(rule["validate"], absl::StrCat(path, ".validate"));
      if (!re.ok()) return re.status();
      validations.push_back(*std::move(re));
      continue;
    }
    auto re = Compile(rule["find"], absl::StrCat(path, ".find"));
    if (!re.ok()) return re.status();
    std::string replace;
    if (rule.contains("replace")) {
      if (!rule["replace"].is_string()) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ".replace: must be a string"));
      }
      replace = rule["replace"].get<std::string>();
      std::string error;
      if (!(*re)->CheckRewriteString(replace, &error)) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ".replace: invalid replacement \"", replace, "\": ",
            error));
      }
    }
    replacements.push_back({*std::move(re), std::move(replace)});
  }
  return std::make_unique<RulesNormaliser>(
      std::move(inner), std::move(replacements), std::move(validations));
}

}  // namespace linkage
