// Copyright 2026 The Linkage Authors.
//
// Access rules: who may be told what, and why. A JSON document (the
// "access" section of the service config, or a file of its own) lists the
// lawful reasons (a codelist of URIs), the contact Organization of each
// service, and ordered rules; the first rule that applies decides, and when
// none does the answer is DENY (default deny).
//
//   {
//     "version": "2026-11-01",
//     "reasons": [{"uri":
//     "https://www.legislation.gov.uk/ukpga/1989/41/section/47",
//                  "display": "Children Act 1989 s47"}],
//     "services": {"safeguarding": {"resourceType": "Organization",
//                                   "name": "...", "telecom": [...],
//                                   "address": [...]}},
//     "default_service": "safeguarding",
//     "rules": [
//       {"id": "s47-certain", "version": 2, "outcome": "PERMIT",
//        "operations": ["person-info-query"],      // optional: any
//        "requesters": ["org:southshire-council"], // optional: any ("*")
//        "reasons": ["https://...section/47"],      // optional: any
//        "grades": ["certain", "probable"],        // optional: any; "none"
//                                                  // = no candidate at all
//        "conditions": {"nhs_number_present": true},  // optional
//        "service": "safeguarding"}                // optional: the default
//     ]
//   }
//
// Outcomes: PERMIT (answer automatically), DENY (403), REVIEW (queue the
// request for a person). Whatever a rule says, an ambiguous match (two
// candidates too close to tell apart) or a best grade of "possible" is never
// answered automatically: a PERMIT becomes REVIEW (RuleDecision::escalated).
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(AccessPolicy policy, AccessPolicy::Load(path));
//   RuleDecision d = policy.Decide({.operation = "person-info-query",
//                                   .requester = "org:x", .reason = uri,
//                                   .grade = MatchGrade::kCertain});
//
// Thread-safety: const methods may be called concurrently.
#ifndef LINKAGE_EXCHANGE_ACCESS_RULES_H_
#define LINKAGE_EXCHANGE_ACCESS_RULES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "linkage/decisions.h"
#include "nlohmann/json.hpp"

namespace linkage::exchange {

enum class Outcome { kPermit, kDeny, kReview };
// "PERMIT", "DENY", "REVIEW".
std::string_view OutcomeName(Outcome outcome) noexcept;

struct AccessRule {
  std::string id;
  std::string version;  // a number or string in the file
  Outcome outcome = Outcome::kDeny;
  std::vector<std::string> operations;  // empty = any
  std::vector<std::string> requesters;  // empty or "*" = any
  std::vector<std::string> reasons;     // empty = any
  std::vector<std::string> grades;      // empty = any; "none" = no candidate
  std::optional<bool> nhs_number_present;
  std::string service;  // empty = the default service
};

struct RuleQuery {
  std::string_view operation;       // "match" or "person-info-query"
  std::string_view requester;       // the authenticated organisation
  std::string_view reason;          // empty for $match
  std::optional<MatchGrade> grade;  // the best candidate's; nullopt = none
  bool ambiguous = false;           // best-unique could not tell
  bool nhs_number_present = false;  // the query had a valid NHS number
};

struct RuleDecision {
  Outcome outcome = Outcome::kDeny;
  std::string rule_id;       // "default-deny" when no rule applied
  std::string rule_version;  // the rule's version, "" for default-deny
  std::string service;       // whose contact details to give
  bool escalated = false;    // a PERMIT turned into REVIEW (see above)
};

class AccessPolicy {
 public:
  // Parses a policy document. `source` prefixes errors, which name the JSON
  // path ("rules.json: $.rules[2].outcome: must be PERMIT, DENY or REVIEW").
  // Errors: InvalidArgument for a malformed document, duplicate rule ids, a
  // rule naming an unknown service, reason or grade.
  static absl::StatusOr<AccessPolicy> Parse(const nlohmann::json& document,
                                            std::string_view source);
  // Reads and parses a JSON file.
  static absl::StatusOr<AccessPolicy> Load(const std::string& path);

  // True if `uri` is in the reason codelist.
  bool IsKnownReason(std::string_view uri) const;

  // The first rule that applies (in document order), else default deny;
  // then the ambiguous/possible escalation.
  RuleDecision Decide(const RuleQuery& query) const;

  // The contact Organization of `service` (empty = default), or nullptr.
  const nlohmann::json* Contact(std::string_view service) const;

  const std::string& version() const noexcept { return version_; }
  const std::vector<AccessRule>& rules() const noexcept { return rules_; }

 private:
  std::string version_;
  std::vector<std::string> reasons_;
  std::map<std::string, nlohmann::json, std::less<>> services_;
  std::string default_service_;
  std::vector<AccessRule> rules_;
};

}  // namespace linkage::exchange

#endif  // LINKAGE_EXCHANGE_ACCESS_RULES_H_
