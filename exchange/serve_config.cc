// Copyright 2026 The Linkage Authors.
#include "exchange/serve_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace linkage::exchange {
namespace {

using nlohmann::json;

absl::Status Bad(const std::string& path, std::string_view key,
                 std::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": $.", absl::string_view(key.data(), key.size()),
                   ": ", absl::string_view(message.data(), message.size())));
}

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<json> ReadJson(const std::string& path) {
  absl::StatusOr<std::string> text = ReadText(path);
  if (!text.ok()) return text.status();
  json document = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not valid JSON"));
  }
  return document;
}

std::string Resolve(const std::string& config_path, const std::string& file) {
  if (file.empty()) return file;
  std::filesystem::path p(file);
  if (p.is_absolute()) return file;
  return (std::filesystem::path(config_path).parent_path() / p)
      .lexically_normal()
      .string();
}

absl::Status GetString(const json& object, const char* key,
                       const std::string& path, std::string_view full_key,
                       std::string* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_string()) return Bad(path, full_key, "must be a string");
  *out = it->get<std::string>();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ServeConfig> ParseServeConfig(const json& document,
                                             const std::string& path) {
  if (!document.is_object()) return Bad(path, "", "must be a JSON object");
  ServeConfig config;
  std::string model, store, audit, salt_file;
  for (auto [key, out] :
       {std::pair{"model", &model}, std::pair{"store", &store},
        std::pair{"audit_db", &audit}, std::pair{"audit_salt_file", &salt_file},
        std::pair{"audit_salt", &config.service.audit_salt},
        std::pair{"base_url", &config.service.base_url}}) {
    if (absl::Status s = GetString(document, key, path, key, out); !s.ok())
      return s;
  }
  if (model.empty())
    return Bad(path, "model", "is required (a trained model file)");
  if (store.empty())
    return Bad(path, "store", "is required (the register's SQLite file)");
  config.model_path = Resolve(path, model);
  config.store_path = Resolve(path, store);
  config.audit_path = audit.empty() ? config.store_path : Resolve(path, audit);
  if (!salt_file.empty()) {
    absl::StatusOr<std::string> salt = ReadText(Resolve(path, salt_file));
    if (!salt.ok()) return salt.status();
    config.service.audit_salt = std::string(absl::StripAsciiWhitespace(*salt));
  }
  if (config.service.audit_salt.size() < 16) {
    return Bad(
        path, "audit_salt",
        "is required: a secret of at least 16 characters (or audit_salt_file)");
  }
  if (auto it = document.find("accept_invalid_nhs_numbers");
      it != document.end()) {
    if (!it->is_boolean())
      return Bad(path, "accept_invalid_nhs_numbers", "must be a boolean");
    config.service.accept_invalid_nhs_numbers = it->get<bool>();
  }
  if (auto it = document.find("audit_fsync"); it != document.end()) {
    if (!it->is_boolean()) return Bad(path, "audit_fsync", "must be a boolean");
    config.audit.full_sync = it->get<bool>();
  }
  if (auto it = document.find("max_body_bytes"); it != document.end()) {
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() < 1024) {
      return Bad(path, "max_body_bytes", "must be an integer >= 1024");
    }
    config.service.max_body_bytes = it->get<std::size_t>();
  }
  if (auto it = document.find("listen"); it != document.end()) {
    if (!it->is_object()) return Bad(path, "listen", "must be an object");
    if (absl::Status s =
            GetString(*it, "host", path, "listen.host", &config.server.host);
        !s.ok()) {
      return s;
    }
    if (auto p = it->find("port"); p != it->end()) {
      if (!p->is_number_integer() || p->get<int>() < 0 ||
          p->get<int>() > 65535) {
        return Bad(path, "listen.port", "must be 0..65535");
      }
      config.server.port = p->get<int>();
    }
    if (auto t = it->find("threads"); t != it->end()) {
      if (!t->is_number_integer() || t->get<int>() < 1 || t->get<int>() > 256) {
        return Bad(path, "listen.threads", "must be 1..256");
      }
      config.server.threads = t->get<int>();
    }
  }
  if (auto it = document.find("tls"); it != document.end() && !it->is_null()) {
    if (!it->is_object()) return Bad(path, "tls", "must be an object");
    std::string cert, key, ca;
    if (absl::Status s = GetString(*it, "cert", path, "tls.cert", &cert);
        !s.ok())
      return s;
    if (absl::Status s = GetString(*it, "key", path, "tls.key", &key); !s.ok())
      return s;
    if (absl::Status s =
            GetString(*it, "client_ca", path, "tls.client_ca", &ca);
        !s.ok())
      return s;
    if (cert.empty() != key.empty())
      return Bad(path, "tls", "needs both cert and key");
    config.server.tls_cert = Resolve(path, cert);
    config.server.tls_key = Resolve(path, key);
    config.server.client_ca = Resolve(path, ca);
    if (auto r = it->find("require_client_cert"); r != it->end()) {
      if (!r->is_boolean())
        return Bad(path, "tls.require_client_cert", "must be a boolean");
      config.server.require_client_cert = r->get<bool>();
    }
  }
  absl::StatusOr<Authenticator> auth =
      Authenticator::Parse(document.value("auth", json()), path);
  if (!auth.ok()) return auth.status();
  config.auth = *std::move(auth);
  if (auto it = document.find("access_file"); it != document.end()) {
    if (!it->is_string()) return Bad(path, "access_file", "must be a string");
    absl::StatusOr<AccessPolicy> access =
        AccessPolicy::Load(Resolve(path, it->get<std::string>()));
    if (!access.ok()) return access.status();
    config.access = *std::move(access);
  } else if (auto a = document.find("access"); a != document.end()) {
    absl::StatusOr<AccessPolicy> access =
        AccessPolicy::Parse(*a, absl::StrCat(path, " (access)"));
    if (!access.ok()) return access.status();
    config.access = *std::move(access);
  }
  return config;
}

absl::StatusOr<ServeConfig> LoadServeConfig(const std::string& path) {
  absl::StatusOr<json> document = ReadJson(path);
  if (!document.ok()) return document.status();
  return ParseServeConfig(*document, path);
}

}  // namespace linkage::exchange
