#include "tests/fuzz/harness.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/criteria/call_config.h"
#include "core/ingest/submission_reader.h"
#include "core/plugin_host/plugin_process.h"
#include "core/plugin_host/worker_protocol.h"

namespace shortlist::fuzz {

std::string submission(std::string_view bytes, const std::string& extension) {
  // A file of this process's own, written again for each input.
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("shortlist-fuzz-" + std::to_string(getpid()) + extension);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ingest::ReadLimits limits;
  limits.threads = 1;
  const ingest::Submissions batch = ingest::read_submissions({path}, limits);
  std::filesystem::remove(path);
  for (const ingest::Exclusion& e : batch.excluded) {
    if (e.reason.empty()) return e.source + ": excluded without a reason";
  }
  if (batch.proposals.empty() && batch.excluded.empty()) return "neither read nor refused";
  return "";
}

std::string criteria(std::string_view text) {
  const Expected<CallConfig> config = parse_call_config(text, "fuzz.yaml");
  if (config) return "";
  if (config.problems().empty()) return "refused without a problem";
  for (const Diagnostic& d : config.problems()) {
    if (d.message.empty()) return "a problem without a message";
  }
  return "";
}

std::string plugin_reply(std::string_view bytes) {
  if (bytes.empty()) return "";
  const std::string_view rest = bytes.substr(1);
  if (static_cast<unsigned char>(bytes[0]) % 2 == 0) {
    if (const auto reply = plugin_host::parse_object(std::string(rest))) {
      PluginFileRead out;
      PluginProcess::read_description(*reply, out);
      if (out.refused.empty() && out.plugin.name.empty()) return "a plugin without a name read";
    }
    return "";
  }
  plugin_host::Decoder decoder(rest);
  std::uint32_t count = 0;
  if (decoder.read(count)) {
    CriterionScore score;
    for (std::uint32_t i = 0; i < count && decoder.read(score); ++i) {
    }
  }
  return "";
}

}  // namespace shortlist::fuzz
