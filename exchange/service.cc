// Copyright 2026 The Linkage Authors.
#include <tuple>
#include "exchange/service.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/string_view.h"
#include "exchange/fhir_operations.h"
#include "exchange/fhir_patient.h"

namespace linkage::exchange {

using nlohmann::json;

struct ExchangeService::Context {
  AuditEntry entry;
  std::optional<Principal> principal;
};

namespace {

constexpr std::string_view kMatchPath = "/Patient/$match";
constexpr std::string_view kPersonInfoPath = "/Patient/$person-info-query";
constexpr std::string_view kAdminPatientPrefix = "/admin/Patient/";

ExchangeResponse Json(int status, const json& body) {
  ExchangeResponse response;
  response.status = status;
  response.body = body.dump();
  return response;
}

ExchangeResponse Error(const absl::Status& status) {
  return Json(HttpStatusFor(status), OperationOutcomeFor(status));
}

// Records the access rules' decision in the audit entry and returns the
// answer for DENY (403, the same whatever the match) and REVIEW (202, queued
// for a person); nullopt for PERMIT.
std::optional<ExchangeResponse> Gate(const RuleDecision& decision,
                                     AuditEntry& entry) {
  entry.rule_id = decision.rule_id;
  entry.rule_version = decision.rule_version;
  entry.decision = std::string(OutcomeName(decision.outcome));
  if (decision.escalated)
    entry.detail = "PERMIT escalated to REVIEW (ambiguous or possible)";
  if (decision.outcome == Outcome::kDeny) {
    return Error(absl::PermissionDeniedError(
        "the access rules do not allow this request"));
  }
  if (decision.outcome == Outcome::kReview) {
    entry.status = "queued";
    return Json(202, MakeReviewResponse(entry.request_id));
  }
  return std::nullopt;
}

bool IsJsonContentType(std::string_view content_type) {
  std::string media(content_type.substr(0, content_type.find(';')));
  media.erase(
      std::remove_if(media.begin(), media.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; }),
      media.end());
  std::transform(
      media.begin(), media.end(), media.begin(),
      [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return media == "application/fhir+json" || media == "application/json";
}

bool ValidRecordId(std::string_view id) {
  return !id.empty() && id.size() <= 64 &&
         std::all_of(id.begin(), id.end(), [](unsigned char c) {
           return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_';
         });
}

// The best candidate's grade (nullopt when there is none) and whether the
// answer is ambiguous: another candidate, in a different cluster (another
// person as far as the register knows), scores within `margin` of the best.
// Candidates in the best one's cluster are the same person recorded twice
// and do not make the answer ambiguous.
std::pair<std::optional<MatchGrade>, bool> Summarise(const MatchResult& result,
                                                     double margin) {
  if (result.candidates.empty()) return {std::nullopt, false};
  const MatchCandidate* best = &result.candidates[0];
  for (const MatchCandidate& candidate : result.candidates) {
    if (candidate.weight > best->weight) best = &candidate;
  }
  bool ambiguous = false;
  for (const MatchCandidate& candidate : result.candidates) {
    if (&candidate == best) continue;
    if (candidate.reason == DecisionReason::kAmbiguous) ambiguous = true;
    const bool same_person =
        !best->cluster_id.empty() && candidate.cluster_id == best->cluster_id;
    if (!same_person && candidate.grade >= MatchGrade::kPossible &&
        candidate.weight >= best->weight - margin) {
      ambiguous = true;
    }
  }
  return {best->grade, ambiguous};
}

// A match as both operations need it: the register's candidates, the best
// grade and ambiguity (Summarise), recorded in the audit entry. A register
// failure is recorded and answered as an internal error.
struct GradedMatch {
  MatchResult result;
  std::optional<MatchGrade> grade;
  bool ambiguous = false;
};
absl::StatusOr<GradedMatch> MatchAndGrade(const PersonRegister& reg,
                                          const RecordFields& fields,
                                          const MatchOptions& options,
                                          double margin, AuditEntry& entry) {
  absl::StatusOr<MatchResult> result = reg.Match(fields, options);
  if (!result.ok()) {
    entry.detail = std::string(ToStd(result.status().message()));
    return absl::InternalError("matching failed");
  }
  GradedMatch out;
  std::tie(out.grade, out.ambiguous) = Summarise(*result, margin);
  entry.match_grade =
      out.grade.has_value() ? std::string(MatchGradeName(*out.grade)) : "none";
  entry.candidates = static_cast<std::int64_t>(result->candidates.size());
  out.result = *std::move(result);
  return out;
}

}  // namespace

ExchangeService::ExchangeService(ServiceOptions options, Authenticator auth,
                                 AccessPolicy policy, AuditLog* audit,
                                 PersonRegister* reg)
    : options_(std::move(options)),
      auth_(std::move(auth)),
      policy_(std::move(policy)),
      audit_(audit),
      register_(reg) {
  patient_options_.columns = register_->Columns();
  patient_options_.accept_invalid_nhs_numbers =
      options_.accept_invalid_nhs_numbers;
}

ExchangeResponse ExchangeService::Finish(ExchangeResponse response,
                                         Context& context) const {
  AuditEntry& entry = context.entry;
  entry.http_status = response.status;
  if (entry.decision.empty())
    entry.decision = response.status < 400 ? "PERMIT" : "ERROR";
  if (entry.status.empty())
    entry.status = response.status < 400 ? "answered" : "rejected";
  if (entry.model_version.empty())
    entry.model_version = register_->ModelVersion();
  response.request_id = entry.request_id;
  absl::StatusOr<std::int64_t> written = audit_->Append(entry);
  if (!written.ok()) {
    // No answer without its audit row.
    ExchangeResponse failed = Json(
        500, MakeOperationOutcome("error", "exception",
                                  "the audit log could not be written; the "
                                  "request was not processed"));
    failed.request_id = entry.request_id;
    return failed;
  }
  return response;
}

ExchangeResponse ExchangeService::Refused(const ExchangeRequest& request,
                                          int status,
                                          std::string_view message) const {
  Context context;
  context.entry.request_id = NewRequestId();
  context.entry.operation = "unknown";
  context.entry.detail = std::string(message);
  (void)request;
  return Finish(
      Json(status,
           MakeOperationOutcome("error", status == 413 ? "too-long" : "invalid",
                                message)),
      context);
}

ExchangeResponse ExchangeService::Handle(const ExchangeRequest& request) const {
  Context context;
  context.entry.request_id = NewRequestId();
  ExchangeResponse response = Route(request, context);
  return Finish(std::move(response), context);
}

ExchangeResponse ExchangeService::Route(const ExchangeRequest& request,
                                        Context& context) const {
  AuditEntry& entry = context.entry;
  const std::string& path = request.path;
  std::string admin_id;
  bool admin_patient = false;
  if (path == "/metadata") {
    entry.operation = "metadata";
  } else if (path == kMatchPath) {
    entry.operation = "match";
  } else if (path == kPersonInfoPath) {
    entry.operation = "person-info-query";
  } else if (absl::StartsWith(path, ToAbsl(kAdminPatientPrefix))) {
    admin_patient = true;
    admin_id = path.substr(kAdminPatientPrefix.size());
    entry.operation =
        request.method == "DELETE" ? "admin-delete" : "admin-upsert";
  } else if (path == "/admin/reviews") {
    entry.operation = "admin-reviews";
  } else {
    entry.operation = "unknown";
    entry.detail =
        absl::StrCat("no route ", request.method, " ", path.substr(0, 200));
    return Error(absl::NotFoundError(
        absl::StrCat("no such endpoint: ", path.substr(0, 200))));
  }

  // Method.
  std::string_view allowed;
  if (entry.operation == "metadata" || entry.operation == "admin-reviews") {
    allowed = "GET";
  } else if (admin_patient) {
    allowed = "PUT, DELETE";
  } else {
    allowed = "POST";
  }
  bool method_allowed = false;
  for (absl::string_view method : absl::StrSplit(ToAbsl(allowed), ", ")) {
    if (method == request.method) method_allowed = true;
  }
  if (!method_allowed) {
    ExchangeResponse response =
        Json(405, MakeOperationOutcome(
                      "error", "not-supported",
                      absl::StrCat("method ", request.method,
                                   " not allowed; use ", ToAbsl(allowed))));
    response.headers.emplace_back("Allow", std::string(allowed));
    entry.detail = "method not allowed";
    return response;
  }

  if (entry.operation == "metadata") {
    return Json(200, MakeCapabilityStatement(options_.software_version,
                                             options_.base_url));
  }

  // Authentication: a mapped client certificate, else a bearer token.
  absl::StatusOr<Principal> principal =
      absl::UnauthenticatedError("no credentials");
  if (request.certificate.has_value()) {
    principal = auth_.FromCertificate(*request.certificate);
  }
  if (!principal.ok()) {
    absl::StatusOr<Principal> bearer = auth_.FromBearer(request.authorization);
    if (bearer.ok() || !request.certificate.has_value() ||
        !request.authorization.empty()) {
      principal = std::move(bearer);
    }
  }
  if (!principal.ok()) {
    entry.decision = "UNAUTHENTICATED";
    entry.detail = std::string(ToStd(principal.status().message()));
    ExchangeResponse response = Error(principal.status());
    response.headers.emplace_back("WWW-Authenticate",
                                  "Bearer realm=\"linkage\"");
    return response;
  }
  context.principal = *principal;
  entry.requester = principal->organisation;
  entry.auth_method = principal->method;
  const bool admin = absl::StartsWith(entry.operation, "admin-");
  if (!principal->HasScope(admin ? "admin" : "query")) {
    entry.decision = "DENY";
    entry.detail = absl::StrCat("missing scope ", admin ? "admin" : "query");
    return Error(absl::PermissionDeniedError(
        absl::StrCat("this credential lacks the \"", admin ? "admin" : "query",
                     "\" scope")));
  }

  if (entry.operation == "admin-reviews") return AdminReviews(context);
  if (entry.operation == "admin-delete") return AdminDelete(admin_id, context);

  // Body.
  if (request.body_too_large || request.body.size() > options_.max_body_bytes) {
    entry.detail = "body too large";
    return Error(absl::ResourceExhaustedError(
        absl::StrCat("request body over ", options_.max_body_bytes, " bytes")));
  }
  if (!IsJsonContentType(request.content_type)) {
    entry.detail = absl::StrCat("content type \"",
                                request.content_type.substr(0, 100), "\"");
    return Error(absl::UnimplementedError(
        absl::StrCat("Content-Type must be application/fhir+json (got \"",
                     request.content_type.substr(0, 100), "\")")));
  }
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    entry.detail = "body is not valid JSON";
    return Error(
        absl::InvalidArgumentError("the request body is not valid JSON"));
  }
  if (admin_patient) return AdminUpsert(admin_id, body, context);
  if (entry.operation == "match") return Match(body, context);
  return PersonInfoQuery(body, context);
}

ExchangeResponse ExchangeService::Match(const json& body,
                                        Context& context) const {
  AuditEntry& entry = context.entry;
  absl::StatusOr<MatchRequest> request =
      ParseMatchRequest(body, patient_options_);
  if (!request.ok()) {
    entry.detail = std::string(ToStd(request.status().message()));
    return Error(request.status());
  }
  entry.identifier_hashes =
      HashIdentifiers(options_.audit_salt, request->patient.fields);
  MatchOptions match_options;
  // Always kAll: ambiguity is judged here, cluster-aware (Summarise), and
  // onlySingleMatch keeps the best entry of an unambiguous answer.
  match_options.policy = MatchPolicy::kAll;
  match_options.count =
      request->count > 0 ? request->count : options_.default_count;
  if (request->only_single) match_options.count = 0;
  match_options.only_certain = request->only_certain;
  absl::StatusOr<GradedMatch> graded =
      MatchAndGrade(*register_, request->patient.fields, match_options,
                    options_.ambiguity_margin_weight, entry);
  if (!graded.ok()) return Error(graded.status());
  const MatchResult* result = &graded->result;
  const std::optional<MatchGrade> grade = graded->grade;
  bool ambiguous = graded->ambiguous;
  // Without onlySingleMatch a list of candidates is the expected answer;
  // with it, two people too close to tell apart need a person to decide.
  if (!request->only_single) ambiguous = false;
  const RuleDecision decision = policy_.Decide(
      {.operation = "match",
       .requester = entry.requester,
       .reason = "",
       .grade = grade,
       .ambiguous = ambiguous,
       .nhs_number_present = !request->patient.nhs_number.empty()});
  if (std::optional<ExchangeResponse> refused = Gate(decision, entry)) {
    return *std::move(refused);
  }
  std::vector<BundleEntry> entries;
  for (const MatchCandidate& candidate : result->candidates) {
    std::optional<StoredRecord> record = register_->Get(candidate.record_id);
    if (!record.has_value()) continue;  // removed since the match
    entries.push_back(
        {RecordToPatient(*record), candidate.probability, candidate.grade});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const BundleEntry& a, const BundleEntry& b) {
                     return a.score > b.score;
                   });
  if (request->only_single && entries.size() > 1) entries.resize(1);
  return Json(200, MakeSearchsetBundle(entries, options_.base_url));
}

ExchangeResponse ExchangeService::PersonInfoQuery(const json& body,
                                                  Context& context) const {
  AuditEntry& entry = context.entry;
  absl::StatusOr<exchange::PersonInfoQuery> query =
      ParsePersonInfoQuery(body, patient_options_);
  if (!query.ok()) {
    entry.detail = std::string(ToStd(query.status().message()));
    return Error(query.status());
  }
  entry.reason = query->reason.substr(0, 500);
  entry.identifier_hashes =
      HashIdentifiers(options_.audit_salt, query->patient.fields);
  if (!policy_.IsKnownReason(query->reason)) {
    entry.detail = "reason not in the codelist";
    return Error(absl::FailedPreconditionError(absl::StrCat(
        "Parameters.parameter.reason: \"", query->reason.substr(0, 200),
        "\" is not a recognised legal basis (not in the reason codelist)")));
  }
  MatchOptions match_options;
  match_options.policy = MatchPolicy::kAll;
  match_options.count = 50;
  absl::StatusOr<GradedMatch> graded =
      MatchAndGrade(*register_, query->patient.fields, match_options,
                    options_.ambiguity_margin_weight, entry);
  if (!graded.ok()) return Error(graded.status());
  const std::optional<MatchGrade> grade = graded->grade;
  const bool ambiguous = graded->ambiguous;
  const RuleDecision decision = policy_.Decide(
      {.operation = "person-info-query",
       .requester = entry.requester,
       .reason = query->reason,
       .grade = grade,
       .ambiguous = ambiguous,
       .nhs_number_present = !query->patient.nhs_number.empty()});
  if (std::optional<ExchangeResponse> refused = Gate(decision, entry)) {
    return *std::move(refused);
  }
  const bool matched = grade.has_value() && *grade >= MatchGrade::kProbable;
  const json* contact = policy_.Contact(decision.service);
  if (matched && contact == nullptr) {
    entry.detail = "no contact configured for the service";
    return Error(absl::InternalError("no contact details configured"));
  }
  return Json(200, MakePersonInfoResponse(matched, contact));
}

ExchangeResponse ExchangeService::AdminUpsert(const std::string& id,
                                              const json& body,
                                              Context& context) const {
  AuditEntry& entry = context.entry;
  if (!ValidRecordId(id)) {
    entry.detail = "bad record id";
    return Error(absl::InvalidArgumentError(
        "record id must be 1-64 characters of [A-Za-z0-9-._]"));
  }
  absl::StatusOr<QueryPatient> patient =
      PatientToFields(body, "Patient", patient_options_);
  if (!patient.ok()) {
    entry.detail = std::string(ToStd(patient.status().message()));
    return Error(patient.status());
  }
  entry.identifier_hashes =
      HashIdentifiers(options_.audit_salt, patient->fields);
  entry.detail = absl::StrCat("record ", id);
  if (absl::Status status = register_->Upsert({id, patient->fields, ""});
      !status.ok()) {
    entry.detail = std::string(ToStd(status.message()));
    return Error(
        status.code() == absl::StatusCode::kInvalidArgument
            ? status
            : absl::InternalError("the register could not be written"));
  }
  std::optional<StoredRecord> stored = register_->Get(id);
  json patient_json = stored.has_value()
                          ? RecordToPatient(*stored)
                          : json{{"resourceType", "Patient"}, {"id", id}};
  return Json(200, patient_json);
}

ExchangeResponse ExchangeService::AdminDelete(const std::string& id,
                                              Context& context) const {
  AuditEntry& entry = context.entry;
  entry.detail = absl::StrCat("record ", id.substr(0, 64));
  absl::Status status = register_->Remove(id);
  if (status.code() == absl::StatusCode::kNotFound) {
    return Error(
        absl::NotFoundError(absl::StrCat("no record ", id.substr(0, 64))));
  }
  if (!status.ok()) {
    entry.detail = std::string(ToStd(status.message()));
    return Error(absl::InternalError("the register could not be written"));
  }
  return Json(200,
              MakeOperationOutcome("information", "informational",
                                   absl::StrCat("record ", id, " removed")));
}

ExchangeResponse ExchangeService::AdminReviews(Context& context) const {
  (void)context;
  absl::StatusOr<std::vector<AuditEntry>> queued =
      audit_->List(AuditFilter::WithStatus("queued"));
  if (!queued.ok())
    return Error(absl::InternalError("cannot read the review queue"));
  json reviews = json::array();
  for (const AuditEntry& e : *queued) {
    reviews.push_back({{"request_id", e.request_id},
                       {"time", e.time},
                       {"requester", e.requester},
                       {"operation", e.operation},
                       {"reason", e.reason},
                       {"match_grade", e.match_grade},
                       {"candidates", e.candidates},
                       {"rule_id", e.rule_id},
                       {"identifier_hashes", e.identifier_hashes}});
  }
  ExchangeResponse response = Json(200, json{{"reviews", reviews}});
  response.content_type = "application/json";
  return response;
}

}  // namespace linkage::exchange
