// The applicant-facing status of one submission: its title, code, current
// status with what happens next, and its history, in the applicant's
// language. It says nothing of other proposals, nor of scores unless the
// organisers released feedback, and then only this proposal's own.
//
//   std::cout << status_text(*status, code, messages, store::released_feedback(db, status->id));
#pragma once

#include <optional>
#include <string>

#include "core/messages/messages.h"
#include "core/store/feedback.h"
#include "core/store/submission_store.h"

namespace shortlist {

std::string status_text(const store::SubmissionStatus& status, const std::string& code,
                        const Messages& messages,
                        const std::optional<store::Feedback>& feedback = std::nullopt);

}  // namespace shortlist
