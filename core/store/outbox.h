// The outbox: every e-mail to an applicant, written in the same transaction
// as the change that causes it — a status notice (record_status), a
// released decision (release_decisions), the receipt of an online
// application (queue_receipt) — so that a crash or a mail server that is
// down loses nothing. A sender (core/mail/) claims what is due, delivers it
// and records each attempt; a failure is retried with exponential back-off
// until `RetryPolicy::attempts`, then the message is failed until an
// organiser retries it.
//
// Delivery is at most once: a message is marked `sending` in its own
// transaction before it is handed to the mail server, and a message found
// still `sending` by a later pass (the sender stopped between handing it
// over and recording it) is failed as "interrupted", never sent again on its
// own, since it may have been delivered; `shortlist mail retry` resends it.
//
// A receipt's edit key is kept in the body only until it is delivered; then
// it is replaced by a note that it was removed (the key itself is stored
// elsewhere only as a hash).
//
//   db.transaction([&](Database& tx) { queue_receipt(tx, receipt); ... });
//   for (OutboxMail& mail : claim_due_mail(db, utc_now())) { ...; record_delivered(db, mail.id); }
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.h"

namespace shortlist::store {

// The states of a message: pending (due at next_attempt_at), sending
// (claimed by a sender), sent, failed (retry with `mail retry`).
bool is_mail_state(const std::string& state);

struct OutboxMail {
  std::int64_t id = 0;
  std::string recipient;
  std::string language;
  std::string kind;  // receipt, status.invalid, status.eligible, status.ineligible, decision
  std::string subject;
  std::string body;
  std::string submission;
  std::string created_at;
  std::string state;
  std::int64_t attempts = 0;
  std::string next_attempt_at;
  std::string sent_at;
  std::string last_error;
};

struct MailAttempt {
  std::int64_t attempt = 0;
  std::string at;
  std::string outcome;  // sent, failed, interrupted
  std::string detail;
};

// The receipt of an online application, in the applicant's language (English
// when the catalogues do not have it).
struct Receipt {
  std::string code;      // tracking code
  std::string edit_key;  // the secret that lets the applicant edit
  std::string language;  // the application's
  std::string email;     // the applicant's
  std::string title;
  std::string closes;      // when the call closes, ISO 8601
  std::string submission;  // the stored submission's id, if known
};

// Inside the caller's transaction: queues the receipt; returns its id.
// Throws Poco::Exception when it cannot be written (the transaction then
// rolls back with the change that caused it); an address that is not one
// is refused before anything is written, as InvalidArgumentException.
std::int64_t queue_receipt(Database& tx, const Receipt& receipt);

// Whether `text` can be a message's recipient: one address, no display
// name, nothing a mail header could be split on.
bool is_mail_address(const std::string& text);
// The same in a transaction of its own.
Expected<std::int64_t> enqueue_receipt(Database& db, const Receipt& receipt);

// Inside the caller's transaction: the notice of a submission's new status,
// to its applicant's address, when the status has one (invalid, eligible,
// ineligible) and the applicant gave an address. `reason` holds the
// reasons, one a line.
void queue_status_notice(Database& tx, const std::string& submission, const std::string& status,
                         const std::string& reason);
// Inside the caller's transaction: the released decision on a submission.
void queue_decision(Database& tx, const std::string& submission, const std::string& decision,
                    const std::string& reason);

// The outbox, newest first; `state` filters.
std::vector<OutboxMail> list_outbox(Database& db, const std::optional<std::string>& state = {});
std::optional<OutboxMail> find_mail(Database& db, std::int64_t id);
std::vector<MailAttempt> mail_attempts(Database& db, std::int64_t id);

// Makes failed messages (those of `ids`, or every failed one when empty)
// pending and due now. Problems: an id that is not in the outbox, or one
// that is not failed.
Expected<std::size_t> retry_mail(Database& db, const std::vector<std::int64_t>& ids);

struct RetryPolicy {
  std::chrono::seconds first_delay{60};
  std::chrono::seconds longest_delay{6 * 3600};
  std::int64_t attempts = 10;  // then failed, until retried
};

// Fails, as interrupted, the messages claimed before `claimed_before` and
// never recorded (the sender stopped while sending them); returns how many.
std::size_t fail_interrupted_mail(Database& db, const std::string& claimed_before);

// Claims up to `limit` pending messages due at `now` (oldest first): they
// become `sending`, committed before the caller delivers them.
std::vector<OutboxMail> claim_due_mail(Database& db, const std::string& now,
                                       std::size_t limit = 100);

// The outcome of delivering a claimed message: sent (the edit key of a
// receipt blanked), or failed — retried after the policy's back-off, or
// failed for good when `permanent` (the server refused the address) or the
// attempts are spent. Both record the attempt.
void record_delivered(Database& db, std::int64_t id, const std::string& at);
void record_failure(Database& db, std::int64_t id, const std::string& error, bool permanent,
                    const RetryPolicy& policy, const std::string& at);
// `at` (ISO 8601 UTC, as utc_now writes it) plus `delay`, in the same form.
std::string utc_after(const std::string& at, std::chrono::seconds delay);

}  // namespace shortlist::store
