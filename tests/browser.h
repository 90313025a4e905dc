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

#include "test_support.h"

namespace shortlist::testing {

class Browser {
 public:
  Browser();
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  static bool available();

  void set_accept_language(const std::string& languages);
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

 private:
  Poco::JSON::Object::Ptr call(const std::string& method, Poco::JSON::Object::Ptr params = nullptr);
  void wait_for_event(const std::string& name, std::chrono::seconds limit);
  Poco::JSON::Object::Ptr receive();

  TempDir profile_;
  pid_t pid_ = -1;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  std::unique_ptr<Poco::Net::WebSocket> socket_;
  int next_id_ = 1;
  std::deque<Poco::JSON::Object::Ptr> events_;
};

}  // namespace shortlist::testing
