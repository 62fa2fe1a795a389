// Copyright 2026 The Linkage Authors.
//
// The `linkage-serve` config file: one JSON document naming the model, the
// register store, the audit database, TLS files, authentication and access
// rules. Relative paths are resolved against the config file's folder.
//
//   {
//     "model": "model.json",              // a trained model (linkage train)
//     "store": "register.db",             // SQLite register (created if new)
//     "audit_db": "register.db",          // default: the store file
//     "listen": {"host": "127.0.0.1", "port": 8443, "threads": 8},
//     "tls": {"cert": "server.pem", "key": "server.key",
//             "client_ca": "ca.pem", "require_client_cert": false},
//     "base_url": "https://localhost:8443",
//     "audit_salt": "..." | "audit_salt_file": "salt.txt",
//     "audit_fsync": true,                  // false: synchronous=NORMAL
//                                           // (survives kill -9, not a
//                                           // power cut)
//     "accept_invalid_nhs_numbers": false,
//     "max_body_bytes": 65536,
//     "auth": {...},                       // auth.h
//     "access": {...} | "access_file": "rules.json"   // access_rules.h
//   }
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(ServeConfig config, LoadServeConfig(path));
//
// Thread-safety: pure functions.
#ifndef LINKAGE_EXCHANGE_SERVE_CONFIG_H_
#define LINKAGE_EXCHANGE_SERVE_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "exchange/access_rules.h"
#include "exchange/audit_log.h"
#include "exchange/auth.h"
#include "exchange/server.h"
#include "exchange/service.h"
#include "nlohmann/json.hpp"

namespace linkage::exchange {

struct ServeConfig {
  std::string model_path;
  std::string store_path;
  std::string audit_path;
  AuditLogOptions audit;
  ServerOptions server;
  ServiceOptions service;
  Authenticator auth;
  AccessPolicy access;
};

// Parses `document` (the config at `path`, used for errors and relative
// paths). Errors: InvalidArgument naming the path and JSON key; a missing
// audit salt is an error (hashes without a secret salt can be reversed by
// trying every NHS number).
absl::StatusOr<ServeConfig> ParseServeConfig(const nlohmann::json& document,
                                             const std::string& path);
absl::StatusOr<ServeConfig> LoadServeConfig(const std::string& path);

}  // namespace linkage::exchange

#endif  // LINKAGE_EXCHANGE_SERVE_CONFIG_H_
