// A self-contained HTML report for the jury: one file, no network, no
// script — the ranking with each proposal's stability, a breakdown per
// proposal drawn as inline SVG bars, and every explanation, tie, quota change
// and exclusion. Labels come in the requested language; right-to-left
// languages get a right-to-left page.
//
//   write_html(file, {config, evaluation, scorers}, {.language = "fr"});
#pragma once

#include <ostream>

#include "core/report/report.h"

namespace shortlist {

void write_html(std::ostream& out, const ReportInput& input, const ReportOptions& options);

}  // namespace shortlist
