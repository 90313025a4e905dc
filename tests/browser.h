// Headless Chromium driven over the DevTools protocol (a WebSocket, with
// Poco), for end-to-end tests of the pages: open a page, read and act on it
// with JavaScript as a user would, and save a screenshot. Chromium comes
// from Debian (/usr/bin/chromium); nothing is downloaded.
//
//   Browser browser;                       // one headless Chromium
//   browser.set_accept_language("fr");
//   browser.open("http://127.0.0.1:8080/status");
//   browser.run("document.querySelector('#code').value = 'K7QM-3XJD-9TBW'");
//   browser.submit("form");                // and wait for the next page
//   std::string text = browser.text("main");
//   browser.screenshot("status-fr");       // build/screenshots/status-fr.png
//   EXPECT_ACCESSIBLE(browser);            // axe-core finds nothing serious
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/WebSocket.h>
#include <sys/types.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "test_support.h"

namespace shortlist::testing {

// What axe-core found wrong on a page: one rule, where it failed.
struct AccessibilityViolation {
  std::string impact;  // minor, moderate, serious or critical
  std::string rule;    // axe's rule id, e.g. "landmark-one-main"
  std::string help;
  std::vector<std::string> targets;  // CSS selectors of the nodes
};

// The languages there is a message catalogue for (core/messages/bundle),
// sorted: every language a page or report can speak.
std::vector<std::string> message_languages();

// The npm packages the interface tests use (tests/web/package.json), as
// scripts/install-deps.sh installs them; empty when they, or Node.js, are
// not there.
std::filesystem::path web_tools_dir();
// Node.js, as Debian installs it.
std::filesystem::path node_binary();

// Skips a test that needs Node.js and tests/web/node_modules where they are
// missing, and fails it in CI, where a skipped case would hide the gap.
#define SHORTLIST_NEEDS_WEB_TOOLS()                                                    \
  do {                                                                                 \
    if (::shortlist::testing::web_tools_dir().empty()) {                               \
      if (std::getenv("CI") != nullptr) FAIL() << "tests/web/node_modules is missing"; \
      GTEST_SKIP() << "Node.js or tests/web/node_modules is missing: run "             \
                      "scripts/install-deps.sh";                                       \
    }                                                                                  \
  } while (false)

class Browser {
 public:
  Browser();
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  static bool available();

  void set_accept_language(const std::string& languages);
  // Lays pages out for "print" (as when printed) or "screen" ("" resets).
  void emulate_media(const std::string& media);
  // Loads `url` and waits for its load event.
  void open(const std::string& url);
  // Evaluates `script` in the page; its value as a string ("" for none).
  std::string run(const std::string& script);
  // Submits the form matched by `selector` as its button would and waits
  // for the page that answers.
  void submit(const std::string& selector);
  // The visible text of the first element matched by `selector`.
  std::string text(const std::string& selector);
  // Saves the page as build/screenshots/NAME.png; returns the file.
  std::filesystem::path screenshot(const std::string& name);
  // Runs axe-core on the page with the WCAG 2.0 and 2.1 A and AA rules and
  // axe's best practices; every violation, at any impact.
  std::vector<AccessibilityViolation> check_accessibility();

 private:
  Poco::JSON::Object::Ptr call(const std::string& method, Poco::JSON::Object::Ptr params = nullptr);
  void wait_for_event(const std::string& name, std::chrono::seconds limit);
  Poco::JSON::Object::Ptr receive();
  std::string evaluate(const std::string& script, bool await_promise);

  TempDir profile_;
  pid_t pid_ = -1;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  std::unique_ptr<Poco::Net::WebSocket> socket_;
  int next_id_ = 1;
  std::deque<Poco::JSON::Object::Ptr> events_;
};

// One line per violation: impact, rule, what to do, and the nodes.
std::string describe(const std::vector<AccessibilityViolation>& violations);
// Those of serious or critical impact: the ones a test fails on.
std::vector<AccessibilityViolation> serious(const std::vector<AccessibilityViolation>& violations);

// Fails the test when axe-core finds a serious or critical violation on the
// browser's page, printing every violation found so the failure says what
// to fix.
#define EXPECT_ACCESSIBLE(browser)                            \
  do {                                                        \
    const auto found = (browser).check_accessibility();       \
    EXPECT_TRUE(::shortlist::testing::serious(found).empty()) \
        << (browser).run("location.href") << "\n"             \
        << ::shortlist::testing::describe(found);             \
  } while (false)

}  // namespace shortlist::testing
