#include "core/store/jury_store.h"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "core/store/audit_log.h"
#include "core/store/feedback.h"
#include "core/store/lifecycle.h"
#include "core/store/outbox.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

Diagnostic refusal(std::string message) { return Diagnostic{"", {}, std::move(message)}; }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : "|") + item;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, '|');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string languages_text(const jury::Juror& juror) {
  std::vector<std::string> items;
  for (const auto& [code, level] : juror.languages) {
    items.push_back(code + ":" + std::string(jury::to_string(level)));
  }
  return joined(items);
}

std::optional<std::string> status_of(Database& tx, const std::string& proposal,
                                     const std::string& call) {
  std::string id = proposal, call_id = call;
  std::vector<std::string> status;
  tx.session() << tx.sql("SELECT status FROM submissions WHERE id = ? AND call_id = ?"),
      into(status), use(id), use(call_id), now;
  if (status.empty()) return std::nullopt;
  return status[0];
}

std::optional<std::string> call_of(Database& tx, const std::string& proposal) {
  std::string id = proposal;
  std::vector<std::string> call;
  tx.session() << tx.sql("SELECT call_id FROM submissions WHERE id = ?"), into(call), use(id), now;
  if (call.empty()) return std::nullopt;
  return call[0];
}

bool has_juror(Database& tx, const std::string& call, const std::string& juror) {
  std::string call_id = call, id = juror;
  Poco::Int64 count = 0;
  tx.session() << tx.sql("SELECT COUNT(*) FROM jurors WHERE call_id = ? AND id = ?"), into(count),
      use(call_id), use(id), now;
  return count > 0;
}

bool is_assigned(Database& tx, const std::string& proposal, const std::string& juror) {
  std::string p = proposal, j = juror;
  Poco::Int64 count = 0;
  tx.session() << tx.sql(
      "SELECT COUNT(*) FROM assignments WHERE submission_id = ? AND juror_id = ?"),
      into(count), use(p), use(j), now;
  return count > 0;
}

bool has_review(Database& tx, const std::string& proposal, const std::string& juror) {
  std::string p = proposal, j = juror;
  Poco::Int64 count = 0;
  tx.session() << tx.sql("SELECT COUNT(*) FROM reviews WHERE submission_id = ? AND juror_id = ?"),
      into(count), use(p), use(j), now;
  return count > 0;
}

std::vector<JuryProposal> select_proposals(Database& db, const std::string& sql,
                                           std::vector<std::string> params) {
  std::vector<std::string> ids, languages, names, countries, titles, statuses;
  Poco::Data::Statement select(db.session());
  select << db.sql(sql), into(ids), into(languages), into(names), into(countries), into(titles),
      into(statuses);
  for (std::string& p : params) select, use(p);
  select.execute();
  std::vector<JuryProposal> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out.push_back({{ids[i], languages[i], names[i], countries[i]}, titles[i], statuses[i]});
  }
  return out;
}

constexpr const char* kProposalColumns =
    "s.id, s.language, s.applicant_name, s.applicant_country, v.title, s.status FROM submissions "
    "s JOIN submission_versions v ON v.submission_id = s.id AND v.version = s.current_version";

// The moves that take a proposal from `from` to the decision `to`: direct,
// or through shortlisted (awarded and not_awarded from in_review).
std::vector<std::string> path_to(const std::string& from, const std::string& to) {
  if (from == to) return {};
  if (allowed_move(from, to)) return {to};
  if (allowed_move(from, "shortlisted") && allowed_move("shortlisted", to)) {
    return {"shortlisted", to};
  }
  return {"?"};
}

}  // namespace

Expected<std::size_t> save_jurors(Database& db, const std::string& call,
                                  const std::vector<jury::Juror>& jurors,
                                  const std::string& actor) {
  return transact<std::size_t>(
      db, "store the jurors of call '" + call + "'", [&](Database& tx) -> Expected<std::size_t> {
        std::string call_id = call;
        Poco::Int64 calls = 0;
        tx.session() << tx.sql("SELECT COUNT(*) FROM calls WHERE id = ?"), into(calls),
            use(call_id), now;
        if (calls == 0)
          return refusal("there is no call '" + call + "' (ingest its proposals first)");
        std::size_t added = 0;
        for (const jury::Juror& juror : jurors) {
          std::string id = juror.id, name = juror.name, email = juror.email,
                      organisation = juror.organisation, country = juror.country,
                      languages = languages_text(juror), partners = joined(juror.partners),
                      at = utc_now();
          Poco::Int64 load = static_cast<Poco::Int64>(juror.max_load);
          const bool known = has_juror(tx, call, juror.id);
          ChangedRows written(
              tx, {{"jurors", {call, juror.id}}, {"juror_conflicts", {call, juror.id}}});
          if (known) {
            tx.session() << tx.sql(
                "UPDATE jurors SET name = ?, email = ?, organisation = ?, country = ?, "
                "languages = ?, max_load = ?, partners = ? WHERE call_id = ? AND id = ?"),
                use(name), use(email), use(organisation), use(country), use(languages), use(load),
                use(partners), use(call_id), use(id), now;
            tx.session() << tx.sql(
                "DELETE FROM juror_conflicts WHERE call_id = ? AND juror_id = ?"),
                use(call_id), use(id), now;
          } else {
            tx.session() << tx.sql(
                "INSERT INTO jurors (call_id, id, name, email, organisation, country, languages, "
                "max_load, partners, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                use(call_id), use(id), use(name), use(email), use(organisation), use(country),
                use(languages), use(load), use(partners), use(at), now;
            ++added;
          }
          const std::pair<const char*, const std::vector<std::string>*> kinds[] = {
              {"proposal", &juror.conflicted_proposals},
              {"organisation", &juror.conflicted_organisations}};
          for (const auto& [kind_name, targets] : kinds) {
            std::set<std::string> unique(targets->begin(), targets->end());
            for (std::string target : unique) {
              std::string kind = kind_name;
              tx.session() << tx.sql(
                  "INSERT INTO juror_conflicts (call_id, juror_id, kind, target, declared_at) "
                  "VALUES (?, ?, ?, ?, ?)"),
                  use(call_id), use(id), use(kind), use(target), use(at), now;
            }
          }
          append_audit(tx,
                       {actor, known ? "juror.updated" : "juror.added", juror.id,
                        audit_details({{"call", call},
                                       {"languages", languages},
                                       {"max_load", load},
                                       {"organisation", organisation},
                                       {"conflicts", joined(juror.conflicted_proposals)},
                                       {"conflicted_organisations",
                                        joined(juror.conflicted_organisations)}})},
                       written);
        }
        return added;
      });
}

std::vector<jury::Juror> load_jurors(Database& db, const std::string& call) {
  std::string call_id = call;
  std::vector<std::string> ids, names, emails, organisations, countries, languages, partners;
  std::vector<Poco::Int64> loads;
  db.session() << db.sql(
      "SELECT id, name, email, organisation, country, languages, max_load, partners FROM jurors "
      "WHERE call_id = ? ORDER BY id"),
      into(ids), into(names), into(emails), into(organisations), into(countries), into(languages),
      into(loads), into(partners), use(call_id), now;
  std::vector<jury::Juror> jurors(ids.size());
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    jury::Juror& j = jurors[i];
    j.id = ids[i];
    j.name = names[i];
    j.email = emails[i];
    j.organisation = organisations[i];
    j.country = countries[i];
    j.max_load = static_cast<std::size_t>(loads[i]);
    j.partners = split(partners[i]);
    for (const std::string& item : split(languages[i])) {
      const auto colon = item.find(':');
      const auto level = parse_name(jury::kLanguageLevelNames, item.substr(colon + 1));
      j.languages.push_back({item.substr(0, colon), level.value_or(jury::LanguageLevel::Working)});
    }
    index[j.id] = i;
  }
  std::vector<std::string> juror_ids, kinds, targets;
  db.session() << db.sql(
      "SELECT juror_id, kind, target FROM juror_conflicts WHERE call_id = ? "
      "ORDER BY juror_id, kind, target"),
      into(juror_ids), into(kinds), into(targets), use(call_id), now;
  for (std::size_t i = 0; i < juror_ids.size(); ++i) {
    jury::Juror& j = jurors[index.at(juror_ids[i])];
    (kinds[i] == "proposal" ? j.conflicted_proposals : j.conflicted_organisations)
        .push_back(targets[i]);
  }
  return jurors;
}

Expected<std::vector<JuryProposal>> shortlisted_proposals(Database& db, const std::string& call,
                                                          std::int64_t run) {
  Poco::Int64 id = run;
  std::vector<std::string> calls;
  db.session() << db.sql("SELECT call_id FROM runs WHERE id = ?"), into(calls), use(id), now;
  if (calls.empty()) return refusal("there is no run " + std::to_string(run));
  if (calls[0] != call) {
    return refusal("run " + std::to_string(run) + " belongs to call '" + calls[0] + "', not '" +
                   call + "'");
  }
  return select_proposals(
      db,
      std::string("SELECT ") + kProposalColumns +
          " JOIN run_entries e ON e.proposal_id = s.id AND e.run_id = ? WHERE e.shortlisted = 1 "
          "AND s.call_id = ? AND s.status IN ('eligible', 'in_review') ORDER BY e.rank",
      {std::to_string(run), call});
}

std::vector<JuryProposal> proposals_in_review(Database& db, const std::string& call) {
  return select_proposals(db,
                          std::string("SELECT ") + kProposalColumns +
                              " WHERE s.call_id = ? AND s.id IN (SELECT submission_id FROM "
                              "assignments) ORDER BY s.id",
                          {call});
}

std::optional<std::int64_t> latest_run(Database& db, const std::string& call) {
  std::string call_id = call;
  std::vector<Poco::Int64> ids;
  db.session() << db.sql(
      "SELECT id FROM runs WHERE call_id = ? "
      "AND id NOT IN (SELECT run_id FROM run_withdrawals) ORDER BY id DESC"),
      into(ids), use(call_id), now;
  if (ids.empty()) return std::nullopt;
  return ids[0];
}

std::vector<StoredAssignment> load_assignments(Database& db, const std::string& call) {
  std::string call_id = call;
  std::vector<std::string> proposals, jurors, reasons;
  std::vector<Poco::Int64> manual;
  db.session() << db.sql(
      "SELECT submission_id, juror_id, manual, reason FROM assignments WHERE call_id = ? "
      "ORDER BY submission_id, juror_id"),
      into(proposals), into(jurors), into(manual), into(reasons), use(call_id), now;
  std::vector<StoredAssignment> out;
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    out.push_back({proposals[i], jurors[i], manual[i] != 0, reasons[i]});
  }
  return out;
}

std::vector<StoredExclusion> load_exclusions(Database& db, const std::string& call) {
  std::string call_id = call;
  std::vector<std::string> proposals, jurors, reasons;
  db.session() << db.sql(
      "SELECT submission_id, juror_id, reason FROM assignment_exclusions WHERE call_id = ? "
      "ORDER BY submission_id, juror_id"),
      into(proposals), into(jurors), into(reasons), use(call_id), now;
  std::vector<StoredExclusion> out;
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    out.push_back({proposals[i], jurors[i], reasons[i]});
  }
  return out;
}

Expected<std::size_t> save_assignments(Database& db, const std::string& call,
                                       const std::vector<StoredAssignment>& assignments,
                                       const std::string& actor) {
  return transact<std::size_t>(
      db, "store the assignment", [&](Database& tx) -> Expected<std::size_t> {
        // Every check before the first write.
        for (const StoredAssignment& a : assignments) {
          const std::optional<std::string> status = status_of(tx, a.proposal, call);
          if (!status)
            return refusal("there is no proposal '" + a.proposal + "' in call '" + call + "'");
          if (*status != "eligible" && *status != "in_review") {
            return refusal("proposal '" + a.proposal + "' is " + *status +
                           ", not eligible: it cannot go to the jury");
          }
          if (!has_juror(tx, call, a.juror)) {
            return refusal("there is no juror '" + a.juror + "' in call '" + call + "'");
          }
        }
        std::size_t added = 0;
        for (const StoredAssignment& a : assignments) {
          if (is_assigned(tx, a.proposal, a.juror)) continue;
          std::string proposal = a.proposal, juror = a.juror, call_id = call, reason = a.reason,
                      who = actor, at = utc_now();
          Poco::Int64 manual = a.manual ? 1 : 0;
          std::string excluded_id = a.proposal;
          ChangedRows written(tx, {{"assignments", {a.proposal, a.juror}},
                                   {"assignment_exclusions", {a.proposal, a.juror}}});
          // An organiser's pairing overrides an earlier exclusion of it.
          tx.session() << tx.sql(
              "DELETE FROM assignment_exclusions WHERE submission_id = ? AND juror_id = ?"),
              use(excluded_id), use(juror), now;
          tx.session() << tx.sql(
              "INSERT INTO assignments (submission_id, juror_id, call_id, manual, reason, actor, "
              "assigned_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
              use(proposal), use(juror), use(call_id), use(manual), use(reason), use(who), use(at),
              now;
          if (status_of(tx, a.proposal, call) == "eligible") {
            record_status(tx, a.proposal, "in_review", "", actor, at);  // checked above
          }
          append_audit(tx,
                       {actor, a.manual ? "assignment.manual" : "assignment.added", a.proposal,
                        audit_details({{"juror", a.juror}, {"reason", a.reason}})},
                       written);
          ++added;
        }
        return added;
      });
}

Expected<bool> exclude_pairing(Database& db, const std::string& call, const std::string& proposal,
                               const std::string& juror, const std::string& reason,
                               const std::string& actor) {
  return transact<bool>(db, "exclude the pairing", [&](Database& tx) -> Expected<bool> {
    if (!status_of(tx, proposal, call)) {
      return refusal("there is no proposal '" + proposal + "' in call '" + call + "'");
    }
    if (!has_juror(tx, call, juror)) {
      return refusal("there is no juror '" + juror + "' in call '" + call + "'");
    }
    if (has_review(tx, proposal, juror)) {
      return refusal(juror + " has already reviewed " + proposal + ": the review stands");
    }
    std::string p = proposal, j = juror, call_id = call, why = reason, who = actor, at = utc_now();
    Poco::Int64 existing = 0;
    tx.session() << tx.sql(
        "SELECT COUNT(*) FROM assignment_exclusions WHERE submission_id = ? AND juror_id = ?"),
        into(existing), use(p), use(j), now;
    if (existing > 0) return false;
    const bool withdrawn = is_assigned(tx, proposal, juror);
    ChangedRows written(
        tx, {{"assignments", {proposal, juror}}, {"assignment_exclusions", {proposal, juror}}});
    tx.session() << tx.sql("DELETE FROM assignments WHERE submission_id = ? AND juror_id = ?"),
        use(p), use(j), now;
    tx.session() << tx.sql(
        "INSERT INTO assignment_exclusions (submission_id, juror_id, call_id, reason, actor, "
        "excluded_at) VALUES (?, ?, ?, ?, ?, ?)"),
        use(p), use(j), use(call_id), use(why), use(who), use(at), now;
    append_audit(tx,
                 {actor, "assignment.excluded", proposal,
                  audit_details({{"juror", juror}, {"reason", reason}, {"withdrawn", withdrawn}})},
                 written);
    return true;
  });
}

Expected<bool> record_review(Database& db, const std::string& call, const JurySettings& settings,
                             const ReviewRecord& review, const std::string& actor) {
  // What can be checked without the database first.
  const std::string what = review.juror + "'s review of " + review.proposal;
  if (!(review.confidence > 0) || !std::isfinite(review.confidence)) {
    return refusal(what + ": confidence must be a number above 0");
  }
  if (review.abstained) {
    if (review.comment.empty()) return refusal(what + ": an abstention needs a reason");
    if (!review.scores.empty()) return refusal(what + ": an abstention gives no scores");
  } else {
    std::set<std::string> given;
    for (const ReviewScore& s : review.scores) {
      const auto criterion =
          std::find_if(settings.criteria.begin(), settings.criteria.end(),
                       [&](const JuryCriterion& c) { return c.id == s.criterion; });
      if (criterion == settings.criteria.end()) {
        return refusal(what + ": '" + s.criterion + "' is not a jury criterion of this call");
      }
      if (!given.insert(s.criterion).second) {
        return refusal(what + ": '" + s.criterion + "' is scored twice");
      }
      if (!(s.score >= criterion->scale_min && s.score <= criterion->scale_max)) {
        std::ostringstream scale;
        scale << criterion->scale_min << " to " << criterion->scale_max;
        return refusal(what + ": the score for '" + s.criterion + "' must be from " + scale.str());
      }
      if (criterion->comment_required && s.comment.empty()) {
        return refusal(what + ": '" + s.criterion + "' needs a comment");
      }
    }
    for (const JuryCriterion& c : settings.criteria) {
      if (!given.count(c.id)) return refusal(what + ": '" + c.id + "' has no score");
    }
  }
  return transact<bool>(db, "store " + what, [&](Database& tx) -> Expected<bool> {
    const std::optional<std::string> status = status_of(tx, review.proposal, call);
    if (!status)
      return refusal("there is no proposal '" + review.proposal + "' in call '" + call + "'");
    if (!is_assigned(tx, review.proposal, review.juror)) {
      return refusal(review.juror + " is not assigned to " + review.proposal);
    }
    if (*status != "in_review") {
      return refusal("review of " + review.proposal + " is closed (it is " + *status + ")");
    }
    const bool revised = has_review(tx, review.proposal, review.juror);
    std::string p = review.proposal, j = review.juror, comment = review.comment, who = actor,
                at = utc_now();
    ChangedRows written(tx, {{"reviews", {p, j}}, {"review_scores", {p, j}}});
    if (revised) {
      tx.session() << tx.sql("DELETE FROM review_scores WHERE submission_id = ? AND juror_id = ?"),
          use(p), use(j), now;
      tx.session() << tx.sql("DELETE FROM reviews WHERE submission_id = ? AND juror_id = ?"),
          use(p), use(j), now;
    }
    Poco::Int64 abstained = review.abstained ? 1 : 0;
    double confidence = review.confidence;
    tx.session() << tx.sql(
        "INSERT INTO reviews (submission_id, juror_id, abstained, confidence, comment, actor, "
        "submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        use(p), use(j), use(abstained), use(confidence), use(comment), use(who), use(at), now;
    Poco::JSON::Object::Ptr scores = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const ReviewScore& s : review.scores) {
      std::string criterion = s.criterion, note = s.comment;
      double score = s.score;
      tx.session() << tx.sql(
          "INSERT INTO review_scores (submission_id, juror_id, criterion_id, score, comment) "
          "VALUES (?, ?, ?, ?, ?)"),
          use(p), use(j), use(criterion), use(score), use(note), now;
      scores->set(s.criterion, s.score);
    }
    append_audit(
        tx,
        {actor,
         review.abstained ? "review.abstained" : (revised ? "review.revised" : "review.submitted"),
         review.proposal,
         audit_details({{"juror", review.juror},
                        {"scores", scores},
                        {"confidence", review.confidence},
                        {"comment", review.comment}})},
        written);
    return revised;
  });
}

std::vector<ReviewRecord> load_reviews(Database& db, const std::string& call) {
  std::string call_id = call;
  std::vector<std::string> proposals, jurors, comments, times;
  std::vector<Poco::Int64> abstained;
  std::vector<double> confidence;
  db.session() << db.sql(
      "SELECT r.submission_id, r.juror_id, r.abstained, r.confidence, r.comment, r.submitted_at "
      "FROM reviews r JOIN submissions s ON s.id = r.submission_id WHERE s.call_id = ? "
      "ORDER BY r.submission_id, r.juror_id"),
      into(proposals), into(jurors), into(abstained), into(confidence), into(comments), into(times),
      use(call_id), now;
  std::vector<ReviewRecord> out;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    index[{proposals[i], jurors[i]}] = out.size();
    out.push_back(
        {proposals[i], jurors[i], abstained[i] != 0, comments[i], confidence[i], {}, times[i]});
  }
  std::vector<std::string> score_proposals, score_jurors, criteria, notes;
  std::vector<double> scores;
  db.session() << db.sql(
      "SELECT r.submission_id, r.juror_id, r.criterion_id, r.score, r.comment FROM review_scores r "
      "JOIN submissions s ON s.id = r.submission_id WHERE s.call_id = ? "
      "ORDER BY r.submission_id, r.juror_id, r.criterion_id"),
      into(score_proposals), into(score_jurors), into(criteria), into(scores), into(notes),
      use(call_id), now;
  for (std::size_t i = 0; i < score_proposals.size(); ++i) {
    out[index.at({score_proposals[i], score_jurors[i]})].scores.push_back(
        {criteria[i], scores[i], notes[i]});
  }
  return out;
}

Expected<bool> admit_under_reviewed(Database& db, const std::string& call,
                                    const std::string& proposal, const std::string& reason,
                                    const std::string& actor) {
  if (reason.empty()) return refusal("admitting an under-reviewed proposal needs a reason");
  return transact<bool>(
      db, "admit " + proposal + " to the shortlist", [&](Database& tx) -> Expected<bool> {
        const std::optional<std::string> status = status_of(tx, proposal, call);
        if (!status)
          return refusal("there is no proposal '" + proposal + "' in call '" + call + "'");
        if (*status != "in_review") {
          return refusal("proposal '" + proposal + "' is " + *status +
                         ", not in review: only the jury's shortlist takes admissions");
        }
        std::string p = proposal, why = reason, who = actor, at = utc_now();
        Poco::Int64 existing = 0;
        tx.session() << tx.sql("SELECT COUNT(*) FROM jury_admissions WHERE submission_id = ?"),
            into(existing), use(p), now;
        ChangedRows written(tx, {{"jury_admissions", {proposal}}});
        if (existing > 0) {
          tx.session() << tx.sql(
              "UPDATE jury_admissions SET reason = ?, actor = ?, admitted_at = ? "
              "WHERE submission_id = ?"),
              use(why), use(who), use(at), use(p), now;
        } else {
          tx.session() << tx.sql(
              "INSERT INTO jury_admissions (submission_id, reason, actor, admitted_at) "
              "VALUES (?, ?, ?, ?)"),
              use(p), use(why), use(who), use(at), now;
        }
        append_audit(tx, {actor, "jury.admitted", proposal, audit_details({{"reason", reason}})},
                     written);
        return existing == 0;
      });
}

std::vector<StoredAdmission> load_admissions(Database& db, const std::string& call) {
  std::string call_id = call;
  std::vector<std::string> proposals, reasons, actors, times;
  db.session() << db.sql(
      "SELECT a.submission_id, a.reason, a.actor, a.admitted_at FROM jury_admissions a "
      "JOIN submissions s ON s.id = a.submission_id WHERE s.call_id = ? ORDER BY a.submission_id"),
      into(proposals), into(reasons), into(actors), into(times), use(call_id), now;
  std::vector<StoredAdmission> out;
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    out.push_back({proposals[i], reasons[i], actors[i], times[i]});
  }
  return out;
}

bool is_decision(const std::string& decision) {
  static const std::set<std::string> kDecisions = {"awarded", "not_awarded", "waitlisted",
                                                   "shortlisted", "not_shortlisted"};
  return kDecisions.count(decision) != 0;
}

namespace {

// Inside a transaction: writes the decision, replacing an unreleased one.
// Returns true when it replaced one.
bool write_decision(Database& tx, const std::string& proposal, const std::string& decision,
                    const std::string& reason, const std::string& actor,
                    const std::string& comment) {
  std::string p = proposal, d = decision, why = reason, who = actor, at = utc_now(), released,
              note = comment;
  Poco::Int64 existing = 0;
  ChangedRows written(tx, {{"decisions", {proposal}}});
  tx.session() << tx.sql("SELECT COUNT(*) FROM decisions WHERE submission_id = ?"), into(existing),
      use(p), now;
  if (existing > 0) {
    tx.session() << tx.sql("DELETE FROM decisions WHERE submission_id = ?"), use(p), now;
  }
  tx.session() << tx.sql(
      "INSERT INTO decisions (submission_id, decision, reason, actor, decided_at, "
      "released_at, comment) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      use(p), use(d), use(why), use(who), use(at), use(released), use(note), now;
  std::vector<std::pair<std::string, Poco::Dynamic::Var>> details = {{"decision", decision},
                                                                     {"reason", reason}};
  if (!comment.empty()) details.emplace_back("comment", comment);
  append_audit(tx, {actor, "decision.recorded", proposal, audit_details(details)}, written);
  return existing > 0;
}

Diagnostic unknown_decision(const std::string& decision) {
  return refusal("unknown decision '" + decision +
                 "' (known: awarded, not_awarded, waitlisted, shortlisted, not_shortlisted)");
}

}  // namespace

Expected<bool> record_decision(Database& db, const std::string& proposal,
                               const std::string& decision, const std::string& reason,
                               const std::string& actor, const std::string& comment) {
  if (!is_decision(decision)) return unknown_decision(decision);
  if (reason.empty()) return refusal("a decision needs a reason");
  return transact<bool>(db, "record the decision on " + proposal,
                        [&](Database& tx) -> Expected<bool> {
                          const std::optional<std::string> call = call_of(tx, proposal);
                          if (!call) return refusal("there is no proposal '" + proposal + "'");
                          const std::string status = *status_of(tx, proposal, *call);
                          if (path_to(status, decision) == std::vector<std::string>{"?"}) {
                            return refusal("proposal '" + proposal + "' is " + status +
                                           ": it cannot become " + decision);
                          }
                          return write_decision(tx, proposal, decision, reason, actor, comment);
                        });
}

Expected<std::vector<std::string>> record_remaining_decisions(Database& db, const std::string& call,
                                                              const std::string& decision,
                                                              const std::string& reason,
                                                              const std::string& actor,
                                                              const std::string& comment) {
  using Ids = std::vector<std::string>;
  if (!is_decision(decision)) return unknown_decision(decision);
  if (reason.empty()) return refusal("a decision needs a reason");
  return transact<Ids>(
      db, "record the remaining decisions of call '" + call + "'",
      [&](Database& tx) -> Expected<Ids> {
        std::string call_id = call;
        std::vector<std::string> ids, statuses;
        tx.session() << tx.sql(
            "SELECT s.id, s.status FROM submissions s WHERE s.call_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM decisions d WHERE d.submission_id = s.id) ORDER BY s.id"),
            into(ids), into(statuses), use(call_id), now;
        Ids remaining, refused;
        for (std::size_t i = 0; i < ids.size(); ++i) {
          if (is_outcome(statuses[i])) continue;
          if (path_to(statuses[i], decision) == std::vector<std::string>{"?"}) {
            refused.push_back(ids[i] + " (" + statuses[i] + ")");
          } else {
            remaining.push_back(ids[i]);
          }
        }
        if (!refused.empty()) {
          std::string names;
          for (const std::string& r : refused) names += (names.empty() ? "" : ", ") + r;
          return refusal(std::to_string(refused.size()) + " proposal" +
                         (refused.size() == 1 ? "" : "s") + " of call '" + call +
                         "' cannot become " + decision + ": " + names +
                         "; decide them one by one first");
        }
        for (const std::string& id : remaining) {
          write_decision(tx, id, decision, reason, actor, comment);
        }
        return remaining;
      });
}

std::vector<StoredDecision> load_decisions(Database& db, const std::string& call) {
  std::string call_id = call;
  std::vector<std::string> proposals, decisions, reasons, actors, decided, released, comments;
  db.session() << db.sql(
      "SELECT d.submission_id, d.decision, d.reason, d.actor, d.decided_at, d.released_at, "
      "d.comment FROM decisions d JOIN submissions s ON s.id = d.submission_id "
      "WHERE s.call_id = ? ORDER BY d.submission_id"),
      into(proposals), into(decisions), into(reasons), into(actors), into(decided), into(released),
      into(comments), use(call_id), now;
  std::vector<StoredDecision> out;
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    out.push_back(
        {proposals[i], decisions[i], reasons[i], actors[i], decided[i], released[i], comments[i]});
  }
  return out;
}

std::string_view to_string(Shown shown) {
  switch (shown) {
    case Shown::Decision:
      return "decision";
    case Shown::Feedback:
      return "feedback";
    case Shown::Scores:
      return "scores";
  }
  return "decision";
}

std::optional<Shown> parse_shown(std::string_view text) {
  for (Shown shown : {Shown::Decision, Shown::Feedback, Shown::Scores}) {
    if (text == to_string(shown)) return shown;
  }
  return std::nullopt;
}

Expected<std::size_t> release_decisions(Database& db, const std::string& call,
                                        const std::string& actor, const Release& release) {
  return transact<std::size_t>(
      db, "release the decisions of call '" + call + "'",
      [&](Database& tx) -> Expected<std::size_t> {
        std::vector<StoredDecision> pending;
        for (StoredDecision& d : load_decisions(tx, call)) {
          if (d.released_at.empty()) pending.push_back(std::move(d));
        }
        std::vector<std::vector<std::string>> paths;
        for (const StoredDecision& d : pending) {
          const std::string status = *status_of(tx, d.proposal, call);
          paths.push_back(path_to(status, d.decision));
          if (paths.back() == std::vector<std::string>{"?"}) {
            return refusal("proposal '" + d.proposal + "' is " + status + " and cannot become " +
                           d.decision + ": record another decision first");
          }
        }
        if (release.shown == Shown::Scores) {
          std::optional<std::int64_t> run = release.run;
          if (!run) run = released_run_of(tx, call);
          if (!run) run = latest_run(tx, call);
          if (!run)
            return refusal("call '" + call + "' has no evaluation run whose scores to show");
          Expected<bool> scores = release_feedback_in(tx, call, *run, actor);
          if (!scores) return scores.problems();
        }
        const std::string at = utc_now();
        for (std::size_t i = 0; i < pending.size(); ++i) {
          for (const std::string& step : paths[i]) {
            // A step on the way is the lifecycle's, not a decision: no reason
            // of its own, which the applicant would read untranslated.
            const std::string why = step == pending[i].decision ? pending[i].reason : "";
            record_status(tx, pending[i].proposal, step, why, actor, at);
          }
          std::string p = pending[i].proposal, when = at;
          ChangedRows written(tx, {{"decisions", {p}}});
          tx.session() << tx.sql("UPDATE decisions SET released_at = ? WHERE submission_id = ?"),
              use(when), use(p), now;
          append_audit(tx,
                       {actor, "decision.released", pending[i].proposal,
                        audit_details({{"decision", pending[i].decision}})},
                       written);
          queue_decision(tx, pending[i].proposal, pending[i].decision, pending[i].reason);
        }
        std::string call_id = call, shown(to_string(release.shown)), who = actor, when = at;
        Poco::Int64 chosen = 0;
        tx.session() << tx.sql("SELECT COUNT(*) FROM decision_releases WHERE call_id = ?"),
            into(chosen), use(call_id), now;
        ChangedRows written(tx, {{"decision_releases", {call}}});
        if (chosen > 0) {
          tx.session() << tx.sql(
              "UPDATE decision_releases SET shown = ?, released_at = ?, actor = ? "
              "WHERE call_id = ?"),
              use(shown), use(when), use(who), use(call_id), now;
        } else {
          tx.session() << tx.sql(
              "INSERT INTO decision_releases (call_id, shown, released_at, actor) "
              "VALUES (?, ?, ?, ?)"),
              use(call_id), use(shown), use(when), use(who), now;
        }
        append_audit(tx,
                     {actor, "decisions.shown", call,
                      audit_details({{"shown", shown},
                                     {"released", static_cast<Poco::Int64>(pending.size())}})},
                     written);
        return pending.size();
      });
}

}  // namespace shortlist::store
