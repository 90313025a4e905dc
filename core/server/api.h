// The web service's JSON API (`shortlist serve`): each route an HTTP method,
// a path under /api/v1/ (with {name} for a segment), who may call it, and
// the function that answers. docs/openapi.yaml describes exactly these; a
// test keeps the two equal.
//
// Who: anyone (health, status, sign-in), anyone signed in, or only an
// organiser or only a juror. A session is the `__Host-shortlist_session`
// cookie set at sign-in (`shortlist_session` over plain HTTP); every POST of a signed-in caller
// must also carry the session's CSRF token in an X-CSRF-Token header. Roles are enforced here, for
// every route, and again in what each route shows: a juror reads only the proposals assigned to
// them, and other jurors' reviews of one only after sending their own. Under blind review,
// every answer to a juror, whichever route gave it, has the applicants' names withheld on its
// way out (Api::answer).
//
//   Api api(site);
//   ApiResponse answer = api.answer(request);
#pragma once

#include <Poco/JSON/Object.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/app/submit_application.h"
#include "core/server/site.h"
#include "core/store/account_store.h"
#include "core/text/redact.h"

namespace shortlist::server {

// What a route is given of a request, already read and within limits.
struct ApiRequest {
  std::string method;
  std::string path;
  std::string client;            // the peer's address
  std::string accept_language;   // the header, as sent
  Poco::JSON::Object::Ptr body;  // a JSON object, or null when there was none
  std::map<std::string, std::string> cookies = {};
  std::string csrf_header = {};  // X-CSRF-Token
  std::string edit_key = {};     // X-Edit-Key
  // A multipart/form-data body (online applications only): its fields in
  // the order sent, and its files.
  std::vector<std::pair<std::string, std::string>> form = {};
  std::vector<app::Attachment> attachments = {};
  bool multipart = false;
  bool secure = false;  // over HTTPS: __Host- cookies, marked Secure
  // Filled by Api::answer: the {name} segments, and the caller's session.
  std::map<std::string, std::string> params = {};
  std::optional<store::Session> session = {};
};

struct ApiResponse {
  int status = 200;
  Poco::JSON::Object::Ptr body;
  std::map<std::string, std::string> headers;  // beyond those every response has
  std::string text = {};                       // the body already as JSON text, when it was kept so
};

// An error answer: {"error": {"status": 404, "message": "..."}}.
ApiResponse error_response(int status, const std::string& message);

// The HTTP status of an application refused (403 outside the window or
// for a wrong key, 413, 422, 409, 503), 200 when it was not.
int application_status(app::ApplicationRefusal refusal);

// An online application's fields and what comes with them, from a JSON
// body or a form: the applicant's language, whether it is a draft, and the
// use-case's request. Fields that are not the application's ("lang",
// "draft", "csrf", "code", "edit_key") are left out.
struct ApplicationInput {
  std::string language;
  app::ApplicationRequest request;
};
ApplicationInput application_from_json(const Poco::JSON::Object::Ptr& body,
                                       const std::string& accept_language);
ApplicationInput application_from_form(const std::vector<std::pair<std::string, std::string>>& form,
                                       std::vector<app::Attachment> attachments,
                                       const std::string& accept_language);

enum class Access { Anyone, SignedIn, Organiser, Juror };

struct Route {
  std::string method;
  std::string path;  // "/api/v1/proposals/{id}"
  Access access;
  std::function<ApiResponse(const ApiRequest&)> answer;
};

class Api {
 public:
  explicit Api(Site& site);

  const std::vector<Route>& routes() const { return routes_; }
  // Finds the route, checks who is asking, and answers.
  ApiResponse answer(ApiRequest request);

 private:
  ApiResponse health(const ApiRequest& request);
  ApiResponse status(const ApiRequest& request);
  ApiResponse sign_in(const ApiRequest& request);
  ApiResponse sign_out(const ApiRequest& request);
  ApiResponse me(const ApiRequest& request);
  ApiResponse change_password(const ApiRequest& request);
  ApiResponse assignments(const ApiRequest& request);
  ApiResponse proposal(const ApiRequest& request);
  ApiResponse proposal_reviews(const ApiRequest& request);
  ApiResponse send_review(const ApiRequest& request);
  ApiResponse submissions(const ApiRequest& request);
  ApiResponse jurors(const ApiRequest& request);
  ApiResponse runs(const ApiRequest& request);
  ApiResponse run_evaluation(const ApiRequest& request);
  ApiResponse shortlist(const ApiRequest& request);
  ApiResponse plugins(const ApiRequest& request);
  ApiResponse decisions(const ApiRequest& request);
  ApiResponse decide(const ApiRequest& request);
  ApiResponse release(const ApiRequest& request);
  // Blind review, in one place: what any route answers a juror, when the
  // call's review is blind, with every applicant's name, acronyms,
  // distinctive words and e-mail domain withheld from every text in it.
  void withhold_applicants(ApiResponse& response);
  ApiResponse submit_application(const ApiRequest& request);
  ApiResponse read_application(const ApiRequest& request);
  ApiResponse replace_application(const ApiRequest& request);
  app::ApplicationCall application_call(const std::string& language);

  Site& site_;
  RateLimiter sign_in_limiter_;
  std::vector<Route> routes_;
  std::mutex evaluation_mutex_;  // one evaluation at a time
  // The shortlist of each run asked for, as JSON text: runs are frozen.
  std::mutex shortlists_mutex_;
  std::map<std::int64_t, std::string> shortlists_;
  // What blind review hides, made again when the call's applicants change.
  std::mutex hidden_mutex_;
  std::size_t hidden_key_ = 0;
  std::shared_ptr<const text::Redactor> hidden_;
};

}  // namespace shortlist::server
