// A small SMTP server on loopback for the mail tests: EHLO, STARTTLS (with
// a certificate the test makes), AUTH PLAIN and LOGIN, MAIL, RCPT, DATA,
// RSET, QUIT. It keeps what it received, can be told to refuse a recipient
// or a login, and can go down and come back on the same port.
//
//   SmtpServer smtp;                       // listening on 127.0.0.1:smtp.port()
//   ... deliver to smtp://127.0.0.1:PORT ...
//   ASSERT_TRUE(smtp.wait_for(1));
//   ReceivedMail mail = smtp.received()[0];  // mail.subject, mail.body decoded
#pragma once

#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace shortlist::testing {

struct ReceivedMail {
  std::string envelope_from;
  std::vector<std::string> envelope_to;
  std::string data;     // as sent, dot-unstuffed
  std::string subject;  // decoded (RFC 2047)
  std::string body;     // decoded (its Content-Transfer-Encoding)
  std::string content_type;
  std::string message_id;
  std::string content_language;
  bool over_tls = false;
  std::string user;  // who authenticated, if anyone
};

// RFC 2047 encoded words in a header value, decoded (UTF-8, Q and B).
std::string decode_header_words(const std::string& value);

class SmtpServer {
 public:
  struct Options {
    std::string user;  // when set, AUTH is offered and required
    std::string password;
    std::string certificate;  // PEM; with `key`, STARTTLS is offered
    std::string key;
  };
  SmtpServer();
  explicit SmtpServer(Options options);
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  unsigned short port() const { return port_; }
  std::string uri(const std::string& user = "") const;

  // Answers RCPT TO for `address` with `reply` ("550 5.1.1 no such user").
  void refuse_recipient(const std::string& address, const std::string& reply);
  // Stops listening and drops any connection; `come_back` listens again on
  // the same port.
  void go_down();
  void come_back();

  std::vector<ReceivedMail> received() const;
  // Waits until `count` messages have arrived; false on timeout.
  bool wait_for(std::size_t count, std::chrono::seconds timeout = std::chrono::seconds(10)) const;
  std::size_t connections() const { return connections_; }

 private:
  void listen();
  void serve();
  void converse(Poco::Net::StreamSocket socket);

  Options options_;
  unsigned short port_ = 0;
  Poco::Net::ServerSocket listener_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> connections_{0};
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<ReceivedMail> received_;
  std::map<std::string, std::string> refused_;
};

}  // namespace shortlist::testing
