#include "core/server/pages.h"

#include <sstream>

#include "core/messages/messages.h"
#include "core/report/html_text.h"
#include "core/report/status_report.h"
#include "core/util/password.h"

namespace shortlist::server {
namespace {

using report::escape_html;
using report::right_to_left;

// __Host- over HTTPS, as the session cookie is (api.cc).
std::string csrf_cookie(bool secure) { return secure ? "__Host-shortlist_csrf" : "shortlist_csrf"; }

std::string value_of(const std::map<std::string, std::string>& values, const std::string& key) {
  const auto it = values.find(key);
  return it == values.end() ? "" : it->second;
}

// Each language named in itself, for the switcher.
const std::map<std::string, std::string> kEndonyms = {
    {"en", "English"}, {"fr", "Français"}, {"es", "Español"}, {"ar", "العربية"}};

struct Page {
  std::string language;
  const Messages* messages;
  std::string csrf;
  std::string code_typed;
  std::string alert;   // a problem to show above the form
  std::string result;  // the status, rendered
};

std::string render(const Page& page) {
  const Messages& m = *page.messages;
  std::ostringstream html;
  html << "<!doctype html>\n<html lang=\"" << page.language << "\" dir=\""
       << (right_to_left(page.language) ? "rtl" : "ltr")
       << "\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
       << escape_html(m.format("page_title")) << "</title>\n"
       << "<link rel=\"stylesheet\" href=\"/static/shortlist.css\">\n</head>\n<body>\n"
       << "<header>\n<nav aria-label=\"" << escape_html(m.format("language_label"))
       << "\">\n<ul class=\"languages\">\n";
  for (const std::string& language : applicant_languages()) {
    html << "<li><a href=\"/status?lang=" << language << "\" hreflang=\"" << language
         << "\" lang=\"" << language << "\""
         << (language == page.language ? " aria-current=\"page\"" : "") << ">"
         << escape_html(kEndonyms.at(language)) << "</a></li>\n";
  }
  html << "</ul>\n</nav>\n</header>\n<main>\n<h1>" << escape_html(m.format("page_title"))
       << "</h1>\n<p>" << escape_html(m.format("page_intro")) << "</p>\n";
  if (!page.alert.empty()) {
    html << "<p class=\"alert\" role=\"alert\">" << escape_html(page.alert) << "</p>\n";
  }
  html << "<form method=\"post\" action=\"/status\">\n"
       << "<input type=\"hidden\" name=\"csrf\" value=\"" << escape_html(page.csrf) << "\">\n"
       << "<input type=\"hidden\" name=\"lang\" value=\"" << page.language << "\">\n"
       << "<label for=\"code\">" << escape_html(m.format("code_label")) << "</label>\n"
       << "<input id=\"code\" name=\"code\" type=\"text\" dir=\"ltr\" autocomplete=\"off\" "
          "spellcheck=\"false\" required maxlength=\"64\" aria-describedby=\"code-hint\" value=\""
       << escape_html(page.code_typed) << "\">\n<p id=\"code-hint\" class=\"hint\">"
       << escape_html(m.format("code_hint")) << "</p>\n<button type=\"submit\">"
       << escape_html(m.format("submit")) << "</button>\n</form>\n"
       << page.result << "</main>\n</body>\n</html>\n";
  return html.str();
}

// Text from elsewhere (a title, what was typed) set into a sentence: isolated
// (FSI … PDI) so that a French title in an Arabic sentence keeps both in order.
icu::UnicodeString isolated(const std::string& text) {
  return icu::UnicodeString::fromUTF8("\u2068" + text + "\u2069");
}

std::string render_status(const StatusLookup& found, const Messages& m) {
  auto u = [](const std::string& text) { return icu::UnicodeString::fromUTF8(text); };
  const store::SubmissionStatus& status = *found.status;
  std::ostringstream html;
  html
      << "<section class=\"status\" aria-labelledby=\"status-heading\">\n<h2 id=\"status-heading\">"
      << escape_html(status_heading(status, m, isolated(status.title))) << "</h2>\n<dl>\n"
      << "<dt>" << escape_html(m.format("code_label"))
      << "</dt><dd><span dir=\"ltr\" class=\"code\">" << escape_html(found.code)
      << "</span></dd>\n<dt>" << escape_html(m.format("history_status"))
      << "</dt><dd class=\"current\" data-status=\"" << escape_html(status.status) << "\">"
      << escape_html(m.format("status_" + status.status)) << "</dd>\n</dl>\n<p class=\"next\">"
      << escape_html(m.format("next", {{"text", u(m.format(next_step_key(status)))}}))
      << "</p>\n<p>"
      << escape_html(m.format("versions", {{"count", static_cast<int32_t>(status.version)}}))
      << "</p>\n<h3>" << escape_html(m.format("history"))
      << "</h3>\n<table>\n<thead><tr><th scope=\"col\">" << escape_html(m.format("history_when"))
      << "</th><th scope=\"col\">" << escape_html(m.format("history_status"))
      << "</th></tr></thead>\n<tbody>\n";
  for (const store::StatusChange& change : status.history) {
    html << "<tr><td><time datetime=\"" << escape_html(change.at) << "\">"
         << escape_html(m.date_time(change.at)) << "</time></td><td>"
         << escape_html(m.format("status_" + change.status));
    if (!change.reason.empty()) html << " (" << escape_html(change.reason) << ")";
    html << "</td></tr>\n";
  }
  html << "</tbody>\n</table>\n";
  if (status.jury_comment_shown()) {
    html << "<p class=\"jury-comment\">"
         << escape_html(m.format("jury_comment", {{"comment", isolated(status.jury_comment)}}))
         << "</p>\n";
  }
  if (found.feedback && status.scores_shown()) {
    const store::StoredEntry& entry = found.feedback->entry;
    html << "<h3>"
         << escape_html(
                m.format("feedback", {{"when", u(m.date_time(found.feedback->released_at))}}))
         << "</h3>\n<p>"
         << escape_html(
                m.format("feedback_rank", {{"rank", static_cast<int32_t>(entry.rank)},
                                           {"ranked", static_cast<int32_t>(found.feedback->ranked)},
                                           {"score", entry.score}}))
         << "</p>\n<ul>\n";
    for (const store::StoredScore& score : entry.scores) {
      html << "<li>"
           << escape_html(
                  m.format("feedback_criterion",
                           {{"criterion", u(criterion_label(score.criterion, m, found.feedback))},
                            {"explanation", u(store::explanation_shown(score))}}))
           << "</li>\n";
    }
    html << "</ul>\n";
  }
  html << "</section>\n";
  return html.str();
}

// A visitor's token is a random nonce and the server's HMAC of it: one the
// server made is known again without keeping it, and any other — typed,
// planted by another site, or left from before a restart — is replaced.
bool made_here(const Site& site, const std::string& token) {
  if (token.size() != 96 || token.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return false;
  }
  return equal_in_constant_time(token.substr(32),
                                hmac_sha256_hex(site.secret(), "csrf:" + token.substr(0, 32)));
}

}  // namespace

std::string anonymous_csrf(const Site& site, const PageRequest& request, PageResponse& response) {
  std::string token = value_of(request.cookies, csrf_cookie(request.secure));
  if (!made_here(site, token)) {
    const std::string nonce = random_hex(16);
    token = nonce + hmac_sha256_hex(site.secret(), "csrf:" + nonce);
    response.headers["Set-Cookie"] = csrf_cookie(request.secure) + "=" + token +
                                     "; Path=/; HttpOnly; SameSite=Strict" +
                                     (request.secure ? "; Secure" : "");
  }
  return token;
}

bool anonymous_csrf_sent(const Site& site, const PageRequest& request) {
  const std::string sent = value_of(request.form, "csrf");
  return made_here(site, sent) &&
         equal_in_constant_time(sent, value_of(request.cookies, csrf_cookie(request.secure)));
}

PageResponse Pages::answer(const PageRequest& request) {
  if (request.path == "/" && request.method == "GET") {
    PageResponse redirect;
    redirect.status = 303;
    redirect.headers["Location"] = "/status";
    return redirect;
  }
  const bool get = request.method == "GET", post = request.method == "POST";
  const std::string kProposals = "/jury/proposals/";
  if (request.path == "/status" && (get || post)) return status_page(request);
  if (request.path == "/apply" && (get || post)) return apply_page(request);
  if (request.path == "/sign-in" && (get || post)) return sign_in_page(request);
  if (request.path == "/sign-out" && post) return sign_out(request);
  if (request.path == "/account/password" && (get || post)) return password_page(request);
  if (request.path == "/jury" && get) return jury_page(request);
  if (request.path.rfind(kProposals, 0) == 0 && request.path.size() > kProposals.size() &&
      request.path.find('/', kProposals.size()) == std::string::npos && (get || post)) {
    return proposal_page(request, request.path.substr(kProposals.size()));
  }
  if (request.path == "/organiser" && get) return organiser_page(request);
  if ((request.path == "/organiser/decisions" || request.path == "/organiser/release" ||
       request.path == "/organiser/runs") &&
      post) {
    return organiser_action(request);
  }
  PageResponse missing;
  const bool known = request.path == "/status" || request.path == "/apply" ||
                     request.path == "/sign-in" || request.path == "/sign-out" ||
                     request.path == "/account/password" || request.path == "/jury" ||
                     request.path == "/organiser" || request.path.rfind("/organiser/", 0) == 0;
  missing.status = known ? 405 : 404;
  missing.html =
      "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" +
      std::to_string(missing.status) + "</title></head>\n<body><main><h1>" +
      (missing.status == 404 ? "Not found" : "Method not allowed") +
      "</h1><p><a href=\"/status\">Check the status of a proposal</a></p></main></body>\n"
      "</html>\n";
  return missing;
}

PageResponse Pages::status_page(const PageRequest& request) {
  const bool posted = request.method == "POST";
  std::string language = value_of(posted ? request.form : request.query, "lang");
  if (!is_applicant_language(language)) language = preferred_language(request.accept_language);
  if (language.empty()) language = "en";
  const Messages* messages = &site_.messages(language);

  PageResponse response;
  Page page{language, messages, anonymous_csrf(site_, request, response), "", "", ""};
  if (posted) {
    page.code_typed = value_of(request.form, "code");
    if (!anonymous_csrf_sent(site_, request)) {
      response.status = 403;
      page.alert = messages->format("session_expired");
    } else {
      const StatusLookup found = lookup_status(site_, page.code_typed, request.client);
      switch (found.outcome) {
        case StatusLookup::Outcome::Found:
          page.result = render_status(found, *messages);
          break;
        case StatusLookup::Outcome::Limited:
          response.status = 429;
          response.headers["Retry-After"] = std::to_string(found.retry_after);
          page.alert = messages->format("too_many");
          break;
        case StatusLookup::Outcome::BadCode:
          response.status = 400;
          page.alert = messages->format("bad_code", {{"code", isolated(page.code_typed)}});
          break;
        case StatusLookup::Outcome::NotFound:
          response.status = 404;
          page.alert = messages->format("not_found");
          break;
        case StatusLookup::Outcome::Unavailable:
          response.status = 503;
          page.alert = messages->format("unavailable");
          break;
      }
    }
  }
  response.html = render(page);
  return response;
}

}  // namespace shortlist::server
