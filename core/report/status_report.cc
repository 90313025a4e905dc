#include "core/report/status_report.h"

namespace shortlist {

std::string next_step_key(const store::SubmissionStatus& status) {
  // Once the call's decisions are out, nothing more will happen to a
  // proposal still short of an outcome: say so rather than promise a step.
  if (status.decisions_released()) {
    if (status.status == "invalid") return "closed_invalid";
    if (status.status == "received" || status.status == "valid" || status.status == "eligible" ||
        status.status == "in_review") {
      return "closed_pending";
    }
  }
  return "next_" + status.status;
}

std::string status_heading(const store::SubmissionStatus& status, const Messages& messages,
                           const icu::UnicodeString& title) {
  // A proposal too broken to read may have no title: no empty quotes.
  if (status.title.empty()) return messages.format("heading_untitled");
  return messages.format("heading", {{"title", title}});
}

std::string criterion_label(const std::string& criterion, const Messages& messages,
                            const std::optional<store::Feedback>& feedback) {
  if (!feedback) return criterion;
  auto it = feedback->labels.find(criterion);
  if (it == feedback->labels.end()) return criterion;
  return it->second.in(messages.language());
}

std::string status_text(const store::SubmissionStatus& status, const std::string& code,
                        const Messages& messages, const std::optional<store::Feedback>& feedback) {
  auto utf16 = [](const std::string& text) { return icu::UnicodeString::fromUTF8(text); };
  const std::string current = messages.format("status_" + status.status);
  std::string out =
      status_heading(status, messages, utf16(status.title)) + "\n" +
      messages.format("code", {{"code", utf16(code)}}) + "\n" +
      messages.format("current", {{"status", utf16(current)}}) + "\n" +
      messages.format("next", {{"text", utf16(messages.format(next_step_key(status)))}}) + "\n" +
      messages.format("versions", {{"count", static_cast<int32_t>(status.version)}}) + "\n\n" +
      messages.format("history") + "\n";
  for (const store::StatusChange& change : status.history) {
    const Messages::Arguments arguments = {
        {"when", utf16(messages.date_time(change.at))},
        {"status", utf16(messages.format("status_" + change.status))},
        {"reason", utf16(change.reason)}};
    out += "  " +
           messages.format(change.reason.empty() ? "history_line" : "history_reason", arguments) +
           "\n";
  }
  if (status.jury_comment_shown()) {
    out += "\n" + messages.format("jury_comment", {{"comment", utf16(status.jury_comment)}}) + "\n";
  }
  if (feedback && status.scores_shown()) {
    const store::StoredEntry& entry = feedback->entry;
    out +=
        "\n" +
        messages.format("feedback", {{"when", utf16(messages.date_time(feedback->released_at))}}) +
        "\n  " +
        messages.format("feedback_rank", {{"rank", static_cast<int32_t>(entry.rank)},
                                          {"ranked", static_cast<int32_t>(feedback->ranked)},
                                          {"score", entry.score}}) +
        "\n";
    for (const store::StoredScore& score : entry.scores) {
      out += "  " +
             messages.format(
                 "feedback_criterion",
                 {{"criterion", utf16(criterion_label(score.criterion, messages, feedback))},
                  {"explanation", utf16(store::explanation_shown(score))}}) +
             "\n";
    }
  }
  return out;
}

}  // namespace shortlist
