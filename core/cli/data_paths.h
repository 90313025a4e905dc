// Where the bundled data lives relative to the running binary, both in a
// build tree (build/shortlist next to the source folders) and when installed
// (bin/shortlist, share/shortlist/, lib/shortlist/plugins/).
// SHORTLIST_DATA_DIR and SHORTLIST_PLUGIN_DIR override the search.
//
//   std::filesystem::path criteria = bundled_data("criteria/digital-champions.yaml");
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "core/cli/command_line.h"
#include "core/criteria/call_config.h"
#include "core/ingest/form_fields.h"

namespace shortlist::cli {

// The first existing candidate for a bundled file or folder, or the build
// tree's path when none exists (so that messages name a sensible place).
std::filesystem::path bundled_data(const std::filesystem::path& relative);

// The folder of the bundled plugins.
std::filesystem::path bundled_plugin_dir();

// A companion program installed beside the shortlist binary (bin/NAME), or
// where a build tree puts it.
std::filesystem::path bundled_tool(const std::string& name);

// The folder of the compiled message catalogues (*.res).
std::filesystem::path bundled_messages_dir();

// The application form's labels in every form language, read once from
// the bundled messages.
const ingest::FormLabels& bundled_form_labels();

// The call configuration of --criteria, or the bundled call's when the
// option is absent; nothing, with its problems printed to `err`, when the
// file is refused.
std::optional<CallConfig> read_criteria(const ParsedOptions& options, std::ostream& err);

}  // namespace shortlist::cli
