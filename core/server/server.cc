#include "core/server/server.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <chrono>
#include <mutex>
#include <sstream>
#include <thread>

namespace shortlist::server {
namespace {

using Poco::JSON::Object;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

// Every response: no script but our own, no framing, no sniffing, no
// caching of what may be personal.
void secure(HTTPServerResponse& response) {
  response.set("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Cache-Control", "no-store");
}

std::string json_text(const Object::Ptr& body) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(body, out);
  return out.str();
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
 public:
  ApiHandler(Api& api, const ServerSettings& settings) : api_(api), settings_(settings) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    const auto started = std::chrono::steady_clock::now();
    const std::string path = Poco::URI(request.getURI()).getPath();
    ApiResponse answer = answer_for(request, path);
    const std::string text = json_text(answer.body);
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    secure(response);
    for (const auto& [name, value] : answer.headers) response.set(name, value);
    response.setContentType("application/json; charset=utf-8");
    response.setContentLength(static_cast<std::streamsize>(text.size()));
    response.send() << text;
    log(request, path, answer.status, text.size(), started);
  }

 private:
  ApiResponse answer_for(HTTPServerRequest& request, const std::string& path) {
    const Route* route = api_.find(request.getMethod(), path);
    if (route == nullptr) {
      const std::string allowed = api_.allowed(path);
      if (allowed.empty()) return error_response(404, "no such route: " + path);
      ApiResponse response = error_response(405, request.getMethod() + " is not allowed here");
      response.headers["Allow"] = allowed;
      return response;
    }
    ApiRequest in{request.getMethod(), path, request.clientAddress().host().toString(),
                  request.get("Accept-Language", ""), nullptr};
    if (request.getMethod() == "POST") {
      if (request.getContentType().rfind("application/json", 0) != 0) {
        return error_response(415, "send the body as application/json");
      }
      std::string body;
      if (!read_body(request, body)) {
        return error_response(
            413, "the body is larger than " + std::to_string(settings_.max_body) + " bytes");
      }
      try {
        Poco::JSON::Parser parser;
        parser.setDepth(settings_.max_json_depth);
        in.body = parser.parse(body).extract<Object::Ptr>();
      } catch (const Poco::Exception& e) {
        return error_response(400, "the body is not a JSON object of depth at most " +
                                       std::to_string(settings_.max_json_depth) + ": " +
                                       e.message());
      } catch (const std::exception&) {
        return error_response(400, "the body is not a JSON object");
      }
    }
    try {
      return route->answer(in);
    } catch (const std::exception& e) {
      return error_response(500, std::string("internal error: ") + e.what());
    }
  }

  // At most max_body bytes; false when there are more.
  bool read_body(HTTPServerRequest& request, std::string& body) {
    if (request.hasContentLength() &&
        request.getContentLength64() > static_cast<Poco::Int64>(settings_.max_body)) {
      return false;
    }
    std::istream& in = request.stream();
    char chunk[8192];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
      body.append(chunk, static_cast<std::size_t>(in.gcount()));
      if (body.size() > settings_.max_body) return false;
    }
    return true;
  }

  void log(const HTTPServerRequest& request, const std::string& path, int status, std::size_t bytes,
           std::chrono::steady_clock::time_point started) {
    if (settings_.access_log == nullptr) return;
    Object::Ptr line = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    const auto now = std::chrono::system_clock::now();
    line->set(
        "time",
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    line->set("client", request.clientAddress().host().toString());
    line->set("method", request.getMethod());
    line->set("path", path);  // never the query: codes stay out of logs
    line->set("status", status);
    line->set("bytes", bytes);
    line->set("ms",
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                  .count());
    static std::mutex mutex;
    const std::lock_guard<std::mutex> lock(mutex);
    *settings_.access_log << json_text(line) << '\n' << std::flush;
  }

  Api& api_;
  const ServerSettings& settings_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(Api& api, const ServerSettings& settings) : api_(api), settings_(settings) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new ApiHandler(api_, settings_);
  }

 private:
  Api& api_;
  ServerSettings settings_;
};

}  // namespace

Server::Server(Api& api, ServerSettings settings) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(settings.host, settings.port));
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(settings.threads);
  params->setMaxQueued(256);
  params->setKeepAlive(true);
  params->setTimeout(Poco::Timespan(10, 0));  // a slow client is dropped
  http_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(api, settings), socket, params);
}

Server::~Server() { stop(); }

void Server::start() { http_->start(); }

void Server::stop() {
  if (stopped_) return;
  stopped_ = true;
  http_->stopAll(false);
  for (int i = 0; i < 500 && http_->currentConnections() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

unsigned short Server::port() const { return http_->port(); }

}  // namespace shortlist::server
