// The protocol between the host and a plugin worker process (see
// plugin_process.h): frames of a 4-byte little-endian length and a payload,
// over a pipe each way. A payload is a JSON object (configuring the plugin,
// and its replies), or a binary message whose first byte says what it is:
// 'C' a corpus and 'S' proposals to score (the batch's number, 0 for none,
// a count, then each proposal's place in the batch's text analysis and the
// proposal; 's' the same, each answer written as soon as it is scored), 'R'
// one score; and, while a plugin reads words, the worker's 'W' (where is
// the batch's analysis?) and the host's 'P' and the path to map.
//
//   write_frame(fd, R"({"measure":"","params":"{}"})");
//   FrameReader answers(other_fd);
//   std::string reply;
//   if (answers.next(reply, std::chrono::seconds(5)) == FrameRead::Ok) ...
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/proposal.h"
#include "core/scoring/criterion_score.h"

namespace shortlist::plugin_host {

// Frames over 256 MiB are refused: a proposal batch is far smaller.
inline constexpr std::size_t kMaxFrame = 256u << 20;

bool write_frame(int fd, const std::string& payload);

// Frames queued by one thread and written out, many at a time, by whichever
// thread flushes: the worker queues an answer per proposal and a flusher
// thread writes them every millisecond, so that a batch costs a few system
// calls and still a plugin that hangs leaves every answer before it
// delivered. Frames are never interleaved or reordered.
class FrameWriter {
 public:
  explicit FrameWriter(int fd) : fd_(fd) {}
  void queue(std::string_view payload);
  // Writes what is queued; false once the other end is gone.
  bool flush();

 private:
  int fd_;
  std::mutex queue_mutex_;  // guards queued_
  std::mutex write_mutex_;  // one flush at a time, in queueing order
  std::string queued_;
  std::string writing_;
};

enum class FrameRead { Ok, Closed, TimedOut, Broken };

// Proposals and scores cross in a compact binary form — counts and lengths
// as 4-byte little-endian numbers, texts as their bytes, numbers as their 8
// bytes (host and worker are the same binary on the same machine) — so that
// a score arrives exactly as the plugin gave it, and cheaply. A proposal is
// what host_api offers a plugin of it: id, title, language, summary,
// languages with their shares, sections (each with its languages) and fields.
void append(std::string& out, std::uint32_t value);
void append(std::string& out, const Proposal& proposal);
void append(std::string& out, const CriterionScore& score);

// Reads what `append` wrote; each read is false once the input runs out or
// does not hold what was asked for.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  bool read(std::uint32_t& value);
  bool read(Proposal& proposal);
  bool read(CriterionScore& score);
  bool read(std::string& text);
  bool done() const { return at_ == in_.size(); }

 private:
  bool read(double& value);
  bool read(std::vector<LanguageShare>& shares);

  std::string_view in_;
  std::size_t at_ = 0;
};

// Frames from a pipe, read in large chunks: several small frames cost one
// system call.
class FrameReader {
 public:
  explicit FrameReader(int fd = -1) : fd_(fd) {}
  // `timeout` < 0: wait as long as it takes.
  FrameRead next(std::string& payload, std::chrono::milliseconds timeout);

 private:
  int fd_;
  std::string buffer_;
  std::size_t start_ = 0;  // of the first unread byte
};

std::string stringify(const Poco::JSON::Object::Ptr& json);
// nullptr when `text` is not a JSON object.
Poco::JSON::Object::Ptr parse_object(const std::string& text);

}  // namespace shortlist::plugin_host
