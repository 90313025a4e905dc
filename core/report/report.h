// Reports of an evaluation for people and programs: an aligned table for the
// terminal, JSON (brief, contract 2, with provenance and sensitivity), CSV,
// and a self-contained HTML page for the jury (report/html_report.h).
//
//   ReportOptions options{.language = "fr", .top = 10};
//   write_table(std::cout, {config, evaluation, scorers}, options);
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>

#include "core/criteria/call_config.h"
#include "core/evaluation/evaluation.h"

namespace shortlist {

struct ReportOptions {
  std::string language = "en";     // for labels given per language
  std::optional<std::size_t> top;  // only the first N of the ranking
};

// What a report is about.
struct ReportInput {
  const CallConfig& config;
  const Evaluation& evaluation;
  const Scorers& scorers;  // which plugin (and version) scored each criterion
};

void write_table(std::ostream& out, const ReportInput& input, const ReportOptions& options);
void write_json(std::ostream& out, const ReportInput& input, const ReportOptions& options);
void write_csv(std::ostream& out, const ReportInput& input, const ReportOptions& options);

// Helpers shared by the report formats.
namespace report {
std::size_t shown(const Evaluation& evaluation, const ReportOptions& options);
std::string fixed(double value, int decimals);
// "N excluded", and how many of them a plugin failure lost, when any did.
std::string excluded_summary(const Evaluation& evaluation);
// What the criterion columns hold for this method, in a sentence.
std::string contribution_meaning(Method method);
// Quota changes as sentences naming the proposals.
std::vector<std::string> quota_sentences(const Evaluation& evaluation);
}  // namespace report

}  // namespace shortlist
