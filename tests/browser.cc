#include "browser.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Buffer.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace shortlist::testing {
namespace fs = std::filesystem;
using Poco::JSON::Object;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

std::string stringify(const Object::Ptr& json) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(json, out);
  return out.str();
}

// A JavaScript string literal holding `text`.
std::string js_string(const std::string& text) {
  Object::Ptr holder = new Object;
  holder->set("s", text);
  const std::string json = stringify(holder);  // {"s":"..."}
  return json.substr(5, json.size() - 6);
}

}  // namespace

std::vector<std::string> message_languages() {
  std::vector<std::string> languages;
  for (const auto& entry : fs::directory_iterator(source_dir() / "core/messages/bundle")) {
    const std::string name = entry.path().stem().string();
    if (entry.path().extension() == ".txt" && name != "root") languages.push_back(name);
  }
  std::sort(languages.begin(), languages.end());
  return languages;
}

fs::path node_binary() { return "/usr/bin/node"; }

fs::path web_tools_dir() {
  const fs::path folder = source_dir() / "tests/web/node_modules";
  if (!fs::exists(node_binary()) || !fs::exists(folder / "axe-core/axe.min.js")) return {};
  return folder;
}

bool Browser::available() { return fs::exists(kChromium); }

Browser::Browser() {
  const std::string profile = "--user-data-dir=" + profile_.path().string();
  std::vector<const char*> argv = {kChromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--remote-debugging-port=0",
                                   "--remote-allow-origins=*",
                                   "--window-size=1000,900",
                                   profile.c_str(),
                                   "about:blank",
                                   nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const int failed = posix_spawn(&pid_, kChromium, &actions, nullptr,
                                 const_cast<char* const*>(argv.data()), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (failed != 0) throw std::runtime_error("cannot start Chromium");

  // Chromium writes the port it chose, then the browser's path, to a file.
  const fs::path active = profile_.path() / "DevToolsActivePort";
  unsigned short port = 0;
  for (int i = 0; i < 300 && port == 0; ++i) {
    std::ifstream in(active);
    int read = 0;
    if (in >> read && read > 0) port = static_cast<unsigned short>(read);
    if (port == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (port == 0) throw std::runtime_error("Chromium did not open its DevTools port in 30 s");

  // The page Chromium opened.
  Poco::Net::HTTPClientSession list("127.0.0.1", port);
  Poco::Net::HTTPRequest request("GET", "/json/list", Poco::Net::HTTPRequest::HTTP_1_1);
  list.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& in = list.receiveResponse(response);
  Poco::JSON::Parser parser;
  Poco::JSON::Array::Ptr targets = parser.parse(in).extract<Poco::JSON::Array::Ptr>();
  std::string page;
  for (std::size_t i = 0; i < targets->size(); ++i) {
    Object::Ptr target = targets->getObject(static_cast<unsigned>(i));
    if (target->getValue<std::string>("type") == "page") {
      const std::string url = target->getValue<std::string>("webSocketDebuggerUrl");
      page = url.substr(url.find("/devtools/"));
      break;
    }
  }
  if (page.empty()) throw std::runtime_error("Chromium has no page open");
  session_ = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port);
  Poco::Net::HTTPRequest upgrade("GET", page, Poco::Net::HTTPRequest::HTTP_1_1);
  Poco::Net::HTTPResponse upgraded;
  socket_ = std::make_unique<Poco::Net::WebSocket>(*session_, upgrade, upgraded);
  socket_->setMaxPayloadSize(64 << 20);
  socket_->setReceiveTimeout(Poco::Timespan(30, 0));
  call("Page.enable");
  call("Network.enable");
}

Browser::~Browser() {
  socket_.reset();
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (i == 99) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
      }
    }
  }
}

Object::Ptr Browser::receive() {
  Poco::Buffer<char> buffer(0);
  int flags = 0;
  const int size = socket_->receiveFrame(buffer, flags);
  if (size <= 0) throw std::runtime_error("Chromium closed the DevTools connection");
  Poco::JSON::Parser parser;
  return parser.parse(std::string(buffer.begin(), buffer.size())).extract<Object::Ptr>();
}

Object::Ptr Browser::call(const std::string& method, Object::Ptr params) {
  Object::Ptr message = new Object;
  const int id = next_id_++;
  message->set("id", id);
  message->set("method", method);
  message->set("params", params ? params : Object::Ptr(new Object));
  const std::string text = stringify(message);
  socket_->sendFrame(text.data(), static_cast<int>(text.size()), Poco::Net::WebSocket::FRAME_TEXT);
  for (;;) {
    Object::Ptr answer = receive();
    if (!answer->has("id")) {
      events_.push_back(answer);
      continue;
    }
    if (answer->getValue<int>("id") != id) continue;
    if (answer->has("error")) {
      throw std::runtime_error(method + ": " + stringify(answer->getObject("error")));
    }
    return answer->getObject("result");
  }
}

void Browser::wait_for_event(const std::string& name, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    while (!events_.empty()) {
      Object::Ptr event = events_.front();
      events_.pop_front();
      if (event->getValue<std::string>("method") == name) return;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("no " + name + " within the limit");
    }
    events_.push_back(receive());
  }
}

void Browser::set_accept_language(const std::string& languages) {
  Object::Ptr headers = new Object;
  headers->set("Accept-Language", languages);
  Object::Ptr params = new Object;
  params->set("headers", headers);
  call("Network.setExtraHTTPHeaders", params);
}

void Browser::emulate_media(const std::string& media) {
  Object::Ptr params = new Object;
  params->set("media", media);
  call("Emulation.setEmulatedMedia", params);
}

void Browser::open(const std::string& url) {
  events_.clear();
  Object::Ptr params = new Object;
  params->set("url", url);
  call("Page.navigate", params);
  wait_for_event("Page.loadEventFired", std::chrono::seconds(30));
}

std::string Browser::run(const std::string& script) { return evaluate(script, false); }

std::string Browser::evaluate(const std::string& script, bool await_promise) {
  Object::Ptr params = new Object;
  params->set("expression", script);
  params->set("returnByValue", true);
  params->set("awaitPromise", await_promise);
  Object::Ptr result = call("Runtime.evaluate", params);
  if (result->has("exceptionDetails")) {
    throw std::runtime_error("the page's script failed: " +
                             stringify(result->getObject("exceptionDetails")));
  }
  Object::Ptr value = result->getObject("result");
  return value->has("value") ? value->get("value").toString() : "";
}

void Browser::submit(const std::string& selector) {
  events_.clear();
  run("document.querySelector(" + js_string(selector) + ").requestSubmit()");
  wait_for_event("Page.loadEventFired", std::chrono::seconds(30));
}

std::string Browser::text(const std::string& selector) {
  return run("(document.querySelector(" + js_string(selector) + ") || {innerText: ''}).innerText");
}

fs::path Browser::screenshot(const std::string& name) {
  Object::Ptr params = new Object;
  params->set("format", "png");
  params->set("captureBeyondViewport", true);
  const std::string encoded = call("Page.captureScreenshot", params)->getValue<std::string>("data");
  std::istringstream in(encoded);
  Poco::Base64Decoder decoder(in);
  const fs::path folder = fs::path(SHORTLIST_BINARY).parent_path() / "screenshots";
  fs::create_directories(folder);
  const fs::path file = folder / (name + ".png");
  std::ofstream out(file, std::ios::binary);
  out << decoder.rdbuf();
  return file;
}

std::vector<AccessibilityViolation> Browser::check_accessibility() {
  const fs::path tools = web_tools_dir();
  if (tools.empty())
    throw std::runtime_error("axe-core is not installed: run scripts/install-deps.sh");
  if (run("typeof axe") != "object") run(read_file(tools / "axe-core/axe.min.js"));
  const std::string found = evaluate(R"(
    axe.run(document, {
      runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
      resultTypes: ['violations'],
    }).then(results => JSON.stringify(results.violations.map(v => ({
      impact: v.impact || '', rule: v.id, help: v.help,
      targets: v.nodes.map(n => n.target.join(' ')),
    })))))",
                                     true);
  Poco::JSON::Parser parser;
  Poco::JSON::Array::Ptr list = parser.parse(found).extract<Poco::JSON::Array::Ptr>();
  std::vector<AccessibilityViolation> violations;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Object::Ptr item = list->getObject(static_cast<unsigned>(i));
    AccessibilityViolation violation{item->getValue<std::string>("impact"),
                                     item->getValue<std::string>("rule"),
                                     item->getValue<std::string>("help"),
                                     {}};
    Poco::JSON::Array::Ptr targets = item->getArray("targets");
    for (std::size_t t = 0; t < targets->size(); ++t) {
      violation.targets.push_back(targets->getElement<std::string>(static_cast<unsigned>(t)));
    }
    violations.push_back(std::move(violation));
  }
  return violations;
}

std::string describe(const std::vector<AccessibilityViolation>& violations) {
  std::ostringstream out;
  for (const AccessibilityViolation& v : violations) {
    out << v.impact << " " << v.rule << ": " << v.help << " (" << v.targets.size() << " nodes:";
    for (std::size_t i = 0; i < v.targets.size() && i < 10; ++i) out << " " << v.targets[i];
    if (v.targets.size() > 10) out << " ...";
    out << ")\n";
  }
  return out.str();
}

std::vector<AccessibilityViolation> serious(const std::vector<AccessibilityViolation>& violations) {
  std::vector<AccessibilityViolation> kept;
  for (const AccessibilityViolation& v : violations) {
    if (v.impact == "serious" || v.impact == "critical") kept.push_back(v);
  }
  return kept;
}

}  // namespace shortlist::testing
