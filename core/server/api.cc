#include "core/server/api.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <sstream>

#include "core/app/record_run.h"
#include "core/ingest/document.h"
#include "core/messages/messages.h"
#include "core/report/juror_view.h"
#include "core/report/status_report.h"
#include "core/store/jury_store.h"
#include "core/store/run_store.h"
#include "core/store/submission_store.h"
#include "core/util/password.h"

namespace shortlist::server {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// Over HTTPS the cookie is a __Host- cookie (Secure, Path=/, no Domain):
// no other site, not even a subdomain or a plain-HTTP page of this one, can
// set or replace it. Over plain HTTP (on one's own machine) browsers refuse
// the prefix, and it keeps its bare name.
std::string session_cookie(bool secure) {
  return secure ? "__Host-shortlist_session" : "shortlist_session";
}

Object::Ptr object() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

ApiResponse ok(Object::Ptr body) { return {200, std::move(body), {}}; }

// Path segments of `pattern` ("{id}" for any one) matched against `path`.
bool matches(const std::string& pattern, const std::string& path,
             std::map<std::string, std::string>& params) {
  auto split = [](const std::string& text) {
    std::vector<std::string> parts;
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, '/');) parts.push_back(part);
    return parts;
  };
  const std::vector<std::string> want = split(pattern), got = split(path);
  if (want.size() != got.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      if (got[i].empty()) return false;
      found[want[i].substr(1, want[i].size() - 2)] = got[i];
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

std::string text_field(const ApiRequest& request, const std::string& key) {
  if (!request.body || !request.body->has(key) || !request.body->get(key).isString()) return "";
  return request.body->getValue<std::string>(key);
}

bool assigned_to(store::Database& db, const std::string& call, const std::string& proposal,
                 const std::string& juror) {
  for (const store::StoredAssignment& a : store::load_assignments(db, call)) {
    if (a.proposal == proposal && a.juror == juror) return true;
  }
  return false;
}

Object::Ptr review_json(const store::ReviewRecord& review) {
  Object::Ptr out = object();
  out->set("proposal", review.proposal);
  out->set("juror", review.juror);
  out->set("abstained", review.abstained);
  out->set("comment", review.comment);
  out->set("confidence", review.confidence);
  Array::Ptr scores = new Array;
  for (const store::ReviewScore& score : review.scores) {
    Object::Ptr s = object();
    s->set("criterion", score.criterion);
    s->set("score", score.score);
    s->set("comment", score.comment);
    scores->add(s);
  }
  out->set("scores", scores);
  out->set("submitted_at", review.submitted_at);
  return out;
}

ApiResponse refused(const Diagnostics& problems, int status = 422) {
  return error_response(status, problems.empty() ? "refused" : problems[0].message);
}

// A sign-in refused, for a wrong name or password or while the account
// waits: one answer, with the wait when there is one.
ApiResponse wrong_password(int retry_after) {
  if (retry_after <= 0) return error_response(401, "wrong account name or password");
  ApiResponse response = error_response(
      401,
      "wrong account name or password; after repeated failures this account's next attempt "
      "is taken in " +
          std::to_string(retry_after) + " s");
  response.headers["Retry-After"] = std::to_string(retry_after);
  return response;
}

}  // namespace

int application_status(app::ApplicationRefusal refusal) {
  using R = app::ApplicationRefusal;
  switch (refusal) {
    case R::None:
      return 200;
    case R::NoWindow:
    case R::NotYetOpen:
    case R::Closed:
    case R::WrongKey:
      return 403;
    case R::Problems:
      return 422;
    case R::TooLarge:
      return 413;
    case R::UnderReview:
    case R::AlreadyStored:
      return 409;
    case R::Unavailable:
      return 503;
  }
  return 500;
}

namespace {

const std::set<std::string> kNotFields = {"lang", "draft", "csrf", "code", "edit_key", "open"};

}  // namespace

ApplicationInput application_from_json(const Poco::JSON::Object::Ptr& body,
                                       const std::string& accept_language) {
  ApplicationInput out;
  Object::Ptr fields = object();
  std::string asked, fallback;
  if (body) {
    if (body->has("lang") && body->get("lang").isString())
      asked = body->getValue<std::string>("lang");
    if (body->has("language") && body->get("language").isString()) {
      fallback = body->getValue<std::string>("language");
    }
    out.request.draft =
        body->has("draft") && body->get("draft").isBoolean() && body->getValue<bool>("draft");
    for (const std::string& name : body->getNames()) {
      if (kNotFields.count(name) == 0) fields->set(name, body->get(name));
    }
  }
  out.language = applicant_language(asked, accept_language, fallback);
  std::ostringstream text;
  Poco::JSON::Stringifier::stringify(fields, text);
  Expected<ingest::Document> document = ingest::read_json_document(text.str(), "application");
  if (document) out.request.fields = std::move(*document);
  return out;
}

ApplicationInput application_from_form(const std::vector<std::pair<std::string, std::string>>& form,
                                       std::vector<app::Attachment> attachments,
                                       const std::string& accept_language) {
  ApplicationInput out;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string asked, fallback;
  for (const auto& [name, value] : form) {
    if (name == "lang") asked = value;
    if (name == "language") fallback = value;
    if (name == "draft") out.request.draft = value == "true" || value == "on" || value == "1";
    if (kNotFields.count(name) == 0) fields.emplace_back(name, value);
  }
  out.language = applicant_language(asked, accept_language, fallback);
  out.request.fields = app::document_from_form(fields, "application");
  out.request.attachments = std::move(attachments);
  return out;
}

ApiResponse error_response(int status, const std::string& message) {
  Object::Ptr error = object();
  error->set("status", status);
  error->set("message", message);
  ApiResponse response;
  response.status = status;
  response.body = new Object;
  response.body->set("error", error);
  return response;
}

Api::Api(Site& site) : site_(site), sign_in_limiter_(10) {
  auto route = [this](const char* method, const char* path, Access access,
                      ApiResponse (Api::*answer)(const ApiRequest&)) {
    routes_.push_back(
        {method, path, access, [this, answer](const ApiRequest& r) { return (this->*answer)(r); }});
  };
  route("GET", "/api/v1/health", Access::Anyone, &Api::health);
  route("POST", "/api/v1/status", Access::Anyone, &Api::status);
  route("POST", "/api/v1/session", Access::Anyone, &Api::sign_in);
  route("DELETE", "/api/v1/session", Access::SignedIn, &Api::sign_out);
  route("GET", "/api/v1/session", Access::SignedIn, &Api::me);
  route("POST", "/api/v1/session/password", Access::SignedIn, &Api::change_password);
  route("GET", "/api/v1/assignments", Access::SignedIn, &Api::assignments);
  route("GET", "/api/v1/proposals/{id}", Access::SignedIn, &Api::proposal);
  route("GET", "/api/v1/proposals/{id}/reviews", Access::SignedIn, &Api::proposal_reviews);
  route("POST", "/api/v1/reviews", Access::Juror, &Api::send_review);
  route("GET", "/api/v1/submissions", Access::Organiser, &Api::submissions);
  route("GET", "/api/v1/jurors", Access::Organiser, &Api::jurors);
  route("GET", "/api/v1/runs", Access::Organiser, &Api::runs);
  route("POST", "/api/v1/runs", Access::Organiser, &Api::run_evaluation);
  route("GET", "/api/v1/shortlist", Access::SignedIn, &Api::shortlist);
  route("GET", "/api/v1/plugins", Access::Organiser, &Api::plugins);
  route("GET", "/api/v1/decisions", Access::Organiser, &Api::decisions);
  route("POST", "/api/v1/decisions", Access::Organiser, &Api::decide);
  route("POST", "/api/v1/decisions/release", Access::Organiser, &Api::release);
  route("POST", "/api/v1/applications", Access::Anyone, &Api::submit_application);
  route("GET", "/api/v1/applications/{code}", Access::Anyone, &Api::read_application);
  route("PUT", "/api/v1/applications/{code}", Access::Anyone, &Api::replace_application);
}

ApiResponse Api::answer(ApiRequest request) {
  const Route* found = nullptr;
  std::string allowed;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!matches(route.path, request.path, params)) continue;
    allowed += (allowed.empty() ? "" : ", ") + route.method;
    if (route.method == request.method && found == nullptr) {
      found = &route;
      request.params = std::move(params);
    }
  }
  if (allowed.empty()) return error_response(404, "no such route: " + request.path);
  if (found == nullptr) {
    ApiResponse wrong = error_response(405, request.method + " is not allowed here");
    wrong.headers["Allow"] = allowed;
    return wrong;
  }
  if (found->access != Access::Anyone) {
    const auto cookie = request.cookies.find(session_cookie(request.secure));
    if (cookie != request.cookies.end()) {
      Expected<DatabasePool::Lease> db = site_.pool().lease();
      if (!db) return error_response(503, "the store is unavailable");
      request.session = store::find_session(**db, cookie->second, site_.settings().session_idle);
    }
    if (!request.session) return error_response(401, "sign in first");
    const std::string& role = request.session->account.role;
    if ((found->access == Access::Organiser && role != "organiser") ||
        (found->access == Access::Juror && role != "juror")) {
      return error_response(
          403, "this is for " +
                   std::string(found->access == Access::Organiser ? "organisers" : "jurors"));
    }
    if (request.method != "GET" &&
        !equal_in_constant_time(request.csrf_header, request.session->csrf)) {
      return error_response(403, "the X-CSRF-Token header must carry the session's token");
    }
  }
  ApiResponse response = found->answer(request);
  if (request.session && request.session->account.role == "juror" &&
      site_.settings().config.jury.blind) {
    withhold_applicants(response);
  }
  return response;
}

void Api::withhold_applicants(ApiResponse& response) {
  std::shared_ptr<const text::Redactor> hidden;
  {
    Expected<DatabasePool::Lease> db = site_.pool().lease();
    if (!db) {
      response = error_response(503, "the store is unavailable");
      return;
    }
    const std::vector<store::ApplicantSummary> applicants =
        store::list_applicants(**db, site_.settings().call);
    std::string fingerprint;
    for (const store::ApplicantSummary& a : applicants) {
      fingerprint += a.name + '\n' + a.country + '\n' + a.email + '\n';
    }
    const std::size_t key = std::hash<std::string>{}(fingerprint);
    const std::lock_guard<std::mutex> lock(hidden_mutex_);
    if (!hidden_ || key != hidden_key_) {
      auto made = std::make_shared<text::Redactor>();
      for (const store::ApplicantSummary& a : applicants) {
        made->hide_applicant(a.name, a.email, a.country);
      }
      hidden_ = std::move(made);
      hidden_key_ = key;
    }
    hidden = hidden_;
  }
  if (!response.body && !response.text.empty()) {
    response.body = Poco::JSON::Parser().parse(response.text).extract<Object::Ptr>();
    response.text.clear();
  }
  // Keys whose values are identifiers, codes and times, never an
  // applicant's words.
  static const std::set<std::string> kept = {
      "id",         "proposal",    "juror",           "name",    "role",   "csrf",   "run",
      "criterion",  "language",    "languages_shown", "country", "status", "method", "created_at",
      "expires_at", "submitted_at"};
  std::function<Poco::Dynamic::Var(const Poco::Dynamic::Var&)> withheld =
      [&](const Poco::Dynamic::Var& value) -> Poco::Dynamic::Var {
    if (value.type() == typeid(Object::Ptr)) {
      Object::Ptr object = value.extract<Object::Ptr>();
      for (const std::string& key : object->getNames()) {
        if (kept.count(key) == 0) object->set(key, withheld(object->get(key)));
      }
      return object;
    }
    if (value.type() == typeid(Array::Ptr)) {
      Array::Ptr array = value.extract<Array::Ptr>();
      for (std::size_t i = 0; i < array->size(); ++i) {
        array->set(static_cast<unsigned>(i), withheld(array->get(static_cast<unsigned>(i))));
      }
      return array;
    }
    if (value.isString()) return hidden->redact(value.toString());
    return value;
  };
  if (response.body) withheld(response.body);
}

ApiResponse Api::health(const ApiRequest&) {
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  bool reachable = false;
  if (db) {
    try {
      int one = 0;
      (**db).session() << "SELECT 1", Poco::Data::Keywords::into(one), Poco::Data::Keywords::now;
      reachable = one == 1;
    } catch (const Poco::Exception&) {
      reachable = false;
    }
  }
  Object::Ptr body = object();
  body->set("status", reachable ? "ok" : "unavailable");
  body->set("database", reachable ? "ok" : "unreachable");
  return {reachable ? 200 : 503, body, {}};
}

ApiResponse Api::status(const ApiRequest& request) {
  if (!request.body || !request.body->has("code") || !request.body->get("code").isString()) {
    return error_response(400, "the body must be a JSON object with \"code\": the tracking code");
  }
  std::string language = text_field(request, "lang");
  if (!language.empty() && !is_applicant_language(language)) {
    return error_response(400, "\"lang\" must be one of en, fr, es, ar");
  }
  const StatusLookup found =
      lookup_status(site_, request.body->getValue<std::string>("code"), request.client);
  switch (found.outcome) {
    case StatusLookup::Outcome::Limited: {
      ApiResponse response =
          error_response(429, "too many status lookups from this address; try again later");
      response.headers["Retry-After"] = std::to_string(found.retry_after);
      return response;
    }
    case StatusLookup::Outcome::BadCode:
      return error_response(400,
                            "not a tracking code: twelve letters and digits, as in K7QM-3XJD-9TBW");
    case StatusLookup::Outcome::NotFound:
      return error_response(404, "no proposal has this tracking code");
    case StatusLookup::Outcome::Unavailable:
      return error_response(503, "the store is unavailable");
    case StatusLookup::Outcome::Found:
      break;
  }
  const store::SubmissionStatus& status = *found.status;
  if (language.empty()) language = preferred_language(request.accept_language);
  if (language.empty()) language = is_applicant_language(status.language) ? status.language : "en";
  const Messages& messages = site_.messages(language);

  Object::Ptr body = object();
  body->set("code", found.code);
  body->set("title", status.title);
  body->set("status", status.status);
  body->set("language", language);
  Array::Ptr history = new Array;
  for (const store::StatusChange& change : status.history) {
    Object::Ptr entry = object();
    entry->set("status", change.status);
    entry->set("at", change.at);
    history->add(entry);
  }
  body->set("history", history);
  body->set("text", status_text(status, found.code, messages, found.feedback));
  return ok(body);
}

ApiResponse Api::sign_in(const ApiRequest& request) {
  if (const std::optional<int> wait = sign_in_limiter_.take(request.client, site_.now())) {
    ApiResponse response =
        error_response(429, "too many sign-in attempts from this address; try again later");
    response.headers["Retry-After"] = std::to_string(*wait);
    return response;
  }
  const std::string name = text_field(request, "name"), password = text_field(request, "password");
  if (name.empty() || password.empty()) {
    return error_response(400, "the body must be a JSON object with \"name\" and \"password\"");
  }
  // An account waiting out its back-off is refused as a wrong password is,
  // before the password is looked at: no answer tells a right one.
  SignInThrottle& throttle = site_.sign_in_throttle();
  if (const std::optional<int> wait = throttle.take(name, site_.now())) {
    return wrong_password(*wait);
  }
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  Expected<store::Session> session =
      store::sign_in(**db, name, password, site_.settings().session_lifetime);
  if (!session) return wrong_password(throttle.wait(name, site_.now()).value_or(0));
  throttle.succeeded(name);
  Object::Ptr body = object();
  body->set("name", session->account.name);
  body->set("role", session->account.role);
  body->set("juror", session->account.juror);
  body->set("csrf", session->csrf);
  body->set("expires_at", session->expires_at);
  ApiResponse response = ok(body);
  response.headers["Set-Cookie"] = session_cookie(request.secure) + "=" + session->token +
                                   "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                   std::to_string(site_.settings().session_lifetime.count()) +
                                   (request.secure ? "; Secure" : "");
  return response;
}

ApiResponse Api::sign_out(const ApiRequest& request) {
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  store::sign_out(**db, request.session->token);
  Object::Ptr body = object();
  body->set("signed_out", request.session->account.name);
  ApiResponse response = ok(body);
  response.headers["Set-Cookie"] = session_cookie(request.secure) +
                                   "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
                                   (request.secure ? "; Secure" : "");
  return response;
}

ApiResponse Api::change_password(const ApiRequest& request) {
  const std::string current = text_field(request, "current"),
                    replacement = text_field(request, "new");
  if (current.empty() || replacement.empty()) {
    return error_response(400, "the body must be a JSON object with \"current\" and \"new\"");
  }
  // Guessing the current password from a session left open is held back as
  // guessing it at sign-in is.
  const store::Session& session = *request.session;
  SignInThrottle& throttle = site_.sign_in_throttle();
  if (const std::optional<int> wait = throttle.take(session.account.name, site_.now())) {
    ApiResponse response = error_response(403, "the current password is wrong");
    response.headers["Retry-After"] = std::to_string(*wait);
    return response;
  }
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  Expected<int> ended = store::change_password(**db, session, current, replacement);
  if (!ended) {
    const bool wrong = ended.problems()[0].message == "the current password is wrong";
    ApiResponse response = refused(ended.problems(), wrong ? 403 : 422);
    if (!wrong) throttle.succeeded(session.account.name);
    if (const std::optional<int> wait = throttle.wait(session.account.name, site_.now())) {
      response.headers["Retry-After"] = std::to_string(*wait);
    }
    return response;
  }
  throttle.succeeded(session.account.name);
  Object::Ptr body = object();
  body->set("changed", session.account.name);
  body->set("sessions_ended", *ended);
  return ok(body);
}

ApiResponse Api::me(const ApiRequest& request) {
  const store::Session& session = *request.session;
  Object::Ptr body = object();
  body->set("name", session.account.name);
  body->set("role", session.account.role);
  body->set("juror", session.account.juror);
  body->set("csrf", session.csrf);
  body->set("expires_at", session.expires_at);
  return ok(body);
}

ApiResponse Api::assignments(const ApiRequest& request) {
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  const store::Account& account = request.session->account;
  const std::string& call = site_.settings().call;
  std::set<std::pair<std::string, std::string>> reviewed;
  for (const store::ReviewRecord& review : store::load_reviews(**db, call)) {
    reviewed.insert({review.proposal, review.juror});
  }
  std::map<std::string, std::string> titles;
  for (const store::SubmissionSummary& s : store::list_submissions(**db, call)) {
    titles[s.id] = s.title;
  }
  Array::Ptr list = new Array;
  std::size_t done = 0, total = 0;
  for (const store::StoredAssignment& a : store::load_assignments(**db, call)) {
    if (account.role == "juror" && a.juror != account.juror) continue;
    Object::Ptr entry = object();
    entry->set("proposal", a.proposal);
    entry->set("title", titles[a.proposal]);
    entry->set("juror", a.juror);
    const bool is_reviewed = reviewed.count({a.proposal, a.juror}) > 0;
    entry->set("reviewed", is_reviewed);
    list->add(entry);
    ++total;
    done += is_reviewed ? 1 : 0;
  }
  Object::Ptr body = object();
  body->set("assignments", list);
  body->set("reviewed", done);
  body->set("total", total);
  return ok(body);
}

ApiResponse Api::proposal(const ApiRequest& request) {
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  const store::Account& account = request.session->account;
  const std::string& id = request.params.at("id");
  const std::string& call = site_.settings().call;
  // The same answer for a proposal that does not exist and one that is not
  // the juror's: a juror learns nothing of the others.
  if (account.role == "juror" && !assigned_to(**db, call, id, account.juror)) {
    return error_response(404, "no proposal assigned to you has the id '" + id + "'");
  }
  const std::optional<std::string> stored = store::current_document(**db, id);
  if (!stored) return error_response(404, "no proposal has the id '" + id + "'");
  const CallConfig& config = site_.settings().config;
  Expected<report::JurorView> view =
      report::juror_view(*stored, id, account.role == "juror" && config.jury.blind);
  if (!view) return error_response(500, view.problems()[0].message);

  Object::Ptr body = object();
  body->set("id", view->id);
  body->set("language", view->language);
  body->set("languages_shown", view->languages);
  body->set("blind", view->blind);
  body->set("title", view->title);
  body->set("summary", view->summary);
  Object::Ptr fields = object();
  for (const auto& [key, value] : view->fields) fields->set(key, value);
  body->set("fields", fields);
  Array::Ptr sections = new Array;
  for (const Section& section : view->sections) {
    Object::Ptr s = object();
    s->set("name", section.name);
    s->set("language", section.language);
    s->set("text", section.text);
    sections->add(s);
  }
  body->set("sections", sections);
  // The automatic scores of the latest run, with their explanations.
  Array::Ptr automatic = new Array;
  if (const std::optional<std::int64_t> run = store::latest_run(**db, call)) {
    if (Expected<store::StoredRun> stored_run = store::load_run(**db, *run)) {
      for (const store::StoredEntry& entry : stored_run->entries) {
        if (entry.proposal != id) continue;
        body->set("run", *run);
        body->set("rank", entry.rank);
        for (const store::StoredScore& score : entry.scores) {
          Object::Ptr s = object();
          s->set("criterion", score.criterion);
          s->set("raw", score.raw);
          s->set("normalized", score.normalized);
          s->set("explanation", score.explanation);
          if (!score.imputed.empty()) s->set("imputed", score.imputed);
          automatic->add(s);
        }
      }
    }
  }
  body->set("automatic_scores", automatic);
  Array::Ptr criteria = new Array;
  for (const JuryCriterion& criterion : config.jury.criteria) {
    Object::Ptr c = object();
    c->set("id", criterion.id);
    c->set("label", criterion.label.in(view->language));
    c->set("guidance", criterion.guidance.in(view->language));
    c->set("min", criterion.scale_min);
    c->set("max", criterion.scale_max);
    c->set("comment_required", criterion.comment_required);
    criteria->add(c);
  }
  body->set("jury_criteria", criteria);
  return ok(body);
}

ApiResponse Api::proposal_reviews(const ApiRequest& request) {
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  const store::Account& account = request.session->account;
  const std::string& id = request.params.at("id");
  const std::string& call = site_.settings().call;
  const std::vector<store::ReviewRecord> all = store::load_reviews(**db, call);
  if (account.role == "juror") {
    if (!assigned_to(**db, call, id, account.juror)) {
      return error_response(404, "no proposal assigned to you has the id '" + id + "'");
    }
    const bool sent_own = std::any_of(all.begin(), all.end(), [&](const store::ReviewRecord& r) {
      return r.proposal == id && r.juror == account.juror;
    });
    if (!sent_own) {
      return error_response(403, "send your own review of '" + id + "' before reading the others'");
    }
  }
  Array::Ptr list = new Array;
  for (const store::ReviewRecord& review : all) {
    if (review.proposal == id) list->add(review_json(review));
  }
  Object::Ptr body = object();
  body->set("proposal", id);
  body->set("reviews", list);
  return ok(body);
}

ApiResponse Api::send_review(const ApiRequest& request) {
  const store::Account& account = request.session->account;
  store::ReviewRecord review;
  review.proposal = text_field(request, "proposal");
  review.juror = account.juror;
  if (review.proposal.empty()) return error_response(400, "\"proposal\" is required");
  review.abstained = request.body->optValue<bool>("abstain", false);
  review.comment = text_field(request, "comment");
  review.confidence = request.body->optValue<double>("confidence", 1.0);
  if (!std::isfinite(review.confidence)) return error_response(400, "\"confidence\" is a number");
  if (Array::Ptr scores = request.body->getArray("scores")) {
    for (std::size_t i = 0; i < scores->size(); ++i) {
      Object::Ptr score = scores->getObject(static_cast<unsigned>(i));
      if (!score || !score->has("criterion") || !score->has("score") ||
          !score->get("score").isNumeric()) {
        return error_response(400, "each of \"scores\" is {\"criterion\", \"score\", \"comment\"}");
      }
      review.scores.push_back({score->getValue<std::string>("criterion"),
                               score->getValue<double>("score"),
                               score->optValue<std::string>("comment", "")});
    }
  }
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  Expected<bool> replaced = store::record_review(
      **db, site_.settings().call, site_.settings().config.jury, review, account.name);
  if (!replaced) return refused(replaced.problems());
  Object::Ptr body = object();
  body->set("proposal", review.proposal);
  body->set("juror", review.juror);
  body->set("replaced", *replaced);
  return ok(body);
}

ApiResponse Api::submissions(const ApiRequest&) {
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  std::map<std::string, int> by_status, by_language, by_country;
  Array::Ptr list = new Array;
  for (const store::SubmissionSummary& s : store::list_submissions(**db, site_.settings().call)) {
    Object::Ptr entry = object();
    entry->set("id", s.id);
    entry->set("title", s.title);
    entry->set("status", s.status);
    entry->set("language", s.language);
    entry->set("country", s.country);
    list->add(entry);
    ++by_status[s.status];
    ++by_language[s.language];
    ++by_country[s.country];
  }
  auto counts = [](const std::map<std::string, int>& values) {
    Object::Ptr out = object();
    for (const auto& [key, n] : values) out->set(key, n);
    return out;
  };
  Object::Ptr body = object();
  body->set("total", list->size());
  body->set("by_status", counts(by_status));
  body->set("by_language", counts(by_language));
  body->set("by_country", counts(by_country));
  body->set("submissions", list);
  return ok(body);
}

ApiResponse Api::jurors(const ApiRequest&) {
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  Array::Ptr list = new Array;
  for (const jury::Juror& juror : store::load_jurors(**db, site_.settings().call)) {
    Object::Ptr entry = object();
    entry->set("id", juror.id);
    entry->set("name", juror.name);
    entry->set("organisation", juror.organisation);
    entry->set("country", juror.country);
    Array::Ptr languages = new Array;
    for (const auto& language : juror.languages) languages->add(language.first);
    entry->set("languages", languages);
    entry->set("max_load", juror.max_load);
    list->add(entry);
  }
  Object::Ptr body = object();
  body->set("jurors", list);
  return ok(body);
}

ApiResponse Api::runs(const ApiRequest&) {
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  Array::Ptr list = new Array;
  for (const store::RunSummary& run : store::list_runs(**db)) {
    Object::Ptr entry = object();
    entry->set("id", run.id);
    entry->set("call", run.call);
    entry->set("created_at", run.created_at);
    entry->set("method", run.method);
    entry->set("ranked", run.ranked);
    entry->set("criteria_sha256", run.criteria_sha256);
    entry->set("withdrawn", run.withdrawn);
    list->add(entry);
  }
  Object::Ptr body = object();
  body->set("runs", list);
  return ok(body);
}

ApiResponse Api::run_evaluation(const ApiRequest& request) {
  // The call's stored submissions, as the store holds them now, scored with
  // the plugins the service read at its start; the same use-case as
  // `evaluate --db`.
  const std::lock_guard<std::mutex> one_at_a_time(evaluation_mutex_);
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  Expected<app::PreparedCall> prepared =
      app::prepare_call(site_.settings().config, site_.plugins());
  if (!prepared) return refused(prepared.problems());
  Expected<app::StoredCallOutcome> done = app::evaluate_stored_call(
      **db, site_.settings().call, *prepared, {}, {request.session->account.name});
  if (!done) return refused(done.problems());
  const Evaluation& evaluation = done->outcome.evaluation;
  const std::size_t lost = done->outcome.lost_to_plugin_failures;
  if (done->stored == 0) return error_response(422, "the call has no submissions to evaluate");
  if (!done->run) {
    return error_response(422, "nothing could be ranked: all " +
                                   std::to_string(evaluation.excluded.size()) +
                                   " submissions were excluded (" + std::to_string(lost) +
                                   " lost to plugin failures); no run was recorded");
  }
  Object::Ptr body = object();
  body->set("run", done->run->id);
  body->set("ranked", evaluation.proposals.size());
  body->set("excluded", evaluation.excluded.size());
  body->set("lost_to_plugin_failures", lost);
  body->set("eligible", done->run->eligible);
  body->set("ineligible", done->run->ineligible);
  body->set("inputs_sha256", store::inputs_hash(evaluation));
  return ok(body);
}

ApiResponse Api::shortlist(const ApiRequest& request) {
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  // A juror sees the ranking once they have reviewed (or abstained on)
  // every proposal assigned to them, so that it cannot sway them; a juror
  // with nothing assigned has reviewed nothing and sees nothing.
  const store::Account& account = request.session->account;
  if (account.role == "juror") {
    std::set<std::string> reviewed;
    for (const store::ReviewRecord& review : store::load_reviews(**db, site_.settings().call)) {
      if (review.juror == account.juror) reviewed.insert(review.proposal);
    }
    std::size_t assigned = 0;
    for (const store::StoredAssignment& a : store::load_assignments(**db, site_.settings().call)) {
      if (a.juror != account.juror) continue;
      ++assigned;
      if (reviewed.count(a.proposal) == 0) {
        return error_response(403, "the shortlist is shown once you have sent all your reviews");
      }
    }
    if (assigned == 0) {
      return error_response(403,
                            "the shortlist is shown to a juror once all their reviews are sent, "
                            "and nothing is assigned to you yet");
    }
  }
  const std::optional<std::int64_t> run = store::latest_run(**db, site_.settings().call);
  if (!run) return error_response(404, "the call has no evaluation run yet");
  std::string text;
  {
    const std::lock_guard<std::mutex> lock(shortlists_mutex_);
    if (const auto it = shortlists_.find(*run); it != shortlists_.end()) text = it->second;
  }
  if (text.empty()) {
    Expected<store::StoredRun> stored = store::load_run(**db, *run);
    if (!stored) return error_response(500, stored.problems()[0].message);
    // The run's own report, its shortlisted entries with their breakdown
    // and stability, as the run printed them.
    Object::Ptr report = Poco::JSON::Parser().parse(stored->report).extract<Object::Ptr>();
    Array::Ptr shortlisted = new Array;
    Array::Ptr ranking = report->getArray("ranking");
    for (std::size_t i = 0; ranking && i < ranking->size(); ++i) {
      Object::Ptr entry = ranking->getObject(static_cast<unsigned>(i));
      if (!entry->optValue<bool>("shortlisted", false)) continue;
      Object::Ptr out = object();
      for (const char* key : {"rank", "id", "title", "score", "shortlist_probability", "fragile",
                              "language", "country", "criteria"}) {
        if (entry->has(key)) out->set(key, entry->get(key));
      }
      shortlisted->add(out);
    }
    Object::Ptr body = object();
    body->set("run", *run);
    body->set("created_at", stored->created_at);
    body->set("method", stored->method);
    body->set("shortlist", shortlisted);
    std::ostringstream json;
    body->stringify(json);
    text = json.str();
    const std::lock_guard<std::mutex> lock(shortlists_mutex_);
    shortlists_[*run] = text;
  }
  ApiResponse response;
  response.text = std::move(text);
  return response;
}

ApiResponse Api::plugins(const ApiRequest&) {
  Array::Ptr list = new Array;
  for (const LoadedPlugin& plugin : site_.plugins().plugins()) {
    Object::Ptr entry = object();
    entry->set("name", plugin.name);
    entry->set("version", plugin.version);
    entry->set("abi", std::to_string(plugin.abi_major) + "." + std::to_string(plugin.abi_minor));
    Array::Ptr measures = new Array;
    for (const std::string& measure : plugin.measures) measures->add(measure);
    entry->set("measures", measures);
    entry->set("origin", plugin.origin == PluginOrigin::Bundled ? "bundled" : "external");
    entry->set("file", plugin.file.string());
    entry->set("sha256", plugin.sha256);
    list->add(entry);
  }
  Array::Ptr failures = new Array;
  for (const PluginLoadFailure& failure : site_.plugins().failures()) {
    Object::Ptr entry = object();
    entry->set("file", failure.file.string());
    entry->set("reason", failure.reason);
    failures->add(entry);
  }
  Object::Ptr body = object();
  body->set("plugins", list);
  body->set("failures", failures);
  return ok(body);
}

ApiResponse Api::decisions(const ApiRequest&) {
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  Array::Ptr list = new Array;
  for (const store::StoredDecision& d : store::load_decisions(**db, site_.settings().call)) {
    Object::Ptr entry = object();
    entry->set("proposal", d.proposal);
    entry->set("decision", d.decision);
    entry->set("reason", d.reason);
    entry->set("actor", d.actor);
    entry->set("decided_at", d.decided_at);
    entry->set("released_at", d.released_at);
    entry->set("comment", d.comment);
    list->add(entry);
  }
  Object::Ptr body = object();
  body->set("decisions", list);
  return ok(body);
}

ApiResponse Api::decide(const ApiRequest& request) {
  const std::string proposal = text_field(request, "proposal"),
                    decision = text_field(request, "decision"),
                    reason = text_field(request, "reason"),
                    comment = text_field(request, "comment");
  if (proposal.empty() || decision.empty()) {
    return error_response(400, "\"proposal\", \"decision\" and \"reason\" are required");
  }
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  Expected<bool> replaced = store::record_decision(**db, proposal, decision, reason,
                                                   request.session->account.name, comment);
  if (!replaced) return refused(replaced.problems());
  Object::Ptr body = object();
  body->set("proposal", proposal);
  body->set("decision", decision);
  body->set("replaced", *replaced);
  return ok(body);
}

ApiResponse Api::release(const ApiRequest& request) {
  store::Release release;
  if (const std::string show = text_field(request, "show"); !show.empty()) {
    const std::optional<store::Shown> shown = store::parse_shown(show);
    if (!shown) {
      return error_response(400, "\"show\" is decision, feedback or scores, not '" + show + "'");
    }
    release.shown = *shown;
  }
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  Expected<std::size_t> released =
      store::release_decisions(**db, site_.settings().call, request.session->account.name, release);
  if (!released) return refused(released.problems());
  Object::Ptr body = object();
  body->set("released", *released);
  body->set("shown", std::string(store::to_string(release.shown)));
  return ok(body);
}

}  // namespace shortlist::server

namespace shortlist::server {
namespace {

Object::Ptr receipt_json(const app::ApplicationReceipt& receipt, bool with_key) {
  Object::Ptr body = object();
  body->set("code", receipt.code);
  if (with_key) body->set("edit_key", receipt.edit_key);
  body->set("status", receipt.status);
  body->set("version", receipt.version);
  body->set("closes", receipt.closes);
  Array::Ptr warnings = new Array;
  for (const app::FieldMessage& warning : receipt.warnings) {
    Object::Ptr w = object();
    w->set("field", warning.field);
    w->set("message", warning.message);
    warnings->add(w);
  }
  body->set("warnings", warnings);
  return body;
}

ApiResponse application_refused(const app::ApplicationOutcome& outcome) {
  const int status = application_status(outcome.refusal);
  if (outcome.refusal != app::ApplicationRefusal::Problems) {
    return error_response(status, outcome.message);
  }
  Object::Ptr body = object();
  body->set("message", outcome.message);
  Array::Ptr problems = new Array;
  for (const app::FieldMessage& problem : outcome.problems) {
    Object::Ptr p = object();
    p->set("field", problem.field);
    p->set("message", problem.message);
    problems->add(p);
  }
  body->set("problems", problems);
  return {status, body, {}};
}

ApiResponse limited(int wait) {
  ApiResponse response =
      error_response(429, "too many application requests from this address; try again later");
  response.headers["Retry-After"] = std::to_string(wait);
  return response;
}

}  // namespace

// What every application route hands the use-case: the call, its plugins
// and the clock, with the messages in the applicant's language.
app::ApplicationCall Api::application_call(const std::string& language) {
  return {site_.settings().config,  site_.plugins(),  site_.settings().call,
          site_.messages(language), site_.wall_now(), site_.settings().application_stored};
}

ApiResponse Api::submit_application(const ApiRequest& request) {
  if (const std::optional<int> wait = site_.application_limiter().take(request.client, site_.now()))
    return limited(*wait);
  const ApplicationInput input =
      request.multipart
          ? application_from_form(request.form, request.attachments, request.accept_language)
          : application_from_json(request.body, request.accept_language);
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  const app::ApplicationCall call = application_call(input.language);
  const app::ApplicationOutcome outcome = app::submit_application(**db, call, input.request);
  if (outcome.refusal != app::ApplicationRefusal::None) return application_refused(outcome);
  ApiResponse response{201, receipt_json(*outcome.receipt, true), {}};
  response.headers["Location"] = "/api/v1/applications/" + outcome.receipt->code;
  return response;
}

ApiResponse Api::read_application(const ApiRequest& request) {
  if (const std::optional<int> wait = site_.application_limiter().take(request.client, site_.now()))
    return limited(*wait);
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  const std::string language = applicant_language("", request.accept_language);
  const app::ApplicationCall call = application_call(language);
  const app::ApplicationOutcome outcome =
      app::read_application(**db, call, request.params.at("code"), request.edit_key);
  if (outcome.refusal != app::ApplicationRefusal::None) return application_refused(outcome);
  Object::Ptr body = receipt_json(*outcome.receipt, false);
  body->remove("warnings");
  body->set("application", outcome.fields);
  return ok(body);
}

ApiResponse Api::replace_application(const ApiRequest& request) {
  if (const std::optional<int> wait = site_.application_limiter().take(request.client, site_.now()))
    return limited(*wait);
  const ApplicationInput input =
      request.multipart
          ? application_from_form(request.form, request.attachments, request.accept_language)
          : application_from_json(request.body, request.accept_language);
  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) return error_response(503, "the store is unavailable");
  const app::ApplicationCall call = application_call(input.language);
  const app::ApplicationOutcome outcome = app::replace_application(
      **db, call, request.params.at("code"), request.edit_key, input.request);
  if (outcome.refusal != app::ApplicationRefusal::None) return application_refused(outcome);
  return ok(receipt_json(*outcome.receipt, false));
}

}  // namespace shortlist::server
