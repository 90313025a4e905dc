// The applicant-facing status of one submission: its title, code, current
// status with what happens next, and its history, in the applicant's
// language. It says nothing of other proposals or of scores.
//
//   std::cout << status_text(*status, code, messages);
#pragma once

#include <string>

#include "core/messages/messages.h"
#include "core/store/submission_store.h"

namespace shortlist {

std::string status_text(const store::SubmissionStatus& status, const std::string& code,
                        const Messages& messages);

}  // namespace shortlist
