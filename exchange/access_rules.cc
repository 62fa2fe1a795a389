// Copyright 2026 The Linkage Authors.
#include "exchange/access_rules.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"

namespace linkage::exchange {
namespace {

using nlohmann::json;

constexpr std::string_view kGrades[] = {"certain", "probable", "possible",
                                        "certainly-not", "none"};

absl::Status Bad(std::string_view source, std::string_view path,
                 std::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(ToAbsl(source), ": ", ToAbsl(path), ": ", ToAbsl(message)));
}

absl::StatusOr<std::vector<std::string>> StringList(const json& object,
                                                    const char* key,
                                                    std::string_view source,
                                                    const std::string& path) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return out;
  const std::string item_path = absl::StrCat(path, ".", key);
  if (!it->is_array())
    return Bad(source, item_path, "must be an array of strings");
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return Bad(source, absl::StrCat(item_path, "[", i, "]"),
                 "must be a string");
    }
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool Applies(const AccessRule& rule, const RuleQuery& query) {
  if (!rule.operations.empty() && !Contains(rule.operations, query.operation)) {
    return false;
  }
  if (!rule.requesters.empty() && !Contains(rule.requesters, "*") &&
      !Contains(rule.requesters, query.requester)) {
    return false;
  }
  if (!rule.reasons.empty() && !Contains(rule.reasons, query.reason)) {
    return false;
  }
  if (!rule.grades.empty()) {
    const std::string_view grade =
        query.grade.has_value() ? MatchGradeName(*query.grade) : "none";
    if (!Contains(rule.grades, grade)) return false;
  }
  if (rule.nhs_number_present.has_value() &&
      *rule.nhs_number_present != query.nhs_number_present) {
    return false;
  }
  return true;
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) noexcept {
  switch (outcome) {
    case Outcome::kPermit:
      return "PERMIT";
    case Outcome::kDeny:
      return "DENY";
    case Outcome::kReview:
      return "REVIEW";
  }
  return "DENY";
}

absl::StatusOr<AccessPolicy> AccessPolicy::Parse(const json& document,
                                                 std::string_view source) {
  if (!document.is_object()) return Bad(source, "$", "must be a JSON object");
  AccessPolicy policy;
  if (auto it = document.find("version"); it != document.end()) {
    if (it->is_string()) {
      policy.version_ = it->get<std::string>();
    } else if (it->is_number_integer()) {
      policy.version_ = std::to_string(it->get<long long>());
    } else {
      return Bad(source, "$.version", "must be a string or an integer");
    }
  }
  // reasons: strings or {"uri": ..., "display": ...}
  if (auto it = document.find("reasons"); it != document.end()) {
    if (!it->is_array()) return Bad(source, "$.reasons", "must be an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& reason = (*it)[i];
      const std::string path = absl::StrCat("$.reasons[", i, "]");
      if (reason.is_string()) {
        policy.reasons_.push_back(reason.get<std::string>());
      } else if (reason.is_object() && reason.contains("uri") &&
                 reason["uri"].is_string()) {
        policy.reasons_.push_back(reason["uri"].get<std::string>());
      } else {
        return Bad(source, path, "must be a URI string or {\"uri\": ...}");
      }
    }
  }
  if (auto it = document.find("services"); it != document.end()) {
    if (!it->is_object()) return Bad(source, "$.services", "must be an object");
    for (auto service = it->begin(); service != it->end(); ++service) {
      const std::string path = absl::StrCat("$.services.", service.key());
      json organization = service.value();
      if (!organization.is_object())
        return Bad(source, path, "must be an object");
      if (!organization.contains("name") || !organization["name"].is_string()) {
        return Bad(source, absl::StrCat(path, ".name"),
                   "is required (a string)");
      }
      organization["resourceType"] = "Organization";
      policy.services_.emplace(service.key(), std::move(organization));
    }
  }
  if (auto it = document.find("default_service"); it != document.end()) {
    if (!it->is_string() || !policy.services_.count(it->get<std::string>())) {
      return Bad(source, "$.default_service",
                 "must name a service in $.services");
    }
    policy.default_service_ = it->get<std::string>();
  } else if (policy.services_.size() == 1) {
    policy.default_service_ = policy.services_.begin()->first;
  }
  auto rules = document.find("rules");
  if (rules != document.end() && !rules->is_null()) {
    if (!rules->is_array()) return Bad(source, "$.rules", "must be an array");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < rules->size(); ++i) {
      const json& item = (*rules)[i];
      const std::string path = absl::StrCat("$.rules[", i, "]");
      if (!item.is_object()) return Bad(source, path, "must be an object");
      AccessRule rule;
      if (!item.contains("id") || !item["id"].is_string() ||
          item["id"].get<std::string>().empty()) {
        return Bad(source, path + ".id", "is required (a non-empty string)");
      }
      rule.id = item["id"].get<std::string>();
      if (!ids.insert(rule.id).second) {
        return Bad(source, path + ".id",
                   absl::StrCat("duplicate rule id \"", rule.id, "\""));
      }
      if (auto v = item.find("version"); v != item.end()) {
        if (v->is_string()) {
          rule.version = v->get<std::string>();
        } else if (v->is_number_integer()) {
          rule.version = std::to_string(v->get<long long>());
        } else {
          return Bad(source, path + ".version",
                     "must be a string or an integer");
        }
      } else {
        rule.version = "1";
      }
      const std::string outcome = item.value("outcome", "");
      if (outcome == "PERMIT") {
        rule.outcome = Outcome::kPermit;
      } else if (outcome == "DENY") {
        rule.outcome = Outcome::kDeny;
      } else if (outcome == "REVIEW") {
        rule.outcome = Outcome::kReview;
      } else {
        return Bad(source, path + ".outcome", "must be PERMIT, DENY or REVIEW");
      }
      auto operations = StringList(item, "operations", source, path);
      if (!operations.ok()) return operations.status();
      rule.operations = *std::move(operations);
      for (const std::string& op : rule.operations) {
        if (op != "match" && op != "person-info-query") {
          return Bad(source, path + ".operations",
                     absl::StrCat("unknown operation \"", op,
                                  "\" (match, person-info-query)"));
        }
      }
      auto requesters = StringList(item, "requesters", source, path);
      if (!requesters.ok()) return requesters.status();
      rule.requesters = *std::move(requesters);
      auto reasons = StringList(item, "reasons", source, path);
      if (!reasons.ok()) return reasons.status();
      rule.reasons = *std::move(reasons);
      for (const std::string& reason : rule.reasons) {
        if (!Contains(policy.reasons_, reason)) {
          return Bad(source, path + ".reasons",
                     absl::StrCat("\"", reason, "\" is not in $.reasons"));
        }
      }
      auto grades = StringList(item, "grades", source, path);
      if (!grades.ok()) return grades.status();
      rule.grades = *std::move(grades);
      for (const std::string& grade : rule.grades) {
        if (std::find(std::begin(kGrades), std::end(kGrades), grade) ==
            std::end(kGrades)) {
          return Bad(source, path + ".grades",
                     absl::StrCat("unknown grade \"", grade,
                                  "\" (certain, probable, possible, "
                                  "certainly-not, none)"));
        }
      }
      if (auto c = item.find("conditions"); c != item.end() && !c->is_null()) {
        if (!c->is_object())
          return Bad(source, path + ".conditions", "must be an object");
        for (auto cond = c->begin(); cond != c->end(); ++cond) {
          if (cond.key() == "nhs_number_present" && cond.value().is_boolean()) {
            rule.nhs_number_present = cond.value().get<bool>();
          } else {
            return Bad(source, absl::StrCat(path, ".conditions.", cond.key()),
                       "unknown condition (nhs_number_present: boolean)");
          }
        }
      }
      rule.service = item.value("service", "");
      if (!rule.service.empty() && !policy.services_.count(rule.service)) {
        return Bad(source, path + ".service",
                   absl::StrCat("unknown service \"", rule.service, "\""));
      }
      for (auto key = item.begin(); key != item.end(); ++key) {
        static const std::set<std::string> kKnown = {
            "id",      "version", "outcome",    "operations", "requesters",
            "reasons", "grades",  "conditions", "service",    "description"};
        if (!kKnown.count(key.key())) {
          return Bad(source, absl::StrCat(path, ".", key.key()), "unknown key");
        }
      }
      policy.rules_.push_back(std::move(rule));
    }
  }
  return policy;
}

absl::StatusOr<AccessPolicy> AccessPolicy::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::stringstream text;
  text << in.rdbuf();
  json document = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not valid JSON"));
  }
  return Parse(document, path);
}

bool AccessPolicy::IsKnownReason(std::string_view uri) const {
  return Contains(reasons_, uri);
}

RuleDecision AccessPolicy::Decide(const RuleQuery& query) const {
  RuleDecision decision;
  decision.rule_id = "default-deny";
  decision.service = default_service_;
  for (const AccessRule& rule : rules_) {
    if (!Applies(rule, query)) continue;
    decision.outcome = rule.outcome;
    decision.rule_id = rule.id;
    decision.rule_version = rule.version;
    if (!rule.service.empty()) decision.service = rule.service;
    break;
  }
  const bool uncertain =
      query.ambiguous ||
      (query.grade.has_value() && *query.grade == MatchGrade::kPossible);
  if (decision.outcome == Outcome::kPermit && uncertain) {
    decision.outcome = Outcome::kReview;
    decision.escalated = true;
  }
  return decision;
}

const json* AccessPolicy::Contact(std::string_view service) const {
  auto it = services_.find(service.empty() ? std::string_view(default_service_)
                                           : service);
  return it == services_.end() ? nullptr : &it->second;
}

}  // namespace linkage::exchange
