#include "core/plugin_host/worker_protocol.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <sstream>

namespace shortlist::plugin_host {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

// Reads exactly `size` bytes before `deadline` (none when `wait_forever`).
FrameRead read_all(int fd, char* data, std::size_t size,
                   std::chrono::steady_clock::time_point deadline, bool wait_forever) {
  while (size > 0) {
    int wait_ms = -1;
    if (!wait_forever) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return FrameRead::TimedOut;
      wait_ms = static_cast<int>(left.count());
    }
    pollfd watched{fd, POLLIN, 0};
    const int ready = ::poll(&watched, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return FrameRead::Broken;
    if (ready == 0) return FrameRead::TimedOut;
    const ssize_t got = ::read(fd, data, size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return FrameRead::Broken;
    if (got == 0) return FrameRead::Closed;
    data += got;
    size -= static_cast<std::size_t>(got);
  }
  return FrameRead::Ok;
}

Object::Ptr object() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

// Numbers cross as their shortest exact decimal text: JSON numbers through
// Poco would lose digits, and a score must arrive as the plugin gave it.
std::string exact(double value) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

double from_exact(const std::string& text) {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

bool write_frame(int fd, const std::string& payload) {
  if (payload.size() > kMaxFrame) return false;
  const auto size = static_cast<std::uint32_t>(payload.size());
  const char header[4] = {static_cast<char>(size & 0xff), static_cast<char>((size >> 8) & 0xff),
                          static_cast<char>((size >> 16) & 0xff),
                          static_cast<char>((size >> 24) & 0xff)};
  return write_all(fd, header, 4) && write_all(fd, payload.data(), payload.size());
}

FrameRead read_frame(int fd, std::string& payload, std::chrono::milliseconds timeout) {
  const bool forever = timeout.count() < 0;
  const auto deadline =
      std::chrono::steady_clock::now() + (forever ? std::chrono::milliseconds(0) : timeout);
  unsigned char header[4];
  FrameRead read = read_all(fd, reinterpret_cast<char*>(header), 4, deadline, forever);
  if (read != FrameRead::Ok) return read;
  const std::size_t size = header[0] | (header[1] << 8) | (header[2] << 16) |
                           (static_cast<std::size_t>(header[3]) << 24);
  if (size > kMaxFrame) return FrameRead::Broken;
  payload.resize(size);
  return read_all(fd, payload.data(), size, deadline, forever);
}

Object::Ptr to_json(const Proposal& proposal) {
  Object::Ptr out = object();
  out->set("id", proposal.id);
  out->set("title", proposal.title);
  out->set("language", proposal.language);
  out->set("summary", proposal.summary);
  Array::Ptr sections = new Array;
  for (const Section& s : proposal.sections) {
    Array::Ptr section = new Array;
    section->add(s.name);
    section->add(s.text);
    section->add(s.language);
    sections->add(section);
  }
  out->set("sections", sections);
  Object::Ptr numbers = object(), texts = object();
  for (const auto& [path, value] : proposal.fields) {
    if (const double* number = std::get_if<double>(&value)) {
      numbers->set(path, exact(*number));
    } else {
      texts->set(path, std::get<std::string>(value));
    }
  }
  out->set("numbers", numbers);
  out->set("texts", texts);
  return out;
}

Proposal proposal_from_json(const Object::Ptr& json) {
  Proposal p;
  p.id = json->optValue<std::string>("id", "");
  p.title = json->optValue<std::string>("title", "");
  p.language = json->optValue<std::string>("language", "und");
  p.summary = json->optValue<std::string>("summary", "");
  if (Array::Ptr sections = json->getArray("sections")) {
    for (std::size_t i = 0; i < sections->size(); ++i) {
      Array::Ptr s = sections->getArray(static_cast<unsigned>(i));
      p.sections.push_back({s->getElement<std::string>(0), s->getElement<std::string>(1),
                            s->getElement<std::string>(2)});
    }
  }
  if (Object::Ptr numbers = json->getObject("numbers")) {
    for (const std::string& path : numbers->getNames()) {
      p.fields[path] = from_exact(numbers->getValue<std::string>(path));
    }
  }
  if (Object::Ptr texts = json->getObject("texts")) {
    for (const std::string& path : texts->getNames())
      p.fields[path] = texts->getValue<std::string>(path);
  }
  return p;
}

Object::Ptr to_json(const CriterionScore& score) {
  Object::Ptr out = object();
  if (score.raw) out->set("raw", exact(*score.raw));
  if (!score.missing_reason.empty()) out->set("missing", score.missing_reason);
  if (!score.error.empty()) out->set("error", score.error);
  if (!score.explanation.empty()) out->set("explanation", score.explanation);
  if (!score.evidence.empty()) {
    Array::Ptr evidence = new Array;
    for (const Evidence& e : score.evidence) {
      Array::Ptr item = new Array;
      item->add(e.label);
      item->add(e.text);
      evidence->add(item);
    }
    out->set("evidence", evidence);
  }
  return out;
}

CriterionScore score_from_json(const Object::Ptr& json) {
  CriterionScore score;
  if (json->has("raw")) score.raw = from_exact(json->getValue<std::string>("raw"));
  score.missing_reason = json->optValue<std::string>("missing", "");
  score.error = json->optValue<std::string>("error", "");
  score.explanation = json->optValue<std::string>("explanation", "");
  if (Array::Ptr evidence = json->getArray("evidence")) {
    for (std::size_t i = 0; i < evidence->size(); ++i) {
      Array::Ptr item = evidence->getArray(static_cast<unsigned>(i));
      score.evidence.push_back(
          {item->getElement<std::string>(0), item->getElement<std::string>(1)});
    }
  }
  return score;
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
