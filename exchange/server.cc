// Copyright 2026 The Linkage Authors.
#include "exchange/server.h"

#include <httplib.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <chrono>

#include "absl/strings/str_cat.h"

namespace linkage::exchange {
namespace {

constexpr char kRequestIdHeader[] = "X-Request-Id";

ExchangeRequest ToExchange(const httplib::Request& req) {
  ExchangeRequest out;
  out.method = req.method;
  out.path = req.path;
  out.content_type = req.get_header_value("Content-Type");
  out.authorization = req.get_header_value("Authorization");
  out.body = req.body;
  out.certificate = PeerCertificate(req.ssl);
  return out;
}

void Write(const ExchangeResponse& response, httplib::Response& res) {
  res.status = response.status;
  for (const auto& [name, value] : response.headers)
    res.set_header(name, value);
  res.set_header(kRequestIdHeader, response.request_id);
  res.set_content(response.body, response.content_type.c_str());
}

std::string OpenSslError() {
  const unsigned long code = ERR_get_error();
  if (code == 0) return "unknown OpenSSL error";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof(buffer));
  return buffer;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Create(
    const ExchangeService* service, const ServerOptions& options) {
  std::unique_ptr<HttpServer> server(new HttpServer());
  server->service_ = service;
  if (!options.tls_cert.empty()) {
    std::string error;
    auto ssl = std::make_unique<httplib::SSLServer>([&](SSL_CTX& ctx) {
      SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
      if (SSL_CTX_use_certificate_chain_file(&ctx, options.tls_cert.c_str()) !=
          1) {
        error = absl::StrCat(
            options.tls_cert,
            ": cannot load the server certificate: ", OpenSslError());
        return false;
      }
      if (SSL_CTX_use_PrivateKey_file(&ctx, options.tls_key.c_str(),
                                      SSL_FILETYPE_PEM) != 1 ||
          SSL_CTX_check_private_key(&ctx) != 1) {
        error = absl::StrCat(options.tls_key,
                             ": cannot load the private key: ", OpenSslError());
        return false;
      }
      if (!options.client_ca.empty()) {
        if (SSL_CTX_load_verify_locations(&ctx, options.client_ca.c_str(),
                                          nullptr) != 1) {
          error = absl::StrCat(options.client_ca,
                               ": cannot load the client CA: ", OpenSslError());
          return false;
        }
        STACK_OF(X509_NAME)* names =
            SSL_load_client_CA_file(options.client_ca.c_str());
        if (names != nullptr) SSL_CTX_set_client_CA_list(&ctx, names);
        SSL_CTX_set_verify(
            &ctx,
            SSL_VERIFY_PEER |
                (options.require_client_cert ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT
                                             : 0),
            nullptr);
      }
      return true;
    });
    if (!ssl->is_valid()) {
      return absl::InvalidArgumentError(error.empty() ? "TLS setup failed"
                                                      : error);
    }
    server->server_ = std::move(ssl);
    server->tls_ = true;
  } else {
    server->server_ = std::make_unique<httplib::Server>();
  }
  httplib::Server& http = *server->server_;
  const int threads = options.threads > 0 ? options.threads : 8;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(service->options().max_body_bytes);
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(1000);
  http.set_read_timeout(10);
  http.set_write_timeout(10);
  auto handler = [service](const httplib::Request& req,
                           httplib::Response& res) {
    Write(service->Handle(ToExchange(req)), res);
  };
  for (const char* pattern : {".*"}) {
    http.Get(pattern, handler);
    http.Post(pattern, handler);
    http.Put(pattern, handler);
    http.Delete(pattern, handler);
    http.Patch(pattern, handler);
    http.Options(pattern, handler);
  }
  // Errors the transport answers itself (413 over the payload limit, 400
  // for a malformed request line, 404 for an unknown method) never reach a
  // handler: audit them here. Responses from our handler carry the
  // request-id header and are left alone.
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [service](const httplib::Request& req, httplib::Response& res) {
        if (res.has_header(kRequestIdHeader))
          return httplib::Server::HandlerResponse::Unhandled;
        ExchangeRequest request = ToExchange(req);
        const int status = res.status;
        Write(
            service->Refused(
                request, status,
                status == 413
                    ? absl::StrCat("request body over ",
                                   service->options().max_body_bytes, " bytes")
                    : absl::StrCat("request refused by the "
                                   "transport (HTTP ",
                                   status, ")")),
            res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server->port_ =
      options.port == 0
          ? http.bind_to_any_port(options.host)
          : (http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (server->port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.host, ":", options.port));
  }
  return server;
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Start() {
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  for (int i = 0; i < 5000 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void HttpServer::Run() { server_->listen_after_bind(); }

void HttpServer::Stop() {
  if (server_ != nullptr) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace linkage::exchange
