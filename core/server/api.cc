#include "core/server/api.h"

#include <Poco/JSON/Array.h>

#include <sstream>

#include "core/ingest/tracking_code.h"
#include "core/messages/messages.h"
#include "core/report/status_report.h"
#include "core/store/feedback.h"
#include "core/store/submission_store.h"

namespace shortlist::server {
namespace {

using Poco::JSON::Object;

// The languages applicants are answered in.
const std::vector<std::string> kLanguages = {"en", "fr", "es"};

bool supported(const std::string& language) {
  return std::find(kLanguages.begin(), kLanguages.end(), language) != kLanguages.end();
}

// The supported language the client prefers most (Accept-Language, by
// q-value, ties in the order sent); "" when it names none.
std::string preferred_language(const std::string& header) {
  std::string best;
  double best_q = 0;
  std::istringstream items(header);
  for (std::string item; std::getline(items, item, ',');) {
    std::string tag = item.substr(0, item.find(';'));
    tag.erase(0, tag.find_first_not_of(" \t"));
    tag = tag.substr(0, tag.find_first_of(" \t-_"));
    for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    double q = 1;
    if (const std::size_t at = item.find("q="); at != std::string::npos) {
      try {
        q = std::stod(item.substr(at + 2));
      } catch (const std::exception&) {
        q = 0;
      }
    }
    if (supported(tag) && q > best_q) best = tag, best_q = q;
  }
  return best;
}

}  // namespace

ApiResponse error_response(int status, const std::string& message) {
  Object::Ptr error = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  error->set("status", status);
  error->set("message", message);
  ApiResponse response;
  response.status = status;
  response.body = new Object;
  response.body->set("error", error);
  return response;
}

Api::Api(ApiSettings settings)
    : settings_(std::move(settings)),
      pool_(settings_.database_uri, settings_.pool_size),
      status_limiter_(settings_.status_lookups_per_minute) {
  routes_ = {
      {"GET", "/api/v1/health", [this](const ApiRequest& r) { return health(r); }},
      {"POST", "/api/v1/status", [this](const ApiRequest& r) { return status(r); }},
  };
}

const Route* Api::find(const std::string& method, const std::string& path) const {
  for (const Route& route : routes_) {
    if (route.method == method && route.path == path) return &route;
  }
  return nullptr;
}

std::string Api::allowed(const std::string& path) const {
  std::string methods;
  for (const Route& route : routes_) {
    if (route.path == path) methods += (methods.empty() ? "" : ", ") + route.method;
  }
  return methods;
}

ApiResponse Api::health(const ApiRequest&) {
  ApiResponse response;
  response.body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  Expected<DatabasePool::Lease> db = pool_.lease();
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
  response.status = reachable ? 200 : 503;
  response.body->set("status", reachable ? "ok" : "unavailable");
  response.body->set("database", reachable ? "ok" : "unreachable");
  return response;
}

ApiResponse Api::status(const ApiRequest& request) {
  // Limited per address before anything is looked up: guessing codes costs
  // the guesser time, whatever the answers.
  if (const std::optional<int> wait = status_limiter_.take(request.client)) {
    ApiResponse response =
        error_response(429, "too many status lookups from this address; try again later");
    response.headers["Retry-After"] = std::to_string(*wait);
    return response;
  }
  if (!request.body || !request.body->has("code") || !request.body->get("code").isString()) {
    return error_response(400, "the body must be a JSON object with \"code\": the tracking code");
  }
  std::string language = request.body->optValue<std::string>("lang", "");
  if (!language.empty() && !supported(language)) {
    return error_response(400, "\"lang\" must be one of en, fr, es");
  }
  const std::optional<std::string> code =
      ingest::normalize_tracking_code(request.body->getValue<std::string>("code"));
  if (!code) {
    return error_response(400,
                          "not a tracking code: twelve letters and digits, as in K7QM-3XJD-9TBW");
  }
  Expected<DatabasePool::Lease> db = pool_.lease();
  if (!db) return error_response(503, "the store is unavailable");
  const std::optional<store::SubmissionStatus> found = store::find_by_tracking_code(**db, *code);
  if (!found) return error_response(404, "no proposal has this tracking code");
  if (language.empty()) language = preferred_language(request.accept_language);
  if (language.empty()) language = supported(found->language) ? found->language : "en";
  Expected<Messages> messages = Messages::open(settings_.messages_dir, language);
  if (!messages) return error_response(500, messages.problems()[0].message);

  ApiResponse response;
  response.body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  response.body->set("code", *code);
  response.body->set("title", found->title);
  response.body->set("status", found->status);
  response.body->set("language", language);
  Poco::JSON::Array::Ptr history = new Poco::JSON::Array;
  for (const store::StatusChange& change : found->history) {
    Object::Ptr entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    entry->set("status", change.status);
    entry->set("at", change.at);
    history->add(entry);
  }
  response.body->set("history", history);
  response.body->set(
      "text", status_text(*found, *code, *messages, store::released_feedback(**db, found->id)));
  return response;
}

}  // namespace shortlist::server
