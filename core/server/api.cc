#include "core/server/api.h"

#include <Poco/JSON/Array.h>

#include "core/messages/messages.h"
#include "core/report/status_report.h"

namespace shortlist::server {

using Poco::JSON::Object;

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

Api::Api(Site& site) : site_(site) {
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
  response.status = reachable ? 200 : 503;
  response.body->set("status", reachable ? "ok" : "unavailable");
  response.body->set("database", reachable ? "ok" : "unreachable");
  return response;
}

ApiResponse Api::status(const ApiRequest& request) {
  if (!request.body || !request.body->has("code") || !request.body->get("code").isString()) {
    return error_response(400, "the body must be a JSON object with \"code\": the tracking code");
  }
  std::string language = request.body->optValue<std::string>("lang", "");
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
  Expected<Messages> messages = Messages::open(site_.settings().messages_dir, language);
  if (!messages) return error_response(500, messages.problems()[0].message);

  ApiResponse response;
  response.body = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  response.body->set("code", found.code);
  response.body->set("title", status.title);
  response.body->set("status", status.status);
  response.body->set("language", language);
  Poco::JSON::Array::Ptr history = new Poco::JSON::Array;
  for (const store::StatusChange& change : status.history) {
    Object::Ptr entry = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    entry->set("status", change.status);
    entry->set("at", change.at);
    history->add(entry);
  }
  response.body->set("history", history);
  response.body->set("text", status_text(status, found.code, *messages, found.feedback));
  return response;
}

}  // namespace shortlist::server
