// The server-rendered pages (HTML, usable without JavaScript, no inline
// script or style): for now the applicant's status page, in English,
// French, Spanish and Arabic (right to left), the language chosen by the
// switcher, else the browser's Accept-Language, else English.
//
//   GET  /status[?lang=fr]   the form
//   POST /status             code, lang, csrf → the status, or why not
//
// Forms carry a CSRF token that must equal the one in the visitor's
// cookie (compared in constant time); a page is never cached.
#pragma once

#include <map>
#include <string>

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
  bool secure = false;  // over TLS: cookies are marked Secure
};

struct PageResponse {
  int status = 200;
  std::string html;
  std::map<std::string, std::string> headers;  // Set-Cookie, Location, Retry-After ...
};

class Pages {
 public:
  explicit Pages(Site& site) : site_(site) {}
  // The page for this request; nullopt status 404/405 for unknown routes.
  PageResponse answer(const PageRequest& request);

 private:
  PageResponse status_page(const PageRequest& request);
  Site& site_;
};

// `text` with &, <, >, " and ' escaped for HTML text and attribute values.
std::string escape_html(std::string_view text);

}  // namespace shortlist::server
