#include "core/report/status_report.h"

namespace shortlist {

std::string status_text(const store::SubmissionStatus& status, const std::string& code,
                        const Messages& messages, const std::optional<store::Feedback>& feedback) {
  auto utf16 = [](const std::string& text) { return icu::UnicodeString::fromUTF8(text); };
  const std::string current = messages.format("status_" + status.status);
  std::string out =
      messages.format("heading", {{"title", utf16(status.title)}}) + "\n" +
      messages.format("code", {{"code", utf16(code)}}) + "\n" +
      messages.format("current", {{"status", utf16(current)}}) + "\n" +
      messages.format("next", {{"text", utf16(messages.format("next_" + status.status))}}) + "\n" +
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
  if (feedback) {
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
             messages.format("feedback_criterion",
                             {{"criterion", utf16(score.criterion)},
                              {"explanation", utf16(store::explanation_shown(score))}}) +
             "\n";
    }
  }
  return out;
}

}  // namespace shortlist
