// Copyright 2026 The Linkage Authors.
//
// The JSON wire format of the Matcher, shared by the C API (linkage_c.h) and
// the `linkage stream` / `linkage match` commands, so that a pipeline and a
// program in another language see the same documents:
//
//   record     {"given_name": "Ann", "date_of_birth": "1980-01-02", ...}
//              strings, numbers (written as in the JSON text), booleans;
//              null or absent = null. Nested objects/arrays are refused.
//   options    {"count": 5, "policy": "best", "only_certain": true,
//               "explain": true, "min_grade": "possible"}  (all optional)
//   match      {"candidates": [{"record_id", "cluster_id", "weight",
//               "probability", "match_grade", "decision", "reason",
//               "reason_text", "explanation"?}, ...],
//               "candidates_scored": N, "issues": [{"column", "issue"}]}
//   write      {"cluster_id": "...", "events": [{"sequence", "kind",
//               "cluster_id", "others", "record_id"}]}
//   stored     {"id": "...", "cluster_id": "...", "record": {...}}
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(RecordFields query,
//                            json_wire::RecordFromJson(parsed, "query"));
//   LINKAGE_ASSIGN_OR_RETURN(MatchResult result, matcher.Match(query));
//   std::string line = json_wire::MatchResultToJson(result).dump();
//
// Header-only (used by the `linkage` command and by liblinkage_c without a
// library of its own). Thread-safety: pure functions.
#ifndef LINKAGE_LINKAGE_C_MATCHER_JSON_H_
#define LINKAGE_LINKAGE_C_MATCHER_JSON_H_

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"
#include "linkage/decisions.h"
#include "linkage/matcher.h"
#include "linkage/store.h"
#include "nlohmann/json.hpp"
#include "normalise/normaliser.h"

namespace linkage::json_wire {

// Output documents keep their keys in the order written ("ok" first).
using Json = nlohmann::ordered_json;

// A JSON number or NaN/inf as null (JSON has no infinities).
inline Json Number(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

// The record fields of `object` (see the file comment). `what` names the
// document in errors, e.g. "line 3: record". Errors: InvalidArgument.
inline absl::StatusOr<RecordFields> RecordFromJson(const nlohmann::json& object,
                                                   std::string_view what) {
  if (!object.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(ToAbsl(what), ": expected a JSON object of fields"));
  }
  RecordFields fields;
  for (const auto& [column, value] : object.items()) {
    if (value.is_null()) continue;
    if (value.is_string()) {
      fields.emplace_back(column, value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
      fields.emplace_back(column, value.dump());
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat(ToAbsl(what), ": field \"", column,
                       "\" must be a string, number, boolean or null"));
    }
  }
  return fields;
}

inline Json RecordToJson(const RecordFields& fields) {
  Json object = Json::object();
  for (const auto& [column, value] : fields) object[column] = value;
  return object;
}

// "all", "best", "best-unique", "top-k" (also with '_' for '-').
inline absl::StatusOr<MatchPolicy> ParsePolicy(std::string name) {
  for (char& c : name) {
    if (c == '_') c = '-';
  }
  for (MatchPolicy policy : {MatchPolicy::kAll, MatchPolicy::kBest,
                             MatchPolicy::kBestUnique, MatchPolicy::kTopK,
                             MatchPolicy::kOneToOne, MatchPolicy::kManyToOne}) {
    if (MatchPolicyName(policy) == name) return policy;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown policy \"", name, "\" (all, best, best-unique, top-k)"));
}

// "certain", "probable", "possible", "certainly-not" (also with '_').
inline absl::StatusOr<MatchGrade> ParseGrade(std::string name) {
  for (char& c : name) {
    if (c == '_') c = '-';
  }
  for (MatchGrade grade : {MatchGrade::kCertainlyNot, MatchGrade::kPossible,
                           MatchGrade::kProbable, MatchGrade::kCertain}) {
    if (MatchGradeName(grade) == name) return grade;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown match grade \"", name,
      "\" (certain, probable, possible, certainly-not)"));
}

// Match options from `object` (null = defaults). Unknown keys are refused,
// so that a typo does not silently change an answer.
inline absl::StatusOr<MatchOptions> MatchOptionsFromJson(
    const nlohmann::json& object, std::string_view what) {
  MatchOptions options;
  if (object.is_null()) return options;
  const std::string where(what);
  if (!object.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": expected a JSON object"));
  }
  for (const auto& [key, value] : object.items()) {
    if (key == "count") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".count: expected a non-negative integer"));
      }
      options.count = value.get<std::size_t>();
    } else if (key == "policy") {
      if (!value.is_string()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".policy: expected a string"));
      }
      absl::StatusOr<MatchPolicy> policy = ParsePolicy(value.get<std::string>());
      if (!policy.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".policy: ", policy.status().message()));
      }
      options.policy = *policy;
    } else if (key == "min_grade") {
      if (!value.is_string()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".min_grade: expected a string"));
      }
      absl::StatusOr<MatchGrade> grade = ParseGrade(value.get<std::string>());
      if (!grade.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".min_grade: ", grade.status().message()));
      }
      options.min_grade = *grade;
    } else if (key == "only_certain" || key == "explain") {
      if (!value.is_boolean()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".", key, ": expected true or false"));
      }
      (key == "explain" ? options.explain : options.only_certain) =
          value.get<bool>();
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": unknown option \"", key,
          "\" (count, policy, only_certain, explain, min_grade)"));
    }
  }
  return options;
}

inline Json CandidateToJson(const MatchCandidate& candidate) {
  Json out;
  out["record_id"] = candidate.record_id;
  out["cluster_id"] = candidate.cluster_id;
  out["weight"] = Number(candidate.weight);
  out["probability"] = Number(candidate.probability);
  out["match_grade"] = std::string(MatchGradeName(candidate.grade));
  out["decision"] = std::string(DecisionName(candidate.decision));
  out["reason"] = std::string(DecisionReasonName(candidate.reason));
  if (!candidate.reason_text.empty()) out["reason_text"] = candidate.reason_text;
  if (candidate.explanation.has_value()) {
    out["explanation"] = Json(candidate.explanation->ToJson());
  }
  return out;
}

// The match document (see the file comment); `out` receives its keys, so
// that a caller can add its own ("ok", "op", ...) in front.
inline void AppendMatchResult(const MatchResult& result, Json* out) {
  Json candidates = Json::array();
  for (const MatchCandidate& candidate : result.candidates) {
    candidates.push_back(CandidateToJson(candidate));
  }
  (*out)["candidates"] = std::move(candidates);
  (*out)["candidates_scored"] = result.candidates_scored;
  Json issues = Json::array();
  for (const FieldIssue& issue : result.issues) {
    issues.push_back({{"column", issue.column},
                      {"issue", std::string(IssueName(issue.issue))}});
  }
  (*out)["issues"] = std::move(issues);
}
inline Json MatchResultToJson(const MatchResult& result) {
  Json out = Json::object();
  AppendMatchResult(result, &out);
  return out;
}

inline Json EventToJson(const ClusterEvent& event) {
  return Json{{"sequence", event.sequence},
          {"kind", std::string(ClusterEventKindName(event.kind))},
          {"cluster_id", event.cluster_id},
          {"others", event.others},
          {"record_id", event.record_id}};
}

inline void AppendWriteResult(const WriteResult& result, Json* out) {
  (*out)["cluster_id"] = result.cluster_id;
  Json events = Json::array();
  for (const ClusterEvent& event : result.events) {
    events.push_back(EventToJson(event));
  }
  (*out)["events"] = std::move(events);
}
inline Json WriteResultToJson(const WriteResult& result) {
  Json out = Json::object();
  AppendWriteResult(result, &out);
  return out;
}

inline Json StoredRecordToJson(const StoredRecord& record) {
  return Json{{"id", record.id},
          {"cluster_id", record.cluster_id},
          {"record", RecordToJson(record.fields)}};
}

// "INVALID_ARGUMENT", "NOT_FOUND", ... as absl::StatusCodeToString, for
// machine-readable error lines.
inline std::string CodeName(const absl::Status& status) {
  return absl::StatusCodeToString(status.code());
}

}  // namespace linkage::json_wire

#endif  // LINKAGE_LINKAGE_C_MATCHER_JSON_H_
