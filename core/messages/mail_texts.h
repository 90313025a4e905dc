// The e-mails Shortlist writes to applicants, in their language: the
// receipt of an online application, a notice when a proposal's status
// changes (incomplete with the reasons, eligible, not eligible with the
// reason), and the jury's decision once released. Each is a subject and a
// plain-text body from the ICU bundles (core/messages/bundle/), with the
// footer that gives the tracking code.
//
// In Arabic, titles and reasons, which may be written in any script, are
// wrapped in Unicode directional isolates (FSI ... PDI), so that a mail
// reader laying the text out right to left keeps them whole and in place.
// Codes and edit keys are not: they are copied into the status page and the
// API, where an invisible character would make them wrong, and a run of
// Latin letters, digits and dashes keeps its order without help.
//
//   Expected<MailTexts> texts = MailTexts::open(bundled_messages_dir(), "fr");
//   MailText mail = texts->status_notice("ineligible", "Export digital", "7Q2M-KD4X-9TBW", {why});
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/messages/messages.h"

namespace shortlist {

struct MailText {
  std::string subject;
  std::string body;
};

class MailTexts {
 public:
  // `language` if it has a catalogue, else English.
  static Expected<MailTexts> open(const std::filesystem::path& folder, const std::string& language);

  // The language the texts are in ("en", "fr", "es", "ar").
  const std::string& language() const { return language_; }

  // The receipt: the tracking code, the edit key, when the call closes
  // (ISO 8601) and what happens next.
  MailText receipt(const std::string& title, const std::string& code, const std::string& edit_key,
                   const std::string& closes) const;
  // A status notice; `status` is one that has one (has_status_notice:
  // invalid, eligible, ineligible), with its reasons.
  MailText status_notice(const std::string& status, const std::string& title,
                         const std::string& code, const std::vector<std::string>& reasons) const;
  // The released decision (awarded, not_awarded, shortlisted, waitlisted,
  // not_shortlisted) with the jury's reason.
  MailText decision(const std::string& decision, const std::string& title, const std::string& code,
                    const std::string& reason) const;
  // What stands in for the edit key once the receipt was delivered.
  std::string key_removed() const;

 private:
  MailTexts(Messages messages, std::string language)
      : messages_(std::move(messages)), language_(std::move(language)) {}
  // Free text as it is written into this language's text.
  std::string any_direction(const std::string& value) const;
  std::string with_footer(const std::string& body, const std::string& code) const;

  Messages messages_;
  std::string language_;
};

// Statuses whose change is told to the applicant by mail.
bool has_status_notice(const std::string& status);

// Where the compiled catalogues are: $SHORTLIST_MESSAGES_DIR, else beside
// the running program (a build tree: build/messages), else the installed
// share/shortlist/messages. The store writes e-mail with them.
std::filesystem::path bundled_messages_dir();

}  // namespace shortlist
