// The server-rendered pages (HTML, usable without JavaScript, no inline
// script or style). The applicant's status page, in English, French,
// Spanish and Arabic (right to left), the language chosen by the switcher,
// else the browser's Accept-Language, else English:
//
//   GET  /status[?lang=fr]   the form
//   POST /status             code, lang, csrf → the status, or why not
//   GET  /apply[?lang=fr]    the call's application form (apply_pages.cc)
//   POST /apply              the form (multipart, with attachments) → the receipt, or
//                            the problems beside their fields; with `open`, a code and
//                            its edit key → the form filled in, to change it
//
// and the pages of the jury and the organisers, in English, each an HTML
// view of the JSON API (api.h), which decides who may see and do what:
//
//   GET  /sign-in, POST /sign-in, POST /sign-out
//   GET  /account/password, POST /account/password   changes one's own password
//   GET  /jury                          a juror's assignments and progress
//   GET  /jury/proposals/{id}           the proposal, its automatic scores, the review form
//   POST /jury/proposals/{id}           sends the review
//   GET  /organiser                     the call: counts, runs, jury, decisions
//   POST /organiser/decisions           records a decision
//   POST /organiser/release             releases the decisions to applicants
//   POST /organiser/runs                evaluates the stored submissions now
//
// Forms carry a CSRF token: before signing in, one the server signed that
// must equal the visitor's cookie; after, the session's. Compared in constant time; a
// page is never cached.
#pragma once

#include <map>
#include <string>

#include "core/server/api.h"
#include "core/server/site.h"

namespace shortlist::server {

struct PageRequest {
  std::string method;
  std::string path;
  std::string client;
  std::string accept_language;
  std::map<std::string, std::string> query;  // decoded
  std::map<std::string, std::string> form;   // decoded, POST only
  std::map<std::string, std::string> cookies;
  bool secure = false;                            // over TLS: cookies are marked Secure
  std::vector<app::Attachment> attachments = {};  // POST /apply: the files sent
};

struct PageResponse {
  int status = 200;
  std::string html;
  std::map<std::string, std::string> headers;  // Set-Cookie, Location, Retry-After ...
};

class Pages {
 public:
  Pages(Site& site, Api& api) : site_(site), api_(api) {}
  // The page for this request; 404 or 405 for unknown routes.
  PageResponse answer(const PageRequest& request);

 private:
  PageResponse status_page(const PageRequest& request);
  PageResponse apply_page(const PageRequest& request);
  PageResponse sign_in_page(const PageRequest& request);
  PageResponse sign_out(const PageRequest& request);
  PageResponse password_page(const PageRequest& request);
  PageResponse jury_page(const PageRequest& request);
  PageResponse proposal_page(const PageRequest& request, const std::string& id);
  PageResponse organiser_page(const PageRequest& request, const std::string& alert = "",
                              int status = 200);
  PageResponse organiser_action(const PageRequest& request);
  // The API's answer to `method path` for the visitor of `request`, their
  // session cookie and, for a POST, the form's CSRF token passed on.
  ApiResponse call(const PageRequest& request, const std::string& method, const std::string& path,
                   Poco::JSON::Object::Ptr body = nullptr);

  Site& site_;
  Api& api_;
};

// The visitor's CSRF token before signing in: from their cookie when the
// server made it, else new and set in `response`. And whether a form sent
// it back.
std::string anonymous_csrf(const Site& site, const PageRequest& request, PageResponse& response);
bool anonymous_csrf_sent(const Site& site, const PageRequest& request);

}  // namespace shortlist::server
