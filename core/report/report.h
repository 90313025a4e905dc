// Reports of an evaluation for people and programs: an aligned table for the
// terminal, JSON (brief, contract 2) and CSV.
//
//   ReportOptions options{.language = "fr", .top = 10};
//   write_table(std::cout, config, evaluation, plugins, options);
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/criteria/call_config.h"
#include "core/evaluation/evaluation.h"
#include "core/plugin_host/plugin_registry.h"

namespace shortlist {

struct ReportOptions {
  std::string language = "en";     // for labels given per language
  std::optional<std::size_t> top;  // only the first N of the ranking
};

// The plugins that scored, one per criterion, in the config's order.
using ScoringPlugins = std::vector<const LoadedPlugin*>;

void write_table(std::ostream& out, const CallConfig& config, const Evaluation& evaluation,
                 const ReportOptions& options);
void write_json(std::ostream& out, const CallConfig& config, const Evaluation& evaluation,
                const ScoringPlugins& plugins, const ReportOptions& options);
void write_csv(std::ostream& out, const CallConfig& config, const Evaluation& evaluation,
               const ReportOptions& options);

}  // namespace shortlist
