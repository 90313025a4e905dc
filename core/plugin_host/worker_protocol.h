// The protocol between the host and a plugin worker process (see
// plugin_process.h): frames of a 4-byte little-endian length and a JSON
// object, over a pipe each way, and the JSON forms of what crosses it — a
// proposal as the plugin may see it, and a score.
//
//   write_frame(fd, R"({"op":"score","proposals":[...]})");
//   std::string reply;
//   if (read_frame(fd, reply, std::chrono::seconds(5)) == FrameRead::Ok) ...
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <optional>
#include <string>

#include "core/model/proposal.h"
#include "core/scoring/criterion_score.h"

namespace shortlist::plugin_host {

// Frames over 256 MiB are refused: a proposal batch is far smaller.
inline constexpr std::size_t kMaxFrame = 256u << 20;

bool write_frame(int fd, const std::string& payload);

enum class FrameRead { Ok, Closed, TimedOut, Broken };
// `timeout` < 0: wait as long as it takes.
FrameRead read_frame(int fd, std::string& payload, std::chrono::milliseconds timeout);

// What host_api offers a plugin of a proposal: id, title, language,
// summary, sections and fields.
Poco::JSON::Object::Ptr to_json(const Proposal& proposal);
Proposal proposal_from_json(const Poco::JSON::Object::Ptr& json);

Poco::JSON::Object::Ptr to_json(const CriterionScore& score);
CriterionScore score_from_json(const Poco::JSON::Object::Ptr& json);

std::string stringify(const Poco::JSON::Object::Ptr& json);
// nullptr when `text` is not a JSON object.
Poco::JSON::Object::Ptr parse_object(const std::string& text);

}  // namespace shortlist::plugin_host
