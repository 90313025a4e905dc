#include "core/plugin_host/worker_protocol.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <sstream>

#include "core/util/standard_output.h"

namespace shortlist::plugin_host {
namespace {

using Poco::JSON::Object;

// write_all without SIGPIPE: a worker that dies while the host writes to it
// must not take the host with it, and the host's own handling of SIGPIPE
// (a program that embeds this library may have one) is left alone. Pipes
// have no MSG_NOSIGNAL, so the signal is blocked on this thread for the
// write, and one the write raised is taken before it is unblocked.
bool write_without_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t sigpipe, before, pending;
  sigemptyset(&sigpipe);
  sigaddset(&sigpipe, SIGPIPE);
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  pthread_sigmask(SIG_BLOCK, &sigpipe, &before);
  const bool written = write_all(fd, data, size);
  if (!written && errno == EPIPE && !was_pending) {
    const timespec now{0, 0};
    while (sigtimedwait(&sigpipe, nullptr, &now) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  return written;
}

}  // namespace

void append(std::string& out, std::uint32_t value) {
  const char bytes[4] = {static_cast<char>(value & 0xff), static_cast<char>((value >> 8) & 0xff),
                         static_cast<char>((value >> 16) & 0xff),
                         static_cast<char>((value >> 24) & 0xff)};
  out.append(bytes, 4);
}

bool write_frame(int fd, const std::string& payload) {
  if (payload.size() > kMaxFrame) return false;
  std::string frame;
  frame.reserve(4 + payload.size());
  append(frame, static_cast<std::uint32_t>(payload.size()));
  frame += payload;
  return write_without_sigpipe(fd, frame.data(), frame.size());
}

void FrameWriter::queue(std::string_view payload) {
  const std::lock_guard<std::mutex> lock(queue_mutex_);
  append(queued_, static_cast<std::uint32_t>(payload.size()));
  queued_.append(payload);
}

bool FrameWriter::flush() {
  const std::lock_guard<std::mutex> writing(write_mutex_);
  {
    const std::lock_guard<std::mutex> lock(queue_mutex_);
    writing_.swap(queued_);
  }
  const bool written = write_without_sigpipe(fd_, writing_.data(), writing_.size());
  writing_.clear();
  return written;
}

namespace {

void append_text(std::string& out, std::string_view text) {
  append(out, static_cast<std::uint32_t>(text.size()));
  out.append(text);
}

void append_number(std::string& out, double value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  out.append(bytes, sizeof value);
}

void append_shares(std::string& out, const std::vector<LanguageShare>& shares) {
  append(out, static_cast<std::uint32_t>(shares.size()));
  for (const LanguageShare& share : shares) {
    append_text(out, share.code);
    append(out, static_cast<std::uint32_t>(share.percent));
  }
}

}  // namespace

void append(std::string& out, const Proposal& p) {
  for (const std::string* text :
       {&p.id, &p.title, &p.language, &p.summary, &p.tracking_code, &p.submitted_at}) {
    append_text(out, *text);
  }
  append_shares(out, p.languages);
  append(out, static_cast<std::uint32_t>(p.sections.size()));
  for (const Section& s : p.sections) {
    append_text(out, s.name);
    append_text(out, s.text);
    append_text(out, s.language);
    append_shares(out, s.languages);
  }
  append(out, static_cast<std::uint32_t>(p.fields.size()));
  for (const auto& [path, value] : p.fields) {
    append_text(out, path);
    if (const double* number = std::get_if<double>(&value)) {
      out += 'n';
      append_number(out, *number);
    } else {
      out += 't';
      append_text(out, std::get<std::string>(value));
    }
  }
}

void append(std::string& out, const CriterionScore& score) {
  out += score.raw ? '1' : '0';
  append_number(out, score.raw.value_or(0));
  append_text(out, score.missing_reason);
  append_text(out, score.error);
  append_text(out, score.explanation);
  append(out, static_cast<std::uint32_t>(score.evidence.size()));
  for (const Evidence& e : score.evidence) {
    append_text(out, e.label);
    append_text(out, e.text);
  }
}

bool Decoder::read(std::uint32_t& value) {
  if (in_.size() - at_ < 4) return false;
  value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(in_[at_ + i]);
  at_ += 4;
  return true;
}

bool Decoder::read(double& value) {
  if (in_.size() - at_ < sizeof value) return false;
  std::memcpy(&value, in_.data() + at_, sizeof value);
  at_ += sizeof value;
  return true;
}

bool Decoder::read(std::string& text) {
  std::uint32_t size = 0;
  if (!read(size) || in_.size() - at_ < size) return false;
  text.assign(in_.substr(at_, size));
  at_ += size;
  return true;
}

bool Decoder::read(std::vector<LanguageShare>& shares) {
  std::uint32_t count = 0;
  if (!read(count)) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    LanguageShare share;
    std::uint32_t percent = 0;
    if (!read(share.code) || !read(percent) || percent > 100) return false;
    share.percent = static_cast<int>(percent);
    shares.push_back(std::move(share));
  }
  return true;
}

bool Decoder::read(Proposal& p) {
  std::uint32_t sections = 0, fields = 0;
  if (!read(p.id) || !read(p.title) || !read(p.language) || !read(p.summary) ||
      !read(p.tracking_code) || !read(p.submitted_at) || !read(p.languages) || !read(sections)) {
    return false;
  }
  for (std::uint32_t i = 0; i < sections; ++i) {
    Section s;
    if (!read(s.name) || !read(s.text) || !read(s.language) || !read(s.languages)) return false;
    p.sections.push_back(std::move(s));
  }
  if (!read(fields)) return false;
  for (std::uint32_t i = 0; i < fields; ++i) {
    std::string path;
    if (!read(path) || at_ >= in_.size()) return false;
    const char kind = in_[at_++];
    if (kind == 'n') {
      double number = 0;
      if (!read(number)) return false;
      p.fields[path] = number;
    } else if (kind == 't') {
      std::string text;
      if (!read(text)) return false;
      p.fields[path] = std::move(text);
    } else {
      return false;
    }
  }
  return true;
}

bool Decoder::read(CriterionScore& score) {
  if (at_ >= in_.size()) return false;
  const bool has_raw = in_[at_++] == '1';
  double raw = 0;
  std::uint32_t evidence = 0;
  if (!read(raw) || !read(score.missing_reason) || !read(score.error) || !read(score.explanation) ||
      !read(evidence)) {
    return false;
  }
  if (has_raw) score.raw = raw;
  for (std::uint32_t i = 0; i < evidence; ++i) {
    Evidence e;
    if (!read(e.label) || !read(e.text)) return false;
    score.evidence.push_back(std::move(e));
  }
  return true;
}

FrameRead FrameReader::next(std::string& payload, std::chrono::milliseconds timeout) {
  const bool forever = timeout.count() < 0;
  const auto deadline =
      std::chrono::steady_clock::now() + (forever ? std::chrono::milliseconds(0) : timeout);
  for (;;) {
    const std::size_t available = buffer_.size() - start_;
    if (available >= 4) {
      const auto* header = reinterpret_cast<const unsigned char*>(buffer_.data() + start_);
      const std::size_t size = header[0] | (header[1] << 8) | (header[2] << 16) |
                               (static_cast<std::size_t>(header[3]) << 24);
      if (size > kMaxFrame) return FrameRead::Broken;
      if (available >= 4 + size) {
        payload.assign(buffer_, start_ + 4, size);
        start_ += 4 + size;
        if (start_ == buffer_.size()) buffer_.clear(), start_ = 0;
        return FrameRead::Ok;
      }
    }
    if (start_ > 0) buffer_.erase(0, start_), start_ = 0;
    int wait_ms = -1;
    if (!forever) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return FrameRead::TimedOut;
      wait_ms = static_cast<int>(left.count());
    }
    pollfd watched{fd_, POLLIN, 0};
    const int ready = ::poll(&watched, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return FrameRead::Broken;
    if (ready == 0) return FrameRead::TimedOut;
    char chunk[1 << 16];
    const ssize_t got = ::read(fd_, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return FrameRead::Broken;
    if (got == 0) return FrameRead::Closed;
    buffer_.append(chunk, static_cast<std::size_t>(got));
  }
}

std::string stringify(const Object::Ptr& json) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(json, out);
  return out.str();
}

Object::Ptr parse_object(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Object::Ptr>();
  } catch (const Poco::Exception&) {
    return nullptr;
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace shortlist::plugin_host
