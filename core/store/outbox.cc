#include "core/store/outbox.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "core/messages/mail_texts.h"
#include "core/store/audit_log.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

// One set of texts per language and thread: a Messages is for one thread.
const MailTexts& texts_for(const std::string& language) {
  thread_local std::map<std::string, MailTexts> opened;
  auto found = opened.find(language);
  if (found != opened.end()) return found->second;
  Expected<MailTexts> texts = MailTexts::open(bundled_messages_dir(), language);
  if (!texts) {
    throw Poco::FileNotFoundException("cannot write the e-mail: " + texts.problems()[0].message);
  }
  return opened.emplace(language, std::move(texts).value()).first->second;
}

struct Queued {
  std::string recipient, language, kind;
  MailText text;
  std::string secret, submission;
};

std::int64_t insert_mail(Database& tx, const Queued& mail) {
  Poco::Int64 id = 0;
  tx.session() << "SELECT COALESCE(MAX(id), 0) FROM mail_outbox", into(id), now;
  ++id;
  std::string recipient = mail.recipient, language = mail.language, kind = mail.kind,
              subject = mail.text.subject, body = mail.text.body, secret = mail.secret,
              submission = mail.submission, created = utc_now(), state = "pending", empty;
  Poco::Int64 attempts = 0;
  tx.session() << tx.sql(
      "INSERT INTO mail_outbox (id, recipient, language, kind, subject, body, secret, "
      "submission_id, created_at, state, attempts, next_attempt_at, claimed_at, sent_at, "
      "last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      use(id), use(recipient), use(language), use(kind), use(subject), use(body), use(secret),
      use(submission), use(created), use(state), use(attempts), use(created), use(empty),
      use(empty), use(empty), now;
  return id;
}

// The applicant's address, the submission's language, tracking code and
// current title; nothing when there is no address to write to.
struct Addressee {
  std::string email, language, code, title;
};
std::optional<Addressee> addressee(Database& tx, const std::string& submission) {
  std::string id = submission;
  std::vector<std::string> emails, languages, codes, titles;
  tx.session() << tx.sql(
      "SELECT COALESCE(a.email, ''), s.language, s.tracking_code, COALESCE(v.title, '') "
      "FROM submissions s LEFT JOIN applicants a ON a.id = s.applicant_id "
      "LEFT JOIN submission_versions v ON v.submission_id = s.id AND v.version = "
      "s.current_version WHERE s.id = ?"),
      into(emails), into(languages), into(codes), into(titles), use(id), now;
  if (emails.empty() || !is_mail_address(emails[0])) return std::nullopt;
  return Addressee{emails[0], languages[0], codes[0], titles[0]};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::vector<OutboxMail> select_mail(Database& db, const std::string& where,
                                    const std::vector<std::string>& values) {
  Poco::Data::Statement select(db.session());
  std::vector<Poco::Int64> ids, attempts;
  std::vector<std::string> recipients, languages, kinds, subjects, bodies, submissions, created,
      states, next, sent, errors;
  std::vector<std::string> bound = values;
  select << db.sql(
      "SELECT id, recipient, language, kind, subject, body, submission_id, created_at, state, "
      "attempts, next_attempt_at, sent_at, last_error FROM mail_outbox " +
      where),
      into(ids), into(recipients), into(languages), into(kinds), into(subjects), into(bodies),
      into(submissions), into(created), into(states), into(attempts), into(next), into(sent),
      into(errors);
  for (std::string& value : bound) select, use(value);
  select.execute();
  std::vector<OutboxMail> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out.push_back({ids[i], recipients[i], languages[i], kinds[i], subjects[i], bodies[i],
                   submissions[i], created[i], states[i], attempts[i], next[i], sent[i],
                   errors[i]});
  }
  return out;
}

Poco::Int64 record_attempt(Database& tx, std::int64_t id, const std::string& outcome,
                           const std::string& detail, const std::string& at) {
  Poco::Int64 key = id, attempt = 0;
  tx.session() << tx.sql("SELECT COALESCE(MAX(attempt), 0) FROM mail_attempts WHERE mail_id = ?"),
      into(attempt), use(key), now;
  ++attempt;
  std::string o = outcome, d = detail, when = at;
  tx.session() << tx.sql(
      "INSERT INTO mail_attempts (mail_id, attempt, at, outcome, detail) VALUES (?, ?, ?, ?, ?)"),
      use(key), use(attempt), use(when), use(o), use(d), now;
  return attempt;
}

}  // namespace

bool is_mail_address(const std::string& text) {
  const std::size_t at = text.find('@');
  return at != std::string::npos && at > 0 && at + 1 < text.size() &&
         text.find('@', at + 1) == std::string::npos &&
         std::none_of(text.begin(), text.end(), [](unsigned char c) {
           return c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';';
         });
}

bool is_mail_state(const std::string& state) {
  return state == "pending" || state == "sending" || state == "sent" || state == "failed";
}

std::int64_t queue_receipt(Database& tx, const Receipt& receipt) {
  if (!is_mail_address(receipt.email)) {
    throw Poco::InvalidArgumentException("'" + receipt.email + "' is not an e-mail address");
  }
  if (receipt.edit_key.empty())
    throw Poco::InvalidArgumentException("a receipt needs its edit key");
  const MailTexts& texts = texts_for(receipt.language);
  return insert_mail(tx,
                     {receipt.email, texts.language(), "receipt",
                      texts.receipt(receipt.title, receipt.code, receipt.edit_key, receipt.closes),
                      receipt.edit_key, receipt.submission});
}

Expected<std::int64_t> enqueue_receipt(Database& db, const Receipt& receipt) {
  try {
    std::int64_t id = 0;
    db.transaction([&](Database& tx) { id = queue_receipt(tx, receipt); });
    return id;
  } catch (const Poco::Exception& e) {
    return Diagnostic{"", {}, "cannot queue the receipt: " + e.message()};
  }
}

void queue_status_notice(Database& tx, const std::string& submission, const std::string& status,
                         const std::string& reason) {
  if (!has_status_notice(status)) return;
  std::optional<Addressee> to = addressee(tx, submission);
  if (!to) return;
  const MailTexts& texts = texts_for(to->language);
  insert_mail(tx,
              {to->email, texts.language(), "status." + status,
               texts.status_notice(status, to->title, to->code, lines_of(reason)), "", submission});
}

void queue_decision(Database& tx, const std::string& submission, const std::string& decision,
                    const std::string& reason) {
  std::optional<Addressee> to = addressee(tx, submission);
  if (!to) return;
  const MailTexts& texts = texts_for(to->language);
  insert_mail(tx, {to->email, texts.language(), "decision",
                   texts.decision(decision, to->title, to->code, reason), "", submission});
}

std::vector<OutboxMail> list_outbox(Database& db, const std::optional<std::string>& state) {
  if (state) return select_mail(db, "WHERE state = ? ORDER BY id DESC", {*state});
  return select_mail(db, "ORDER BY id DESC", {});
}

std::optional<OutboxMail> find_mail(Database& db, std::int64_t id) {
  std::vector<OutboxMail> found =
      select_mail(db, "WHERE id = CAST(? AS BIGINT)", {std::to_string(id)});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<MailAttempt> mail_attempts(Database& db, std::int64_t id) {
  Poco::Int64 key = id;
  std::vector<Poco::Int64> numbers;
  std::vector<std::string> at, outcomes, details;
  db.session() << db.sql(
      "SELECT attempt, at, outcome, detail FROM mail_attempts WHERE mail_id = ? ORDER BY "
      "attempt"),
      into(numbers), into(at), into(outcomes), into(details), use(key), now;
  std::vector<MailAttempt> out;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    out.push_back({numbers[i], at[i], outcomes[i], details[i]});
  }
  return out;
}

Expected<std::size_t> retry_mail(Database& db, const std::vector<std::int64_t>& ids) {
  return transact<std::size_t>(db, "retry the mail", [&](Database& tx) -> Expected<std::size_t> {
    std::vector<Poco::Int64> chosen;
    if (ids.empty()) {
      tx.session() << "SELECT id FROM mail_outbox WHERE state = 'failed'", into(chosen), now;
    }
    for (std::int64_t id : ids) {
      Poco::Int64 key = id;
      std::vector<std::string> states;
      tx.session() << tx.sql("SELECT state FROM mail_outbox WHERE id = ?"), into(states), use(key),
          now;
      if (states.empty()) {
        return Diagnostic{"", {}, "there is no message " + std::to_string(id) + " in the outbox"};
      }
      if (states[0] != "failed") {
        return Diagnostic{"",
                          {},
                          "message " + std::to_string(id) + " is " + states[0] +
                              ": only a failed message is retried"};
      }
      chosen.push_back(key);
    }
    std::string due = utc_now();
    for (Poco::Int64 key : chosen) {
      tx.session() << tx.sql(
          "UPDATE mail_outbox SET state = 'pending', next_attempt_at = ? WHERE id = ?"),
          use(due), use(key), now;
    }
    return chosen.size();
  });
}

std::size_t fail_interrupted_mail(Database& db, const std::string& claimed_before) {
  std::size_t failed = 0;
  db.transaction([&](Database& tx) {
    failed = 0;
    std::vector<Poco::Int64> ids;
    std::string before = claimed_before;
    tx.session() << tx.sql("SELECT id FROM mail_outbox WHERE state = 'sending' AND claimed_at < ?"),
        into(ids), use(before), now;
    const std::string at = utc_now();
    const std::string why =
        "interrupted while it was being sent: it may have been delivered, so it is not sent "
        "again on its own (`shortlist mail retry` sends it again)";
    for (Poco::Int64 id : ids) {
      record_attempt(tx, id, "interrupted", why, at);
      std::string error = why;
      tx.session() << tx.sql(
          "UPDATE mail_outbox SET state = 'failed', attempts = attempts + 1, last_error = ? "
          "WHERE id = ?"),
          use(error), use(id), now;
      ++failed;
    }
  });
  return failed;
}

std::vector<OutboxMail> claim_due_mail(Database& db, const std::string& now_at, std::size_t limit) {
  std::vector<OutboxMail> claimed;
  db.transaction([&](Database& tx) {
    claimed =
        select_mail(tx, "WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id", {now_at});
    if (claimed.size() > limit) claimed.resize(limit);
    std::string at = utc_now();
    for (OutboxMail& mail : claimed) {
      Poco::Int64 key = mail.id;
      tx.session() << tx.sql(
          "UPDATE mail_outbox SET state = 'sending', claimed_at = ? WHERE id = ?"),
          use(at), use(key), now;
      mail.state = "sending";
    }
  });
  return claimed;
}

void record_delivered(Database& db, std::int64_t id, const std::string& at) {
  db.transaction([&](Database& tx) {
    Poco::Int64 key = id;
    std::vector<std::string> bodies, secrets, languages;
    tx.session() << tx.sql("SELECT body, secret, language FROM mail_outbox WHERE id = ?"),
        into(bodies), into(secrets), into(languages), use(key), now;
    if (bodies.empty()) return;
    std::string body = bodies[0];
    if (!secrets[0].empty()) {
      // The edit key leaves the outbox with the message.
      const std::string removed = texts_for(languages[0]).key_removed();
      for (std::size_t at_key = body.find(secrets[0]); at_key != std::string::npos;
           at_key = body.find(secrets[0], at_key + removed.size())) {
        body.replace(at_key, secrets[0].size(), removed);
      }
    }
    record_attempt(tx, id, "sent", "", at);
    std::string when = at, empty;
    tx.session() << tx.sql(
        "UPDATE mail_outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, body = ?, "
        "secret = ?, last_error = ? WHERE id = ?"),
        use(when), use(body), use(empty), use(empty), use(key), now;
  });
}

void record_failure(Database& db, std::int64_t id, const std::string& error, bool permanent,
                    const RetryPolicy& policy, const std::string& at) {
  db.transaction([&](Database& tx) {
    const Poco::Int64 attempt = record_attempt(tx, id, "failed", error, at);
    const bool spent = permanent || attempt >= policy.attempts;
    // 1, 2, 4, ... times the first delay, up to the longest.
    std::chrono::seconds delay = policy.first_delay;
    for (Poco::Int64 i = 1; i < attempt && delay < policy.longest_delay; ++i) delay *= 2;
    delay = std::min(delay, policy.longest_delay);
    Poco::Int64 key = id;
    std::string state = spent ? "failed" : "pending", next = utc_after(at, delay), why = error;
    tx.session() << tx.sql(
        "UPDATE mail_outbox SET state = ?, attempts = attempts + 1, next_attempt_at = ?, "
        "last_error = ? WHERE id = ?"),
        use(state), use(next), use(why), use(key), now;
  });
}

std::string utc_after(const std::string& at, std::chrono::seconds delay) {
  int zone = 0;
  Poco::DateTime moment;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, at, moment,
                                      zone)) {
    throw Poco::InvalidArgumentException("'" + at + "' is not an ISO 8601 time");
  }
  moment.makeUTC(zone);
  moment += Poco::Timespan(static_cast<long>(delay.count()), 0);
  return Poco::DateTimeFormatter::format(moment, "%Y-%m-%dT%H:%M:%S.%iZ");
}

}  // namespace shortlist::store
