// The applicant-facing status of one submission: its title, code, current
// status with what happens next, and its history, in the applicant's
// language. It says nothing of other proposals, nor of scores unless the
// organisers released feedback, and then only this proposal's own; once
// the decisions are released, scores only if the organisers chose to show
// them, and the jury's comment if they chose to show the jury's feedback.
//
//   std::cout << status_text(*status, code, messages, store::released_feedback(db, status->id));
#pragma once

#include <optional>
#include <string>

#include "core/messages/messages.h"
#include "core/store/feedback.h"
#include "core/store/submission_store.h"

namespace shortlist {

// The message key of "what happens next" for this status: once the call's
// decisions are released, a proposal without an outcome is told so.
std::string next_step_key(const store::SubmissionStatus& status);
// "Status of your proposal “title”", or without the quotes when untitled;
// `title` is the title as the caller sets it into the sentence.
std::string status_heading(const store::SubmissionStatus& status, const Messages& messages,
                           const icu::UnicodeString& title);
// A criterion as the call names it in the messages' language, else its id.
std::string criterion_label(const std::string& criterion, const Messages& messages,
                            const std::optional<store::Feedback>& feedback);

std::string status_text(const store::SubmissionStatus& status, const std::string& code,
                        const Messages& messages,
                        const std::optional<store::Feedback>& feedback = std::nullopt);

}  // namespace shortlist
