// Copyright 2026 The Linkage Authors.
#include "exchange/auth.h"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/string_view.h"
#include "exchange/hashing.h"

namespace linkage::exchange {
namespace {

using nlohmann::json;

absl::Status Bad(std::string_view source, std::string_view path,
                 std::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(ToAbsl(source), ": ", ToAbsl(path), ": ", ToAbsl(message)));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsHex64(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

absl::StatusOr<Principal> ReadPrincipal(const json& item,
                                        std::string_view source,
                                        const std::string& path,
                                        const std::string& method) {
  Principal principal;
  principal.method = method;
  auto org = item.find("organisation");
  if (org == item.end() || !org->is_string() ||
      org->get<std::string>().empty()) {
    return Bad(source, path + ".organisation",
               "is required (a non-empty string)");
  }
  principal.organisation = org->get<std::string>();
  if (auto scopes = item.find("scopes"); scopes != item.end()) {
    if (!scopes->is_array())
      return Bad(source, path + ".scopes", "must be an array");
    for (const json& scope : *scopes) {
      if (!scope.is_string() || (scope != "query" && scope != "admin")) {
        return Bad(source, path + ".scopes",
                   "scopes are \"query\" and \"admin\"");
      }
      principal.scopes.push_back(scope.get<std::string>());
    }
  } else {
    principal.scopes = {"query"};
  }
  return principal;
}

}  // namespace

bool Principal::HasScope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

absl::StatusOr<Authenticator> Authenticator::Parse(const json& section,
                                                   std::string_view source) {
  Authenticator auth;
  if (section.is_null()) return auth;
  if (!section.is_object()) return Bad(source, "$.auth", "must be an object");
  if (auto tokens = section.find("tokens"); tokens != section.end()) {
    if (!tokens->is_array())
      return Bad(source, "$.auth.tokens", "must be an array");
    for (std::size_t i = 0; i < tokens->size(); ++i) {
      const json& item = (*tokens)[i];
      const std::string path = absl::StrCat("$.auth.tokens[", i, "]");
      if (!item.is_object()) return Bad(source, path, "must be an object");
      std::string hash;
      if (item.contains("sha256") && item["sha256"].is_string()) {
        hash = Lower(item["sha256"].get<std::string>());
        if (!IsHex64(hash))
          return Bad(source, path + ".sha256", "must be 64 hex digits");
      } else if (item.contains("token") && item["token"].is_string() &&
                 !item["token"].get<std::string>().empty()) {
        hash = Sha256Hex(item["token"].get<std::string>());
      } else {
        return Bad(source, path, "needs \"sha256\" (preferred) or \"token\"");
      }
      absl::StatusOr<Principal> principal =
          ReadPrincipal(item, source, path, "bearer");
      if (!principal.ok()) return principal.status();
      auth.by_token_hash_[hash] = *std::move(principal);
    }
  }
  if (auto certs = section.find("certificates"); certs != section.end()) {
    if (!certs->is_array())
      return Bad(source, "$.auth.certificates", "must be an array");
    for (std::size_t i = 0; i < certs->size(); ++i) {
      const json& item = (*certs)[i];
      const std::string path = absl::StrCat("$.auth.certificates[", i, "]");
      if (!item.is_object()) return Bad(source, path, "must be an object");
      absl::StatusOr<Principal> principal =
          ReadPrincipal(item, source, path, "mtls");
      if (!principal.ok()) return principal.status();
      if (item.contains("sha256_fingerprint") &&
          item["sha256_fingerprint"].is_string()) {
        auth.by_fingerprint_[Lower(
            item["sha256_fingerprint"].get<std::string>())] = *principal;
      } else if (item.contains("subject_cn") &&
                 item["subject_cn"].is_string()) {
        auth.by_cn_[item["subject_cn"].get<std::string>()] = *principal;
      } else {
        return Bad(source, path,
                   "needs \"subject_cn\" or \"sha256_fingerprint\"");
      }
    }
  }
  return auth;
}

absl::StatusOr<Principal> Authenticator::FromBearer(
    std::string_view authorization) const {
  if (authorization.empty()) {
    return absl::UnauthenticatedError(
        "no credentials: send a client certificate or "
        "Authorization: Bearer <token>");
  }
  constexpr std::string_view kPrefix = "Bearer ";
  if (authorization.size() <= kPrefix.size() ||
      !absl::EqualsIgnoreCase(ToAbsl(authorization.substr(0, kPrefix.size())),
                              ToAbsl(kPrefix))) {
    return absl::UnauthenticatedError(
        "Authorization must be \"Bearer <token>\"");
  }
  const std::string hash = Sha256Hex(authorization.substr(kPrefix.size()));
  auto it = by_token_hash_.find(hash);
  if (it == by_token_hash_.end()) {
    return absl::UnauthenticatedError("unknown bearer token");
  }
  return it->second;
}

absl::StatusOr<Principal> Authenticator::FromCertificate(
    const CertificateIdentity& identity) const {
  if (auto it = by_fingerprint_.find(Lower(identity.sha256_fingerprint));
      it != by_fingerprint_.end()) {
    return it->second;
  }
  if (auto it = by_cn_.find(identity.subject_cn); it != by_cn_.end()) {
    return it->second;
  }
  return absl::UnauthenticatedError(
      absl::StrCat("client certificate CN=\"", identity.subject_cn,
                   "\" is not mapped to an organisation"));
}

std::optional<CertificateIdentity> PeerCertificate(const SSL* ssl) {
  if (ssl == nullptr) return std::nullopt;
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return std::nullopt;
  CertificateIdentity identity;
  if (SSL_get_verify_result(ssl) != X509_V_OK) {
    X509_free(cert);
    return std::nullopt;
  }
  char cn[256] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn,
                            sizeof(cn));
  identity.subject_cn = cn;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  X509_digest(cert, EVP_sha256(), digest, &size);
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned int i = 0; i < size; ++i) {
    if (i > 0) identity.sha256_fingerprint.push_back(':');
    identity.sha256_fingerprint.push_back(kDigits[digest[i] >> 4]);
    identity.sha256_fingerprint.push_back(kDigits[digest[i] & 15]);
  }
  X509_free(cert);
  return identity;
}

}  // namespace linkage::exchange
