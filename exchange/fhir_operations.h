// Copyright 2026 The Linkage Authors.
//
// The FHIR operations the service answers, as pure JSON in / JSON out
// functions (no HTTP here; server.h does that):
//   Patient/$match              FHIR R4 (hl7.org/fhir/R4/patient-operation-
//                               match.html): Parameters in (resource,
//                               onlyCertainMatches, count, onlySingleMatch),
//                               a searchset Bundle out, entries ordered by
//                               search.score with the match-grade extension.
//   Patient/$person-info-query  the children's social care Data Exchange
//                               Standard (v0.3): Parameters in (resource,
//                               reason valueUri), Parameters out (match
//                               boolean, contact Organization when matched).
// plus OperationOutcome for errors and the CapabilityStatement of
// GET /metadata.
//
// Status -> HTTP mapping (HttpStatusFor): InvalidArgument 400 (not valid
// FHIR), FailedPrecondition 422 (valid but unprocessable: NHS check digit,
// unknown reason), Unauthenticated 401, PermissionDenied 403, NotFound 404,
// ResourceExhausted 413, Unimplemented 415 (content type), anything else 500.
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(MatchRequest request,
//                            ParseMatchRequest(body, patient_options));
//   nlohmann::json bundle = MakeSearchsetBundle(entries, "https://x/fhir");
//
// Thread-safety: pure functions.
#ifndef LINKAGE_EXCHANGE_FHIR_OPERATIONS_H_
#define LINKAGE_EXCHANGE_FHIR_OPERATIONS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "exchange/fhir_patient.h"
#include "linkage/decisions.h"
#include "linkage/store.h"
#include "nlohmann/json.hpp"

namespace linkage::exchange {

inline constexpr std::string_view kMatchGradeExtension =
    "http://hl7.org/fhir/StructureDefinition/match-grade";
inline constexpr std::string_view kFhirJson = "application/fhir+json";

struct MatchRequest {
  QueryPatient patient;
  bool only_certain = false;  // onlyCertainMatches
  bool only_single = false;   // onlySingleMatch
  std::size_t count = 0;      // count; 0 = not given
};

struct PersonInfoQuery {
  QueryPatient patient;
  std::string reason;  // the reason's valueUri
};

// Parses a $match Parameters body. Enforces the Parameters invariants
// (resourceType, parameter an array of objects each with a string name and
// exactly one value[x] or resource), the operation's parameters (resource
// required once; onlyCertainMatches/onlySingleMatch valueBoolean; count
// valuePositiveInt or valueInteger >= 1; unknown parameters refused) and the
// Patient (fhir_patient.h). Errors name the JSON path.
absl::StatusOr<MatchRequest> ParseMatchRequest(const nlohmann::json& body,
                                               const PatientOptions& options);

// Parses a $person-info-query Parameters body: resource (Patient) and reason
// (valueUri; missing -> InvalidArgument "...: reason is required"). Whether
// the reason is in the codelist is access_rules.h's business.
absl::StatusOr<PersonInfoQuery> ParsePersonInfoQuery(
    const nlohmann::json& body, const PatientOptions& options);

struct BundleEntry {
  nlohmann::json patient;  // a Patient resource with an id
  double score = 0;        // 0..1
  MatchGrade grade = MatchGrade::kCertainlyNot;
};

// A searchset Bundle: total, one entry per `entries` (in the order given:
// callers sort by score), fullUrl `base_url`/Patient/<id>, search.mode
// "match", search.score and the match-grade extension.
nlohmann::json MakeSearchsetBundle(const std::vector<BundleEntry>& entries,
                                   std::string_view base_url);

// The standard's response: match, and contact when `contact` is given.
nlohmann::json MakePersonInfoResponse(bool match,
                                      const nlohmann::json* contact);

// The response to a request queued for review (HTTP 202): Parameters with
// status "under-review", the review id and an informational
// OperationOutcome. Says nothing about whether the person is known.
nlohmann::json MakeReviewResponse(std::string_view review_id);

// An OperationOutcome with one issue. `severity` "error"/"information";
// `code` a FHIR issue-type code ("invalid", "structure", "required",
// "value", "login", "forbidden", "not-supported", "too-long", "exception",
// "informational"); `expression` (FHIRPath-ish JSON path) may be empty.
nlohmann::json MakeOperationOutcome(std::string_view severity,
                                    std::string_view code,
                                    std::string_view diagnostics,
                                    std::string_view expression = "");

// OperationOutcome for an error status: the code follows HttpStatusFor, the
// diagnostics are the status message, the expression its leading path.
nlohmann::json OperationOutcomeFor(const absl::Status& status);

// The HTTP status for an error (see the table above). REQUIRES: !ok().
int HttpStatusFor(const absl::Status& status) noexcept;

// The CapabilityStatement of GET /metadata: both operations on Patient,
// formats application/fhir+json, `software_version` in software.version.
nlohmann::json MakeCapabilityStatement(std::string_view software_version,
                                       std::string_view base_url);

}  // namespace linkage::exchange

#endif  // LINKAGE_EXCHANGE_FHIR_OPERATIONS_H_
