// The jury workflow's outputs for the organiser: the assignment with its
// quality, progress, and the jury report (table or JSON) with raw and
// calibrated scores side by side, their uncertainty, the disputed
// proposals, rank aggregation and the final ranking; the meeting's page in
// HTML (jury_report_html.cc).
//
//   std::cout << report::jury_report_text(analyse_jury(...), config, run_id);
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/criteria/call_config.h"
#include "core/jury/assignment.h"
#include "core/jury/jury_report.h"

namespace shortlist::report {

// `stored`: how many new pairings were stored (0 for a dry run).
std::string jury_assignment_text(const jury::AssignmentRequest& request,
                                 const jury::Assignment& assignment, std::int64_t run,
                                 std::size_t stored);
std::string jury_progress_text(const jury::JuryReport& report);
std::string jury_report_text(const jury::JuryReport& report, const CallConfig& config,
                             std::optional<std::int64_t> run);
std::string jury_report_json(const jury::JuryReport& report, const CallConfig& config,
                             std::optional<std::int64_t> run);
// One self-contained page for the jury's meeting, printable: the calibrated
// ranking with its uncertainty, Borda and Schulze beside it, the proposals
// to discuss, the final ranking and shortlist, and each proposal's reviews
// with the jurors' comments and its automatic criteria. Labels are the
// call's in `language`.
std::string jury_report_html(const jury::JuryReport& report, const CallConfig& config,
                             std::optional<std::int64_t> run, const std::string& language = "en");

}  // namespace shortlist::report
