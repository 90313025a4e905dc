#include "core/server/server.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

namespace shortlist::server {
namespace {

using Poco::JSON::Object;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

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

// `text` with each byte that is not part of well-formed UTF-8 replaced by
// U+FFFD (in JSON such bytes can only be inside strings, so the result is
// still JSON).
std::string well_formed_utf8(const std::string& text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto size = static_cast<int32_t>(text.size());
  std::string out;
  out.reserve(text.size());
  for (int32_t i = 0; i < size;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, size, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(text, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
    }
  }
  return out;
}

bool is_well_formed_utf8(const std::string& text) { return well_formed_utf8(text) == text; }

// Every answer goes out here, the server's own refusals of malformed
// requests included: the status with its own reason phrase, the security
// headers (no script or style but the site's own, no framing, no
// sniffing, no caching of what may be personal, and HSTS when the site is
// reached over HTTPS), and text that is well-formed UTF-8.
void send_answer(HTTPServerResponse& response, Answer answer, bool https, bool head_only) {
  const auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status);
  response.setStatusAndReason(status, Poco::Net::HTTPResponse::getReasonForStatus(status));
  response.set("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Cache-Control", "no-store");
  if (https) response.set("Strict-Transport-Security", "max-age=31536000");
  for (const auto& [name, value] : answer.headers) response.set(name, value);
  if (answer.content_type.find("charset=utf-8") != std::string::npos) {
    answer.body = well_formed_utf8(answer.body);
  }
  response.setContentType(answer.content_type);
  response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
  if (head_only) {
    response.send();
  } else {
    response.send() << answer.body;
  }
}

Answer json_error(int status, const std::string& message) {
  return json_answer(error_response(status, message));
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

// The routes that take an online application, with its attachments.
bool is_upload(const std::string& path) {
  return path == "/apply" || path == "/api/v1/applications" ||
         path.rfind("/api/v1/applications/", 0) == 0;
}

bool is_multipart(const HTTPServerRequest& request) {
  return request.getContentType().rfind("multipart/form-data", 0) == 0;
}

// The files of a multipart/form-data body; a file input left empty sends
// a part with no name and no bytes, which is no file.
class AttachmentParts : public Poco::Net::PartHandler {
 public:
  explicit AttachmentParts(std::vector<app::Attachment>& files) : files_(files) {}
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    std::string disposition;
    Poco::Net::NameValueCollection parameters;
    Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition,
                                              parameters);
    app::Attachment file{parameters.get("filename", ""), {}};
    Poco::StreamCopier::copyToString(stream, file.bytes);
    if (!file.name.empty() || !file.bytes.empty()) files_.push_back(std::move(file));
  }

 private:
  std::vector<app::Attachment>& files_;
};

// A multipart/form-data body's fields and files; throws Poco::Exception
// when it is malformed.
void read_multipart(const HTTPServerRequest& request, const std::string& body,
                    std::vector<std::pair<std::string, std::string>>& fields,
                    std::vector<app::Attachment>& files) {
  Poco::Net::HTMLForm form;
  form.setFieldLimit(1000);
  AttachmentParts parts(files);
  std::istringstream stream(body);
  form.load(request, stream, parts);
  for (const auto& [name, value] : form) fields.emplace_back(name, value);
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

// One JSON line: time, client address, method, path (never the query or
// the body: codes stay out of logs), status, bytes, milliseconds, and what
// failed inside.
void log_request(const ServerSettings& settings, const std::string& client,
                 const std::string& method, const std::string& path, int status, std::size_t bytes,
                 std::chrono::steady_clock::time_point started, const std::string& failure) {
  if (settings.access_log == nullptr) return;
  Object::Ptr line = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  const auto now = std::chrono::system_clock::now();
  line->set("time",
            std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
  line->set("client", client);
  line->set("method", method);
  line->set("path", path);
  line->set("status", status);
  line->set("bytes", bytes);
  line->set("ms",
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count());
  if (!failure.empty()) line->set("error", failure);
  const std::string text = json_text(line) + "\n";
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  settings.access_log->write(text.data(), static_cast<std::streamsize>(text.size()));
  settings.access_log->flush();
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
      if (const std::optional<Answer> refused = framing_refused(request)) {
        // Which bytes are this request's body is in doubt: nothing more is
        // read from the connection.
        answer = *refused;
        response.setKeepAlive(false);
      } else {
        const Poco::URI uri(target);
        path = uri.getPath();
        answer = !is_well_formed_utf8(path)    ? json_error(400, "the request address is not UTF-8")
                 : path.rfind("/api/", 0) == 0 ? json_answer(api_answer(request, response, path))
                 : path.rfind("/static/", 0) == 0 ? static_file(request, path)
                                                  : page(request, response, uri);
      }
    } catch (const Poco::SyntaxException&) {
      answer = json_error(400, "a malformed request address");
    } catch (const Poco::Exception& e) {
      failure = e.displayText();
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) answer = json_error(500, "internal error; the server's log says more");
    send_answer(response, answer, https(request), request.getMethod() == "HEAD");
    deadlines_.answered(socket_of(request));
    log_request(settings_, request.clientAddress().host().toString(), request.getMethod(),
                well_formed_utf8(path), answer.status, answer.body.size(), started, failure);
  }

 private:
  bool https(const HTTPServerRequest& request) const {
    return request.secure() || site_.settings().behind_https_proxy;
  }

  // A body framed two ways (request smuggling), or a way this server does
  // not read.
  static std::optional<Answer> framing_refused(const HTTPServerRequest& request) {
    int lengths = 0;
    for (const auto& [name, value] : request) {
      lengths += Poco::icompare(name, "Content-Length") == 0 ? 1 : 0;
    }
    if (lengths > 1) return json_error(400, "more than one Content-Length");
    if (!request.has("Transfer-Encoding")) return std::nullopt;
    if (lengths > 0) return json_error(400, "both Content-Length and Transfer-Encoding");
    if (!request.getChunkedTransferEncoding()) {
      return json_error(501, "the only Transfer-Encoding read here is chunked");
    }
    return std::nullopt;
  }

  ApiResponse api_answer(HTTPServerRequest& request, HTTPServerResponse& response,
                         const std::string& path) {
    ApiRequest in{request.getMethod(), path, request.clientAddress().host().toString(),
                  request.get("Accept-Language", ""), nullptr};
    in.cookies = cookies_of(request);
    in.csrf_header = request.get("X-CSRF-Token", "");
    in.edit_key = request.get("X-Edit-Key", "");
    in.secure = https(request);
    if (has_body(request)) {
      const bool upload = is_upload(path);
      in.multipart = upload && is_multipart(request);
      if (request.getContentType().rfind("application/json", 0) != 0 && !in.multipart) {
        return error_response(415, upload ? "send the body as application/json or "
                                            "multipart/form-data"
                                          : "send the body as application/json");
      }
      const std::size_t limit = upload ? settings_.max_upload : settings_.max_body;
      std::string body;
      if (!read_body(request, response, body, limit)) {
        return error_response(413, "the body is larger than " + std::to_string(limit) + " bytes");
      }
      if (in.multipart) {
        try {
          read_multipart(request, body, in.form, in.attachments);
        } catch (const Poco::Exception& e) {
          return error_response(400, "a malformed multipart/form-data body: " + e.message());
        }
        return api_.answer(std::move(in));
      }
      const std::string not_an_object = "the body is not a JSON object of depth at most " +
                                        std::to_string(settings_.max_json_depth);
      try {
        Poco::JSON::Parser parser;
        parser.setDepth(settings_.max_json_depth);
        const Poco::Dynamic::Var parsed = parser.parse(body);
        if (parsed.type() != typeid(Object::Ptr)) return error_response(400, not_an_object);
        in.body = parsed.extract<Object::Ptr>();
      } catch (const Poco::JSON::JSONException& e) {
        return error_response(400, not_an_object + ": " + e.message());
      } catch (const std::exception&) {
        return error_response(400, not_an_object);
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
    in.secure = https(request);
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
      const bool upload = is_upload(in.path), multipart = upload && is_multipart(request);
      if (request.getContentType().rfind("application/x-www-form-urlencoded", 0) != 0 &&
          !multipart) {
        return {415,
                "text/plain; charset=utf-8",
                "send the form as application/x-www-form-urlencoded\n",
                {}};
      }
      std::string body;
      if (!read_body(request, response, body, upload ? settings_.max_upload : settings_.max_body)) {
        return {413, "text/plain; charset=utf-8", "the form is too large\n", {}};
      }
      try {
        if (multipart) {
          std::vector<std::pair<std::string, std::string>> fields;
          read_multipart(request, body, fields, in.attachments);
          for (auto& [name, value] : fields) in.form[name] = std::move(value);
        } else {
          in.form = parse_form(body);
        }
      } catch (const Poco::Exception&) {
        return {400, "text/plain; charset=utf-8", "a malformed form\n", {}};
      }
    }
    return html(pages_.answer(in));
  }

  // At most `limit` bytes; false when there are more. The rest of a body
  // too large is read and dropped, up to a bound, so that the client hears
  // the refusal instead of a reset; beyond it the connection is closed.
  bool read_body(HTTPServerRequest& request, HTTPServerResponse& response, std::string& body,
                 std::size_t limit) {
    std::istream& in = request.stream();
    char chunk[8192];
    std::size_t dropped = 0;
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
      const auto got = static_cast<std::size_t>(in.gcount());
      if (body.size() + got <= limit && dropped == 0) {
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

  Site& site_;
  Api& api_;
  Pages& pages_;
  const ServerSettings& settings_;
  RequestDeadlines& deadlines_;
};

// One connection: its requests read and answered in turn, as Poco's
// HTTPServerConnection does, except that a request Poco cannot read (a
// header line or URI too long, too many header fields) is refused through
// send_answer like every other answer, not by Poco with a bare status.
class Connection : public Poco::Net::TCPServerConnection {
 public:
  Connection(const Poco::Net::StreamSocket& socket, ConnectionFactory& factory);
  ~Connection() override;
  void run() override;
  // Ends the connection once the request it is answering, if any, is sent.
  void close_after_answer();

 private:
  ConnectionFactory& factory_;
  std::mutex answering_;
};

}  // namespace

class ConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  ConnectionFactory(Site& site, const ServerSettings& settings, RequestDeadlines& deadlines,
                    Poco::Net::HTTPServerParams::Ptr params)
      : site_(site),
        api_(site),
        pages_(site, api_),
        settings_(settings),
        deadlines_(deadlines),
        params_(std::move(params)) {}

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new Connection(socket, *this);
  }

  Handler handler() { return Handler(site_, api_, pages_, settings_, deadlines_); }
  const ServerSettings& settings() const { return settings_; }
  const Site& site() const { return site_; }
  RequestDeadlines& deadlines() { return deadlines_; }
  Poco::Net::HTTPServerParams::Ptr params() const { return params_; }
  bool stopped() const { return stopped_; }

  void opened(Connection* connection) {
    const std::lock_guard<std::mutex> lock(mutex_);
    open_.insert(connection);
  }
  void closed(Connection* connection) {
    const std::lock_guard<std::mutex> lock(mutex_);
    open_.erase(connection);
  }
  // No further request is read on any connection; those being answered
  // finish first.
  void stop() {
    stopped_ = true;
    const std::lock_guard<std::mutex> lock(mutex_);
    for (Connection* connection : open_) connection->close_after_answer();
  }

 private:
  Site& site_;
  Api api_;
  Pages pages_;
  ServerSettings settings_;
  RequestDeadlines& deadlines_;
  Poco::Net::HTTPServerParams::Ptr params_;
  std::atomic<bool> stopped_{false};
  std::mutex mutex_;
  std::set<Connection*> open_;
};

namespace {

Connection::Connection(const Poco::Net::StreamSocket& socket, ConnectionFactory& factory)
    : Poco::Net::TCPServerConnection(socket), factory_(factory) {
  factory_.opened(this);
}

Connection::~Connection() { factory_.closed(this); }

void Connection::close_after_answer() {
  const std::lock_guard<std::mutex> lock(answering_);
  try {
    socket().shutdown();
  } catch (const Poco::Exception&) {
    // already closed by the client
  }
}

void Connection::run() {
  Poco::Net::HTTPServerParams::Ptr params = factory_.params();
  Poco::Net::HTTPServerSession session(socket(), params);
  bool unread = false;  // a request refused before it was read whole
  while (!factory_.stopped() && session.hasMoreRequests()) {
    const auto started = std::chrono::steady_clock::now();
    try {
      const std::lock_guard<std::mutex> lock(answering_);
      if (factory_.stopped()) break;
      Poco::Net::HTTPServerResponseImpl response(session);
      try {
        Poco::Net::HTTPServerRequestImpl request(response, session, params.get());
        response.setDate(Poco::Timestamp());
        response.setVersion(request.getVersion());
        response.setKeepAlive(params->getKeepAlive() && request.getKeepAlive() &&
                              session.canKeepAlive());
        if (request.getExpectContinue()) response.sendContinue();
        factory_.handler().handleRequest(request, response);
        session.setKeepAlive(params->getKeepAlive() && response.getKeepAlive() &&
                             session.canKeepAlive());
      } catch (const Poco::Net::NoMessageException&) {
        break;  // the client closed the connection
      } catch (const Poco::Net::MessageException&) {
        // What could not be read: the request line, a header line too long,
        // too many of them.
        if (response.sent()) break;
        const Answer refused = json_error(400,
                                          "a malformed request: its request line or headers "
                                          "are malformed or beyond the server's limits");
        response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
        response.setKeepAlive(false);
        send_answer(response, refused,
                    socket().secure() || factory_.site().settings().behind_https_proxy, false);
        session.setKeepAlive(false);
        log_request(factory_.settings(), socket().peerAddress().host().toString(), "", "",
                    refused.status, refused.body.size(), started, "");
        unread = true;
        break;
      }
    } catch (const Poco::Exception&) {
      break;  // the connection failed (reset, timed out): nothing to answer on
    }
  }
  if (unread) {
    // The rest of the refused request, read and dropped for a moment before
    // closing: closing on unread bytes resets the connection, and the
    // client could lose the refusal.
    try {
      socket().shutdownSend();
      socket().setReceiveTimeout(Poco::Timespan(0, 200000));
      char chunk[8192];
      std::size_t drained = 0;
      for (int n; drained < (1 << 20) && (n = socket().receiveBytes(chunk, sizeof chunk)) > 0;) {
        drained += static_cast<std::size_t>(n);
      }
    } catch (const Poco::Exception&) {
      // closed or timed out: done either way
    }
  }
}

// Every connection accepted is watched for its deadline, once its address
// has room for it; one that has none is closed at once, before it takes a
// thread or a place in the queue.
class WatchedConnections : public Poco::Net::TCPServerConnectionFilter {
 public:
  WatchedConnections(RequestDeadlines& deadlines, ServerSettings settings)
      : deadlines_(deadlines), settings_(std::move(settings)) {}
  bool accept(const Poco::Net::StreamSocket& socket) override {
    const auto started = std::chrono::steady_clock::now();
    std::string client;
    try {
      client = socket.peerAddress().host().toString();
    } catch (const Poco::Exception&) {
      return false;  // gone before it was looked at
    }
    if (deadlines_.accepted(socket.impl(), client)) return true;
    // Logged, so that whoever reads the log sees the client that was held
    // off; no answer is written on a connection no thread reads.
    log_request(settings_, client, "", "", 0, 0, started,
                "closed unanswered: " + std::to_string(settings_.max_connections_per_address) +
                    " connections from this address are open");
    return false;
  }

 private:
  RequestDeadlines& deadlines_;
  const ServerSettings settings_;
};

// A listening socket, over TLS when the settings name a certificate.
Poco::Net::ServerSocket listening(const ServerSettings& settings) {
  const Poco::Net::SocketAddress address(settings.host, settings.port);
  if (settings.tls_certificate.empty() && settings.tls_key.empty()) {
    return RequestDeadlines::listen(address, nullptr);
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
  return RequestDeadlines::listen(address, context);
}

}  // namespace

Server::Server(Site& site, ServerSettings settings)
    : deadlines_(std::make_unique<RequestDeadlines>(settings.request_deadline,
                                                    settings.max_connections_per_address)) {
  Poco::Net::ServerSocket socket = listening(settings);
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(settings.threads);
  params->setMaxQueued(256);
  params->setKeepAlive(true);
  params->setTimeout(Poco::Timespan(10, 0));  // a slow client is dropped
  port_ = socket.address().port();
  factory_ = new ConnectionFactory(site, settings, *deadlines_, params);
  tcp_ = std::make_unique<Poco::Net::TCPServer>(factory_, socket, params);
  tcp_->setConnectionFilter(new WatchedConnections(*deadlines_, settings));
}

Server::~Server() { stop(); }

void Server::start() { tcp_->start(); }

void Server::stop() {
  if (!tcp_) return;
  tcp_->stop();
  factory_->stop();
  for (int i = 0; i < 500 && tcp_->currentConnections() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  tcp_.reset();  // closes the listening socket: nothing waits in its backlog
}

int Server::connections() const { return tcp_ ? tcp_->currentConnections() : 0; }

}  // namespace shortlist::server
