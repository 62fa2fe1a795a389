// Copyright 2026 The Linkage Authors.
//
// Authentication: who is asking. A request is authenticated by a bearer
// token (Authorization: Bearer <token>) or by its TLS client certificate
// (mutual TLS), each mapped to a requester organisation by the "auth"
// section of the service config:
//
//   {
//     "tokens": [
//       {"sha256": "<hex SHA-256 of the token>", "organisation": "org:a",
//        "scopes": ["query"]},            // "query", "admin"; default query
//       {"token": "plain-text", ...}      // accepted, but prefer sha256
//     ],
//     "certificates": [
//       {"subject_cn": "southshire.example", "organisation": "org:b"},
//       {"sha256_fingerprint": "ab:cd:...", "organisation": "org:c"}
//     ]
//   }
//
// Only token hashes are kept in memory; a presented token is hashed and
// looked up. A certificate is trusted only if the TLS layer verified it
// against the configured client CA; this class maps a verified
// certificate's identity to an organisation (fingerprint first, then CN).
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(Authenticator auth, Authenticator::Parse(j, "x"));
//   absl::StatusOr<Principal> who = auth.FromBearer(header_value);
//
// Thread-safety: const methods may be called concurrently.
#ifndef LINKAGE_EXCHANGE_AUTH_H_
#define LINKAGE_EXCHANGE_AUTH_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

typedef struct ssl_st SSL;

namespace linkage::exchange {

struct Principal {
  std::string organisation;
  std::vector<std::string> scopes;  // "query", "admin"
  std::string method;               // "bearer" or "mtls"
  bool HasScope(std::string_view scope) const;
};

// The identity of a verified client certificate.
struct CertificateIdentity {
  std::string subject_cn;
  std::string sha256_fingerprint;  // lower-case hex with ':' separators
};

class Authenticator {
 public:
  // Parses the "auth" section. Errors (InvalidArgument, naming `source` and
  // the JSON path): wrong types, a token entry with neither sha256 nor token,
  // a sha256 that is not 64 hex digits, an unknown scope, a certificate
  // entry with neither subject_cn nor sha256_fingerprint.
  static absl::StatusOr<Authenticator> Parse(const nlohmann::json& section,
                                             std::string_view source);

  // `authorization`: the Authorization header value ("" if absent).
  // Unauthenticated if missing, not "Bearer <token>", or unknown.
  absl::StatusOr<Principal> FromBearer(std::string_view authorization) const;

  // Unauthenticated if no configured entry names the certificate.
  absl::StatusOr<Principal> FromCertificate(
      const CertificateIdentity& identity) const;

  bool has_certificates() const noexcept {
    return !by_fingerprint_.empty() || !by_cn_.empty();
  }

 private:
  std::map<std::string, Principal, std::less<>> by_token_hash_;
  std::map<std::string, Principal, std::less<>> by_fingerprint_;
  std::map<std::string, Principal, std::less<>> by_cn_;
};

// The peer certificate of a TLS connection, if the handshake presented and
// verified one; nullopt otherwise (also for a null `ssl`).
std::optional<CertificateIdentity> PeerCertificate(const SSL* ssl);

}  // namespace linkage::exchange

#endif  // LINKAGE_EXCHANGE_AUTH_H_
