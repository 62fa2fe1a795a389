// Copyright 2026 The Linkage Authors.
//
// ExchangeService: the request logic of `linkage-serve`, independent of the
// HTTP library. server.h turns each HTTP request into an ExchangeRequest and
// the ExchangeResponse back into HTTP; tests can call Handle() directly.
//
// Every call to Handle() writes exactly one audit row, durably, before it
// returns (if the audit write fails the answer is replaced by a 500 that
// says nothing about the person). The pipeline of a request:
//   route (404/405) -> authenticate (401) -> body size (413) ->
//   content type (415) -> JSON (400) -> FHIR validation (400/422) ->
//   reason codelist (422) -> match -> access rules (PERMIT / DENY 403 /
//   REVIEW 202, queued) -> response.
//
// Routes:
//   GET    /metadata                      CapabilityStatement (no auth)
//   POST   /Patient/$match                query scope
//   POST   /Patient/$person-info-query    query scope
//   PUT    /admin/Patient/{id}            admin scope: upsert (body Patient)
//   DELETE /admin/Patient/{id}            admin scope: remove
//   GET    /admin/reviews                 admin scope: queued requests
//
// Example:
//   ExchangeService service(options, std::move(auth), std::move(policy),
//                           log.get(), reg.get());
//   ExchangeResponse r = service.Handle({.method = "POST", .path = ..., ...});
//
// Thread-safety: Handle() may be called concurrently.
#ifndef LINKAGE_EXCHANGE_SERVICE_H_
#define LINKAGE_EXCHANGE_SERVICE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exchange/access_rules.h"
#include "exchange/audit_log.h"
#include "exchange/auth.h"
#include "exchange/fhir_patient.h"
#include "exchange/person_register.h"

namespace linkage::exchange {

struct ServiceOptions {
  // The service's public base URL, for Bundle fullUrls and metadata.
  std::string base_url = "https://localhost:8443";
  // Salt of the identifier hashes in the audit log. Keep it secret and
  // stable: the same salt lets an auditor recompute a hash for a person.
  std::string audit_salt;
  // Drop an NHS number with a wrong check digit (and match on demographics)
  // instead of answering 422.
  bool accept_invalid_nhs_numbers = false;
  // Larger request bodies get 413.
  std::size_t max_body_bytes = 64 * 1024;
  // $match: at most this many entries when the request gives no count.
  std::size_t default_count = 10;
  // An answer is ambiguous when a candidate in another cluster scores within
  // this many match-weight units (log2 Bayes factor) of the best.
  double ambiguity_margin_weight = 1.0;
  // Software version in the CapabilityStatement.
  std::string software_version = "0.1.0";
};

struct ExchangeRequest {
  std::string method;         // "GET", "POST", ...
  std::string path;           // without the query string
  std::string content_type;   // the header value, may be empty
  std::string authorization;  // the header value, may be empty
  std::string body;
  bool body_too_large = false;  // the transport refused the body
  // A client certificate verified by TLS, if any.
  std::optional<CertificateIdentity> certificate;
};

struct ExchangeResponse {
  int status = 200;
  std::string body;  // JSON text
  std::string content_type = "application/fhir+json";
  std::string request_id;  // X-Request-Id; the audit row's key
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

class ExchangeService {
 public:
  // REQUIRES: `audit` and `reg` outlive the service.
  ExchangeService(ServiceOptions options, Authenticator auth,
                  AccessPolicy policy, AuditLog* audit, PersonRegister* reg);

  ExchangeResponse Handle(const ExchangeRequest& request) const;

  // An audited 413/400 for requests the transport refused before a handler
  // saw them (e.g. a body over the transport's hard limit).
  ExchangeResponse Refused(const ExchangeRequest& request, int status,
                           std::string_view message) const;

  const ServiceOptions& options() const noexcept { return options_; }

 private:
  struct Context;
  ExchangeResponse Route(const ExchangeRequest& request,
                         Context& context) const;
  ExchangeResponse Match(const nlohmann::json& body, Context& context) const;
  ExchangeResponse PersonInfoQuery(const nlohmann::json& body,
                                   Context& context) const;
  ExchangeResponse AdminUpsert(const std::string& id,
                               const nlohmann::json& body,
                               Context& context) const;
  ExchangeResponse AdminDelete(const std::string& id, Context& context) const;
  ExchangeResponse AdminReviews(Context& context) const;
  ExchangeResponse Finish(ExchangeResponse response, Context& context) const;

  ServiceOptions options_;
  PatientOptions patient_options_;
  Authenticator auth_;
  AccessPolicy policy_;
  AuditLog* audit_;
  PersonRegister* register_;
};

}  // namespace linkage::exchange

#endif  // LINKAGE_EXCHANGE_SERVICE_H_
