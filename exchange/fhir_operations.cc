// Copyright 2026 The Linkage Authors.
#include "exchange/fhir_operations.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"

namespace linkage::exchange {
namespace {

using nlohmann::json;

absl::Status Bad(std::string_view path, std::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(ToAbsl(path), ": ", ToAbsl(message)));
}

// One checked entry of Parameters.parameter.
struct Param {
  std::string name;
  std::string path;             // "Parameters.parameter[i]"
  const json* value = nullptr;  // the value[x] member's value
  std::string value_type;       // "valueBoolean", ...
  const json* resource = nullptr;
};

// Checks the Parameters invariants and splits the parameters.
absl::StatusOr<std::vector<Param>> ReadParameters(const json& body) {
  if (!body.is_object()) return Bad("Parameters", "body must be a JSON object");
  auto type = body.find("resourceType");
  if (type == body.end() || !type->is_string() || *type != "Parameters") {
    return Bad("Parameters.resourceType", "must be \"Parameters\"");
  }
  auto list = body.find("parameter");
  if (list == body.end() || list->is_null()) return std::vector<Param>{};
  if (!list->is_array()) return Bad("Parameters.parameter", "must be an array");
  std::vector<Param> params;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Param param;
    param.path = absl::StrCat("Parameters.parameter[", i, "]");
    const json& item = (*list)[i];
    if (!item.is_object()) return Bad(param.path, "must be an object");
    auto name = item.find("name");
    if (name == item.end() || !name->is_string() ||
        name->get<std::string>().empty()) {
      return Bad(absl::StrCat(param.path, ".name"),
                 "is required and must be a non-empty string");
    }
    param.name = name->get<std::string>();
    int values = 0;
    for (auto it = item.begin(); it != item.end(); ++it) {
      const std::string& key = it.key();
      if (key == "resource") {
        param.resource = &it.value();
        ++values;
      } else if (key == "part") {
        ++values;
        return Bad(absl::StrCat(param.path, ".part"),
                   "not supported by this operation");
      } else if (absl::StartsWith(key, "value") && key.size() > 5) {
        param.value = &it.value();
        param.value_type = key;
        ++values;
      } else if (key != "name" && key != "id" && key != "extension" &&
                 key != "modifierExtension") {
        return Bad(absl::StrCat(param.path, ".", key), "unknown element");
      }
    }
    if (values != 1) {
      return Bad(param.path,
                 "must have exactly one of value[x], resource or part "
                 "(Parameters invariant inv-1)");
    }
    params.push_back(std::move(param));
  }
  return params;
}

absl::StatusOr<bool> BooleanParam(const Param& param) {
  if (param.value_type != "valueBoolean" || !param.value->is_boolean()) {
    return Bad(param.path, absl::StrCat(param.name, " must be a valueBoolean"));
  }
  return param.value->get<bool>();
}

absl::StatusOr<QueryPatient> ResourceParam(const Param& param,
                                           const PatientOptions& options) {
  if (param.resource == nullptr) {
    return Bad(param.path, "resource must be a Patient resource");
  }
  return PatientToFields(*param.resource, absl::StrCat(param.path, ".resource"),
                         options);
}

absl::Status Duplicate(const Param& param) {
  return Bad(param.path, absl::StrCat(param.name, " given more than once"));
}

}  // namespace

absl::StatusOr<MatchRequest> ParseMatchRequest(const json& body,
                                               const PatientOptions& options) {
  absl::StatusOr<std::vector<Param>> params = ReadParameters(body);
  if (!params.ok()) return params.status();
  MatchRequest request;
  bool have_resource = false, have_certain = false, have_single = false,
       have_count = false;
  for (const Param& param : *params) {
    if (param.name == "resource") {
      if (have_resource) return Duplicate(param);
      have_resource = true;
      absl::StatusOr<QueryPatient> patient = ResourceParam(param, options);
      if (!patient.ok()) return patient.status();
      request.patient = *std::move(patient);
    } else if (param.name == "onlyCertainMatches") {
      if (have_certain) return Duplicate(param);
      have_certain = true;
      absl::StatusOr<bool> value = BooleanParam(param);
      if (!value.ok()) return value.status();
      request.only_certain = *value;
    } else if (param.name == "onlySingleMatch") {
      if (have_single) return Duplicate(param);
      have_single = true;
      absl::StatusOr<bool> value = BooleanParam(param);
      if (!value.ok()) return value.status();
      request.only_single = *value;
    } else if (param.name == "count") {
      if (have_count) return Duplicate(param);
      have_count = true;
      if ((param.value_type != "valueInteger" &&
           param.value_type != "valuePositiveInt") ||
          !param.value->is_number_integer() ||
          param.value->get<long long>() < 1 ||
          param.value->get<long long>() > 1000) {
        return Bad(param.path,
                   "count must be a valueInteger or valuePositiveInt in "
                   "1..1000");
      }
      request.count = static_cast<std::size_t>(param.value->get<long long>());
    } else {
      return Bad(
          absl::StrCat(param.path, ".name"),
          absl::StrCat("unknown parameter \"", param.name, "\" for $match"));
    }
  }
  if (!have_resource) {
    return Bad("Parameters.parameter", "resource (a Patient) is required");
  }
  return request;
}

absl::StatusOr<PersonInfoQuery> ParsePersonInfoQuery(
    const json& body, const PatientOptions& options) {
  absl::StatusOr<std::vector<Param>> params = ReadParameters(body);
  if (!params.ok()) return params.status();
  PersonInfoQuery query;
  bool have_resource = false, have_reason = false;
  for (const Param& param : *params) {
    if (param.name == "resource") {
      if (have_resource) return Duplicate(param);
      have_resource = true;
      absl::StatusOr<QueryPatient> patient = ResourceParam(param, options);
      if (!patient.ok()) return patient.status();
      query.patient = *std::move(patient);
    } else if (param.name == "reason") {
      if (have_reason) return Duplicate(param);
      have_reason = true;
      if (param.value_type != "valueUri" || !param.value->is_string() ||
          param.value->get<std::string>().empty()) {
        return Bad(param.path, "reason must be a non-empty valueUri");
      }
      query.reason = param.value->get<std::string>();
    } else {
      return Bad(absl::StrCat(param.path, ".name"),
                 absl::StrCat("unknown parameter \"", param.name,
                              "\" for $person-info-query"));
    }
  }
  if (!have_resource) {
    return Bad("Parameters.parameter", "resource (a Patient) is required");
  }
  if (!have_reason) {
    return Bad("Parameters.parameter",
               "reason is required (a valueUri giving the legal basis)");
  }
  return query;
}

json MakeSearchsetBundle(const std::vector<BundleEntry>& entries,
                         std::string_view base_url) {
  json bundle = {{"resourceType", "Bundle"},
                 {"type", "searchset"},
                 {"total", entries.size()},
                 {"entry", json::array()}};
  for (const BundleEntry& entry : entries) {
    std::string id = entry.patient.value("id", "");
    json item = {
        {"fullUrl", absl::StrCat(ToAbsl(base_url), "/Patient/", id)},
        {"resource", entry.patient},
        {"search",
         {{"extension",
           json::array(
               {{{"url", std::string(kMatchGradeExtension)},
                 {"valueCode", std::string(MatchGradeName(entry.grade))}}})},
          {"mode", "match"},
          {"score", entry.score}}}};
    bundle["entry"].push_back(std::move(item));
  }
  return bundle;
}

json MakePersonInfoResponse(bool match, const json* contact) {
  json parameters = json::array({{{"name", "match"}, {"valueBoolean", match}}});
  if (match && contact != nullptr) {
    parameters.push_back({{"name", "contact"}, {"resource", *contact}});
  }
  return {{"resourceType", "Parameters"}, {"parameter", parameters}};
}

json MakeReviewResponse(std::string_view review_id) {
  return {{"resourceType", "Parameters"},
          {"parameter",
           json::array(
               {{{"name", "status"}, {"valueCode", "under-review"}},
                {{"name", "reviewId"}, {"valueString", std::string(review_id)}},
                {{"name", "outcome"},
                 {"resource",
                  MakeOperationOutcome(
                      "information", "informational",
                      absl::StrCat("The request is under review by a person; "
                                   "reference ",
                                   ToAbsl(review_id)))}}})}};
}

json MakeOperationOutcome(std::string_view severity, std::string_view code,
                          std::string_view diagnostics,
                          std::string_view expression) {
  json issue = {{"severity", std::string(severity)},
                {"code", std::string(code)},
                {"diagnostics", std::string(diagnostics)}};
  if (!expression.empty()) {
    issue["expression"] = json::array({std::string(expression)});
  }
  return {{"resourceType", "OperationOutcome"},
          {"issue", json::array({issue})}};
}

int HttpStatusFor(const absl::Status& status) noexcept {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kFailedPrecondition:
      return 422;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kResourceExhausted:
      return 413;
    case absl::StatusCode::kUnimplemented:
      return 415;
    default:
      return 500;
  }
}

json OperationOutcomeFor(const absl::Status& status) {
  std::string_view code = "exception";
  switch (HttpStatusFor(status)) {
    case 400:
      code = "invalid";
      break;
    case 422:
      code = "business-rule";
      break;
    case 401:
      code = "login";
      break;
    case 403:
      code = "forbidden";
      break;
    case 404:
      code = "not-found";
      break;
    case 413:
      code = "too-long";
      break;
    case 415:
      code = "not-supported";
      break;
    default:
      break;
  }
  const std::string message(ToStd(status.message()));
  std::string expression;
  // Messages start with a JSON path ("Parameters.parameter[0]...: ").
  if (const std::size_t colon = message.find(": ");
      colon != std::string::npos && absl::StartsWith(message, "Parameters")) {
    expression = message.substr(0, colon);
  }
  return MakeOperationOutcome("error", code, message, expression);
}

json MakeCapabilityStatement(std::string_view software_version,
                             std::string_view base_url) {
  json operations =
      json::array({{{"name", "match"},
                    {"definition",
                     "http://hl7.org/fhir/OperationDefinition/Patient-match"}},
                   {{"name", "person-info-query"},
                    {"definition",
                     "https://github.com/SocialCareData/data-exchange-standard/"
                     "OperationDefinition/person-info-query"}}});
  return {
      {"resourceType", "CapabilityStatement"},
      {"status", "active"},
      {"date", "2026-01-01"},
      {"kind", "instance"},
      {"fhirVersion", "4.0.1"},
      {"format", json::array({std::string(kFhirJson), "json"})},
      {"software",
       {{"name", "linkage-serve"}, {"version", std::string(software_version)}}},
      {"implementation",
       {{"description", "Linkage record-linkage exchange service"},
        {"url", std::string(base_url)}}},
      {"rest", json::array({{{"mode", "server"},
                             {"security",
                              {{"description",
                                "Mutual TLS (client certificate) or bearer "
                                "token; every request is audited"}}},
                             {"resource",
                              json::array({{{"type", "Patient"},
                                            {"operation", operations}}})}}})}};
}

}  // namespace linkage::exchange
