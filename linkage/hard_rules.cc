// Copyright 2026 The Linkage Authors.
#include "linkage/hard_rules.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/string_view.h"

namespace linkage {
namespace {

struct NamedOp {
  std::string_view name;
  HardRuleOp op;
};

constexpr NamedOp kOps[] = {
    {"equal", HardRuleOp::kEqual},
    {"different", HardRuleOp::kDifferent},
    {"both_null", HardRuleOp::kBothNull},
    {"either_null", HardRuleOp::kEitherNull},
};

absl::StatusOr<HardRuleCondition> ParseCondition(
    const nlohmann::json& condition, std::span<const ColumnSchema> schema,
    const std::string& path) {
  if (!condition.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": a condition must be an object like "
              "{\"column\": \"nhs_number\", \"op\": \"different\"}"));
  }
  for (const auto& [key, value] : condition.items()) {
    if (key != "column" && key != "op") {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ".", key, ": unknown key; expected column, op"));
    }
  }
  HardRuleCondition out;
  auto column = condition.find("column");
  if (column == condition.end() || !column->is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".column: missing or not a string"));
  }
  out.column = column->get<std::string>();
  if (std::none_of(schema.begin(), schema.end(),
                   [&](const ColumnSchema& c) { return c.name == out.column; })) {
    std::vector<std::string> names;
    for (const ColumnSchema& c : schema) names.push_back(c.name);
    return absl::InvalidArgumentError(absl::StrCat(
        path, ".column: \"", out.column,
        "\" is not a configured column; columns: ", absl::StrJoin(names, ", ")));
  }
  auto op = condition.find("op");
  if (op == condition.end() || !op->is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".op: missing or not a string"));
  }
  const std::string op_name = op->get<std::string>();
  for (const NamedOp& named : kOps) {
    if (named.name == op_name) {
      out.op = named.op;
      return out;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, ".op: unknown op \"", op_name,
                   "\"; one of: equal, different, both_null, either_null"));
}

absl::StatusOr<std::vector<HardRule>> ParseRules(
    const nlohmann::json& rules, std::span<const ColumnSchema> schema,
    const std::string& path) {
  std::vector<HardRule> out;
  if (rules.is_null()) return out;
  if (!rules.is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": must be an array of {\"name\": ..., \"when\": [...]}"));
  }
  absl::flat_hash_set<std::string> names;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const std::string rule_path = absl::StrCat(path, "[", r, "]");
    const nlohmann::json& rule = rules[r];
    if (!rule.is_object()) {
      return absl::InvalidArgumentError(
          absl::StrCat(rule_path, ": a rule must be an object"));
    }
    for (const auto& [key, value] : rule.items()) {
      if (key != "name" && key != "when") {
        return absl::InvalidArgumentError(absl::StrCat(
            rule_path, ".", key, ": unknown key; expected name, when"));
      }
    }
    HardRule parsed;
    auto name = rule.find("name");
    if (name == rule.end() || !name->is_string() ||
        name->get<std::string>().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(rule_path, ".name: missing, empty or not a string"));
    }
    parsed.name = name->get<std::string>();
    if (!names.insert(parsed.name).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          rule_path, ".name: duplicate rule name \"", parsed.name, "\""));
    }
    auto when = rule.find("when");
    if (when == rule.end() || !when->is_array() || when->empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          rule_path, ".when: must be a non-empty array of conditions"));
    }
    for (std::size_t c = 0; c < when->size(); ++c) {
      absl::StatusOr<HardRuleCondition> condition = ParseCondition(
          (*when)[c], schema, absl::StrCat(rule_path, ".when[", c, "]"));
      if (!condition.ok()) return condition.status();
      parsed.when.push_back(*std::move(condition));
    }
    out.push_back(std::move(parsed));
  }
  return out;
}

}  // namespace

std::string_view HardRuleOpName(HardRuleOp op) noexcept {
  for (const NamedOp& named : kOps) {
    if (named.op == op) return named.name;
  }
  return "?";
}

absl::StatusOr<HardRules> HardRules::Parse(const nlohmann::json& cannot_link,
                                           const nlohmann::json& must_link,
                                           std::span<const ColumnSchema> schema,
                                           std::string_view json_path) {
  HardRules out;
  absl::StatusOr<std::vector<HardRule>> cannot =
      ParseRules(cannot_link, schema, absl::StrCat(ToAbsl(json_path), ".cannot_link"));
  if (!cannot.ok()) return cannot.status();
  absl::StatusOr<std::vector<HardRule>> must =
      ParseRules(must_link, schema, absl::StrCat(ToAbsl(json_path), ".must_link"));
  if (!must.ok()) return must.status();
  out.cannot_link_ = *std::move(cannot);
  out.must_link_ = *std::move(must);
  return out;
}

absl::StatusOr<BoundHardRules> HardRules::Bind(const RecordTable& table) const {
  BoundHardRules out;
  auto bind = [&](const std::vector<HardRule>& rules, std::string_view kind,
                  std::vector<BoundHardRules::BoundRule>* bound) -> absl::Status {
    for (const HardRule& rule : rules) {
      BoundHardRules::BoundRule conditions;
      for (const HardRuleCondition& condition : rule.when) {
        std::optional<std::size_t> column = table.FindColumn(condition.column);
        if (!column.has_value()) {
          return absl::NotFoundError(absl::StrCat(
              ToAbsl(kind), " rule \"", rule.name, "\": column \"",
              condition.column, "\" is not in the record table"));
        }
        conditions.push_back({&table.column(*column).values, condition.op, *column});
      }
      bound->push_back(std::move(conditions));
    }
    return absl::OkStatus();
  };
  absl::Status status = bind(cannot_link_, "cannot_link", &out.cannot_link_);
  if (!status.ok()) return status;
  status = bind(must_link_, "must_link", &out.must_link_);
  if (!status.ok()) return status;
  return out;
}

}  // namespace linkage
