#include "core/store/submission_store.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <sqlite3.h>

#include <sstream>
#include <stdexcept>

#include "core/ingest/proposal_builder.h"
#include "core/ingest/tracking_code.h"
#include "core/store/audit_log.h"
#include "core/store/lifecycle.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

Poco::JSON::Array::Ptr shares_of(const std::vector<LanguageShare>& shares) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const LanguageShare& share : shares) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("code", share.code);
    item->set("percent", share.percent);
    out->add(item);
  }
  return out;
}

// The proposal as stored: everything ingestion established about it.
std::string document_of(const Proposal& p) {
  Poco::JSON::Object::Ptr root = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  root->set("id", p.id);
  root->set("title", p.title);
  root->set("language", p.language);
  root->set("language_detected", p.language_detected);
  if (!p.declared_language.empty()) root->set("declared_language", p.declared_language);
  root->set("language_mismatch", p.language_mismatch);
  root->set("language_reliable", p.language_reliable);
  root->set("languages", shares_of(p.languages));
  root->set("encoding", p.encoding);
  root->set("summary", p.summary);
  Poco::JSON::Array::Ptr sections = new Poco::JSON::Array;
  for (const Section& s : p.sections) {
    Poco::JSON::Object::Ptr section = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    section->set("name", s.name);
    section->set("text", s.text);
    section->set("language", s.language);
    section->set("languages", shares_of(s.languages));
    sections->add(section);
  }
  root->set("sections", sections);
  Poco::JSON::Object::Ptr fields = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [path, value] : p.fields) {
    if (const double* number = std::get_if<double>(&value)) {
      fields->set(path, *number);
    } else {
      fields->set(path, std::get<std::string>(value));
    }
  }
  root->set("fields", fields);
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(root, out);
  return out.str();
}

}  // namespace

namespace {

// A version to store, valid or not: what the store keeps of it.
struct Incoming {
  std::string id;
  std::string title;
  std::string language;
  std::string applicant;
  std::string country;
  std::string applicant_type;
  std::string email;
  std::string content_hash;
  std::string source;
  std::string encoding;
  std::string document;            // JSON
  std::string tracking_code;       // for a new submission
  std::string status;              // after received: valid, invalid or draft
  std::string reason;              // why invalid
  std::string edit_key_hash = {};  // an online application's, when new
  std::string key_language = {};
  const Receipt* receipt = nullptr;  // an online application's, when new
};

// The applicant of `in` in this call, added when new; its type and contact
// are updated to what it last sent. Returns its id.
std::string applicant_id(const std::string& call, const Incoming& in) {
  return call + "/" + in.country + "/" + in.applicant;
}

std::string record_applicant(Database& tx, const std::string& call, const Incoming& in,
                             const std::string& at) {
  std::string id = applicant_id(call, in), call_id = call, name = in.applicant,
              country = in.country, type = in.applicant_type, email = in.email, created = at;
  Poco::Int64 known = 0;
  tx.session() << tx.sql("SELECT COUNT(*) FROM applicants WHERE id = ?"), into(known), use(id), now;
  if (known == 0) {
    tx.session() << tx.sql(
        "INSERT INTO applicants (id, call_id, name, country, type, email, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)"),
        use(id), use(call_id), use(name), use(country), use(type), use(email), use(created), now;
  } else if (!type.empty() || !email.empty()) {
    tx.session() << tx.sql("UPDATE applicants SET type = ?, email = ? WHERE id = ?"), use(type),
        use(email), use(id), now;
  }
  return id;
}

Expected<StoredSubmission> store_incoming(Database& db, const std::string& call_id,
                                          const Incoming& in, const std::string& actor) {
  StoredSubmission result;
  std::optional<Diagnostic> refused;
  try {
    db.transaction([&](Database& tx) {
      const std::string at = utc_now();
      std::string call = call_id;
      Poco::Int64 calls = 0;
      tx.session() << tx.sql("SELECT COUNT(*) FROM calls WHERE id = ?"), into(calls), use(call),
          now;
      ChangedRows written(tx, {{"calls", {call}},
                               {"applicants", {applicant_id(call, in)}},
                               {"submissions", {in.id}},
                               {"submission_versions", {in.id}},
                               {"application_keys", {in.id}}});
      if (calls == 0) {
        std::string created = at;
        tx.session() << tx.sql("INSERT INTO calls (id, name, created_at) VALUES (?, ?, ?)"),
            use(call), use(call), use(created), now;
      }

      std::string hash = in.content_hash;
      std::vector<std::string> same_text;
      tx.session() << tx.sql(
          "SELECT submission_id FROM submission_versions WHERE content_hash = ?"),
          into(same_text), use(hash), now;
      std::string id = in.id;
      if (!same_text.empty()) {
        result.what = Stored::AlreadyStored;
        result.id = same_text.front();
        Poco::Int64 version = 0;
        tx.session() << tx.sql(
            "SELECT tracking_code, current_version FROM submissions WHERE id = ?"),
            into(result.tracking_code), into(version), use(result.id), now;
        result.version = version;
        if (calls == 0) append_audit(tx, {actor, "call.created", call, "{}"}, written);
        return;
      }

      std::vector<std::string> codes;
      std::vector<Poco::Int64> versions;
      tx.session() << tx.sql("SELECT tracking_code, current_version FROM submissions WHERE id = ?"),
          into(codes), into(versions), use(id), now;
      std::string language = in.language, name = in.applicant, country = in.country;
      std::string applicant = record_applicant(tx, call, in, at);
      Poco::Int64 version = 1;
      if (codes.empty()) {
        result.what = Stored::New;
        result.tracking_code = in.tracking_code;
        std::string code = in.tracking_code;
        std::string status = "received";
        std::string created = at;
        tx.session() << tx.sql(
            "INSERT INTO submissions (id, call_id, tracking_code, applicant_name, "
            "applicant_country, language, status, current_version, created_at, applicant_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            use(id), use(call), use(code), use(name), use(country), use(language), use(status),
            use(version), use(created), use(applicant), now;
        if (!in.edit_key_hash.empty()) {
          std::string key_hash = in.edit_key_hash, key_language = in.key_language;
          tx.session() << tx.sql(
              "INSERT INTO application_keys (submission_id, key_hash, language, created_at) "
              "VALUES (?, ?, ?, ?)"),
              use(id), use(key_hash), use(key_language), use(created), now;
        }
        if (in.receipt != nullptr) queue_receipt(tx, *in.receipt);
      } else {
        std::string current;
        tx.session() << tx.sql("SELECT status FROM submissions WHERE id = ?"), into(current),
            use(id), now;
        if (!open_for_versions(current)) {
          refused = Diagnostic{in.source,
                               {},
                               "submission '" + id + "' is " + current +
                                   ": a new version is no longer accepted once review has begun"};
          return;
        }
        result.what = Stored::NewVersion;
        result.tracking_code = codes.front();
        version = versions.front() + 1;
        tx.session() << tx.sql(
            "UPDATE submissions SET current_version = ?, language = ?, "
            "applicant_name = ?, applicant_country = ?, applicant_id = ? WHERE id = ?"),
            use(version), use(language), use(name), use(country), use(applicant), use(id), now;
      }
      result.id = id;
      result.version = version;

      std::string source = in.source, encoding = in.encoding, title = in.title;
      std::string document = in.document, received = at;
      tx.session() << tx.sql(
          "INSERT INTO submission_versions (submission_id, version, source, "
          "content_hash, encoding, title, document, received_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
          use(id), use(version), use(source), use(hash), use(encoding), use(title), use(document),
          use(received), now;
      append_audit(tx,
                   {actor, version == 1 ? "submission.received" : "submission.resubmitted", id,
                    audit_details({{"version", version}, {"content_hash", in.content_hash}})},
                   written);
      record_status(tx, id, "received", version == 1 ? "" : "version " + std::to_string(version),
                    actor, at);
      record_status(tx, id, in.status, in.reason, actor, at);
    });
  } catch (const Poco::Exception& e) {
    return Diagnostic{in.source, {}, "cannot store the proposal: " + e.displayText()};
  }
  if (refused) return *refused;
  return result;
}

}  // namespace

Expected<StoredSubmission> store_proposal(Database& db, const std::string& call_id,
                                          const Proposal& proposal, const std::string& actor) {
  return store_incoming(db, call_id,
                        {proposal.id, proposal.title, proposal.language,
                         std::string(proposal.text("applicant.name").value_or("")),
                         std::string(proposal.text("applicant.country").value_or("")),
                         std::string(proposal.text("applicant.type").value_or("")),
                         std::string(proposal.text("applicant.email").value_or("")),
                         proposal.content_hash, proposal.source, proposal.encoding,
                         document_of(proposal), proposal.tracking_code, "valid", ""},
                        actor);
}

Expected<StoredSubmission> store_application(Database& db, const std::string& call_id,
                                             const Proposal& proposal, const std::string& actor,
                                             const ApplicationVersion& application) {
  return store_incoming(
      db, call_id,
      {proposal.id, proposal.title, proposal.language,
       std::string(proposal.text("applicant.name").value_or("")),
       std::string(proposal.text("applicant.country").value_or("")),
       std::string(proposal.text("applicant.type").value_or("")),
       std::string(proposal.text("applicant.email").value_or("")), proposal.content_hash,
       proposal.source, proposal.encoding, document_of(proposal), proposal.tracking_code,
       application.draft ? "draft" : "valid", "", application.edit_key_hash, application.language,
       application.receipt ? &*application.receipt : nullptr},
      actor);
}

StoredBatch store_batch(Database& db, const std::string& call_id, ingest::Submissions& batch,
                        const std::string& actor) {
  StoredBatch stored;
  auto count = [&](const Expected<StoredSubmission>& result) {
    if (!result && stored.failed++ == 0) stored.first_failure = result.problems()[0].message;
  };
  // In the order the versions apply, so that each id's newest file is its
  // current version, whether it is valid or not.
  std::vector<std::optional<Expected<StoredSubmission>>> current(batch.proposals.size());
  stored.excluded.resize(batch.excluded.size());
  for (const ingest::Version& version : batch.versions) {
    using Kind = ingest::Version::Kind;
    if (version.kind == Kind::Invalid) {
      // Read but invalid: stored as invalid, so that the applicant can look
      // up why under a tracking code and send a corrected version.
      const ingest::Exclusion& e = batch.excluded[version.index];
      count(*(stored.excluded[version.index] =
                  store_invalid(db, call_id,
                                {e.id, e.title, e.language, e.applicant, e.country, e.content_hash,
                                 e.source, e.reason, ingest::new_tracking_code()},
                                actor)));
    } else if (version.kind == Kind::Replaced) {
      // A valid version a later file replaced: an earlier version.
      count(*(stored.excluded[version.listed] =
                  store_proposal(db, call_id, batch.replaced[version.index], actor)));
    } else {
      Proposal& p = batch.proposals[version.index];
      Expected<StoredSubmission> result = store_proposal(db, call_id, p, actor);
      count(result);
      if (result) p.tracking_code = result->tracking_code;  // the one that lasts
      current[version.index] = std::move(result);
    }
  }
  for (std::optional<Expected<StoredSubmission>>& result : current) {
    stored.proposals.push_back(
        result ? std::move(*result)
               : Expected<StoredSubmission>(Diagnostic{"", {}, "not among the batch's versions"}));
  }
  return stored;
}

Expected<StoredSubmission> store_invalid(Database& db, const std::string& call_id,
                                         const InvalidSubmission& submission,
                                         const std::string& actor) {
  Poco::JSON::Object::Ptr root = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  root->set("id", submission.id);
  root->set("title", submission.title);
  root->set("language", submission.language);
  root->set("problems", submission.reason);
  std::ostringstream document;
  Poco::JSON::Stringifier::stringify(root, document);
  return store_incoming(db, call_id,
                        {submission.id, submission.title, submission.language, submission.applicant,
                         submission.country, "", "", submission.content_hash, submission.source, "",
                         document.str(), submission.tracking_code, "invalid", submission.reason},
                        actor);
}

std::optional<SubmissionStatus> find_by_tracking_code(Database& db, const std::string& code) {
  return TrackingCodeLookup(db).find(code);
}

namespace {

// One statement, a row per status change: the applicants' most frequent
// question costs one round trip.
constexpr const char* kStatusByCode =
    "SELECT s.id, v.title, s.language, s.status, s.current_version, h.status, h.reason, "
    "h.actor, h.at, (SELECT COUNT(*) FROM feedback_releases f WHERE f.call_id = s.call_id), "
    "COALESCE((SELECT r.shown FROM decision_releases r WHERE r.call_id = s.call_id), ''), "
    "COALESCE((SELECT d.comment FROM decisions d WHERE d.submission_id = s.id "
    "AND d.released_at <> ''), '') "
    "FROM submissions s "
    "JOIN submission_versions v ON v.submission_id = s.id AND v.version = s.current_version "
    "JOIN status_history h ON h.submission_id = s.id "
    "WHERE s.tracking_code = ? ORDER BY h.seq";

}  // namespace

TrackingCodeLookup::TrackingCodeLookup(Database& db) : db_(db) {
  if (db.dialect() != Dialect::SQLite) return;
  sqlite3* handle = Poco::Data::SQLite::Utility::dbHandle(db.session());
  if (sqlite3_prepare_v3(handle, kStatusByCode, -1, SQLITE_PREPARE_PERSISTENT, &sqlite_, nullptr) !=
      SQLITE_OK) {
    throw std::runtime_error(std::string("cannot prepare the status lookup: ") +
                             sqlite3_errmsg(handle));
  }
}

TrackingCodeLookup::~TrackingCodeLookup() { sqlite3_finalize(sqlite_); }

std::optional<SubmissionStatus> TrackingCodeLookup::find(const std::string& code) {
  std::vector<std::string> ids, titles, languages, statuses, states, reasons, actors, times, shown,
      comments;
  std::vector<Poco::Int64> versions, released;
  if (sqlite_ == nullptr) {
    std::string key = code;
    db_.session() << db_.sql(kStatusByCode), into(ids), into(titles), into(languages),
        into(statuses), into(versions), into(states), into(reasons), into(actors), into(times),
        into(released), into(shown), into(comments), use(key), now;
  } else {
    auto text = [&](int column) {
      const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(sqlite_, column));
      return std::string(bytes ? bytes : "",
                         static_cast<std::size_t>(sqlite3_column_bytes(sqlite_, column)));
    };
    sqlite3_reset(sqlite_);
    sqlite3_bind_text(sqlite_, 1, code.data(), static_cast<int>(code.size()), SQLITE_TRANSIENT);
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(sqlite_)) == SQLITE_ROW) {
      ids.push_back(text(0));
      titles.push_back(text(1));
      languages.push_back(text(2));
      statuses.push_back(text(3));
      versions.push_back(sqlite3_column_int64(sqlite_, 4));
      states.push_back(text(5));
      reasons.push_back(text(6));
      actors.push_back(text(7));
      times.push_back(text(8));
      released.push_back(sqlite3_column_int64(sqlite_, 9));
      shown.push_back(text(10));
      comments.push_back(text(11));
    }
    sqlite3_reset(sqlite_);
    if (step != SQLITE_DONE) {
      throw std::runtime_error(std::string("the status lookup failed: ") + sqlite3_errstr(step));
    }
  }
  if (ids.empty()) return std::nullopt;
  SubmissionStatus status{ids[0], titles[0], languages[0], statuses[0], versions[0], {}};
  status.feedback_released = released[0] > 0;
  status.shown = shown[0];
  status.jury_comment = comments[0];
  for (std::size_t i = 0; i < states.size(); ++i) {
    status.history.push_back({states[i], reasons[i], actors[i], times[i]});
  }
  return status;
}

std::vector<SubmissionSummary> list_submissions(Database& db, const std::string& call) {
  std::string key = call;
  std::vector<std::string> ids, titles, statuses, languages, countries;
  db.session() << db.sql(
      "SELECT s.id, v.title, s.status, s.language, s.applicant_country FROM submissions s "
      "JOIN submission_versions v ON v.submission_id = s.id AND v.version = s.current_version "
      "WHERE s.call_id = ? ORDER BY s.id"),
      into(ids), into(titles), into(statuses), into(languages), into(countries), use(key), now;
  std::vector<SubmissionSummary> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out.push_back({ids[i], titles[i], statuses[i], languages[i], countries[i]});
  }
  return out;
}

std::vector<ApplicantSummary> list_applicants(Database& db, const std::string& call) {
  std::string key = call;
  std::vector<std::string> names, countries, emails;
  db.session() << db.sql(
      "SELECT name, country, email FROM applicants WHERE call_id = ? ORDER BY id"),
      into(names), into(countries), into(emails), use(key), now;
  std::vector<ApplicantSummary> out;
  for (std::size_t i = 0; i < names.size(); ++i) out.push_back({names[i], countries[i], emails[i]});
  return out;
}

std::vector<CurrentVersion> current_versions(Database& db, const std::string& call) {
  std::string key = call;
  std::vector<std::string> ids, statuses, reasons, sources, codes, documents, created;
  db.session() << db.sql(
      "SELECT s.id, s.status, (SELECT h.reason FROM status_history h WHERE h.submission_id = "
      "s.id ORDER BY h.seq DESC LIMIT 1), v.source, s.tracking_code, v.document, s.created_at "
      "FROM submissions s "
      "JOIN submission_versions v ON v.submission_id = s.id AND v.version = s.current_version "
      "WHERE s.call_id = ? ORDER BY v.source, s.id"),
      into(ids), into(statuses), into(reasons), into(sources), into(codes), into(documents),
      into(created), use(key), now;
  std::vector<CurrentVersion> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out.push_back(
        {ids[i], statuses[i], reasons[i], sources[i], codes[i], documents[i], created[i]});
  }
  return out;
}

Expected<Proposal> proposal_from_stored(const CurrentVersion& version) {
  Poco::JSON::Object::Ptr root;
  try {
    root = Poco::JSON::Parser().parse(version.document).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return Diagnostic{version.source, {}, "the stored document is not JSON: " + e.message()};
  }
  Proposal p;
  p.id = version.id;
  p.source = version.source;
  p.tracking_code = version.tracking_code;
  p.submitted_at = version.submitted_at;
  p.title = root->optValue<std::string>("title", "");
  p.summary = root->optValue<std::string>("summary", "");
  p.encoding = root->optValue<std::string>("encoding", "UTF-8");
  p.declared_language = root->optValue<std::string>("declared_language", "");
  if (!p.declared_language.empty()) p.language = p.declared_language;
  if (Poco::JSON::Array::Ptr sections = root->getArray("sections")) {
    for (std::size_t i = 0; i < sections->size(); ++i) {
      Poco::JSON::Object::Ptr s = sections->getObject(static_cast<unsigned>(i));
      Section section;
      section.name = s->optValue<std::string>("name", "");
      section.text = s->optValue<std::string>("text", "");
      p.sections.push_back(std::move(section));
    }
  }
  if (Poco::JSON::Object::Ptr fields = root->getObject("fields")) {
    for (const std::string& key : fields->getNames()) {
      const Poco::Dynamic::Var value = fields->get(key);
      if (value.isNumeric()) {
        p.fields[key] = value.convert<double>();
      } else {
        p.fields[key] = value.toString();
      }
    }
  }
  ingest::analyse_text(p);
  return p;
}

Expected<ingest::Submissions> stored_submissions(Database& db, const std::string& call) {
  ingest::Submissions submissions;
  for (const CurrentVersion& version : current_versions(db, call)) {
    if (version.status == "invalid") {
      submissions.excluded.push_back({version.source, version.reason, version.id, "", ""});
      continue;
    }
    // A draft is not yet sent: kept for its applicant, never evaluated.
    if (version.status == "draft") continue;
    Expected<Proposal> proposal = proposal_from_stored(version);
    if (!proposal) return proposal.problems();
    submissions.proposals.push_back(std::move(proposal).value());
  }
  return submissions;
}

std::optional<std::string> current_document(Database& db, const std::string& id) {
  std::string key = id;
  std::vector<std::string> documents;
  db.session() << db.sql(
      "SELECT v.document FROM submission_versions v JOIN submissions s ON s.id = "
      "v.submission_id AND v.version = s.current_version WHERE s.id = ?"),
      into(documents), use(key), now;
  if (documents.empty()) return std::nullopt;
  return documents[0];
}

std::size_t count_submissions(Database& db) {
  Poco::Int64 count = 0;
  db.session() << "SELECT COUNT(*) FROM submissions", into(count), now;
  return static_cast<std::size_t>(count);
}

}  // namespace shortlist::store
