#include "core/server/server.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
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

// A request's answer, whatever produced it.
struct Answer {
  int status = 200;
  std::string content_type;
  std::string body;
  std::map<std::string, std::string> headers;
};

Answer json_answer(const ApiResponse& response) {
  return {response.status, "application/json; charset=utf-8",
          response.text.empty() ? json_text(response.body) : response.text, response.headers};
}

// name=value&... as browsers send forms and queries ('+' is a space);
// throws Poco::SyntaxException on a malformed escape.
std::map<std::string, std::string> parse_form(const std::string& encoded) {
  std::map<std::string, std::string> out;
  std::istringstream pairs(encoded);
  for (std::string pair; std::getline(pairs, pair, '&');) {
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    std::replace(pair.begin(), pair.end(), '+', ' ');  // a '+' typed is sent as %2B
    std::string name, value;
    Poco::URI::decode(pair.substr(0, equals), name);
    if (equals != std::string::npos) Poco::URI::decode(pair.substr(equals + 1), value);
    out[name] = value;
  }
  return out;
}

// What is read of a body too large before the connection is closed instead.
constexpr std::size_t kMaxDrained = 1 << 20;

const std::map<std::string, std::string> kStaticTypes = {{".css", "text/css; charset=utf-8"},
                                                         {".txt", "text/plain; charset=utf-8"},
                                                         {".svg", "image/svg+xml"},
                                                         {".png", "image/png"},
                                                         {".ico", "image/x-icon"}};

Poco::Net::SocketImpl* socket_of(HTTPServerRequest& request) {
  return static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().impl();
}

bool has_body(const HTTPServerRequest& request) {
  return request.getChunkedTransferEncoding() ||
         (request.hasContentLength() && request.getContentLength64() > 0);
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(Site& site, Api& api, Pages& pages, const ServerSettings& settings,
          RequestDeadlines& deadlines)
      : site_(site), api_(api), pages_(pages), settings_(settings), deadlines_(deadlines) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    const auto started = std::chrono::steady_clock::now();
    // A body still to come keeps the request's deadline until it is read.
    if (!has_body(request)) deadlines_.received(socket_of(request));
    const std::string& target = request.getURI();
    std::string path = target.substr(0, target.find('?'));
    std::string failure;  // what went wrong inside, for the log only
    Answer answer;
    try {
      const Poco::URI uri(target);
      path = uri.getPath();
      answer = path.rfind("/api/", 0) == 0      ? json_answer(api_answer(request, response, path))
               : path.rfind("/static/", 0) == 0 ? static_file(request, path)
                                                : page(request, response, uri);
    } catch (const Poco::SyntaxException&) {
      answer = json_answer(error_response(400, "a malformed request address"));
    } catch (const Poco::Exception& e) {
      failure = e.displayText();
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) {
      answer = json_answer(error_response(500, "internal error; the server's log says more"));
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    secure(response);
    for (const auto& [name, value] : answer.headers) response.set(name, value);
    response.setContentType(answer.content_type);
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    if (request.getMethod() == "HEAD") {
      response.send();
    } else {
      response.send() << answer.body;
    }
    deadlines_.answered(socket_of(request));
    log(request, path, answer.status, answer.body.size(), started, failure);
  }

 private:
  ApiResponse api_answer(HTTPServerRequest& request, HTTPServerResponse& response,
                         const std::string& path) {
    ApiRequest in{request.getMethod(), path, request.clientAddress().host().toString(),
                  request.get("Accept-Language", ""), nullptr};
    in.cookies = cookies_of(request);
    in.csrf_header = request.get("X-CSRF-Token", "");
    in.secure = request.secure();
    if (has_body(request)) {
      if (request.getContentType().rfind("application/json", 0) != 0) {
        return error_response(415, "send the body as application/json");
      }
      std::string body;
      if (!read_body(request, response, body)) {
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
    return api_.answer(std::move(in));
  }

  static std::map<std::string, std::string> cookies_of(HTTPServerRequest& request) {
    Poco::Net::NameValueCollection cookies;
    request.getCookies(cookies);
    std::map<std::string, std::string> out;
    for (const auto& [name, value] : cookies) out[name] = value;
    return out;
  }

  Answer static_file(HTTPServerRequest& request, const std::string& path) {
    static const std::regex kName("/static/[a-z0-9][a-z0-9_.-]{0,63}");
    const std::string extension = std::filesystem::path(path).extension().string();
    const auto type = kStaticTypes.find(extension);
    if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
      return {405, "text/plain; charset=utf-8", "GET only\n", {{"Allow", "GET, HEAD"}}};
    }
    std::string bytes;
    if (std::regex_match(path, kName) && path.find("..") == std::string::npos &&
        type != kStaticTypes.end()) {
      std::ifstream in(site_.settings().static_dir / path.substr(8), std::ios::binary);
      std::ostringstream read;
      if (in && (read << in.rdbuf())) bytes = read.str();
    }
    if (bytes.empty()) return {404, "text/plain; charset=utf-8", "not found\n", {}};
    return {200, type->second, std::move(bytes), {{"Cache-Control", "public, max-age=3600"}}};
  }

  Answer page(HTTPServerRequest& request, HTTPServerResponse& response, const Poco::URI& uri) {
    PageRequest in;
    in.method = request.getMethod() == "HEAD" ? "GET" : request.getMethod();
    in.path = uri.getPath();
    in.client = request.clientAddress().host().toString();
    in.accept_language = request.get("Accept-Language", "");
    in.secure = request.secure();
    try {
      in.query = parse_form(uri.getRawQuery());
    } catch (const Poco::Exception&) {
      return {400, "text/plain; charset=utf-8", "a malformed query\n", {}};
    }
    in.cookies = cookies_of(request);
    auto html = [](const PageResponse& r) {
      return Answer{r.status, "text/html; charset=utf-8", r.html, r.headers};
    };
    if (in.method == "POST") {
      if (request.getContentType().rfind("application/x-www-form-urlencoded", 0) != 0) {
        return {415,
                "text/plain; charset=utf-8",
                "send the form as application/x-www-form-urlencoded\n",
                {}};
      }
      std::string body;
      if (!read_body(request, response, body)) {
        return {413, "text/plain; charset=utf-8", "the form is too large\n", {}};
      }
      try {
        in.form = parse_form(body);
      } catch (const Poco::Exception&) {
        return {400, "text/plain; charset=utf-8", "a malformed form\n", {}};
      }
    }
    return html(pages_.answer(in));
  }

  // At most max_body bytes; false when there are more. The rest of a body
  // too large is read and dropped, up to a bound, so that the client hears
  // the refusal instead of a reset; beyond it the connection is closed.
  bool read_body(HTTPServerRequest& request, HTTPServerResponse& response, std::string& body) {
    std::istream& in = request.stream();
    char chunk[8192];
    std::size_t dropped = 0;
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
      const auto got = static_cast<std::size_t>(in.gcount());
      if (body.size() + got <= settings_.max_body && dropped == 0) {
        body.append(chunk, got);
      } else if ((dropped += got) > kMaxDrained) {
        break;
      }
    }
    deadlines_.received(socket_of(request));
    if (dropped == 0) return true;
    body.clear();
    if (dropped > kMaxDrained) response.setKeepAlive(false);
    return false;
  }

  void log(const HTTPServerRequest& request, const std::string& path, int status, std::size_t bytes,
           std::chrono::steady_clock::time_point started, const std::string& failure) {
    if (settings_.access_log == nullptr) return;
    Object::Ptr line = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    const auto now = std::chrono::system_clock::now();
    line->set(
        "time",
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    line->set("client", request.clientAddress().host().toString());
    line->set("method", request.getMethod());
    line->set("path", path);  // never the query or the body: codes stay out of logs
    line->set("status", status);
    line->set("bytes", bytes);
    line->set("ms",
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                  .count());
    if (!failure.empty()) line->set("error", failure);
    const std::string text = json_text(line) + "\n";
    static std::mutex mutex;
    const std::lock_guard<std::mutex> lock(mutex);
    settings_.access_log->write(text.data(), static_cast<std::streamsize>(text.size()));
    settings_.access_log->flush();
  }

  Site& site_;
  Api& api_;
  Pages& pages_;
  const ServerSettings& settings_;
  RequestDeadlines& deadlines_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(Site& site, const ServerSettings& settings, RequestDeadlines& deadlines)
      : site_(site), api_(site), pages_(site, api_), settings_(settings), deadlines_(deadlines) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new Handler(site_, api_, pages_, settings_, deadlines_);
  }

 private:
  Site& site_;
  Api api_;
  Pages pages_;
  ServerSettings settings_;
  RequestDeadlines& deadlines_;
};

// A listening socket, over TLS when the settings name a certificate; every
// connection it accepts is watched for its deadline.
Poco::Net::ServerSocket listening(const ServerSettings& settings, RequestDeadlines& deadlines) {
  const Poco::Net::SocketAddress address(settings.host, settings.port);
  if (settings.tls_certificate.empty() && settings.tls_key.empty()) {
    return deadlines.listen(address, nullptr);
  }
  if (settings.tls_certificate.empty() || settings.tls_key.empty()) {
    throw std::invalid_argument("TLS needs both a certificate and its private key");
  }
  static const bool initialised = [] {
    Poco::Net::initializeSSL();
    return true;
  }();
  (void)initialised;
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, settings.tls_key,
                             settings.tls_certificate, "", Poco::Net::Context::VERIFY_NONE);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  return deadlines.listen(address, context);
}

}  // namespace

Server::Server(Site& site, ServerSettings settings)
    : deadlines_(std::make_unique<RequestDeadlines>(settings.request_deadline)) {
  Poco::Net::ServerSocket socket = listening(settings, *deadlines_);
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(settings.threads);
  params->setMaxQueued(256);
  params->setKeepAlive(true);
  params->setTimeout(Poco::Timespan(10, 0));  // a slow client is dropped
  port_ = socket.address().port();
  http_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(site, settings, *deadlines_), socket,
                                                  params);
}

Server::~Server() { stop(); }

void Server::start() { http_->start(); }

void Server::stop() {
  if (!http_) return;
  http_->stopAll(false);
  for (int i = 0; i < 500 && http_->currentConnections() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  http_.reset();  // closes the listening socket: nothing waits in its backlog
}

int Server::connections() const { return http_ ? http_->currentConnections() : 0; }

}  // namespace shortlist::server
