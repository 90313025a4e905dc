// The web service over real sockets: a server on a free loopback port,
// asked with Poco's HTTP client the way a browser or a script would.
#include "core/server/server.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/StreamSocket.h>
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <regex>
#include <set>
#include <sstream>

#include "browser.h"
#include "core/cli/data_paths.h"
#include "core/ingest/tracking_code.h"
#include "core/store/database.h"
#include "core/store/migrations.h"
#include "core/store/run_store.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

namespace fs = std::filesystem;
using Poco::Net::HTTPRequest;
using ::testing::HasSubstr;
using ::testing::Not;

struct Reply {
  int status = 0;
  std::string body;
  Poco::Net::HTTPResponse headers;
  Poco::JSON::Object::Ptr json() const { return parse_json_object(body); }
};

// An answer read off a socket byte for byte: the status line as sent, the
// header block, the body.
struct RawReply {
  std::string status_line;
  std::string head;
  std::string body;
  int status() const { return status_line.size() > 12 ? std::stoi(status_line.substr(9, 3)) : 0; }
  std::string header(const std::string& name) const {
    const std::size_t at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return "";
    const std::size_t from = at + 4 + name.size();
    return head.substr(from, head.find("\r\n", from) - from);
  }
};

// Sends `request` as it is from the loopback address `from` (127.0.0.x:
// each its own client to the server) to `port`, and reads until the server
// closes the connection or 5 s pass.
RawReply exchange(unsigned short port, const std::string& request,
                  const std::string& from = "127.0.0.1") {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local), 0) << from;
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server), 0);
  const timeval limit{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close before reading it all
    sent += static_cast<std::size_t>(n);
  }
  std::string text;
  char chunk[8192];
  for (ssize_t n; (n = recv(fd, chunk, sizeof chunk, 0)) > 0;) text.append(chunk, n);
  close(fd);
  RawReply reply;
  const std::size_t line_end = text.find("\r\n"), head_end = text.find("\r\n\r\n");
  reply.status_line = text.substr(0, line_end);
  if (head_end != std::string::npos) {
    reply.head = text.substr(line_end, head_end + 2 - line_end);
    reply.body = text.substr(head_end + 4);
  }
  return reply;
}

std::string json_post(const std::string& path, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" +
         "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    uri_ = "sqlite:" + (dir_.path() / "shortlist.db").string();
    RunResult ingest =
        run_shortlist({"ingest", "submissions/sn-femmes-ecommerce.yaml", "--db", uri_});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
    code_ = code_in(ingest.out, "sn-afesor-ecommerce");
    ASSERT_EQ(code_.size(), 14u) << ingest.out;
    server::SiteSettings site{uri_, cli::bundled_messages_dir(), cli::bundled_data("web/static"), 4,
                              5};
    Expected<CallConfig> config =
        load_call_config(source_dir() / "criteria/digital-champions.yaml");
    ASSERT_TRUE(config);
    site.config = std::move(config).value();
    site.bundled_plugin_dir = testing::plugin_dir();
    site.clock = [this] { return clock_start_ + std::chrono::seconds(clock_seconds_.load()); };
    site_ = std::make_unique<server::Site>(std::move(site));
    server::ServerSettings settings;
    settings.port = 0;
    settings.access_log = &log_;
    server_ = std::make_unique<server::Server>(*site_, settings);
    server_->start();
  }
  void TearDown() override {
    if (server_) server_->stop();
  }

  Reply ask(const std::string& method, const std::string& path, const std::string& body = "",
            const std::string& type = "application/json",
            const std::map<std::string, std::string>& headers = {}) {
    Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
    HTTPRequest request(method, path, HTTPRequest::HTTP_1_1);
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty()) {
      request.setContentType(type);
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Reply reply;
    std::istream& in = session.receiveResponse(reply.headers);
    reply.status = reply.headers.getStatus();
    std::ostringstream text;
    text << in.rdbuf();
    reply.body = text.str();
    return reply;
  }

  TempDir dir_;
  std::string uri_, code_;
  std::ostringstream log_;
  // The site's clock: still until a test moves it on.
  const std::chrono::steady_clock::time_point clock_start_ = std::chrono::steady_clock::now();
  std::atomic<int> clock_seconds_{0};
  std::unique_ptr<server::Site> site_;
  std::unique_ptr<server::Server> server_;
};

TEST_F(ServerTest, SaysItIsHealthy) {
  Reply health = ask("GET", "/api/v1/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json()->getValue<std::string>("status"), "ok");
  EXPECT_EQ(health.json()->getValue<std::string>("database"), "ok");
}

TEST_F(ServerTest, ShowsAnApplicantTheirStatusInTheLanguageTheyAskFor) {
  Reply french = ask("POST", "/api/v1/status", R"({"code": ")" + code_ + R"("})");
  ASSERT_EQ(french.status, 200) << french.body;
  EXPECT_EQ(french.json()->getValue<std::string>("status"), "valid");
  EXPECT_EQ(french.json()->getValue<std::string>("language"), "fr");  // the proposal's
  EXPECT_THAT(french.json()->getValue<std::string>("text"), HasSubstr("Statut actuel : complète"));

  // Typed loosely, and the browser prefers Spanish over English.
  std::string typed = code_;
  typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Reply spanish = ask("POST", "/api/v1/status", R"({"code": ")" + typed + R"("})",
                      "application/json", {{"Accept-Language", "de-DE, es;q=0.8, en;q=0.5"}});
  ASSERT_EQ(spanish.status, 200) << spanish.body;
  EXPECT_EQ(spanish.json()->getValue<std::string>("language"), "es");
  Reply english = ask("POST", "/api/v1/status", R"({"code": ")" + code_ + R"(", "lang": "en"})");
  EXPECT_THAT(english.json()->getValue<std::string>("text"), HasSubstr("Current status: complete"));
}

TEST_F(ServerTest, AnswersEveryBadRequestWithAClearJsonError) {
  auto message = [](const Reply& r) {
    return r.json()->getObject("error")->getValue<std::string>("message");
  };
  // A well-formed code no proposal has.
  Reply unknown =
      ask("POST", "/api/v1/status", R"({"code": ")" + ingest::new_tracking_code() + R"("})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(message(unknown), "no proposal has this tracking code");
  Reply malformed = ask("POST", "/api/v1/status", R"({"code": "hello"})");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_THAT(message(malformed), HasSubstr("not a tracking code"));
  Reply no_code = ask("POST", "/api/v1/status", R"({"kode": 1})");
  EXPECT_EQ(no_code.status, 400);
  Reply not_json = ask("POST", "/api/v1/status", "{code", "application/json");
  EXPECT_EQ(not_json.status, 400);
  Reply form = ask("POST", "/api/v1/status", "code=1", "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 415);
  Reply deep = ask("POST", "/api/v1/status", std::string(40, '[') + std::string(40, ']'));
  EXPECT_EQ(deep.status, 400);
  EXPECT_THAT(message(deep), HasSubstr("depth"));
  Reply large = ask("POST", "/api/v1/status", R"({"code": ")" + std::string(70000, 'A') + R"("})");
  EXPECT_EQ(large.status, 413);
  Reply wrong_method = ask("GET", "/api/v1/status");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.headers.get("Allow"), "POST");
  Reply malformed_address = ask("GET", "/api/v1/health%zz");
  EXPECT_EQ(malformed_address.status, 400);
  Reply nowhere = ask("GET", "/api/v1/nowhere");
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_EQ(message(nowhere), "no such route: /api/v1/nowhere");
}

TEST_F(ServerTest, SendsStrictSecurityHeadersAndLogsEveryRequestWithoutItsBody) {
  Reply reply = ask("POST", "/api/v1/status", R"({"code": ")" + code_ + R"("})");
  EXPECT_THAT(reply.headers.get("Content-Security-Policy"), HasSubstr("script-src 'self'"));
  EXPECT_THAT(reply.headers.get("Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(reply.headers.get("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(reply.headers.get("X-Frame-Options"), "DENY");
  EXPECT_EQ(reply.headers.get("Cache-Control"), "no-store");
  const std::string log = log_.str();
  EXPECT_THAT(log, HasSubstr(R"("method":"POST","path":"/api/v1/status","status":200)"));
  EXPECT_EQ(log.find(code_), std::string::npos) << "tracking codes stay out of the log";
}

// Whoever writes an answer — a route, or the server refusing a request it
// cannot read — it has the security headers and its own reason phrase.
TEST_F(ServerTest, EveryAnswerHasTheSecurityHeadersAndItsOwnReasonPhrase) {
  const std::string get = "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  std::string many_fields = get;
  for (int i = 0; i < 200; ++i) many_fields += "X-Field-" + std::to_string(i) + ": 1\r\n";
  const std::vector<std::pair<std::string, std::string>> malformed = {
      {"a header line too long", get + "X-Long: " + std::string(10000, 'a') + "\r\n\r\n"},
      {"too many header fields", many_fields + "\r\n"},
      {"a request address too long",
       "GET /api/v1/" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: localhost\r\n\r\n"},
      {"a request line that is not one", "HELLO\r\n\r\n"},
  };
  for (const auto& [what, request] : malformed) {
    const RawReply refused = exchange(server_->port(), request);
    EXPECT_EQ(refused.status_line, "HTTP/1.1 400 Bad Request") << what;
    EXPECT_THAT(refused.header("Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"))
        << what;
    EXPECT_EQ(refused.header("X-Content-Type-Options"), "nosniff") << what;
    EXPECT_EQ(refused.header("X-Frame-Options"), "DENY") << what;
    EXPECT_EQ(refused.header("Cache-Control"), "no-store") << what;
    EXPECT_EQ(refused.header("Strict-Transport-Security"), "") << what << ": plain HTTP";
    EXPECT_THAT(refused.body, HasSubstr("\"status\":400")) << what;
  }
  EXPECT_EQ(exchange(server_->port(), get + "\r\n").status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(
      exchange(server_->port(), "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .status_line,
      "HTTP/1.1 404 Not Found");
  const RawReply not_json = exchange(server_->port(), json_post("/api/v1/status", "{"));
  EXPECT_EQ(not_json.status_line, "HTTP/1.1 400 Bad Request");
}

TEST_F(ServerTest, NamesNoTypeOfItsOwnAndEchoesNoMalformedText) {
  for (const std::string body : {R"(["x"])", "1", R"("text")", "null"}) {
    const RawReply array = exchange(server_->port(), json_post("/api/v1/status", body));
    EXPECT_EQ(array.status(), 400) << body;
    EXPECT_THAT(array.body, HasSubstr("not a JSON object")) << body;
    EXPECT_THAT(array.body, Not(HasSubstr("Poco"))) << body;
    EXPECT_THAT(array.body, Not(HasSubstr("Ptr"))) << body;
  }
  // Bytes that are not UTF-8 in the path: refused, and not written back.
  const RawReply bytes =
      exchange(server_->port(),
               "GET /api/v1/nowhere%FF%C3%28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(bytes.status(), 400);
  EXPECT_EQ(bytes.body.find('\xff'), std::string::npos);
  EXPECT_EQ(bytes.body.find("\xc3("), std::string::npos);
  EXPECT_NO_THROW(parse_json_object(bytes.body));
}

TEST_F(ServerTest, RefusesABodyFramedTwoWays) {
  // Content-Length says 5 bytes, chunked says 4: a proxy and this server
  // could disagree on where the next request starts.
  const std::string smuggled =
      "POST /api/v1/status HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
      "2\r\n{}\r\n0\r\n\r\nGET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  const RawReply refused = exchange(server_->port(), smuggled);
  EXPECT_EQ(refused.status_line, "HTTP/1.1 400 Bad Request");
  EXPECT_THAT(refused.body, HasSubstr("both Content-Length and Transfer-Encoding"));
  EXPECT_EQ(refused.body.find("HTTP/1.1"), std::string::npos)
      << "nothing more is read from that connection";
  const RawReply twice =
      exchange(server_->port(),
               "POST /api/v1/status HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Content-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}");
  EXPECT_EQ(twice.status(), 400);
  const RawReply gzip =
      exchange(server_->port(),
               "POST /api/v1/status HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(gzip.status(), 501);
}

TEST_F(ServerTest, LimitsStatusLookupsPerAddress) {
  // Five a minute in this test's settings: the sixth waits.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(ask("POST", "/api/v1/status", R"({"code": "x"})").status, 400) << i;
  }
  Reply limited = ask("POST", "/api/v1/status", R"({"code": ")" + code_ + R"("})");
  EXPECT_EQ(limited.status, 429);
  EXPECT_GE(std::stoi(limited.headers.get("Retry-After")), 1);
  EXPECT_EQ(ask("GET", "/api/v1/health").status, 200) << "other routes are not limited";
}

// The jury and the organisers over the API: the bundled call ingested,
// evaluated, its jury imported and assigned, and an account each.
class JuryServerTest : public ServerTest {
 protected:
  // The call's submissions: the bundled ones, unless a test writes its own.
  virtual std::string submissions_folder() { return "submissions"; }

  void SetUp() override {
    ServerTest::SetUp();
    RunResult ingest = run_shortlist({"ingest", submissions_folder(), "--db", uri_});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
    codes_ = ingest.out;
    ASSERT_EQ(run_shortlist({"evaluate", "--db", uri_, "--format", "csv"}).exit_code, 0);
    ASSERT_EQ(
        run_shortlist({"jury", "import", "criteria/digital-champions-jurors.yaml", "--db", uri_})
            .exit_code,
        0);
    ASSERT_EQ(run_shortlist({"jury", "assign", "--db", uri_}).exit_code, 0);
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"ana", "organiser"}, {"amara", "juror"}}) {
      std::vector<std::string> args = {"user", "add", name, "--role", role, "--db", uri_};
      if (role == "juror") args.insert(args.end(), {"--juror", name});
      RunResult added = run_shortlist(args, source_dir(), "passphrase of " + name + "\n");
      ASSERT_EQ(added.exit_code, 0) << added.err;
    }
  }

  struct Signed {
    std::string cookie;  // "shortlist_session=..."
    std::string csrf;
  };
  Signed sign_in(const std::string& name) {
    Reply reply =
        ask("POST", "/api/v1/session",
            R"({"name": ")" + name + R"(", "password": "passphrase of )" + name + R"("})");
    EXPECT_EQ(reply.status, 200) << reply.body;
    const std::string cookie = reply.headers.get("Set-Cookie", "");
    return {cookie.substr(0, cookie.find(';')), reply.json()->getValue<std::string>("csrf")};
  }
  Reply as(const Signed& who, const std::string& method, const std::string& path,
           const std::string& body = "", bool with_csrf = true) {
    std::map<std::string, std::string> headers = {{"Cookie", who.cookie}};
    if (with_csrf) headers["X-CSRF-Token"] = who.csrf;
    return ask(method, path, body, "application/json", headers);
  }

  std::string codes_;
};

TEST_F(JuryServerTest, SignsInAndOutWithASessionCookieAndItsCsrfToken) {
  Reply wrong =
      ask("POST", "/api/v1/session", R"({"name": "ana", "password": "not the one at all"})");
  Reply nobody =
      ask("POST", "/api/v1/session", R"({"name": "zed", "password": "passphrase of ana"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, nobody.body) << "no way to tell a wrong name from a wrong password";

  Reply signed_in =
      ask("POST", "/api/v1/session", R"({"name": "ana", "password": "passphrase of ana"})");
  ASSERT_EQ(signed_in.status, 200);
  EXPECT_THAT(signed_in.headers.get("Set-Cookie"),
              ::testing::MatchesRegex("shortlist_session=[0-9a-f]{64}; Path=/; HttpOnly; "
                                      "SameSite=Strict; Max-Age=28800"));
  const Signed ana = sign_in("ana");
  Reply me = as(ana, "GET", "/api/v1/session");
  EXPECT_EQ(me.json()->getValue<std::string>("role"), "organiser");
  EXPECT_EQ(as(ana, "DELETE", "/api/v1/session", "", false).status, 403) << "no CSRF token";
  EXPECT_EQ(as(ana, "DELETE", "/api/v1/session").status, 200);
  EXPECT_EQ(as(ana, "GET", "/api/v1/session").status, 401) << "the session ended";
  EXPECT_THAT(log_.str(), Not(HasSubstr("passphrase"))) << "passwords stay out of the log";
}

// 30 wrong passwords for one account from three addresses (each within its
// own limit of 10 a minute): the account backs off, and the right password
// is then refused exactly as a wrong one is, until the wait is over.
TEST_F(JuryServerTest, BacksOffSignInsToOneAccountWhateverAddressTheyComeFrom) {
  const std::string wrong =
      json_post("/api/v1/session", R"({"name": "ana", "password": "not it"})");
  const std::string right =
      json_post("/api/v1/session", R"({"name": "ana", "password": "passphrase of ana"})");
  int waited_from = -1;
  for (int i = 0; i < 30; ++i) {
    const RawReply guess = exchange(server_->port(), wrong, "127.0.0." + std::to_string(2 + i % 3));
    ASSERT_EQ(guess.status(), 401) << i << " " << guess.body;
    if (waited_from < 0 && !guess.header("Retry-After").empty()) waited_from = i;
  }
  EXPECT_EQ(waited_from, 4) << "the fifth wrong password starts the back-off";

  const RawReply refused = exchange(server_->port(), right, "127.0.0.5");
  const RawReply also_wrong = exchange(server_->port(), wrong, "127.0.0.6");
  EXPECT_EQ(refused.status(), 401) << refused.body;
  EXPECT_EQ(refused.body, also_wrong.body) << "no way to tell the right password";
  EXPECT_THAT(refused.body, Not(HasSubstr("csrf")));
  const int wait = std::stoi("0" + refused.header("Retry-After"));
  EXPECT_EQ(refused.header("Retry-After"), also_wrong.header("Retry-After"));
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 15 * 60) << "capped: a back-off, not a lock-out";

  clock_seconds_ += wait;
  const RawReply signed_in = exchange(server_->port(), right, "127.0.0.7");
  EXPECT_EQ(signed_in.status(), 200) << signed_in.body;
  EXPECT_EQ(exchange(server_->port(), wrong, "127.0.0.7").header("Retry-After"), "")
      << "a success starts the count again";
}

TEST_F(JuryServerTest, ChangesOnesOwnPasswordAndEndsOnesOtherSessions) {
  const Signed elsewhere = sign_in("ana");
  const Signed here = sign_in("ana");
  auto change = [&](const std::string& current, const std::string& replacement) {
    return as(here, "POST", "/api/v1/session/password",
              R"({"current": ")" + current + R"(", "new": ")" + replacement + R"("})");
  };
  EXPECT_EQ(as(here, "POST", "/api/v1/session/password",
               R"({"current": "passphrase of ana", "new": "mango ladder orbit"})", false)
                .status,
            403)
      << "no CSRF token";
  EXPECT_EQ(change("not the current one", "mango ladder orbit").status, 403);
  const Reply common = change("passphrase of ana", "Password12345!");
  EXPECT_EQ(common.status, 422);
  EXPECT_THAT(common.body, HasSubstr("too easy to guess"));

  const Reply changed = change("passphrase of ana", "mango ladder orbit");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()->getValue<int>("sessions_ended"), 1);
  EXPECT_EQ(as(elsewhere, "GET", "/api/v1/session").status, 401) << "the other session ended";
  EXPECT_EQ(as(here, "GET", "/api/v1/session").status, 200) << "this one goes on";
  EXPECT_EQ(
      ask("POST", "/api/v1/session", R"({"name": "ana", "password": "passphrase of ana"})").status,
      401);
  EXPECT_EQ(
      ask("POST", "/api/v1/session", R"({"name": "ana", "password": "mango ladder orbit"})").status,
      200);

  // The page, as a browser sends it.
  Reply page = ask("GET", "/account/password", "", "", {{"Cookie", here.cookie}});
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("autocomplete=\"current-password\""));
  Reply sent = ask("POST", "/account/password",
                   "csrf=" + here.csrf + "&current=mango+ladder+orbit&new=kettle+violet+harbour" +
                       "&again=kettle+violet+harbour",
                   "application/x-www-form-urlencoded", {{"Cookie", here.cookie}});
  EXPECT_EQ(sent.status, 200) << sent.body;
  EXPECT_THAT(sent.body, HasSubstr("Your password is changed"));
  EXPECT_EQ(ask("GET", "/account/password").status, 303) << "signed out: to the sign-in page";
}

TEST_F(JuryServerTest, EndsASessionIdleForHalfAnHourThoughItsEightHoursAreNotOver) {
  const Signed ana = sign_in("ana");
  EXPECT_EQ(as(ana, "GET", "/api/v1/session").status, 200);
  {
    Expected<store::Database> db = store::Database::open(uri_);
    ASSERT_TRUE(db);
    const std::string half_hour_ago = [] {
      Poco::DateTime at;
      at -= Poco::Timespan(31 * 60, 0);
      return Poco::DateTimeFormatter::format(at, "%Y-%m-%dT%H:%M:%S.%iZ");
    }();
    std::string when = half_hour_ago;
    db->session() << "UPDATE sessions SET last_seen_at = ?", Poco::Data::Keywords::use(when),
        Poco::Data::Keywords::now;
  }
  EXPECT_EQ(as(ana, "GET", "/api/v1/session").status, 401);
}

TEST_F(JuryServerTest, NobodySignedOutSeesAnythingButHealthAndStatus) {
  const server::Api api(*site_);
  for (const server::Route& route : api.routes()) {
    if (route.access == server::Access::Anyone) continue;
    std::string path = route.path;
    if (const std::size_t at = path.find("{id}"); at != std::string::npos) {
      path.replace(at, 4, "ng-lagos-payments");
    }
    EXPECT_EQ(ask(route.method, path, route.method == "GET" ? "" : "{}").status, 401)
        << route.method << " " << path;
  }
}

TEST_F(JuryServerTest, AJurorSeesOnlyTheirAssignmentsAndOthersReviewsOnlyAfterTheirOwn) {
  const Signed amara = sign_in("amara");
  Reply mine = as(amara, "GET", "/api/v1/assignments");
  ASSERT_EQ(mine.status, 200) << mine.body;
  Poco::JSON::Array::Ptr list = mine.json()->getArray("assignments");
  ASSERT_EQ(list->size(), 2u);
  std::set<std::string> proposals;
  for (std::size_t i = 0; i < list->size(); ++i) {
    EXPECT_EQ(list->getObject(static_cast<unsigned>(i))->getValue<std::string>("juror"), "amara");
    proposals.insert(list->getObject(static_cast<unsigned>(i))->getValue<std::string>("proposal"));
  }
  EXPECT_EQ(proposals, (std::set<std::string>{"bd-dhaka-ecommerce", "rw-kigali-trade-portal"}));

  // Blind: the applicant's name is nowhere in what the juror reads.
  Reply proposal = as(amara, "GET", "/api/v1/proposals/rw-kigali-trade-portal");
  ASSERT_EQ(proposal.status, 200) << proposal.body;
  EXPECT_TRUE(proposal.json()->getValue<bool>("blind"));
  EXPECT_FALSE(proposal.json()->getObject("fields")->has("applicant.name"));
  EXPECT_GT(proposal.json()->getArray("automatic_scores")->size(), 0u);
  EXPECT_EQ(proposal.json()->getArray("jury_criteria")->size(), 2u);

  // Not hers, or not there at all: the same answer.
  Reply other = as(amara, "GET", "/api/v1/proposals/ng-lagos-payments");
  Reply missing = as(amara, "GET", "/api/v1/proposals/zz-nowhere");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(as(amara, "GET", "/api/v1/proposals/ng-lagos-payments/reviews").status, 404);
  EXPECT_EQ(as(amara, "POST", "/api/v1/runs", "{}").status, 403);
  for (const char* organisers_only : {"/api/v1/submissions", "/api/v1/jurors", "/api/v1/runs",
                                      "/api/v1/decisions", "/api/v1/plugins"}) {
    EXPECT_EQ(as(amara, "GET", organisers_only).status, 403) << organisers_only;
  }
  EXPECT_EQ(as(amara, "POST", "/api/v1/decisions/release", "{}").status, 403);

  // Others' reviews only after her own.
  Reply early = as(amara, "GET", "/api/v1/proposals/rw-kigali-trade-portal/reviews");
  EXPECT_EQ(early.status, 403);
  const std::string review =
      R"({"proposal": "rw-kigali-trade-portal", "scores": [{"criterion": "feasibility", "score": 4,)"
      R"( "comment": "Solid partners"}, {"criterion": "impact", "score": 5}]})";
  EXPECT_EQ(as(amara, "POST", "/api/v1/reviews", review, false).status, 403) << "no CSRF token";
  Reply bad = as(
      amara, "POST", "/api/v1/reviews",
      R"({"proposal": "rw-kigali-trade-portal", "scores": [{"criterion": "impact", "score": 9}]})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  Reply sent = as(amara, "POST", "/api/v1/reviews", review);
  ASSERT_EQ(sent.status, 200) << sent.body;
  Reply after = as(amara, "GET", "/api/v1/proposals/rw-kigali-trade-portal/reviews");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.json()->getArray("reviews")->size(), 1u);
  Reply progress = as(amara, "GET", "/api/v1/assignments");
  EXPECT_EQ(progress.json()->getValue<int>("reviewed"), 1);
  // The shortlist once all her reviews are sent, not before.
  EXPECT_EQ(as(amara, "GET", "/api/v1/shortlist").status, 403);
  ASSERT_EQ(
      as(amara, "POST", "/api/v1/reviews",
         R"({"proposal": "bd-dhaka-ecommerce", "abstain": true, "comment": "I advised them"})")
          .status,
      200);
  EXPECT_EQ(as(amara, "GET", "/api/v1/shortlist").status, 200);
  // Not an assignment of hers: refused by the store too.
  EXPECT_EQ(
      as(amara, "POST", "/api/v1/reviews",
         R"({"proposal": "ng-lagos-payments", "scores": [{"criterion": "feasibility", "score": 4, "comment": "x"}, {"criterion": "impact", "score": 5}]})")
          .status,
      422);
}

// "All their reviews are sent" holds for a juror with nothing assigned only
// vacuously: such a juror sees no ranking, in the API or on their page.
TEST_F(JuryServerTest, AJurorWithNothingAssignedSeesNoShortlist) {
  ASSERT_EQ(run_shortlist({"jury", "add", "--id", "zoe", "--name", "Zoe", "--languages",
                           "en:fluent", "--max-load", "4", "--db", uri_})
                .exit_code,
            0);
  RunResult added =
      run_shortlist({"user", "add", "zoe", "--role", "juror", "--juror", "zoe", "--db", uri_},
                    source_dir(), "passphrase of zoe\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const Signed zoe = sign_in("zoe");
  Reply mine = as(zoe, "GET", "/api/v1/assignments");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json()->getArray("assignments")->size(), 0u);
  Reply shortlist = as(zoe, "GET", "/api/v1/shortlist");
  EXPECT_EQ(shortlist.status, 403);
  EXPECT_THAT(shortlist.body, HasSubstr("nothing is assigned to you"));
  EXPECT_THAT(shortlist.body, Not(HasSubstr("ke-kisumu-ecert")));
  Reply page = as(zoe, "GET", "/jury");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, Not(HasSubstr("Shortlist of run")));
  EXPECT_THAT(page.body, Not(HasSubstr("ke-kisumu-ecert")));
  // The organiser's view is unchanged.
  EXPECT_EQ(as(sign_in("ana"), "GET", "/api/v1/shortlist").status, 200);
}

// The bundled call with each proposal naming its applicant where a juror
// reads: the title opens with the applicant's name and acronym, the summary
// gives their e-mail, a section quotes the acronym again.
class BlindJuryServerTest : public JuryServerTest {
 protected:
  struct Applicant {
    std::string name, acronym, domain;  // domain: "" when it names nobody (example.org)
  };

  std::string submissions_folder() override {
    const fs::path folder = dir_.path() / "named";
    fs::create_directories(folder);
    for (const auto& entry : fs::directory_iterator(source_dir() / "submissions")) {
      const std::string ext = entry.path().extension().string();
      std::string name, email, title, summary;
      if (ext == ".yaml") {
        YAML::Node doc = YAML::LoadFile(entry.path().string());
        name = doc["applicant"]["name"].as<std::string>();
        email = doc["applicant"]["email"].as<std::string>("");
        const Applicant a = applicant(name, email);
        doc["title"] = name + " (" + a.acronym + "): " + doc["title"].as<std::string>();
        doc["summary"] = doc["summary"].as<std::string>("") + " Write to " + email + ".";
        if (doc["sections"] && doc["sections"].IsMap()) {
          for (auto section : doc["sections"]) {
            section.second = section.second.as<std::string>() + " " + a.acronym + " leads it.";
            break;
          }
        }
        YAML::Emitter out;
        out << doc;
        std::ofstream(folder / entry.path().filename()) << out.c_str() << "\n";
      } else if (ext == ".json") {
        Poco::JSON::Object::Ptr doc = parse_json_object(read_file(entry.path()));
        name = doc->getObject("applicant")->getValue<std::string>("name");
        email = doc->getObject("applicant")->optValue<std::string>("email", "");
        const Applicant a = applicant(name, email);
        doc->set("title", name + " (" + a.acronym + "): " + doc->getValue<std::string>("title"));
        doc->set("summary", doc->optValue<std::string>("summary", "") + " Write to " + email + ".");
        std::ostringstream out;
        doc->stringify(out);
        std::ofstream(folder / entry.path().filename()) << out.str();
      }
    }
    return folder.string();
  }

  // The acronym of a name as people write one: the initials of its words
  // that begin with a capital.
  Applicant applicant(const std::string& name, const std::string& email) {
    Applicant a{name, "", ""};
    const icu::UnicodeString text = icu::UnicodeString::fromUTF8(name);
    bool word_start = true;
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
      const UChar32 c = text.char32At(i);
      if (u_isalpha(c)) {
        if (word_start && u_isupper(c)) {
          icu::UnicodeString(c).toUTF8String(a.acronym);
        }
        word_start = false;
      } else {
        word_start = true;
      }
    }
    const std::string domain = email.substr(email.find('@') + 1);
    if (domain != "example.org") a.domain = domain;
    applicants_.push_back(a);
    return a;
  }

  // Every string of a JSON answer, keys too, one per line; or a page's
  // text with its entities read.
  static std::string readable(const std::string& body) {
    if (!body.empty() && body.front() == '{') {
      std::string out;
      std::function<void(const Poco::Dynamic::Var&)> walk = [&](const Poco::Dynamic::Var& v) {
        if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
          const auto object = v.extract<Poco::JSON::Object::Ptr>();
          for (const std::string& key : object->getNames()) {
            out += key + "\n";
            walk(object->get(key));
          }
        } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
          const auto array = v.extract<Poco::JSON::Array::Ptr>();
          for (std::size_t i = 0; i < array->size(); ++i)
            walk(array->get(static_cast<unsigned>(i)));
        } else if (!v.isEmpty()) {
          out += v.toString() + "\n";
        }
      };
      walk(Poco::JSON::Parser().parse(body));
      return out;
    }
    std::string text = body;
    for (const auto& [entity, character] : std::vector<std::pair<std::string, std::string>>{
             {"&#39;", "'"}, {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
      for (std::size_t at; (at = text.find(entity)) != std::string::npos;) {
        text.replace(at, entity.size(), character);
      }
    }
    return text;
  }

  static std::string lower(const std::string& text) {
    std::string out;
    icu::UnicodeString::fromUTF8(text).foldCase().toUTF8String(out);
    return out;
  }

  // What in `body` names an applicant: "" when nothing does.
  std::string who_is_named(const std::string& body) const {
    const std::string text = readable(body), folded = lower(text);
    for (const Applicant& a : applicants_) {
      if (folded.find(lower(a.name)) != std::string::npos) return a.name;
      if (!a.domain.empty() && folded.find(lower(a.domain)) != std::string::npos) return a.domain;
      if (a.acronym.size() < 3) continue;  // two letters are too often a word
      const std::regex acronym("(^|[^[:alnum:]])" + a.acronym + "([^[:alnum:]]|$)");
      if (std::regex_search(text, acronym)) return a.acronym;
    }
    return "";
  }

  std::vector<Applicant> applicants_;
};

// Every GET route of docs/openapi.yaml, and every page, as a juror under
// blind review: nothing names an applicant, whether by name, acronym or
// e-mail domain, in titles, summaries, sections, the shortlist or the
// reviews' comments. An organiser sees it all.
TEST_F(BlindJuryServerTest, NoRouteOrPageAJurorSeesNamesAnApplicant) {
  ASSERT_GE(applicants_.size(), 14u);
  const Signed amara = sign_in("amara"), ana = sign_in("ana");
  Reply mine = as(amara, "GET", "/api/v1/assignments");
  ASSERT_EQ(mine.status, 200) << mine.body;
  std::vector<std::string> assigned;
  Poco::JSON::Array::Ptr list = mine.json()->getArray("assignments");
  for (std::size_t i = 0; i < list->size(); ++i) {
    assigned.push_back(
        list->getObject(static_cast<unsigned>(i))->getValue<std::string>("proposal"));
  }
  ASSERT_FALSE(assigned.empty());
  // Her reviews, one quoting the applicant, so that the others' reviews and
  // the shortlist open to her.
  for (const std::string& id : assigned) {
    Reply sent = as(amara, "POST", "/api/v1/reviews",
                    R"({"proposal": ")" + id +
                        R"(", "abstain": true, "comment": "I know RCBTCU and BFSTE well"})");
    ASSERT_EQ(sent.status, 200) << sent.body;
  }

  const YAML::Node spec = YAML::LoadFile((source_dir() / "docs/openapi.yaml").string());
  std::set<std::string> answered;
  for (const auto& path : spec["paths"]) {
    if (!path.second["get"]) continue;
    const std::string route = path.first.as<std::string>();
    std::vector<std::string> asked = {route};
    if (const std::size_t at = route.find("{id}"); at != std::string::npos) {
      asked.clear();
      for (const std::string& id : assigned) {
        asked.push_back(std::string(route).replace(at, 4, id));
      }
    }
    for (const std::string& target : asked) {
      Reply juror = as(amara, "GET", target);
      if (juror.status != 200) continue;
      answered.insert(route);
      EXPECT_EQ(who_is_named(juror.body), "") << "GET " << target << ":\n" << juror.body;
    }
  }
  EXPECT_THAT(answered, ::testing::IsSupersetOf({"/api/v1/assignments", "/api/v1/proposals/{id}",
                                                 "/api/v1/proposals/{id}/reviews",
                                                 "/api/v1/shortlist", "/api/v1/session"}));
  std::vector<std::string> pages = {"/jury"};
  for (const std::string& id : assigned) pages.push_back("/jury/proposals/" + id);
  for (const std::string& page : pages) {
    Reply shown = as(amara, "GET", page);
    ASSERT_EQ(shown.status, 200) << page;
    EXPECT_EQ(who_is_named(shown.body), "") << page << ":\n" << shown.body;
  }

  // The organiser reads the same routes whole.
  for (const char* target : {"/api/v1/assignments", "/api/v1/shortlist", "/organiser"}) {
    Reply organiser = as(ana, "GET", target);
    ASSERT_EQ(organiser.status, 200) << target;
    EXPECT_NE(who_is_named(organiser.body), "") << target;
  }
  Reply proposal = as(ana, "GET", "/api/v1/proposals/" + assigned.front());
  EXPECT_NE(who_is_named(proposal.body), "");
  Reply reviews = as(ana, "GET", "/api/v1/proposals/" + assigned.front() + "/reviews");
  EXPECT_THAT(reviews.body, HasSubstr("I know RCBTCU")) << "her comment, unredacted";
}

TEST_F(JuryServerTest, AJurorsAccountNamesAJurorOfTheRoster) {
  RunResult unknown =
      run_shortlist({"user", "add", "zed", "--role", "juror", "--juror", "zed", "--db", uri_},
                    source_dir(), "passphrase of zed\n");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err,
            "shortlist user: there is no juror 'zed' on the jury roster of call 'main' (7 jurors, "
            "from 'shortlist jury import FILE' or 'shortlist jury add'): add the juror there "
            "first, or name another call with --call\n");
  RunResult elsewhere = run_shortlist({"user", "add", "zed", "--role", "juror", "--juror", "amara",
                                       "--call", "dc-2027", "--db", uri_},
                                      source_dir(), "passphrase of zed\n");
  EXPECT_EQ(elsewhere.exit_code, 1);
  EXPECT_THAT(elsewhere.err, HasSubstr("roster of call 'dc-2027' (0 jurors"));
  EXPECT_EQ(
      ask("POST", "/api/v1/session", R"({"name": "zed", "password": "passphrase of zed"})").status,
      401)
      << "no account was made";
}

TEST_F(JuryServerTest, AnOrganiserDecidesAndReleasesAndTheApplicantSeesIt) {
  const Signed ana = sign_in("ana");
  Reply submissions = as(ana, "GET", "/api/v1/submissions");
  ASSERT_EQ(submissions.status, 200);
  EXPECT_EQ(submissions.json()->getValue<int>("total"), 15);
  EXPECT_EQ(as(ana, "GET", "/api/v1/jurors").json()->getArray("jurors")->size(), 7u);
  EXPECT_EQ(as(ana, "GET", "/api/v1/runs").json()->getArray("runs")->size(), 1u);
  Reply shortlist = as(ana, "GET", "/api/v1/shortlist");
  ASSERT_EQ(shortlist.status, 200) << shortlist.body;
  Poco::JSON::Array::Ptr shortlisted = shortlist.json()->getArray("shortlist");
  ASSERT_EQ(shortlisted->size(), 5u);
  EXPECT_EQ(shortlisted->getObject(0)->getValue<int>("rank"), 1);
  EXPECT_TRUE(shortlisted->getObject(0)->has("shortlist_probability"));
  EXPECT_EQ(as(ana, "GET", "/api/v1/shortlist").body, shortlist.body) << "the same, from the cache";
  Reply plugins = as(ana, "GET", "/api/v1/plugins");
  ASSERT_EQ(plugins.status, 200);
  EXPECT_THAT(plugins.body, HasSubstr(R"("name":"relevance","version":")"));
  Reply all = as(ana, "GET", "/api/v1/assignments");
  EXPECT_EQ(all.json()->getValue<int>("total"), 14);
  Reply unblind = as(ana, "GET", "/api/v1/proposals/ng-lagos-payments");
  EXPECT_FALSE(unblind.json()->getValue<bool>("blind"));
  EXPECT_EQ(as(ana, "POST", "/api/v1/reviews", R"({"proposal": "ng-lagos-payments"})").status, 403)
      << "organisers do not review";

  // An evaluation of the stored call: the same inputs as the command's run.
  Reply evaluated = as(ana, "POST", "/api/v1/runs", "{}");
  ASSERT_EQ(evaluated.status, 200) << evaluated.body;
  EXPECT_EQ(evaluated.json()->getValue<int>("run"), 2);
  EXPECT_EQ(evaluated.json()->getValue<int>("ranked"), 14);
  Reply second = as(ana, "GET", "/api/v1/shortlist");
  EXPECT_EQ(second.json()->getValue<int>("run"), 2);
  auto ids = [](const Reply& r) {
    std::vector<std::string> out;
    Poco::JSON::Array::Ptr list = r.json()->getArray("shortlist");
    for (std::size_t i = 0; i < list->size(); ++i) {
      out.push_back(list->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
    }
    return out;
  };
  EXPECT_EQ(ids(second), ids(shortlist)) << "the stored call ranks as the files did";
  {
    Expected<store::Database> db = store::Database::open(uri_);
    ASSERT_TRUE(db);
    Expected<store::StoredRun> first = store::load_run(*db, 1), again = store::load_run(*db, 2);
    ASSERT_TRUE(first && again);
    EXPECT_EQ(again->inputs_sha256, first->inputs_sha256);
    EXPECT_EQ(again->actor, "ana");
  }
  // A proposal stored since: the command and the service both rank the call
  // as the store now holds it, with it, not the files the command was given.
  {
    TempDir extra;
    std::string late = read_file(source_dir() / "submissions/ke-kisumu-chamber-ecert.yaml");
    late.replace(late.find("ke-kisumu-ecert"), 15, "zz-late-proposal");
    late.replace(late.find("Lake Region exporters"), 21, "Lake Victoria fishers");
    extra.write("late.yaml", late);
    ASSERT_EQ(run_shortlist({"ingest", extra.path().string(), "--db", uri_}).exit_code, 0);
  }
  RunResult command = run_shortlist({"evaluate", "--db", uri_, "--format", "csv"});
  ASSERT_EQ(command.exit_code, 0) << command.err;
  EXPECT_THAT(command.err, HasSubstr("recorded as run 3\n"));
  Reply service = as(ana, "POST", "/api/v1/runs", "{}");
  ASSERT_EQ(service.status, 200) << service.body;
  EXPECT_EQ(service.json()->getValue<int>("run"), 4);
  {
    Expected<store::Database> db = store::Database::open(uri_);
    ASSERT_TRUE(db);
    Expected<store::StoredRun> by_command = store::load_run(*db, 3);
    ASSERT_TRUE(by_command);
    EXPECT_EQ(by_command->inputs_sha256, service.json()->getValue<std::string>("inputs_sha256"));
    EXPECT_EQ(by_command->entries.size(),
              static_cast<std::size_t>(service.json()->getValue<int>("ranked")));
    EXPECT_EQ(count(*db,
                    "SELECT COUNT(*) FROM run_entries WHERE run_id = 3 AND proposal_id = "
                    "'zz-late-proposal'"),
              1);
  }
  EXPECT_EQ(as(ana, "POST", "/api/v1/runs", "{}", false).status, 403) << "no CSRF token";

  Reply decided = as(
      ana, "POST", "/api/v1/decisions",
      R"({"proposal": "rw-kigali-trade-portal", "decision": "awarded", "reason": "Strongest plan",
          "comment": "A portal traders will use"})");
  ASSERT_EQ(decided.status, 200) << decided.body;
  Reply unknown =
      as(ana, "POST", "/api/v1/decisions",
         R"({"proposal": "rw-kigali-trade-portal", "decision": "maybe", "reason": "x"})");
  EXPECT_EQ(unknown.status, 422);
  const std::string code = code_in(codes_, "rw-kigali-trade-portal");
  auto status_of = [&] {
    return ask("POST", "/api/v1/status", R"({"code": ")" + code + R"("})")
        .json()
        ->getValue<std::string>("status");
  };
  EXPECT_EQ(status_of(), "in_review") << "not released yet";
  EXPECT_EQ(as(ana, "POST", "/api/v1/decisions/release", R"({"show": "all"})").status, 400);
  Reply released = as(ana, "POST", "/api/v1/decisions/release", R"({"show": "feedback"})");
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(released.json()->getValue<int>("released"), 1);
  EXPECT_EQ(released.json()->getValue<std::string>("shown"), "feedback");
  EXPECT_EQ(status_of(), "awarded");
  // The jury's comment is released with the decision, as the organiser chose.
  EXPECT_THAT(ask("POST", "/api/v1/status", R"({"code": ")" + code + R"("})")
                  .json()
                  ->getValue<std::string>("text"),
              HasSubstr("The jury’s comment: A portal traders will use\n"));
}

// A proposal in a language the relevance plugin cannot read: its stored
// run keeps why the value is missing, and the proposal's page (the juror's
// and the organiser's) and the API say it beside the filled-in value.
TEST_F(JuryServerTest, ShowsAValueNotMeasurableInTheProposalsLanguageOnItsPage) {
  TempDir dir;
  dir.write("in/de.yaml",
            "id: de-markt\ntitle: Elektronische Zahlungen für Marktfrauen\nlanguage: de\n"
            "applicant: {name: Verein, type: ngo, country: AT, email: a@example.org}\n"
            "summary: Wir helfen Marktfrauen in der Stadt, elektronische Zahlungen und mobiles "
            "Geld anzunehmen, mit einer kurzen Schulung auf jedem Markt.\n"
            "beneficiaries: {msmes: 40}\n");
  const auto criteria =
      dir.write("call.yaml",
                "call: Digital Champions\n"
                "method: weighted_sum\n"
                "criteria:\n"
                "  - {id: relevance, weight: 1, plugin: relevance, missing: worst}\n"
                "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n");
  RunResult ingest = run_shortlist({"ingest", (dir.path() / "in").string(), "--db", uri_});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  RunResult evaluated =
      run_shortlist({"evaluate", "--db", uri_, "--criteria", criteria.string(), "--format", "csv"});
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;

  const Signed ana = sign_in("ana");
  Reply api = as(ana, "GET", "/api/v1/proposals/de-markt");
  ASSERT_EQ(api.status, 200) << api.body;
  Poco::JSON::Array::Ptr automatic = api.json()->getArray("automatic_scores");
  ASSERT_EQ(automatic->size(), 2u);
  EXPECT_THAT(automatic->getObject(0)->optValue<std::string>("imputed", ""),
              HasSubstr("not measurable in de"));
  EXPECT_FALSE(automatic->getObject(1)->has("imputed")) << "reach was measured";
  Reply other = as(ana, "GET", "/api/v1/proposals/rw-kigali-trade-portal");
  EXPECT_FALSE(other.json()->getArray("automatic_scores")->getObject(0)->has("imputed"));

  Reply page = ask("GET", "/jury/proposals/de-markt", "", "text/html", {{"Cookie", ana.cookie}});
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("<em class=\"imputed\" lang=\"en\" dir=\"ltr\">(no value "
                                   "(not measurable in de: the relevance lexicon has no terms"));
  Reply english = ask("GET", "/jury/proposals/rw-kigali-trade-portal", "", "text/html",
                      {{"Cookie", ana.cookie}});
  EXPECT_THAT(english.body, Not(HasSubstr("class=\"imputed\"")));
}

// Stopping lets a request in flight finish: a client halfway through
// sending its request when the stop comes still gets its answer; nothing
// is taken after.
TEST_F(ServerTest, StopsOnlyAfterTheRequestsInFlight) {
  Poco::Net::StreamSocket client(Poco::Net::SocketAddress("127.0.0.1", server_->port()));
  const std::string body = R"({"code": ")" + code_ + R"("})";
  const std::string head =
      "POST /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  const std::string first = head + body.substr(0, 5);
  client.sendBytes(first.data(), static_cast<int>(first.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the server reads the body

  std::future<void> stopping = std::async(std::launch::async, [&] { server_->stop(); });
  EXPECT_EQ(stopping.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout)
      << "stop waits for the request in flight";
  const std::string rest = body.substr(5);
  client.sendBytes(rest.data(), static_cast<int>(rest.size()));
  std::string answer;
  char buffer[4096];
  for (int got; (got = client.receiveBytes(buffer, sizeof buffer)) > 0;) {
    answer.append(buffer, static_cast<std::size_t>(got));
    if (answer.find("\"history\"") != std::string::npos) break;
  }
  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(answer, HasSubstr(code_));
  client.close();
  stopping.get();
  EXPECT_THROW(ask("GET", "/api/v1/health"), Poco::Exception) << "no longer listening";
}

// Slow clients (slowloris): three times more connections than the server
// has threads, each sending its request head a few bytes at a time, always
// within the idle timeout. Each connection gets until its deadline to send
// a whole request; past it the server drops it, so that a client that
// sends at once is still served, and every slow connection is closed.
TEST_F(ServerTest, DropsSlowClientsAtTheirDeadlineAndServesOthersMeanwhile) {
  server::ServerSettings settings;
  settings.port = 0;
  settings.threads = 4;
  settings.request_deadline = std::chrono::seconds(2);
  settings.max_connections_per_address = 0;  // the deadline alone, all from one address
  server::Server guarded(*site_, settings);
  guarded.start();
  std::vector<Poco::Net::StreamSocket> slow;
  for (int i = 0; i < 12; ++i) {
    slow.emplace_back(Poco::Net::SocketAddress("127.0.0.1", guarded.port()));
    slow.back().setReceiveTimeout(Poco::Timespan(0, 1000));
    const std::string start = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
    slow.back().sendBytes(start.data(), static_cast<int>(start.size()));
  }
  std::atomic<bool> trickling{true};
  std::atomic<int> closed{0};
  std::thread trickle([&] {
    std::vector<bool> done(slow.size(), false);
    for (int round = 0; trickling && round < 40; ++round) {
      for (std::size_t i = 0; i < slow.size(); ++i) {
        if (done[i]) continue;
        try {
          slow[i].sendBytes("X-Slow: 1\r\n", 11);
          char byte;
          if (slow[i].receiveBytes(&byte, 1) == 0) done[i] = true, ++closed;
        } catch (const Poco::TimeoutException&) {
        } catch (const Poco::Exception&) {
          done[i] = true, ++closed;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // every thread is taken
  const auto asked = std::chrono::steady_clock::now();
  int status = 0;
  try {
    Poco::Net::HTTPClientSession session("127.0.0.1", guarded.port());
    session.setTimeout(Poco::Timespan(8, 0));
    HTTPRequest request("GET", "/api/v1/health", HTTPRequest::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response);
    status = response.getStatus();
  } catch (const Poco::Exception& e) {
    ADD_FAILURE() << "not served while slow clients held the threads: " << e.displayText();
  }
  const auto waited = std::chrono::steady_clock::now() - asked;
  EXPECT_EQ(status, 200);
  EXPECT_LT(waited, std::chrono::seconds(6)) << "served within a few deadlines of the slow ones";
  std::this_thread::sleep_for(std::chrono::seconds(3));
  trickling = false;
  trickle.join();
  EXPECT_EQ(closed, 12) << "every slow connection dropped";
  guarded.stop();
}

// A connection from `from` (127.0.0.x: each its own client to the server)
// to the server on `port`; -1 when it could not connect.
int connect_from(const std::string& from, unsigned short port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// One address holds 64 connections, four times the server's threads, each
// trickling its request head a line at a time within every timeout. The
// server keeps 8 of them (its cap per address), closes the rest at once,
// and still answers another address's status lookups while the 8 trickle.
TEST_F(ServerTest, CapsConnectionsPerAddressAndAnswersOthersWhileOneTrickles) {
  const unsigned short port = server_->port();
  std::vector<int> slow;
  for (int i = 0; i < 64; ++i) {
    const int fd = connect_from("127.0.0.2", port);
    ASSERT_GE(fd, 0);
    const std::string start = "POST /api/v1/status HTTP/1.1\r\nHost: x\r\n";
    send(fd, start.data(), start.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  std::atomic<bool> trickling{true};
  std::atomic<int> closed{0};
  std::thread trickle([&] {
    std::vector<bool> done(slow.size(), false);
    while (trickling) {
      for (std::size_t i = 0; i < slow.size(); ++i) {
        if (done[i]) continue;
        char byte;
        const ssize_t got = recv(slow[i], &byte, 1, MSG_DONTWAIT);
        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK) ||
            send(slow[i], "X-Slow: 1\r\n", 11, MSG_NOSIGNAL) < 0) {
          done[i] = true;
          ++closed;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  const int refused_at_once = closed;

  // Another address's lookups, each given less time than the request
  // deadline that would otherwise free a thread.
  for (int i = 0; i < 4; ++i) {
    int status = 0;
    try {
      Poco::Net::HTTPClientSession session("127.0.0.1", port);
      session.setTimeout(Poco::Timespan(3, 0));
      const std::string body = R"({"code": ")" + code_ + R"("})";
      HTTPRequest request("POST", "/api/v1/status", HTTPRequest::HTTP_1_1);
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
      session.sendRequest(request) << body;
      Poco::Net::HTTPResponse response;
      session.receiveResponse(response);
      status = response.getStatus();
    } catch (const Poco::Exception& e) {
      ADD_FAILURE() << "lookup " << i << " not answered: " << e.displayText();
    }
    EXPECT_EQ(status, 200) << "lookup " << i;
  }
  trickling = false;
  trickle.join();
  for (int fd : slow) close(fd);
  EXPECT_EQ(refused_at_once, 64 - 8) << "all but the cap's 8 closed as soon as they came";
  EXPECT_THAT(log_.str(), HasSubstr(R"("client":"127.0.0.2","method":"","path":"","status":0,)"));
  EXPECT_THAT(log_.str(), HasSubstr("closed unanswered: 8 connections from this address are open"));
}

// The whole call in a browser: a juror signs in, sees only their
// assignments and sends a review; an organiser records a decision and
// releases it; the applicant sees it on the status page. A screenshot of
// each page.
TEST_F(JuryServerTest, AJurorReviewsAndAnOrganiserReleasesWhatTheApplicantThenSees) {
  ASSERT_TRUE(Browser::available()) << "Chromium is not installed: run scripts/install-deps.sh";
  const std::string site = "http://127.0.0.1:" + std::to_string(server_->port());
  auto sign_in_as = [&](Browser& browser, const std::string& name) {
    browser.open(site + "/sign-in");
    browser.run("document.querySelector('#name').value = '" + name + "'");
    browser.run("document.querySelector('#password').value = 'passphrase of " + name + "'");
    browser.submit("form[action='/sign-in']");
  };
  {
    Browser juror;
    sign_in_as(juror, "amara");
    EXPECT_EQ(juror.run("location.pathname"), "/jury");
    EXPECT_EQ(juror.text(".progress-text"), "0 of 2 reviewed");
    EXPECT_EQ(juror.run("document.querySelectorAll('table.assignments tbody tr').length"), "2");
    EXPECT_THAT(juror.text("table.assignments"), HasSubstr("rw-kigali-trade-portal"));
    EXPECT_THAT(juror.text("table.assignments"), Not(HasSubstr("ng-lagos-payments")));
    juror.screenshot("jury-assignments");

    juror.open(site + "/jury/proposals/ng-lagos-payments");
    EXPECT_THAT(juror.text("main"), HasSubstr("no proposal assigned to you"));

    juror.open(site + "/jury/proposals/rw-kigali-trade-portal");
    EXPECT_THAT(juror.text(".meta"), HasSubstr("blind review"));
    EXPECT_THAT(juror.text("#others + p"), HasSubstr("once you have sent yours"));
    juror.run("document.querySelector('#score-feasibility').value = '4'");
    juror.run("document.querySelector('#comment-feasibility').value = 'Solid partners'");
    juror.run("document.querySelector('#score-impact').value = '4.5'");
    juror.screenshot("jury-proposal");
    juror.submit("form[action='/jury/proposals/rw-kigali-trade-portal']");
    EXPECT_EQ(juror.text(".notice"), "Your review was sent.");
    EXPECT_EQ(juror.run("document.querySelector('#score-impact').value"), "4.5");
    juror.screenshot("jury-review-sent");
    juror.open(site + "/jury");
    EXPECT_EQ(juror.text(".progress-text"), "1 of 2 reviewed");
    juror.open(site + "/organiser");
    EXPECT_THAT(juror.text("main"), HasSubstr("for the organisers"));
  }
  {
    Browser organiser;
    sign_in_as(organiser, "ana");
    EXPECT_EQ(organiser.run("location.pathname"), "/organiser");
    organiser.submit("form[action='/organiser/runs']");
    EXPECT_EQ(organiser.run("document.querySelectorAll('#runs + table tbody tr').length"), "2")
        << "an evaluation run from the page";
    EXPECT_THAT(organiser.text("#submissions"), HasSubstr("15"));
    EXPECT_THAT(organiser.text("#jury + p"), HasSubstr("1 of 14 reviews sent"));
    EXPECT_EQ(organiser.run("document.querySelectorAll('#shortlist + table tbody tr').length"),
              "5");
    EXPECT_THAT(organiser.text("#plugins + table"), HasSubstr("relevance"));
    organiser.screenshot("organiser-overview");
    organiser.run("document.querySelector('#proposal').value = 'rw-kigali-trade-portal'");
    organiser.run("document.querySelector('#decision').value = 'awarded'");
    organiser.run("document.querySelector('#reason').value = 'Strongest plan for paperless trade'");
    organiser.submit("form[action='/organiser/decisions']");
    EXPECT_THAT(
        organiser.text("section[aria-labelledby=decisions] table"),
        HasSubstr("rw-kigali-trade-portal\tawarded\tStrongest plan for paperless trade\tnot yet"));
    organiser.screenshot("organiser-decision");
    organiser.submit("form[action='/organiser/release']");
    EXPECT_THAT(organiser.text("section[aria-labelledby=decisions] table"),
                Not(HasSubstr("not yet")));
    organiser.screenshot("organiser-released");
  }
  Browser applicant;
  applicant.open(site + "/status?lang=fr");
  applicant.run("document.querySelector('#code').value = '" +
                code_in(codes_, "rw-kigali-trade-portal") + "'");
  applicant.submit("form");
  EXPECT_EQ(applicant.text(".status .current"), "retenue");
  EXPECT_THAT(applicant.text(".status"), HasSubstr("Strongest plan for paperless trade"));
  applicant.screenshot("status-awarded-fr");
}

// The status page, over HTTP: what a browser without JavaScript gets.
TEST_F(ServerTest, TheStatusPageAsksForACodeInTheBrowsersLanguage) {
  Reply arabic = ask("GET", "/status", "", "", {{"Accept-Language", "ar-MA, fr;q=0.5"}});
  ASSERT_EQ(arabic.status, 200);
  EXPECT_THAT(arabic.body, HasSubstr("<html lang=\"ar\" dir=\"rtl\">"));
  EXPECT_THAT(arabic.body, HasSubstr("<label for=\"code\">رمز التتبع</label>"));
  EXPECT_THAT(arabic.headers.get("Content-Type"), HasSubstr("text/html"));
  EXPECT_THAT(arabic.headers.get("Set-Cookie"), HasSubstr("HttpOnly; SameSite=Strict"));
  EXPECT_EQ(arabic.body.find("<script"), std::string::npos);
  EXPECT_EQ(arabic.body.find("style="), std::string::npos) << "no inline style (CSP)";
  Reply switched = ask("GET", "/status?lang=es", "", "", {{"Accept-Language", "ar"}});
  EXPECT_THAT(switched.body, HasSubstr("<html lang=\"es\" dir=\"ltr\">"));
  Reply fallback = ask("GET", "/status", "", "", {{"Accept-Language", "de"}});
  EXPECT_THAT(fallback.body, HasSubstr("<html lang=\"en\""));
  Reply home = ask("GET", "/");
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(home.headers.get("Location"), "/status");
  EXPECT_EQ(ask("GET", "/nowhere").status, 404);
  EXPECT_EQ(ask("PUT", "/status").status, 405);
}

TEST_F(ServerTest, TheStatusFormIsRefusedWithoutItsCsrfTokenAndAnsweredWithIt) {
  Reply form = ask("GET", "/status?lang=fr");
  const std::string cookie = form.headers.get("Set-Cookie");
  const std::string token =
      cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  const std::string kForm = "application/x-www-form-urlencoded";

  Reply forged =
      ask("POST", "/status", "lang=fr&csrf=" + std::string(token.size(), 'a') + "&code=" + code_,
          kForm, {{"Cookie", "shortlist_csrf=" + token}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_THAT(forged.body, HasSubstr("Cette page a expiré"));
  EXPECT_EQ(forged.body.find("complète"), std::string::npos);
  Reply no_cookie = ask("POST", "/status", "lang=fr&csrf=" + token + "&code=" + code_, kForm);
  EXPECT_EQ(no_cookie.status, 403);

  Reply answered = ask("POST", "/status", "lang=fr&csrf=" + token + "&code=+" + code_ + "+", kForm,
                       {{"Cookie", "shortlist_csrf=" + token}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_THAT(answered.body,
              HasSubstr("<dd class=\"current\" data-status=\"valid\">complète</dd>"));
  EXPECT_THAT(answered.body, HasSubstr("Prochaine étape : votre proposition sera examinée"));
  EXPECT_THAT(answered.body, HasSubstr("Vendre en ligne au-delà des frontières"));

  Reply typo = ask("POST", "/status", "lang=fr&csrf=" + token + "&code=%3Cb%3Ehello", kForm,
                   {{"Cookie", "shortlist_csrf=" + token}});
  EXPECT_EQ(typo.status, 400);
  EXPECT_THAT(typo.body, HasSubstr("« \u2068&lt;b&gt;hello\u2069 » n’est pas un code de suivi"));
  EXPECT_EQ(ask("POST", "/status", "lang=fr&code=%zz", kForm).status, 400);
}

// A CSRF cookie the server did not make is never written into a page: a
// fresh one is issued in its place.
TEST_F(ServerTest, NeverWritesACsrfCookieItDidNotMakeIntoAPage) {
  const std::string hostile = "x\\\"><img src=x onerror=alert(1)>" + std::string(33, 'q');
  const std::string unsigned_hex(64, 'a');  // the old form, but not the server's
  for (const std::string path : {"/status", "/sign-in"}) {
    for (const std::string& sent : {hostile, unsigned_hex}) {
      Reply page = ask("GET", path, "", "", {{"Cookie", "shortlist_csrf=" + sent}});
      ASSERT_EQ(page.status, 200) << path;
      EXPECT_THAT(page.body, Not(HasSubstr("<img"))) << path;
      EXPECT_THAT(page.body, Not(HasSubstr(sent))) << path;
      const std::string cookie = page.headers.get("Set-Cookie", "");
      ASSERT_THAT(cookie, ::testing::StartsWith("shortlist_csrf=")) << path << ": a fresh token";
      const std::string fresh = cookie.substr(15, cookie.find(';') - 15);
      EXPECT_NE(fresh, sent);
      EXPECT_THAT(page.body, HasSubstr("name=\"csrf\" value=\"" + fresh + "\"")) << path;
    }
  }
  // The server's own token is kept, not replaced on every page.
  Reply first = ask("GET", "/status");
  const std::string cookie = first.headers.get("Set-Cookie");
  const std::string token = cookie.substr(15, cookie.find(';') - 15);
  Reply again = ask("GET", "/status", "", "", {{"Cookie", "shortlist_csrf=" + token}});
  EXPECT_FALSE(again.headers.has("Set-Cookie"));
  EXPECT_THAT(again.body, HasSubstr("name=\"csrf\" value=\"" + token + "\""));
}

TEST_F(ServerTest, ServesItsStylesheetAndNothingOutsideTheStaticFolder) {
  Reply css = ask("GET", "/static/shortlist.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_THAT(css.headers.get("Content-Type"), HasSubstr("text/css"));
  EXPECT_THAT(css.body, HasSubstr("inline-start"));
  EXPECT_EQ(ask("GET", "/static/../CMakeLists.txt").status, 404);
  EXPECT_EQ(ask("GET", "/static/%2e%2e/CMakeLists.txt").status, 404);
  EXPECT_EQ(ask("GET", "/static/missing.css").status, 404);
}

// An applicant in a real browser: the page in their language, the code
// typed and sent, the answer read — and a screenshot of each.
TEST_F(ServerTest, AnApplicantChecksTheirStatusInFrenchAndInArabicInABrowser) {
  ASSERT_TRUE(Browser::available()) << "Chromium is not installed: run scripts/install-deps.sh";
  Browser browser;
  const std::string site = "http://127.0.0.1:" + std::to_string(server_->port());

  browser.set_accept_language("fr-FR,fr;q=0.9,en;q=0.5");
  browser.open(site + "/status");
  EXPECT_EQ(browser.run("document.documentElement.lang"), "fr");
  EXPECT_EQ(browser.text("h1"), "Suivre votre proposition");
  browser.screenshot("status-form-fr");
  browser.run("document.querySelector('#code').value = " + std::string("'") + code_ + "'");
  browser.submit("form");
  EXPECT_THAT(browser.text(".status .current"), "complète");
  EXPECT_THAT(browser.text(".status"), HasSubstr("Historique"));
  EXPECT_EQ(browser.run("getComputedStyle(document.querySelector('button')).backgroundColor"),
            "rgb(11, 92, 173)")
      << "the stylesheet is applied under the CSP";
  browser.screenshot("status-fr");

  // The switcher, then the code typed loosely.
  browser.run("document.querySelector('a[hreflang=ar]').click()");
  browser.open(site + "/status?lang=ar");
  EXPECT_EQ(browser.run("document.documentElement.dir"), "rtl");
  EXPECT_EQ(browser.run("getComputedStyle(document.querySelector('main')).direction"), "rtl");
  std::string typed = code_;
  typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
  browser.run("document.querySelector('#code').value = '" + typed + "'");
  browser.submit("form");
  EXPECT_EQ(browser.text(".status .current"), "مكتمل");
  EXPECT_THAT(browser.text(".status"), HasSubstr("السجل"));
  // Right to left: the heading starts at the right edge of the page.
  const double right =
      std::stod(browser.run("document.querySelector('h1').getBoundingClientRect().right"));
  const double width =
      std::stod(browser.run("document.querySelector('main').getBoundingClientRect().right"));
  EXPECT_NEAR(right, width - 16, 20);  // main's inline padding
  browser.screenshot("status-ar");
}

// axe-core on every page the server serves, with what a user's actions add
// to it (a refusal, a status, a notice): the applicant's pages in every
// language there are messages for, the staff pages as a juror and as an
// organiser see them.
TEST_F(JuryServerTest, EveryPageHasNoSeriousAccessibilityViolationInAnyLanguage) {
  ASSERT_TRUE(Browser::available()) << "Chromium is not installed: run scripts/install-deps.sh";
  SHORTLIST_NEEDS_WEB_TOOLS();
  const std::string site = "http://127.0.0.1:" + std::to_string(server_->port());
  Browser browser;
  for (const std::string& language : message_languages()) {
    SCOPED_TRACE(language);
    browser.open(site + "/status?lang=" + language);
    EXPECT_ACCESSIBLE(browser);
    browser.run("document.querySelector('#code').value = '" + code_ + "'");
    browser.submit("form[action='/status']");
    EXPECT_EQ(browser.run("document.querySelectorAll('.status .current').length"), "1");
    EXPECT_ACCESSIBLE(browser);
  }
  // A refusal: a typo, then (the fixture allows 5 lookups a minute) the limit.
  for (const char* language : {"ar", "en"}) {
    browser.open(site + "/status?lang=" + language);
    browser.run("document.querySelector('#code').value = 'not a code'");
    browser.submit("form[action='/status']");
    EXPECT_EQ(browser.run("document.querySelectorAll('[role=alert]').length"), "1");
    EXPECT_ACCESSIBLE(browser);
  }
  browser.open(site + "/nowhere");
  EXPECT_ACCESSIBLE(browser);

  auto sign_in_as = [&](Browser& browser, const std::string& name, const std::string& password) {
    browser.open(site + "/sign-in");
    browser.run("document.querySelector('#name').value = '" + name + "'");
    browser.run("document.querySelector('#password').value = '" + password + "'");
    browser.submit("form[action='/sign-in']");
  };
  sign_in_as(browser, "amara", "not the passphrase");
  EXPECT_EQ(browser.run("location.pathname"), "/sign-in");
  EXPECT_ACCESSIBLE(browser);
  sign_in_as(browser, "amara", "passphrase of amara");
  EXPECT_EQ(browser.run("location.pathname"), "/jury");
  EXPECT_ACCESSIBLE(browser);
  browser.open(site + "/jury/proposals/rw-kigali-trade-portal");
  EXPECT_ACCESSIBLE(browser);
  browser.run("document.querySelector('#score-feasibility').value = '4'");
  browser.run("document.querySelector('#comment-feasibility').value = 'Solid partners'");
  browser.run("document.querySelector('#score-impact').value = '4.5'");
  browser.submit("form[action='/jury/proposals/rw-kigali-trade-portal']");
  EXPECT_EQ(browser.text(".notice"), "Your review was sent.");
  EXPECT_ACCESSIBLE(browser);
  browser.open(site + "/jury/proposals/ng-lagos-payments");  // not assigned to her
  EXPECT_ACCESSIBLE(browser);
  browser.open(site + "/organiser");  // for the organisers only
  EXPECT_ACCESSIBLE(browser);

  Browser organiser;
  sign_in_as(organiser, "ana", "passphrase of ana");
  EXPECT_EQ(organiser.run("location.pathname"), "/organiser");
  EXPECT_ACCESSIBLE(organiser);
  organiser.run("document.querySelector('#proposal').value = 'rw-kigali-trade-portal'");
  organiser.run("document.querySelector('#decision').value = 'awarded'");
  organiser.run("document.querySelector('#reason').value = 'Strongest plan'");
  organiser.submit("form[action='/organiser/decisions']");
  EXPECT_ACCESSIBLE(organiser);
  organiser.open(site + "/jury/proposals/rw-kigali-trade-portal");
  EXPECT_ACCESSIBLE(organiser);
}

TEST(ServeCli, ServesUntilToldToStopAndThenStopsCleanly) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  int out_pipe[2];
  ASSERT_EQ(pipe(out_pipe), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    execl(SHORTLIST_BINARY, SHORTLIST_BINARY, "serve", "--db", uri.c_str(), "--port", "0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out_pipe[1]);
  FILE* out = fdopen(out_pipe[0], "r");
  char line[256] = {};
  ASSERT_NE(fgets(line, sizeof line, out), nullptr);
  const std::string listening = line;
  ASSERT_THAT(listening, ::testing::StartsWith("listening on http://127.0.0.1:"));
  const auto port =
      static_cast<Poco::UInt16>(std::stoi(listening.substr(listening.rfind(':') + 1)));

  Poco::Net::HTTPClientSession session("127.0.0.1", port);
  HTTPRequest request("GET", "/api/v1/health", HTTPRequest::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  session.receiveResponse(response);
  EXPECT_EQ(response.getStatus(), 200);

  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  ASSERT_NE(fgets(line, sizeof line, out), nullptr);
  EXPECT_THAT(line, HasSubstr("stopping: finishing the requests in flight"));
  fclose(out);
}

// `shortlist serve` with `args` in its own process, on a free port; how
// many of 12 connections from 127.0.0.1, each holding half a request, it
// keeps open.
int connections_kept_by_serve(const std::vector<std::string>& args) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  int out_pipe[2];
  if (pipe(out_pipe) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    std::vector<std::string> all = {SHORTLIST_BINARY, "serve", "--db", uri, "--port", "0"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : all) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(SHORTLIST_BINARY, argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  FILE* out = fdopen(out_pipe[0], "r");
  char line[256] = {};
  int kept = -1;
  if (fgets(line, sizeof line, out) != nullptr) {
    const std::string listening = line;
    const auto port =
        static_cast<unsigned short>(std::stoi(listening.substr(listening.rfind(':') + 1)));
    std::vector<int> held;
    for (int i = 0; i < 12; ++i) {
      const int fd = connect_from("127.0.0.1", port);
      if (fd < 0) continue;
      send(fd, "GET /api/v1/health HTTP/1.1\r\n", 29, MSG_NOSIGNAL);
      held.push_back(fd);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    kept = 0;
    for (int fd : held) {
      char byte;
      const ssize_t got = recv(fd, &byte, 1, MSG_DONTWAIT);
      kept += got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? 1 : 0;
      close(fd);
    }
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  fclose(out);
  return kept;
}

// Behind a reverse proxy every client has the proxy's address: the cap on
// connections per address would cap the whole site, so there is none
// unless asked for.
TEST(ServeCli, CapsConnectionsPerAddressButNotBehindAProxyUnlessAsked) {
  EXPECT_EQ(connections_kept_by_serve({}), 8);
  EXPECT_EQ(connections_kept_by_serve({"--max-connections-per-address", "3"}), 3);
  EXPECT_EQ(connections_kept_by_serve({"--behind-https-proxy"}), 12);
  EXPECT_EQ(
      connections_kept_by_serve({"--behind-https-proxy", "--max-connections-per-address", "5"}), 5);
  RunResult wrong =
      run_shortlist({"serve", "--db", "sqlite::memory:", "--max-connections-per-address", "many"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_THAT(wrong.err,
              HasSubstr("--max-connections-per-address takes a whole number from 0 to 100000"));
}

// HTTPS with a certificate made for the test: the pages and the API over
// TLS, and the cookies marked Secure.
TEST(ServeTls, ServesOverTlsAndMarksCookiesSecure) {
  TempDir dir;
  const std::string cert = (dir.path() / "cert.pem").string(),
                    key = (dir.path() / "key.pem").string();
  RunResult made = run_process(
      "/usr/bin/openssl",
      {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
       "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
      dir.path());
  ASSERT_EQ(made.exit_code, 0) << made.err;
  server::Site site(server::SiteSettings{"sqlite:" + (dir.path() / "s.db").string(),
                                         cli::bundled_messages_dir(),
                                         cli::bundled_data("web/static")});
  {
    Expected<store::Database> db =
        store::Database::open("sqlite:" + (dir.path() / "s.db").string());
    ASSERT_TRUE(db && store::migrate(*db));
  }
  server::ServerSettings settings;
  settings.port = 0;
  settings.tls_certificate = cert;
  settings.tls_key = key;
  server::Server server(site, settings);
  server.start();

  Poco::Net::Context::Ptr trust = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "",
                                                         cert, Poco::Net::Context::VERIFY_STRICT);
  Poco::Net::HTTPSClientSession session("127.0.0.1", server.port(), trust);
  HTTPRequest request("GET", "/status?lang=es", HTTPRequest::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::ostringstream body;
  body << session.receiveResponse(response).rdbuf();
  EXPECT_EQ(response.getStatus(), 200);
  EXPECT_THAT(body.str(), HasSubstr("<html lang=\"es\""));
  EXPECT_THAT(response.get("Set-Cookie"),
              ::testing::MatchesRegex("__Host-shortlist_csrf=[0-9a-f]{96}; Path=/; HttpOnly; "
                                      "SameSite=Strict; Secure"))
      << "a __Host- cookie: Secure, Path=/, no Domain";
  EXPECT_EQ(response.get("Strict-Transport-Security", ""), "max-age=31536000");

  // Plain HTTP to the TLS port gets nowhere.
  Poco::Net::HTTPClientSession plain("127.0.0.1", server.port());
  plain.setTimeout(Poco::Timespan(5, 0));
  HTTPRequest again("GET", "/api/v1/health", HTTPRequest::HTTP_1_1);
  EXPECT_ANY_THROW({
    plain.sendRequest(again);
    Poco::Net::HTTPResponse refused;
    plain.receiveResponse(refused);
  });
  server.stop();
}

// Behind a proxy that terminates TLS the service speaks plain HTTP, but
// browsers reach it over HTTPS: its cookies are __Host- cookies, and a
// cookie of the bare name (which any page of the domain could have set) is
// not a session.
TEST(ServeBehindHttpsProxy, NamesItsCookiesForHttpsAndSendsHsts) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "s.db").string();
  {
    Expected<store::Database> db = store::Database::open(uri);
    ASSERT_TRUE(db && store::migrate(*db));
  }
  ASSERT_EQ(run_shortlist({"user", "add", "ana", "--role", "organiser", "--db", uri}, source_dir(),
                          "passphrase of ana\n")
                .exit_code,
            0);
  server::SiteSettings site_settings{uri, cli::bundled_messages_dir(),
                                     cli::bundled_data("web/static")};
  site_settings.behind_https_proxy = true;
  server::Site site(std::move(site_settings));
  server::ServerSettings settings;
  settings.port = 0;
  server::Server server(site, settings);
  server.start();
  const RawReply page =
      exchange(server.port(), "GET /sign-in HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_THAT(page.header("Set-Cookie"), ::testing::StartsWith("__Host-shortlist_csrf="));
  EXPECT_THAT(page.header("Set-Cookie"), HasSubstr("; Path=/; HttpOnly; SameSite=Strict; Secure"));
  EXPECT_THAT(page.header("Set-Cookie"), Not(HasSubstr("Domain")));
  EXPECT_EQ(page.header("Strict-Transport-Security"), "max-age=31536000");

  const RawReply signed_in =
      exchange(server.port(),
               json_post("/api/v1/session", R"({"name": "ana", "password": "passphrase of ana"})"));
  ASSERT_EQ(signed_in.status(), 200) << signed_in.body;
  const std::string cookie = signed_in.header("Set-Cookie");
  EXPECT_THAT(cookie, ::testing::MatchesRegex("__Host-shortlist_session=[0-9a-f]{64}; Path=/; "
                                              "HttpOnly; SameSite=Strict; Max-Age=28800; Secure"));
  const std::string token = cookie.substr(cookie.find('=') + 1, 64);
  auto me = [&](const std::string& name) {
    return exchange(server.port(), "GET /api/v1/session HTTP/1.1\r\nHost: x\r\nCookie: " + name +
                                       "=" + token + "\r\nConnection: close\r\n\r\n")
        .status();
  };
  EXPECT_EQ(me("__Host-shortlist_session"), 200);
  EXPECT_EQ(me("shortlist_session"), 401);
  server.stop();
}

TEST(ServerRateLimiter, RefillsOverTime) {
  server::RateLimiter limiter(60);  // one a second
  const auto t0 = server::RateLimiter::Clock::now();
  for (int i = 0; i < 60; ++i) EXPECT_FALSE(limiter.take("a", t0)) << i;
  EXPECT_EQ(limiter.take("a", t0), 1);
  EXPECT_FALSE(limiter.take("b", t0)) << "each address has its own";
  EXPECT_FALSE(limiter.take("a", t0 + std::chrono::milliseconds(1100)));
  EXPECT_TRUE(limiter.take("a", t0 + std::chrono::milliseconds(1200)));
}

TEST(ServerSpec, DescribesExactlyTheRoutesTheServerHas) {
  const YAML::Node spec = YAML::LoadFile((source_dir() / "docs/openapi.yaml").string());
  std::set<std::string> described, served;
  for (const auto& path : spec["paths"]) {
    for (const auto& method : path.second) {
      std::string verb = method.first.as<std::string>();
      for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      described.insert(verb + " " + path.first.as<std::string>());
    }
  }
  server::Site site(server::SiteSettings{"sqlite::memory:", cli::bundled_messages_dir(), ""});
  server::Api api(site);
  ASSERT_GT(api.routes().size(), 10u);
  for (const server::Route& route : api.routes()) served.insert(route.method + " " + route.path);
  EXPECT_EQ(described, served);
}

}  // namespace
}  // namespace shortlist::testing
