// The HTTP side of `shortlist serve`: Poco's HTTP server on a socket, every
// request read within limits and answered — under /api/ by the Api's routes
// in JSON, under /static/ with a file of the site's static folder, anywhere
// else by the Pages in HTML — every answer, the server's refusals of
// malformed requests too, with strict security headers and its status's
// own reason phrase, and logged as one JSON line. Slow clients are held to
// a deadline per request and a number of connections per address
// (request_deadlines.h).
//
//   Server server(site, {"127.0.0.1", 8080});
//   server.start();          // serving on its own threads
//   ...
//   server.stop();           // requests in flight finish first
#pragma once

#include <Poco/Net/TCPServer.h>

#include <chrono>
#include <memory>
#include <ostream>
#include <string>

#include "core/server/api.h"
#include "core/server/pages.h"
#include "core/server/request_deadlines.h"
#include "core/server/site.h"

namespace shortlist::server {

struct ServerSettings {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;        // 0: any free port (see Server::port)
  std::size_t max_body = 64 * 1024;  // bytes of a request body
  // Bytes of an online application's body (POST /apply, POST and PUT
  // /api/v1/applications), attachments included.
  std::size_t max_upload = 32u << 20;
  std::size_t max_json_depth = 16;
  int threads = 16;
  // From a connection's start, or its previous answer, until a whole
  // request has arrived; past it the connection is dropped (slow clients
  // would otherwise hold every thread).
  std::chrono::milliseconds request_deadline = std::chrono::seconds(10);
  // Connections one client address may have open at once; more are closed
  // as soon as they are accepted, so that one address's slow connections
  // cannot take every thread. 0: no cap (behind a reverse proxy, every
  // client has the proxy's address, and the proxy caps its own).
  std::size_t max_connections_per_address = 8;
  std::ostream* access_log = nullptr;  // one JSON line per request; none when null
  // HTTPS with this certificate and private key (PEM files) when both are
  // given; TLS 1.2 at least.
  std::string tls_certificate = {};
  std::string tls_key = {};
};

class ConnectionFactory;

class Server {
 public:
  Server(Site& site, ServerSettings settings);
  ~Server();
  void start();
  // Stops taking connections and waits for the requests in flight.
  void stop();
  unsigned short port() const { return port_; }
  // Connections open now.
  int connections() const;

 private:
  std::unique_ptr<RequestDeadlines> deadlines_;  // outlives the connections
  ConnectionFactory* factory_ = nullptr;         // owned by tcp_
  std::unique_ptr<Poco::Net::TCPServer> tcp_;    // none once stopped
  unsigned short port_ = 0;
};

}  // namespace shortlist::server
