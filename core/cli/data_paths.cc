#include "core/cli/data_paths.h"

#include <boost/dll/runtime_symbol_info.hpp>
#include <cstdlib>
#include <vector>

#include "core/forms/application_form.h"
#include "core/messages/mail_texts.h"

namespace shortlist::cli {
namespace fs = std::filesystem;
namespace {

fs::path executable_dir() {
  return fs::path(boost::dll::program_location().parent_path().string());
}

fs::path first_existing(const std::vector<fs::path>& candidates) {
  for (const fs::path& candidate : candidates) {
    std::error_code error;
    if (fs::exists(candidate, error)) return candidate.lexically_normal();
  }
  return candidates.front().lexically_normal();
}

}  // namespace

fs::path bundled_data(const fs::path& relative) {
  std::vector<fs::path> candidates;
  if (const char* dir = std::getenv("SHORTLIST_DATA_DIR"))
    candidates.push_back(fs::path(dir) / relative);
  const fs::path bin = executable_dir();
  candidates.push_back(bin.parent_path() / relative);
  candidates.push_back(bin.parent_path() / "share" / "shortlist" / relative);
  return first_existing(candidates);
}

fs::path bundled_messages_dir() { return shortlist::bundled_messages_dir(); }

fs::path bundled_tool(const std::string& name) {
  const fs::path bin = executable_dir();
  return first_existing({bin / name, bin.parent_path() / "bin" / name});
}

fs::path bundled_plugin_dir() {
  std::vector<fs::path> candidates;
  if (const char* dir = std::getenv("SHORTLIST_PLUGIN_DIR")) candidates.push_back(dir);
  const fs::path bin = executable_dir();
  candidates.push_back(bin / "plugins");
  candidates.push_back(bin.parent_path() / "lib" / "shortlist" / "plugins");
  return first_existing(candidates);
}

const ingest::FormLabels& bundled_form_labels() {
  static const ingest::FormLabels labels = forms::form_labels(bundled_messages_dir());
  return labels;
}

std::optional<CallConfig> read_criteria(const ParsedOptions& options, std::ostream& err) {
  const std::string criteria =
      options.last("criteria").value_or(bundled_data("criteria/digital-champions.yaml").string());
  Expected<CallConfig> config = load_call_config(criteria);
  if (!config) {
    for (const Diagnostic& d : config.problems()) err << d << "\n";
    return std::nullopt;
  }
  return std::move(config).value();
}

}  // namespace shortlist::cli
