// submit_application: an applicant's online application (the form at /apply,
// POST and PUT /api/v1/applications) stored through the path an ingested
// file takes — the same checks (ingest::build_proposal), tracking code,
// versions and audit — within the call's submission window, with an edit
// key shown once, and checked at once against the call's gates and its
// completeness criterion so that the applicant can fix what would fail.
//
//   app::ApplicationCall call{config, registry, "dc-2026", messages_fr, now};
//   app::ApplicationOutcome done = app::submit_application(db, call, request);
//   if (done.refusal == app::ApplicationRefusal::None) send_receipt(*done.receipt);
//
// Every text for the applicant (problems, warnings, refusals) is in the
// language of `call.messages`. The receipt holds all a receipt message
// needs; the use-case sends nothing itself.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/criteria/call_config.h"
#include "core/ingest/document.h"
#include "core/messages/messages.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/store/database.h"

namespace shortlist::app {

// A file sent with the application: Word, PDF or text, read by the
// document readers of ingestion; its sections join the application's.
struct Attachment {
  std::string name;  // as sent, with its extension
  std::string bytes;
};

struct ApplicationRequest {
  // The fields of a submission file (docs/submissions.md) as a mapping, each
  // value placed (JSON positions, or a form field's order) so that problems
  // name their field. An `id` is ignored: the service names applications.
  ingest::Document fields;
  std::vector<Attachment> attachments = {};
  bool draft = false;  // kept unfinished: not checked as complete, not evaluated
};

// A problem or a warning about one field ("budget.requested",
// "sections.activities", "attachments"), in the applicant's language.
struct FieldMessage {
  std::string field;
  std::string message;
};

// Everything the applicant's receipt says: shown on the page, returned by
// the API, and what a receipt sent by mail would carry.
struct ApplicationReceipt {
  std::string id;
  std::string code;      // tracking code
  std::string edit_key;  // only when the application is new: shown once
  std::string status;    // "valid", or "draft"
  std::int64_t version = 1;
  std::string language;  // the applicant's
  std::string email;     // applicant.email, when given
  std::string title;
  std::string closes;  // the deadline in force, ISO 8601 UTC
  std::vector<FieldMessage> warnings;
};

enum class ApplicationRefusal {
  None,
  NoWindow,       // the call takes no online applications (no `submission` section)
  NotYetOpen,     // 403
  Closed,         // 403: after the deadline in force
  Problems,       // 422: see problems
  TooLarge,       // 413: an attachment beyond max_attachment_bytes
  WrongKey,       // 403: no such code, or not its key (one answer for both)
  UnderReview,    // 409: review has begun, no new version is taken
  AlreadyStored,  // 409: this exact text is another application's
  Unavailable,    // 503
};

struct ApplicationOutcome {
  ApplicationRefusal refusal = ApplicationRefusal::None;
  std::string message;                 // why, in the applicant's language, when refused
  std::vector<FieldMessage> problems;  // Problems: every one, by field
  std::optional<ApplicationReceipt> receipt;
  // Reading back: the application's fields as a submission file has them.
  Poco::JSON::Object::Ptr fields = nullptr;
};

// The call as the service runs it, and the moment it is.
struct ApplicationCall {
  const CallConfig& config;
  const PluginRegistry& plugins;  // for the gates' and completeness plugins
  std::string call;               // the store's call id
  const Messages& messages;       // the applicant's language
  std::chrono::system_clock::time_point now;
  // Told of every application stored (new, a new version, a draft), with
  // all its receipt needs: where a receipt is sent to the applicant.
  std::function<void(const ApplicationReceipt&)> stored = {};
};

// Stores a new application (version 1, a new tracking code and edit key).
ApplicationOutcome submit_application(store::Database& db, const ApplicationCall& call,
                                      const ApplicationRequest& request);

// Replaces the application of `code` with a new version, given its edit key.
ApplicationOutcome replace_application(store::Database& db, const ApplicationCall& call,
                                       const std::string& code, const std::string& edit_key,
                                       const ApplicationRequest& request);

// The application of `code` as stored, given its edit key: `fields` and the
// receipt (without the key).
ApplicationOutcome read_application(store::Database& db, const ApplicationCall& call,
                                    const std::string& code, const std::string& edit_key);

// The window in force for `call`: the criteria's, its deadline extended by
// the latest `shortlist call extend`. nullopt without a `submission` section.
struct WindowInForce {
  std::chrono::system_clock::time_point opens, closes;
};
std::optional<WindowInForce> window_in_force(store::Database& db, const CallConfig& config,
                                             const std::string& call);

// The label of a field of the form in `language`: the call's own
// (submission.labels), else the catalogue's for the standard fields, else
// the label of a criterion that reads it, else the path's last part.
std::string field_label(const CallConfig& config, const Messages& messages,
                        const std::string& path);

// The fields the call's form asks for, in order: applicant, title, summary,
// the sections the completeness criterion requires, budget, beneficiaries,
// and every other field a criterion, gate, tie or quota reads.
std::vector<std::string> form_fields(const CallConfig& config);

// A mapping of field paths ("applicant.name", "sections.context") to the
// text typed, as a submission Document: empty values are left out, and
// numbers typed into number fields are numbers.
ingest::Document document_from_form(const std::vector<std::pair<std::string, std::string>>& form,
                                    const std::string& source);

}  // namespace shortlist::app
