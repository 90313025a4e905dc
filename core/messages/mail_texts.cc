#include "core/messages/mail_texts.h"

#include <boost/dll/runtime_symbol_info.hpp>
#include <cstdlib>

namespace shortlist {
namespace {

namespace fs = std::filesystem;

icu::Formattable utf16(const std::string& text) { return icu::UnicodeString::fromUTF8(text); }

// U+2068 FIRST STRONG ISOLATE, U+2069 POP DIRECTIONAL ISOLATE.
constexpr const char* kFirstStrongIsolate = "\u2068";
constexpr const char* kPopIsolate = "\u2069";

}  // namespace

bool has_status_notice(const std::string& status) {
  return status == "invalid" || status == "eligible" || status == "ineligible";
}

Expected<MailTexts> MailTexts::open(const fs::path& folder, const std::string& language) {
  // Only a catalogue of the language itself: ICU would otherwise fall back
  // to the machine's default locale, not to English.
  const std::string base = language.substr(0, language.find_first_of("-_"));
  for (const std::string& candidate : {base, std::string("en")}) {
    Expected<Messages> messages = Messages::open(folder, candidate);
    if (!messages) return messages.problems();
    const std::string& found = messages->language();
    if (found.substr(0, found.find('_')) == candidate) {
      return MailTexts(std::move(messages).value(), candidate);
    }
  }
  return Diagnostic{"", {}, "no English message catalogue in " + folder.string()};
}

std::string MailTexts::any_direction(const std::string& value) const {
  if (language_ != "ar") return value;
  return kFirstStrongIsolate + value + kPopIsolate;
}

std::string MailTexts::with_footer(const std::string& body, const std::string& code) const {
  return body + "\n\n-- \n" + messages_.format("mail_footer", {{"code", utf16(code)}}) + "\n";
}

MailText MailTexts::receipt(const std::string& title, const std::string& code,
                            const std::string& edit_key, const std::string& closes) const {
  const Messages::Arguments arguments = {{"title", utf16(any_direction(title))},
                                         {"code", utf16(code)},
                                         {"key", utf16(edit_key)},
                                         {"closes", utf16(messages_.date_time(closes))}};
  return {messages_.format("mail_receipt_subject", arguments),
          with_footer(messages_.format("mail_receipt_body", arguments), code)};
}

MailText MailTexts::status_notice(const std::string& status, const std::string& title,
                                  const std::string& code,
                                  const std::vector<std::string>& reasons) const {
  std::string listed, joined;
  for (const std::string& reason : reasons) {
    listed += (listed.empty() ? "" : "\n") + std::string("  - ") + any_direction(reason);
    joined += (joined.empty() ? "" : "; ") + reason;
  }
  const Messages::Arguments arguments = {{"title", utf16(any_direction(title))},
                                         {"code", utf16(code)},
                                         {"reasons", utf16(listed)},
                                         {"reason", utf16(any_direction(joined))}};
  return {messages_.format("mail_" + status + "_subject", arguments),
          with_footer(messages_.format("mail_" + status + "_body", arguments), code)};
}

MailText MailTexts::decision(const std::string& decision, const std::string& title,
                             const std::string& code, const std::string& reason) const {
  const Messages::Arguments arguments = {
      {"title", utf16(any_direction(title))},
      {"code", utf16(code)},
      {"decision", utf16(messages_.format("status_" + decision))},
      {"reason", utf16(any_direction(reason))},
      {"next", utf16(messages_.format("next_" + decision))}};
  return {messages_.format("mail_decision_subject", arguments),
          with_footer(messages_.format("mail_decision_body", arguments), code)};
}

std::string MailTexts::key_removed() const { return messages_.format("mail_key_removed"); }

fs::path bundled_messages_dir() {
  std::vector<fs::path> candidates;
  if (const char* dir = std::getenv("SHORTLIST_MESSAGES_DIR")) candidates.push_back(dir);
  const fs::path bin(boost::dll::program_location().parent_path().string());
  candidates.push_back(bin / "messages");
  candidates.push_back(bin.parent_path() / "share" / "shortlist" / "messages");
  for (const fs::path& candidate : candidates) {
    std::error_code error;
    if (fs::exists(candidate, error)) return candidate.lexically_normal();
  }
  return candidates.front().lexically_normal();
}

}  // namespace shortlist
