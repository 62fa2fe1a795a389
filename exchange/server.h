// Copyright 2026 The Linkage Authors.
//
// HttpServer: cpp-httplib (Debian's libcpp-httplib, OpenSSL 3) in front of
// an ExchangeService. Plain HTTP when no certificate is configured; HTTPS
// otherwise, with optional or required client certificates verified against
// a client CA (mutual TLS). Every request, including those the transport
// refuses (a body over the size limit), gets exactly one audit row through
// the service; responses carry X-Request-Id (the audit row's key).
//
// Example:
//   LINKAGE_ASSIGN_OR_RETURN(std::unique_ptr<HttpServer> server,
//                            HttpServer::Create(&service, {.port = 0}));
//   server->Start();              // listening on server->port()
//   ...
//   server->Stop();
//
// Thread-safety: Start/Stop from one thread; requests run on the server's
// worker threads (ServerOptions::threads) and call the service concurrently.
#ifndef LINKAGE_EXCHANGE_SERVER_H_
#define LINKAGE_EXCHANGE_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "exchange/service.h"

namespace httplib {
class Server;
}

namespace linkage::exchange {

struct ServerOptions {
  // Plain HTTP on 127.0.0.1:`port` with `threads` workers.
  static ServerOptions Plain(int port, int threads) {
    ServerOptions options;
    options.port = port;
    options.threads = threads;
    return options;
  }

  std::string host = "127.0.0.1";
  int port = 0;  // 0 = any free port (see HttpServer::port())
  // TLS: PEM server certificate (chain) and key; empty = plain HTTP.
  std::string tls_cert;
  std::string tls_key;
  // PEM CA whose certificates clients may present (mutual TLS); empty = no
  // client certificates.
  std::string client_ca;
  // Refuse the TLS handshake without a valid client certificate.
  bool require_client_cert = false;
  // Worker threads.
  int threads = 8;
};

class HttpServer {
 public:
  // Binds the socket. Errors: bad TLS files (InvalidArgument naming them),
  // the address in use (Unavailable). REQUIRES: `service` outlives the
  // server.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Create(
      const ExchangeService* service, const ServerOptions& options);
  ~HttpServer();

  // The bound port.
  int port() const noexcept { return port_; }
  bool tls() const noexcept { return tls_; }

  // Serves on a background thread (returns at once).
  void Start();
  // Serves on the calling thread until Stop() (from another thread or a
  // signal handler's helper thread).
  void Run();
  // Stops serving and joins the background thread, if any.
  void Stop();

 private:
  HttpServer() = default;
  const ExchangeService* service_ = nullptr;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  bool tls_ = false;
};

}  // namespace linkage::exchange

#endif  // LINKAGE_EXCHANGE_SERVER_H_
