// Copyright 2026 The Linkage Authors.
//
// Hard rules: must-link and cannot-link conditions from a config's
// "decisions" section, checked on a candidate pair through the RecordTable's
// value ids (no string work, a few loads per condition).
//
//   "cannot_link": [{"name": "different_nhs_numbers",
//                    "when": [{"column": "nhs_number", "op": "different"}]},
//                   {"name": "twins",
//                    "when": [{"column": "date_of_birth", "op": "equal"},
//                             {"column": "address_line", "op": "equal"},
//                             {"column": "given_name", "op": "different"}]}],
//   "must_link":   [{"name": "same_nhs_and_dob",
//                    "when": [{"column": "nhs_number", "op": "equal"},
//                             {"column": "date_of_birth", "op": "equal"}]}]
//
// Ops on the two records' value ids of a column:
//   equal        both non-null and equal
//   different    both non-null and different
//   both_null    both null
//   either_null  at least one null
// A rule fires when all its conditions hold. Normalisers null invalid values
// (an NHS number failing its check digit is null), so "different" on
// nhs_number means "both carry valid, different NHS numbers".
//
// Precedence (see decisions.h): cannot-link wins over must-link, and both win
// over thresholds and multiple-match policies. Rules only see the candidate
// pairs that blocking produced: a must-link pair that no blocking rule
// generates is never considered, so give every must-link rule a matching
// blocking rule on the same keys (e.g. [[{"column": "nhs_number"}]]).
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(HardRules rules,
//       HardRules::Parse(decisions["cannot_link"], decisions["must_link"],
//                        schema, "$.decisions"));
//   LINKAGE_ASSIGN_OR_RETURN(BoundHardRules bound, rules.Bind(table));
//   if (auto rule = bound.FirstCannotLink(a, b)) ...
//
// Thread-safety: immutable once built; const methods may be called
// concurrently. A BoundHardRules refers to its table, which must outlive it.
#ifndef LINKAGE_LINKAGE_HARD_RULES_H_
#define LINKAGE_LINKAGE_HARD_RULES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "linkage/blocking_rules.h"
#include "linkage/record_table.h"
#include "nlohmann/json.hpp"

namespace linkage {

enum class HardRuleOp : std::uint8_t { kEqual, kDifferent, kBothNull, kEitherNull };

// "equal", "different", "both_null", "either_null".
std::string_view HardRuleOpName(HardRuleOp op) noexcept;

struct HardRuleCondition {
  std::string column;
  HardRuleOp op = HardRuleOp::kEqual;
};

struct HardRule {
  std::string name;
  std::vector<HardRuleCondition> when;  // ANDed; never empty
};

// True if `op` holds for value ids `a` and `b` (kNullValue = null).
inline bool HardRuleOpHolds(HardRuleOp op, std::uint32_t a,
                            std::uint32_t b) noexcept {
  const bool a_null = a == kNullValue;
  const bool b_null = b == kNullValue;
  switch (op) {
    case HardRuleOp::kEqual:
      return !a_null && !b_null && a == b;
    case HardRuleOp::kDifferent:
      return !a_null && !b_null && a != b;
    case HardRuleOp::kBothNull:
      return a_null && b_null;
    case HardRuleOp::kEitherNull:
      return a_null || b_null;
  }
  return false;
}

class BoundHardRules;

class HardRules {
 public:
  HardRules() = default;

  // Parses the "cannot_link" and "must_link" arrays (either may be null or
  // absent: pass nullptr). Columns must be in `schema`. Errors are
  // InvalidArgument naming the JSON path, e.g.
  // "$.decisions.cannot_link[1].when[0].op: unknown op \"same\"; one of: ...".
  // Rule names must be non-empty and unique within their list.
  static absl::StatusOr<HardRules> Parse(const nlohmann::json& cannot_link,
                                         const nlohmann::json& must_link,
                                         std::span<const ColumnSchema> schema,
                                         std::string_view json_path);

  const std::vector<HardRule>& cannot_link() const noexcept { return cannot_link_; }
  const std::vector<HardRule>& must_link() const noexcept { return must_link_; }
  bool empty() const noexcept { return cannot_link_.empty() && must_link_.empty(); }

  // Resolves column names against `table`. NotFound naming the rule and
  // column if the table lacks one. The result refers to `table`.
  absl::StatusOr<BoundHardRules> Bind(const RecordTable& table) const;

  // Adds rules directly (tests, programmatic use). REQUIRES: non-empty `when`.
  void AddCannotLink(HardRule rule) { cannot_link_.push_back(std::move(rule)); }
  void AddMustLink(HardRule rule) { must_link_.push_back(std::move(rule)); }

 private:
  std::vector<HardRule> cannot_link_;
  std::vector<HardRule> must_link_;
};

class BoundHardRules {
 public:
  BoundHardRules() = default;

  // Index (into HardRules::cannot_link()) of the first cannot-link rule that
  // fires for records a and b, or nullopt. REQUIRES: a, b < num_records().
  std::optional<std::size_t> FirstCannotLink(std::uint32_t a,
                                             std::uint32_t b) const noexcept {
    return FirstFiring(cannot_link_, a, b);
  }
  // Same for must-link rules.
  std::optional<std::size_t> FirstMustLink(std::uint32_t a,
                                           std::uint32_t b) const noexcept {
    return FirstFiring(must_link_, a, b);
  }
  bool empty() const noexcept { return cannot_link_.empty() && must_link_.empty(); }

  // The same for a record outside the table (a streaming query) and table
  // record b: `query_values` holds the query's value id per table column
  // (kNullValue null; a value absent from the table's dictionary has an id
  // no dictionary value has, e.g. kForeignValue). REQUIRES: b <
  // num_records(), query_values.size() == the table's column count.
  std::optional<std::size_t> FirstCannotLinkQuery(
      std::span<const std::uint32_t> query_values, std::uint32_t b) const noexcept {
    return FirstFiringQuery(cannot_link_, query_values, b);
  }
  std::optional<std::size_t> FirstMustLinkQuery(
      std::span<const std::uint32_t> query_values, std::uint32_t b) const noexcept {
    return FirstFiringQuery(must_link_, query_values, b);
  }

 private:
  friend class HardRules;
  struct BoundCondition {
    const std::vector<std::uint32_t>* values;
    HardRuleOp op;
    std::size_t column;  // table column index of `values`
  };
  using BoundRule = std::vector<BoundCondition>;

  static std::optional<std::size_t> FirstFiring(const std::vector<BoundRule>& rules,
                                                std::uint32_t a,
                                                std::uint32_t b) noexcept {
    for (std::size_t r = 0; r < rules.size(); ++r) {
      bool fires = true;
      for (const BoundCondition& c : rules[r]) {
        if (!HardRuleOpHolds(c.op, (*c.values)[a], (*c.values)[b])) {
          fires = false;
          break;
        }
      }
      if (fires) return r;
    }
    return std::nullopt;
  }

  static std::optional<std::size_t> FirstFiringQuery(
      const std::vector<BoundRule>& rules, std::span<const std::uint32_t> query,
      std::uint32_t b) noexcept {
    for (std::size_t r = 0; r < rules.size(); ++r) {
      bool fires = true;
      for (const BoundCondition& c : rules[r]) {
        if (!HardRuleOpHolds(c.op, query[c.column], (*c.values)[b])) {
          fires = false;
          break;
        }
      }
      if (fires) return r;
    }
    return std::nullopt;
  }

  std::vector<BoundRule> cannot_link_;
  std::vector<BoundRule> must_link_;
};

}  // namespace linkage

#endif  // LINKAGE_LINKAGE_HARD_RULES_H_
