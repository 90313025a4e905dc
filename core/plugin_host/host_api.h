// The host side of the plugin C ABI: the function table handed to plugins and
// the objects behind its opaque handles. Only plugin_host/ sees these.
#pragma once

#include <Poco/JSON/Object.h>
#include <shortlist/plugin.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "core/model/proposal.h"
#include "core/plugin_host/shared_analysis.h"
#include "core/scoring/criterion_score.h"
#include "core/text/analysis.h"

// The opaque handles of <shortlist/plugin.h>, defined by the host.
struct sl_call {
  std::string_view plugin;  // for log lines: the name a LoadedPlugin keeps
  std::string error;        // set by report_error
};

struct sl_params {
  Poco::JSON::Object::Ptr root;
  mutable std::deque<std::string> strings;  // keeps returned C strings alive
};

struct sl_proposal {
  const shortlist::Proposal* proposal;
  // The batch's text analysis and the proposal's place in it, when the
  // evaluation made one; otherwise `text_words` analyses the proposal on
  // first use, into `own`.
  const shortlist::plugin_host::SharedAnalysis* analysis = nullptr;
  std::uint32_t index = 0;
  mutable std::optional<shortlist::text::TextAnalysis> own{};
};

struct sl_score {
  shortlist::CriterionScore result;
  int values_set = 0;
  std::string misuse;  // how the plugin broke the score protocol, if it did
};

namespace shortlist::plugin_host {

// The table for ABI SL_ABI_MAJOR.SL_ABI_MINOR; lives as long as the process.
const sl_host_api* host_api();

// Parses a params object; returns nullptr root on invalid JSON.
sl_params make_params(const std::string& json);

// Whether `text_words` offers the host's text analysis: on unless the
// environment has SHORTLIST_TEXT_ANALYSIS=off, a switch for measuring what
// the shared analysis saves (plugins then fall back to `tokenize`).
bool text_analysis_enabled();

// Where plugin log lines go; warnings and errors by default.
void set_plugin_log_level(sl_log_level level);

}  // namespace shortlist::plugin_host
