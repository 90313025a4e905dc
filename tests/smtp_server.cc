#include "smtp_server.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>

namespace shortlist::testing {
namespace {

std::string base64_decoded(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  std::string out;
  char c;
  while (decoder.get(c)) out += c;
  return out;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// Lines of a conversation, CRLF-terminated, read from a socket.
class Lines {
 public:
  explicit Lines(Poco::Net::StreamSocket& socket) : socket_(socket) {}
  std::optional<std::string> next() {
    for (;;) {
      const std::size_t end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return line;
      }
      char chunk[4096];
      int got = 0;
      try {
        got = socket_.receiveBytes(chunk, sizeof chunk);
      } catch (const Poco::Exception&) {
        return std::nullopt;
      }
      if (got <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(got));
    }
  }

 private:
  Poco::Net::StreamSocket& socket_;
  std::string buffer_;
};

void say(Poco::Net::StreamSocket& socket, const std::string& line) {
  const std::string text = line + "\r\n";
  socket.sendBytes(text.data(), static_cast<int>(text.size()));
}

std::string address_in(const std::string& argument) {
  const std::size_t open = argument.find('<'), close = argument.find('>');
  if (open == std::string::npos || close == std::string::npos) return argument;
  return argument.substr(open + 1, close - open - 1);
}

// A header's value as sent, its folded lines joined (RFC 5322 unfolding:
// the line break goes, the whitespace after it stays). Poco's own reading
// decodes encoded words but keeps the whitespace between them, which
// RFC 2047 says is not part of the text.
std::string raw_header(const std::string& data, const std::string& name) {
  std::istringstream in(data);
  std::string value;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;  // the end of the header
    if (inside && (line[0] == ' ' || line[0] == '\t')) {
      value += line;
      continue;
    }
    inside = upper(line.substr(0, name.size() + 1)) == upper(name + ":");
    if (inside) value = line.substr(name.size() + 1);
  }
  return value.substr(std::min(value.size(), value.find_first_not_of(" \t")));
}

}  // namespace

std::string decode_header_words(const std::string& value) {
  std::string out, pending_space;
  std::size_t i = 0;
  bool last_was_word = false;
  while (i < value.size()) {
    if (value.compare(i, 2, "=?") == 0) {
      const std::size_t q1 = value.find('?', i + 2);
      const std::size_t q2 = q1 == std::string::npos ? q1 : value.find('?', q1 + 1);
      const std::size_t end = q2 == std::string::npos ? q2 : value.find("?=", q2 + 1);
      if (end != std::string::npos) {
        const char encoding = static_cast<char>(std::toupper(value[q1 + 1]));
        const std::string text = value.substr(q2 + 1, end - q2 - 1);
        std::string decoded;
        if (encoding == 'B') {
          decoded = base64_decoded(text);
        } else {
          for (std::size_t k = 0; k < text.size(); ++k) {
            if (text[k] == '_') {
              decoded += ' ';
            } else if (text[k] == '=' && k + 2 < text.size()) {
              decoded += static_cast<char>(std::stoi(text.substr(k + 1, 2), nullptr, 16));
              k += 2;
            } else {
              decoded += text[k];
            }
          }
        }
        // Whitespace between two encoded words is not part of the text.
        if (!last_was_word) out += pending_space;
        pending_space.clear();
        out += decoded;
        last_was_word = true;
        i = end + 2;
        continue;
      }
    }
    if (value[i] == ' ' || value[i] == '\t' || value[i] == '\r' || value[i] == '\n') {
      if (value[i] == ' ' || value[i] == '\t') pending_space += value[i];
      ++i;
      continue;
    }
    out += pending_space;
    pending_space.clear();
    out += value[i++];
    last_was_word = false;
  }
  return out;
}

SmtpServer::SmtpServer() : SmtpServer(Options{}) {}

SmtpServer::SmtpServer(Options options) : options_(std::move(options)) {
  listener_ = Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = listener_.address().port();
  thread_ = std::thread([this] { serve(); });
}

SmtpServer::~SmtpServer() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

std::string SmtpServer::uri(const std::string& user) const {
  return "smtp://" + (user.empty() ? "" : user + "@") + "127.0.0.1:" + std::to_string(port_);
}

void SmtpServer::refuse_recipient(const std::string& address, const std::string& reply) {
  std::lock_guard lock(mutex_);
  refused_[address] = reply;
}

void SmtpServer::go_down() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  listener_.close();
}

void SmtpServer::come_back() {
  Poco::Net::ServerSocket again;
  again.bind(Poco::Net::SocketAddress("127.0.0.1", port_), true);
  again.listen();
  listener_ = again;
  stopping_ = false;
  thread_ = std::thread([this] { serve(); });
}

std::vector<ReceivedMail> SmtpServer::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

bool SmtpServer::wait_for(std::size_t count, std::chrono::seconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return received_.size() >= count; });
}

void SmtpServer::serve() {
  while (!stopping_) {
    if (!listener_.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ)) continue;
    Poco::Net::StreamSocket socket;
    try {
      socket = listener_.acceptConnection();
    } catch (const Poco::Exception&) {
      continue;
    }
    ++connections_;
    converse(socket);
  }
}

void SmtpServer::converse(Poco::Net::StreamSocket socket) {
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  const bool offers_tls = !options_.certificate.empty();
  bool tls = false;
  std::string user;
  ReceivedMail mail;
  auto lines = std::make_unique<Lines>(socket);
  try {
    say(socket, "220 127.0.0.1 test SMTP ready");
    for (;;) {
      std::optional<std::string> line = lines->next();
      if (!line) return;  // the client left, or fell silent
      const std::string verb = upper(line->substr(0, line->find(' ')));
      const std::string argument =
          line->find(' ') == std::string::npos ? "" : line->substr(line->find(' ') + 1);
      if (verb == "EHLO" || verb == "HELO") {
        say(socket, "250-127.0.0.1 greets " + argument);
        if (offers_tls && !tls) say(socket, "250-STARTTLS");
        if (!options_.user.empty()) say(socket, "250-AUTH PLAIN LOGIN");
        say(socket, "250 8BITMIME");
      } else if (verb == "STARTTLS" && offers_tls && !tls) {
        say(socket, "220 2.0.0 ready to start TLS");
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, options_.key,
                                   options_.certificate, "", Poco::Net::Context::VERIFY_NONE);
        socket = Poco::Net::SecureStreamSocket::attach(socket, context);
        lines = std::make_unique<Lines>(socket);
        tls = true;
      } else if (verb == "AUTH") {
        const std::string method = upper(argument.substr(0, argument.find(' ')));
        std::string name, password;
        if (method == "PLAIN") {
          std::string credentials = argument.find(' ') == std::string::npos
                                        ? ""
                                        : argument.substr(argument.find(' ') + 1);
          if (credentials.empty()) {
            say(socket, "334 ");
            credentials = lines->next().value_or("");
          }
          const std::string decoded = base64_decoded(credentials);
          const std::size_t first = decoded.find('\0');
          const std::size_t second = decoded.find('\0', first + 1);
          if (first != std::string::npos && second != std::string::npos) {
            name = decoded.substr(first + 1, second - first - 1);
            password = decoded.substr(second + 1);
          }
        } else if (method == "LOGIN") {
          say(socket, "334 VXNlcm5hbWU6");
          name = base64_decoded(lines->next().value_or(""));
          say(socket, "334 UGFzc3dvcmQ6");
          password = base64_decoded(lines->next().value_or(""));
        } else {
          say(socket, "504 5.5.4 unrecognised authentication type");
          continue;
        }
        if (name == options_.user && password == options_.password && !options_.user.empty()) {
          user = name;
          say(socket, "235 2.7.0 authentication successful");
        } else {
          say(socket, "535 5.7.8 authentication credentials invalid");
        }
      } else if (verb == "MAIL") {
        if (!options_.user.empty() && user.empty()) {
          say(socket, "530 5.7.0 authentication required");
          continue;
        }
        mail = ReceivedMail{};
        mail.envelope_from = address_in(argument);
        say(socket, "250 2.1.0 ok");
      } else if (verb == "RCPT") {
        const std::string to = address_in(argument);
        std::string refusal;
        {
          std::lock_guard lock(mutex_);
          auto found = refused_.find(to);
          if (found != refused_.end()) refusal = found->second;
        }
        if (!refusal.empty()) {
          say(socket, refusal);
          continue;
        }
        mail.envelope_to.push_back(to);
        say(socket, "250 2.1.5 ok");
      } else if (verb == "DATA") {
        if (mail.envelope_to.empty()) {
          say(socket, "554 5.5.1 no valid recipients");
          continue;
        }
        say(socket, "354 end data with <CR><LF>.<CR><LF>");
        std::string data;
        for (;;) {
          std::optional<std::string> text = lines->next();
          if (!text) return;
          if (*text == ".") break;
          data += (text->rfind("..", 0) == 0 ? text->substr(1) : *text) + "\r\n";
        }
        mail.data = data;
        mail.over_tls = tls;
        mail.user = user;
        std::istringstream in(data);
        Poco::Net::MailMessage parsed;
        parsed.read(in);
        mail.subject = decode_header_words(raw_header(data, "Subject"));
        mail.body = parsed.getContent();
        mail.content_type = parsed.getContentType();
        mail.message_id = parsed.get("Message-ID", "");
        mail.content_language = parsed.get("Content-Language", "");
        say(socket, "250 2.0.0 queued");
        {
          std::lock_guard lock(mutex_);
          received_.push_back(mail);
        }
        arrived_.notify_all();
      } else if (verb == "RSET") {
        mail = ReceivedMail{};
        say(socket, "250 2.0.0 ok");
      } else if (verb == "NOOP") {
        say(socket, "250 2.0.0 ok");
      } else if (verb == "QUIT") {
        say(socket, "221 2.0.0 bye");
        return;
      } else {
        say(socket, "502 5.5.2 command not recognised");
      }
    }
  } catch (const Poco::Exception&) {
    // The client went away or the handshake failed: the conversation ends.
  }
}

}  // namespace shortlist::testing
