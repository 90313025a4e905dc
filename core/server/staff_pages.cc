// The pages of the jury and the organisers (pages.h): HTML views of the
// JSON API, which decides who may see and do what.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <cstdio>
#include <sstream>

#include "core/report/html_text.h"
#include "core/server/pages.h"

namespace shortlist::server {
namespace {

using report::escape_html;
using report::right_to_left;

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string text_of(const Object::Ptr& object, const std::string& key) {
  return object && object->has(key) && !object->get(key).isEmpty() ? object->get(key).toString()
                                                                   : "";
}

std::string error_of(const ApiResponse& response) {
  return text_of(response.body ? response.body->getObject("error") : nullptr, "message");
}

PageResponse redirect(const std::string& to) {
  PageResponse response;
  response.status = 303;
  response.headers["Location"] = to;
  return response;
}

// A staff page: the header names who is signed in, with a sign-out button.
std::string layout(const std::string& title, const Object::Ptr& session, const std::string& main) {
  std::ostringstream html;
  html
      << "<!doctype html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
      << escape_html(title) << " · Shortlist</title>\n"
      << "<link rel=\"stylesheet\" href=\"/static/shortlist.css\">\n</head>\n<body>\n<header>\n"
      << "<nav aria-label=\"Shortlist\" class=\"staff\">\n<span class=\"brand\">Shortlist</span>\n";
  if (session) {
    const std::string role = text_of(session, "role");
    html << "<a href=\"/" << (role == "juror" ? "jury" : "organiser") << "\">"
         << (role == "juror" ? "My assignments" : "Call overview") << "</a>\n"
         << "<span class=\"who\">Signed in as " << escape_html(text_of(session, "name"))
         << "</span>\n<a href=\"/account/password\">Change password</a>\n"
         << "<form method=\"post\" action=\"/sign-out\" class=\"inline\">"
         << "<input type=\"hidden\" name=\"csrf\" value=\"" << escape_html(text_of(session, "csrf"))
         << "\"><button type=\"submit\">Sign out</button></form>\n";
  }
  html << "</nav>\n</header>\n<main>\n" << main << "</main>\n</body>\n</html>\n";
  return html.str();
}

PageResponse problem_page(int status, const std::string& message, const Object::Ptr& session) {
  PageResponse response;
  response.status = status;
  response.html = layout("Not available", session,
                         "<h1>Not available</h1>\n<p class=\"alert\" role=\"alert\">" +
                             escape_html(message) + "</p>\n");
  return response;
}

std::string alert_html(const std::string& alert) {
  return alert.empty() ? "" : "<p class=\"alert\" role=\"alert\">" + escape_html(alert) + "</p>\n";
}

// A table of counts, largest first.
std::string counts_table(const std::string& caption, const Object::Ptr& counts) {
  std::vector<std::pair<int, std::string>> rows;
  for (const std::string& key : counts->getNames())
    rows.push_back({counts->getValue<int>(key), key});
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::ostringstream html;
  html << "<table class=\"counts\">\n<caption>" << escape_html(caption) << "</caption>\n<tbody>\n";
  for (const auto& [n, key] : rows) {
    html << "<tr><th scope=\"row\">" << escape_html(key) << "</th><td>" << n << "</td></tr>\n";
  }
  html << "</tbody>\n</table>\n";
  return html.str();
}

// The latest run's shortlist: rank, proposal, score and how often it stays
// shortlisted when the weights vary.
std::string shortlist_table(const ApiResponse& shortlist) {
  std::ostringstream html;
  html << "<section aria-labelledby=\"shortlist\">\n<h2 id=\"shortlist\">Shortlist of run "
       << text_of(shortlist.body, "run") << "</h2>\n<table>\n<thead><tr><th scope=\"col\">Rank"
       << "</th><th scope=\"col\">Proposal</th><th scope=\"col\">Score</th><th scope=\"col\">"
       << "Stays shortlisted</th></tr></thead>\n<tbody>\n";
  Array::Ptr entries = shortlist.body->getArray("shortlist");
  for (std::size_t i = 0; i < entries->size(); ++i) {
    Object::Ptr e = entries->getObject(static_cast<unsigned>(i));
    char score[32], probability[32];
    std::snprintf(score, sizeof score, "%.3f", e->optValue<double>("score", 0));
    std::snprintf(probability, sizeof probability, "%.0f%%",
                  100 * e->optValue<double>("shortlist_probability", 0));
    html << "<tr><td>" << text_of(e, "rank") << "</td><td><a href=\"/jury/proposals/"
         << escape_html(text_of(e, "id")) << "\">" << escape_html(text_of(e, "title"))
         << "</a></td><td>" << score << "</td><td>" << probability
         << (e->optValue<bool>("fragile", false) ? " (fragile)" : "") << "</td></tr>\n";
  }
  html << "</tbody>\n</table>\n</section>\n";
  return html.str();
}

}  // namespace

ApiResponse Pages::call(const PageRequest& request, const std::string& method,
                        const std::string& path, Object::Ptr body) {
  ApiRequest in{method, path, request.client, request.accept_language, std::move(body)};
  in.cookies = request.cookies;
  in.secure = request.secure;
  if (method != "GET") {
    const auto csrf = request.form.find("csrf");
    in.csrf_header = csrf == request.form.end() ? "" : csrf->second;
  }
  ApiResponse response = api_.answer(std::move(in));
  if (!response.body && !response.text.empty()) {
    response.body = Poco::JSON::Parser().parse(response.text).extract<Object::Ptr>();
  }
  return response;
}

PageResponse Pages::sign_in_page(const PageRequest& request) {
  PageResponse response;
  const std::string token = anonymous_csrf(site_, request, response);
  std::string alert;
  const auto form = [&](const std::string& key) {
    const auto it = request.form.find(key);
    return it == request.form.end() ? std::string() : it->second;
  };
  if (request.method == "POST") {
    if (!anonymous_csrf_sent(site_, request)) {
      response.status = 403;
      alert = "This page has expired. Please sign in again.";
    } else {
      Object::Ptr body = new Object;
      body->set("name", form("name"));
      body->set("password", form("password"));
      const ApiResponse signed_in = call(request, "POST", "/api/v1/session", body);
      if (signed_in.status == 200) {
        PageResponse to =
            redirect(text_of(signed_in.body, "role") == "juror" ? "/jury" : "/organiser");
        to.headers["Set-Cookie"] = signed_in.headers.at("Set-Cookie");
        return to;
      }
      response.status = signed_in.status;
      alert = error_of(signed_in);
      if (signed_in.headers.count("Retry-After")) {
        response.headers["Retry-After"] = signed_in.headers.at("Retry-After");
      }
    }
  }
  std::ostringstream main;
  main << "<h1>Sign in</h1>\n<p>For the organisers and the jury of the call. Applicants: <a "
          "href=\"/status\">check the status of your proposal</a>.</p>\n"
       << alert_html(alert) << "<form method=\"post\" action=\"/sign-in\">\n"
       << "<input type=\"hidden\" name=\"csrf\" value=\"" << escape_html(token) << "\">\n"
       << "<label for=\"name\">Account name</label>\n<input id=\"name\" name=\"name\" "
          "type=\"text\" autocomplete=\"username\" required maxlength=\"64\" value=\""
       << escape_html(form("name")) << "\">\n"
       << "<label for=\"password\">Password</label>\n<input id=\"password\" name=\"password\" "
          "type=\"password\" autocomplete=\"current-password\" required>\n"
       << "<button type=\"submit\">Sign in</button>\n</form>\n";
  response.html = layout("Sign in", nullptr, main.str());
  return response;
}

PageResponse Pages::password_page(const PageRequest& request) {
  const ApiResponse session = call(request, "GET", "/api/v1/session");
  if (session.status == 401) return redirect("/sign-in");
  const auto form = [&](const std::string& key) {
    const auto it = request.form.find(key);
    return it == request.form.end() ? std::string() : it->second;
  };
  PageResponse response;
  std::string alert, done;
  if (request.method == "POST") {
    Object::Ptr body = new Object;
    body->set("current", form("current"));
    body->set("new", form("new"));
    const ApiResponse changed = form("new") == form("again")
                                    ? call(request, "POST", "/api/v1/session/password", body)
                                    : error_response(422, "the two new passwords differ");
    if (changed.status == 401) return redirect("/sign-in");
    if (changed.status == 200) {
      done = "Your password is changed. Your other sessions have ended (" +
             text_of(changed.body, "sessions_ended") + ").";
    } else {
      response.status = changed.status;
      alert = error_of(changed);
      if (changed.headers.count("Retry-After")) {
        response.headers["Retry-After"] = changed.headers.at("Retry-After");
      }
    }
  }
  std::ostringstream main;
  main << "<h1>Change your password</h1>\n"
       << (done.empty() ? "" : "<p class=\"done\" role=\"status\">" + escape_html(done) + "</p>\n")
       << alert_html(alert) << "<form method=\"post\" action=\"/account/password\">\n"
       << "<input type=\"hidden\" name=\"csrf\" value=\""
       << escape_html(text_of(session.body, "csrf")) << "\">\n"
       << "<label for=\"current\">Current password</label>\n<input id=\"current\" "
          "name=\"current\" type=\"password\" autocomplete=\"current-password\" required>\n"
       << "<label for=\"new\">New password</label>\n<input id=\"new\" name=\"new\" "
          "type=\"password\" autocomplete=\"new-password\" minlength=\"12\" required "
          "aria-describedby=\"new-hint\">\n<p id=\"new-hint\" class=\"hint\">At least 12 "
          "characters, and not a common or breached password: a few unrelated words "
          "will do.</p>\n"
       << "<label for=\"again\">New password again</label>\n<input id=\"again\" "
          "name=\"again\" type=\"password\" autocomplete=\"new-password\" minlength=\"12\" "
          "required>\n"
       << "<button type=\"submit\">Change password</button>\n</form>\n";
  response.html = layout("Change your password", session.body, main.str());
  return response;
}

PageResponse Pages::sign_out(const PageRequest& request) {
  const ApiResponse out = call(request, "DELETE", "/api/v1/session");
  PageResponse to = redirect("/sign-in");
  if (out.headers.count("Set-Cookie")) to.headers["Set-Cookie"] = out.headers.at("Set-Cookie");
  return to;
}

PageResponse Pages::jury_page(const PageRequest& request) {
  const ApiResponse session = call(request, "GET", "/api/v1/session");
  if (session.status == 401) return redirect("/sign-in");
  if (text_of(session.body, "role") != "juror") {
    return problem_page(403, "These pages are for jurors.", session.body);
  }
  const ApiResponse mine = call(request, "GET", "/api/v1/assignments");
  if (mine.status != 200) return problem_page(mine.status, error_of(mine), session.body);
  const int reviewed = mine.body->getValue<int>("reviewed"),
            total = mine.body->getValue<int>("total");
  std::ostringstream main;
  main << "<h1>My assignments</h1>\n<p class=\"progress-text\">" << reviewed << " of " << total
       << " reviewed</p>\n<progress value=\"" << reviewed << "\" max=\"" << std::max(total, 1)
       << "\" aria-label=\"Reviews sent\"></progress>\n"
       << "<table class=\"assignments\">\n<thead><tr><th scope=\"col\">Proposal</th><th "
          "scope=\"col\">Title</th><th scope=\"col\">Review</th></tr></thead>\n<tbody>\n";
  Array::Ptr list = mine.body->getArray("assignments");
  for (std::size_t i = 0; i < list->size(); ++i) {
    Object::Ptr a = list->getObject(static_cast<unsigned>(i));
    const std::string id = text_of(a, "proposal");
    main << "<tr><td><a href=\"/jury/proposals/" << escape_html(id) << "\">" << escape_html(id)
         << "</a></td><td dir=\"auto\">" << escape_html(text_of(a, "title")) << "</td><td>"
         << (a->getValue<bool>("reviewed") ? "sent" : "to do") << "</td></tr>\n";
  }
  main << "</tbody>\n</table>\n";
  const ApiResponse shortlist = call(request, "GET", "/api/v1/shortlist");
  if (shortlist.status == 200) {
    main << shortlist_table(shortlist);
  } else if (shortlist.status == 403) {
    main << "<p class=\"hint\">The ranked shortlist is shown here once you have sent all your "
            "reviews.</p>\n";
  }
  PageResponse response;
  response.html = layout("My assignments", session.body, main.str());
  return response;
}

PageResponse Pages::proposal_page(const PageRequest& request, const std::string& id) {
  const ApiResponse session = call(request, "GET", "/api/v1/session");
  if (session.status == 401) return redirect("/sign-in");
  const std::string page = "/jury/proposals/" + id;
  std::string alert;
  int status = 200;
  const CallConfig& config = site_.settings().config;
  auto form = [&](const std::string& key) {
    const auto it = request.form.find(key);
    return it == request.form.end() ? std::string() : it->second;
  };
  if (request.method == "POST") {
    Object::Ptr review = new Object;
    review->set("proposal", id);
    review->set("comment", form("comment"));
    review->set("abstain", form("abstain") == "yes");
    Array::Ptr scores = new Array;
    for (const JuryCriterion& criterion : config.jury.criteria) {
      const std::string typed = form("score." + criterion.id);
      if (typed.empty()) continue;
      Object::Ptr score = new Object;
      score->set("criterion", criterion.id);
      try {
        std::size_t used = 0;
        score->set("score", std::stod(typed, &used));
        if (used != typed.size()) throw std::invalid_argument(typed);
      } catch (const std::exception&) {
        alert = "The score for " + criterion.label.in("en") + " must be a number.";
      }
      score->set("comment", form("comment." + criterion.id));
      scores->add(score);
    }
    review->set("scores", scores);
    const std::string confidence = form("confidence");
    try {
      review->set("confidence", confidence.empty() ? 1.0 : std::stod(confidence));
    } catch (const std::exception&) {
      alert = "The confidence must be a number.";
    }
    if (alert.empty()) {
      const ApiResponse sent = call(request, "POST", "/api/v1/reviews", review);
      if (sent.status == 401) return redirect("/sign-in");
      if (sent.status == 200) return redirect(page + "?sent=1");
      alert = error_of(sent);
      status = sent.status;
    } else {
      status = 400;
    }
  }
  const ApiResponse proposal = call(request, "GET", "/api/v1/proposals/" + id);
  if (proposal.status != 200)
    return problem_page(proposal.status, error_of(proposal), session.body);
  const ApiResponse reviews = call(request, "GET", "/api/v1/proposals/" + id + "/reviews");
  const Object::Ptr& p = proposal.body;
  const std::string language = text_of(p, "language");
  const bool juror = text_of(session.body, "role") == "juror";

  std::ostringstream main;
  main << "<p><a href=\"/" << (juror ? "jury" : "organiser") << "\">← "
       << (juror ? "My assignments" : "Call overview") << "</a></p>\n"
       << "<article lang=\"" << escape_html(language) << "\" dir=\""
       << (right_to_left(language) ? "rtl" : "ltr") << "\">\n<h1>"
       << escape_html(text_of(p, "title")) << "</h1>\n";
  main << "<p class=\"meta\" lang=\"en\" dir=\"ltr\">" << escape_html(id) << " · "
       << escape_html(text_of(p, "languages_shown"))
       << (p->getValue<bool>("blind") ? " · blind review" : "") << "</p>\n";
  if (request.query.count("sent")) {
    main << "<p class=\"notice\" role=\"status\" lang=\"en\" dir=\"ltr\">Your review was "
            "sent.</p>\n";
  }
  main << "<p>" << escape_html(text_of(p, "summary")) << "</p>\n";
  Array::Ptr sections = p->getArray("sections");
  for (std::size_t i = 0; i < sections->size(); ++i) {
    Object::Ptr section = sections->getObject(static_cast<unsigned>(i));
    main << "<h2>" << escape_html(text_of(section, "name")) << "</h2>\n<p>"
         << escape_html(text_of(section, "text")) << "</p>\n";
  }
  Object::Ptr fields = p->getObject("fields");
  main << "<dl class=\"fields\">\n";
  for (const std::string& key : fields->getNames()) {
    main << "<dt>" << escape_html(key) << "</dt><dd>" << escape_html(text_of(fields, key))
         << "</dd>\n";
  }
  main << "</dl>\n</article>\n";

  main << "<section aria-labelledby=\"automatic\">\n<h2 id=\"automatic\">Automatic scores";
  if (p->has("run"))
    main << " (run " << text_of(p, "run") << ", rank " << text_of(p, "rank") << ")";
  main << "</h2>\n<table>\n<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">Value</th>"
          "<th scope=\"col\">Why</th></tr></thead>\n<tbody>\n";
  Array::Ptr automatic = p->getArray("automatic_scores");
  for (std::size_t i = 0; i < automatic->size(); ++i) {
    Object::Ptr score = automatic->getObject(static_cast<unsigned>(i));
    std::ostringstream value;
    value << score->getValue<double>("raw");
    main << "<tr><td>" << escape_html(text_of(score, "criterion")) << "</td><td>" << value.str()
         << "</td><td dir=\"auto\">" << escape_html(text_of(score, "explanation"));
    // A value the plugin could not give (a language it cannot read, say)
    // and the policy filled in: said beside it, never shown as measured.
    if (score->has("imputed")) {
      main << " <em class=\"imputed\" lang=\"en\" dir=\"ltr\">("
           << escape_html(text_of(score, "imputed")) << ")</em>";
    }
    main << "</td></tr>\n";
  }
  main << "</tbody>\n</table>\n</section>\n";

  // The juror's review, filled with what they sent before, if anything.
  Object::Ptr mine;
  std::ostringstream others;
  if (reviews.status == 200) {
    Array::Ptr list = reviews.body->getArray("reviews");
    for (std::size_t i = 0; i < list->size(); ++i) {
      Object::Ptr review = list->getObject(static_cast<unsigned>(i));
      if (text_of(review, "juror") == text_of(session.body, "juror")) {
        mine = review;
        continue;
      }
      others << "<tr><td>" << escape_html(text_of(review, "juror")) << "</td><td>";
      Array::Ptr scores = review->getArray("scores");
      for (std::size_t j = 0; j < scores->size(); ++j) {
        Object::Ptr score = scores->getObject(static_cast<unsigned>(j));
        others << escape_html(text_of(score, "criterion")) << " " << text_of(score, "score")
               << (j + 1 < scores->size() ? ", " : "");
      }
      others << (review->getValue<bool>("abstained") ? "abstained" : "") << "</td><td dir=\"auto\">"
             << escape_html(text_of(review, "comment")) << "</td></tr>\n";
    }
  }
  auto previous = [&](const std::string& criterion, const std::string& key) -> std::string {
    if (!request.form.empty()) return form((key == "score" ? "score." : "comment.") + criterion);
    if (!mine) return "";
    Array::Ptr scores = mine->getArray("scores");
    for (std::size_t j = 0; j < scores->size(); ++j) {
      Object::Ptr score = scores->getObject(static_cast<unsigned>(j));
      if (text_of(score, "criterion") == criterion) return text_of(score, key);
    }
    return "";
  };
  if (juror) {
    main << "<section aria-labelledby=\"review\">\n<h2 id=\"review\">Your review</h2>\n"
         << alert_html(alert) << "<form method=\"post\" action=\"" << escape_html(page) << "\">\n"
         << "<input type=\"hidden\" name=\"csrf\" value=\""
         << escape_html(text_of(session.body, "csrf")) << "\">\n";
    Array::Ptr criteria = p->getArray("jury_criteria");
    for (std::size_t i = 0; i < criteria->size(); ++i) {
      Object::Ptr c = criteria->getObject(static_cast<unsigned>(i));
      const std::string cid = escape_html(text_of(c, "id"));
      main << "<fieldset>\n<legend>" << escape_html(text_of(c, "label")) << "</legend>\n"
           << "<label for=\"score-" << cid << "\">Score, " << text_of(c, "min") << " to "
           << text_of(c, "max") << "</label>\n<input id=\"score-" << cid << "\" name=\"score."
           << cid << "\" type=\"number\" min=\"" << text_of(c, "min") << "\" max=\""
           << text_of(c, "max") << "\" step=\"0.5\" value=\""
           << escape_html(previous(text_of(c, "id"), "score")) << "\" aria-describedby=\"guidance-"
           << cid << "\">\n<p id=\"guidance-" << cid << "\" class=\"hint\">"
           << escape_html(text_of(c, "guidance")) << "</p>\n<label for=\"comment-" << cid
           << "\">Comment" << (c->getValue<bool>("comment_required") ? " (required)" : "")
           << "</label>\n<textarea id=\"comment-" << cid << "\" name=\"comment." << cid
           << "\" rows=\"2\">" << escape_html(previous(text_of(c, "id"), "comment"))
           << "</textarea>\n</fieldset>\n";
    }
    main << "<label for=\"comment\">Overall comment (the reason, if you abstain)</label>\n"
         << "<textarea id=\"comment\" name=\"comment\" rows=\"3\">"
         << escape_html(request.form.empty() ? text_of(mine, "comment") : form("comment"))
         << "</textarea>\n<label for=\"confidence\">Your confidence in this review, 0.1 to "
            "1</label>\n"
         << "<input id=\"confidence\" name=\"confidence\" type=\"number\" min=\"0.1\" max=\"1\" "
            "step=\"0.1\" value=\""
         << escape_html(mine ? text_of(mine, "confidence") : std::string("1")) << "\">\n"
         << "<p><input id=\"abstain\" name=\"abstain\" type=\"checkbox\" value=\"yes\"> <label "
            "for=\"abstain\" class=\"inline\">I abstain from this proposal</label></p>\n"
         << "<button type=\"submit\">" << (mine ? "Replace my review" : "Send my review")
         << "</button>\n</form>\n</section>\n";
  }
  main << "<section aria-labelledby=\"others\">\n<h2 id=\"others\">Other reviews</h2>\n";
  if (reviews.status == 200 && !others.str().empty()) {
    main << "<table>\n<thead><tr><th scope=\"col\">Juror</th><th scope=\"col\">Scores</th><th "
            "scope=\"col\">Comment</th></tr></thead>\n<tbody>\n"
         << others.str() << "</tbody>\n</table>\n";
  } else {
    main << "<p>"
         << (reviews.status == 403 ? "You see the others' reviews once you have sent yours."
                                   : "None yet.")
         << "</p>\n";
  }
  main << "</section>\n";
  PageResponse response;
  response.status = status;
  response.html = layout(text_of(p, "title"), session.body, main.str());
  return response;
}

PageResponse Pages::organiser_page(const PageRequest& request, const std::string& alert,
                                   int status) {
  const ApiResponse session = call(request, "GET", "/api/v1/session");
  if (session.status == 401) return redirect("/sign-in");
  if (text_of(session.body, "role") != "organiser") {
    return problem_page(403, "These pages are for the organisers.", session.body);
  }
  const ApiResponse submissions = call(request, "GET", "/api/v1/submissions");
  const ApiResponse runs = call(request, "GET", "/api/v1/runs");
  const ApiResponse jurors = call(request, "GET", "/api/v1/jurors");
  const ApiResponse assignments = call(request, "GET", "/api/v1/assignments");
  const ApiResponse decisions = call(request, "GET", "/api/v1/decisions");
  for (const ApiResponse* r : {&submissions, &runs, &jurors, &assignments, &decisions}) {
    if (r->status != 200) return problem_page(r->status, error_of(*r), session.body);
  }
  std::ostringstream main;
  main << "<h1>Call overview</h1>\n" << alert_html(alert);
  main << "<section aria-labelledby=\"submissions\">\n<h2 id=\"submissions\">Submissions: "
       << text_of(submissions.body, "total") << "</h2>\n<div class=\"columns\">\n"
       << counts_table("By status", submissions.body->getObject("by_status"))
       << counts_table("By language", submissions.body->getObject("by_language"))
       << counts_table("By country", submissions.body->getObject("by_country"))
       << "</div>\n</section>\n";

  main << "<section aria-labelledby=\"runs\">\n<h2 id=\"runs\">Evaluation runs</h2>\n<table>\n"
          "<thead><tr><th scope=\"col\">Run</th><th scope=\"col\">When</th><th "
          "scope=\"col\">Method</th><th scope=\"col\">Ranked</th></tr></thead>\n<tbody>\n";
  Array::Ptr run_list = runs.body->getArray("runs");
  for (std::size_t i = 0; i < run_list->size(); ++i) {
    Object::Ptr run = run_list->getObject(static_cast<unsigned>(i));
    main << "<tr><td>" << text_of(run, "id")
         << (run->optValue<bool>("withdrawn", false) ? " (withdrawn)" : "") << "</td><td>"
         << escape_html(text_of(run, "created_at")) << "</td><td>"
         << escape_html(text_of(run, "method")) << "</td><td>" << text_of(run, "ranked")
         << "</td></tr>\n";
  }
  main << "</tbody>\n</table>\n<form method=\"post\" action=\"/organiser/runs\">\n"
       << "<input type=\"hidden\" name=\"csrf\" value=\""
       << escape_html(text_of(session.body, "csrf"))
       << "\">\n<button type=\"submit\">Evaluate the stored submissions now</button>\n</form>\n"
       << "</section>\n";

  const ApiResponse shortlist = call(request, "GET", "/api/v1/shortlist");
  if (shortlist.status == 200) main << shortlist_table(shortlist);

  main << "<section aria-labelledby=\"jury\">\n<h2 id=\"jury\">Jury</h2>\n<p>"
       << jurors.body->getArray("jurors")->size() << " jurors; "
       << text_of(assignments.body, "reviewed") << " of " << text_of(assignments.body, "total")
       << " reviews sent.</p>\n</section>\n";

  const ApiResponse plugins = call(request, "GET", "/api/v1/plugins");
  if (plugins.status == 200) {
    main << "<section aria-labelledby=\"plugins\">\n<h2 id=\"plugins\">Plugins</h2>\n<table>\n"
            "<thead><tr><th scope=\"col\">Plugin</th><th scope=\"col\">Version</th><th "
            "scope=\"col\">From</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n";
    Array::Ptr list = plugins.body->getArray("plugins");
    for (std::size_t i = 0; i < list->size(); ++i) {
      Object::Ptr plugin = list->getObject(static_cast<unsigned>(i));
      main << "<tr><td>" << escape_html(text_of(plugin, "name")) << "</td><td>"
           << escape_html(text_of(plugin, "version")) << "</td><td>"
           << escape_html(text_of(plugin, "origin")) << "</td><td class=\"code\">"
           << escape_html(text_of(plugin, "sha256").substr(0, 16)) << "</td></tr>\n";
    }
    main << "</tbody>\n</table>\n</section>\n";
  }

  main << "<section aria-labelledby=\"decisions\">\n<h2 id=\"decisions\">Decisions</h2>\n<table>\n"
          "<thead><tr><th scope=\"col\">Proposal</th><th scope=\"col\">Decision</th><th "
          "scope=\"col\">Reason</th><th scope=\"col\">Released</th></tr></thead>\n<tbody>\n";
  Array::Ptr decision_list = decisions.body->getArray("decisions");
  std::size_t unreleased = 0;
  for (std::size_t i = 0; i < decision_list->size(); ++i) {
    Object::Ptr d = decision_list->getObject(static_cast<unsigned>(i));
    const std::string released = text_of(d, "released_at");
    unreleased += released.empty() ? 1 : 0;
    main << "<tr><td><a href=\"/jury/proposals/" << escape_html(text_of(d, "proposal")) << "\">"
         << escape_html(text_of(d, "proposal")) << "</a></td><td>"
         << escape_html(text_of(d, "decision")) << "</td><td dir=\"auto\">"
         << escape_html(text_of(d, "reason")) << "</td><td>"
         << (released.empty() ? "not yet" : escape_html(released)) << "</td></tr>\n";
  }
  main << "</tbody>\n</table>\n";
  const std::string csrf = escape_html(text_of(session.body, "csrf"));
  main << "<h3>Record a decision</h3>\n<form method=\"post\" action=\"/organiser/decisions\">\n"
       << "<input type=\"hidden\" name=\"csrf\" value=\"" << csrf << "\">\n"
       << "<label for=\"proposal\">Proposal in review</label>\n<select id=\"proposal\" "
          "name=\"proposal\" required>\n";
  Array::Ptr list = submissions.body->getArray("submissions");
  for (std::size_t i = 0; i < list->size(); ++i) {
    Object::Ptr s = list->getObject(static_cast<unsigned>(i));
    if (text_of(s, "status") != "in_review") continue;
    main << "<option value=\"" << escape_html(text_of(s, "id")) << "\">"
         << escape_html(text_of(s, "id")) << " — " << escape_html(text_of(s, "title"))
         << "</option>\n";
  }
  main << "</select>\n<label for=\"decision\">Decision</label>\n<select id=\"decision\" "
          "name=\"decision\" required>\n";
  for (const char* d : {"awarded", "not_awarded", "waitlisted", "shortlisted", "not_shortlisted"}) {
    main << "<option value=\"" << d << "\">" << d << "</option>\n";
  }
  main << "</select>\n<label for=\"reason\">Reason (shown to the applicant once released)</label>\n"
       << "<textarea id=\"reason\" name=\"reason\" rows=\"2\" required></textarea>\n"
       << "<button type=\"submit\">Record the decision</button>\n</form>\n"
       << "<h3>Release</h3>\n<form method=\"post\" action=\"/organiser/release\">\n"
       << "<input type=\"hidden\" name=\"csrf\" value=\"" << csrf << "\">\n<p>" << unreleased
       << " decision" << (unreleased == 1 ? "" : "s")
       << " not yet released. Releasing moves the applicants' statuses; they see them at "
          "once.</p>\n<button type=\"submit\">Release the decisions to the applicants</button>\n"
       << "</form>\n</section>\n";
  PageResponse response;
  response.status = status;
  response.html = layout("Call overview", session.body, main.str());
  return response;
}

PageResponse Pages::organiser_action(const PageRequest& request) {
  ApiResponse done;
  if (request.path == "/organiser/release") {
    done = call(request, "POST", "/api/v1/decisions/release", new Object);
  } else if (request.path == "/organiser/runs") {
    done = call(request, "POST", "/api/v1/runs", new Object);
  } else {
    Object::Ptr body = new Object;
    for (const char* key : {"proposal", "decision", "reason"}) {
      const auto it = request.form.find(key);
      body->set(key, it == request.form.end() ? std::string() : it->second);
    }
    done = call(request, "POST", "/api/v1/decisions", body);
  }
  if (done.status == 401) return redirect("/sign-in");
  if (done.status == 200) return redirect("/organiser");
  return organiser_page(request, error_of(done), done.status);
}

}  // namespace shortlist::server
