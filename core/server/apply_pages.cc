// The online application form (GET and POST /apply) and its receipt: the
// applicant's pages in their language, views of the same use-case as
// POST /api/v1/applications (core/app/submit_application.h).
#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "core/app/submit_application.h"
#include "core/ingest/tracking_code.h"
#include "core/report/html_text.h"
#include "core/server/pages.h"

namespace shortlist::server {
namespace {

using report::escape_html;
using report::right_to_left;

icu::UnicodeString u(const std::string& text) { return icu::UnicodeString::fromUTF8(text); }

std::string value_of(const std::map<std::string, std::string>& values, const std::string& key) {
  const auto it = values.find(key);
  return it == values.end() ? "" : it->second;
}

const std::map<std::string, std::string> kEndonyms = {
    {"en", "English"}, {"fr", "Français"}, {"es", "Español"}, {"ar", "العربية"}};

// The languages the call's form is offered in: those of its `submission`
// section that the service speaks, else all of them.
std::vector<std::string> form_languages(const CallConfig& config) {
  std::vector<std::string> out;
  if (config.submission) {
    for (const std::string& language : config.submission->languages) {
      if (is_applicant_language(language)) out.push_back(language);
    }
  }
  return out.empty() ? applicant_languages() : out;
}

// "applicant.name" -> "f-applicant-name"
std::string field_id(const std::string& path) {
  std::string id = "f-" + path;
  for (char& c : id) {
    if (c == '.' || c == '_') c = '-';
  }
  return id;
}

bool is_number_field(const std::string& path) {
  return path == "budget.total" || path == "budget.requested" ||
         path.rfind("beneficiaries.", 0) == 0;
}

bool is_long_text(const std::string& path) {
  return path == "summary" || path.rfind("sections.", 0) == 0;
}

// What the form shows: the values to fill in, the problems by field.
struct ApplyForm {
  std::string language;
  const Messages* messages = nullptr;
  std::string csrf;
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> problems;  // by field
  std::vector<std::string> loose_problems;                   // of no field on the form
  std::string alert;
  std::string notice;
  std::string code, edit_key;  // when changing an application
  bool open = true;            // the window is open: the form is shown
  bool draft = false;
};

// The page's head and header, with the language switcher when `path` is
// given (not on a receipt: switching would lose the key shown once).
void page_head(std::ostringstream& html, const std::string& language, const Messages& m,
               const std::string& title, const CallConfig& config, const std::string& path) {
  html << "<!doctype html>\n<html lang=\"" << language << "\" dir=\""
       << (right_to_left(language) ? "rtl" : "ltr") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
       << escape_html(title) << "</title>\n"
       << "<link rel=\"stylesheet\" href=\"/static/shortlist.css\">\n</head>\n<body>\n";
  if (path.empty()) {
    html << "<main>\n";
    return;
  }
  html << "<header>\n<nav aria-label=\"" << escape_html(m.format("language_label"))
       << "\">\n<ul class=\"languages\">\n";
  for (const std::string& other : form_languages(config)) {
    html << "<li><a href=\"" << path << "?lang=" << other << "\" hreflang=\"" << other
         << "\" lang=\"" << other << "\"" << (other == language ? " aria-current=\"page\"" : "")
         << ">" << escape_html(kEndonyms.at(other)) << "</a></li>\n";
  }
  html << "</ul>\n</nav>\n</header>\n<main>\n";
}

std::string type_label(const Messages& m, const std::string& value) {
  try {
    return m.format("type_" + value);
  } catch (const std::out_of_range&) {
    return value;
  }
}

std::string render_form(const ApplyForm& form, const CallConfig& config,
                        const std::string& closes_text) {
  const Messages& m = *form.messages;
  std::ostringstream html;
  page_head(html, form.language, m, m.format("apply_title"), config, "/apply");
  html << "<h1>" << escape_html(m.format("apply_title")) << "</h1>\n";
  const std::string call = config.call.in(form.language);
  if (!closes_text.empty()) {
    html << "<p>"
         << escape_html(m.format("apply_intro", {{"call", u("\u2068" + call + "\u2069")},
                                                 {"closes", u(closes_text)}}))
         << "</p>\n";
  }
  if (!form.notice.empty()) {
    html << "<p class=\"notice\">" << escape_html(form.notice) << "</p>\n";
  }
  if (!form.alert.empty()) {
    html << "<div class=\"alert\" role=\"alert\">\n<p>" << escape_html(form.alert) << "</p>\n";
    if (!form.problems.empty() || !form.loose_problems.empty()) {
      html << "<ul>\n";
      for (const auto& [field, messages] : form.problems) {
        for (const std::string& text : messages) {
          html << "<li><a href=\"#" << field_id(field) << "\">" << escape_html(text)
               << "</a></li>\n";
        }
      }
      for (const std::string& text : form.loose_problems) {
        html << "<li>" << escape_html(text) << "</li>\n";
      }
      html << "</ul>\n";
    }
    html << "</div>\n";
  }
  if (form.open) {
    std::set<std::string> required = {"title"};
    for (const Gate& gate : config.gates) {
      if (!gate.field.empty()) required.insert(gate.field);
    }
    const std::vector<std::string> fields = app::form_fields(config);
    std::vector<std::string> type_choices;
    for (const Gate& gate : config.gates) {
      if (gate.field == "applicant.type") type_choices = gate.one_of;
    }
    html << "<form method=\"post\" action=\"/apply\" enctype=\"multipart/form-data\">\n"
         << "<input type=\"hidden\" name=\"csrf\" value=\"" << escape_html(form.csrf) << "\">\n"
         << "<input type=\"hidden\" name=\"lang\" value=\"" << form.language << "\">\n";
    if (!form.code.empty()) {
      html << "<input type=\"hidden\" name=\"code\" value=\"" << escape_html(form.code) << "\">\n"
           << "<input type=\"hidden\" name=\"edit_key\" value=\"" << escape_html(form.edit_key)
           << "\">\n<p class=\"notice\">"
           << escape_html(m.format("apply_editing", {{"code", u("\u2066" + form.code + "\u2069")}}))
           << "</p>\n";
    }
    html << "<p class=\"hint\">" << escape_html(m.format("apply_required")) << "</p>\n";
    auto group_of = [](const std::string& path) {
      if (path.rfind("applicant.", 0) == 0) return 0;
      if (path == "title" || path == "summary" || path.rfind("sections.", 0) == 0) return 1;
      return 2;
    };
    const char* legends[] = {"apply_group_applicant", "apply_group_proposal", "apply_group_budget"};
    for (int group = 0; group < 3; ++group) {
      html << "<fieldset>\n<legend>" << escape_html(m.format(legends[group])) << "</legend>\n";
      for (const std::string& path : fields) {
        if (group_of(path) != group) continue;
        const std::string id = field_id(path);
        const std::string value = value_of(form.values, path);
        const auto problems = form.problems.find(path);
        const bool wrong = problems != form.problems.end();
        const bool needed = required.count(path) > 0;
        html << "<div class=\"field\">\n<label for=\"" << id << "\">"
             << escape_html(app::field_label(config, m, path)) << (needed ? " *" : "")
             << "</label>\n";
        std::string attributes = " id=\"" + id + "\" name=\"" + escape_html(path) + "\"";
        if (path == "title") attributes += " required";
        if (needed) attributes += " aria-required=\"true\"";
        if (wrong) attributes += " aria-invalid=\"true\" aria-describedby=\"" + id + "-problem\"";
        if (path == "applicant.type" && !type_choices.empty()) {
          html << "<select" << attributes << ">\n<option value=\"\">"
               << escape_html(m.format("choose")) << "</option>\n";
          for (const std::string& choice : type_choices) {
            html << "<option value=\"" << escape_html(choice) << "\""
                 << (choice == value ? " selected" : "") << ">"
                 << escape_html(type_label(m, choice)) << "</option>\n";
          }
          html << "</select>\n";
        } else if (is_long_text(path)) {
          html << "<textarea" << attributes << " rows=\"" << (path == "summary" ? 4 : 6) << "\">"
               << escape_html(value) << "</textarea>\n";
        } else {
          std::string kind = "text", extra;
          if (path == "applicant.email") {
            kind = "email";
            extra = " dir=\"ltr\" autocomplete=\"email\"";
          } else if (path == "applicant.country") {
            extra = " dir=\"ltr\" maxlength=\"2\" autocomplete=\"country\" class=\"short\"";
          } else if (path == "budget.currency") {
            extra = " dir=\"ltr\" maxlength=\"3\" class=\"short\"";
          } else if (path == "applicant.name") {
            extra = " autocomplete=\"organization\"";
          } else if (is_number_field(path)) {
            kind = "number";
            extra = " min=\"0\" step=\"any\" dir=\"ltr\"";
          } else if (path.rfind("fields.", 0) == 0) {
            extra = " inputmode=\"decimal\" dir=\"ltr\" class=\"short\"";
          }
          html << "<input type=\"" << kind << "\"" << attributes << extra << " value=\""
               << escape_html(value) << "\">\n";
        }
        if (wrong) {
          html << "<p class=\"problem\" id=\"" << id << "-problem\">";
          for (std::size_t i = 0; i < problems->second.size(); ++i) {
            html << (i ? " " : "") << escape_html(problems->second[i]);
          }
          html << "</p>\n";
        }
        html << "</div>\n";
      }
      html << "</fieldset>\n";
    }
    const double megabytes =
        std::round(static_cast<double>(config.submission ? config.submission->max_attachment_bytes
                                                         : 10u << 20) /
                   (1 << 20) * 10) /
        10;
    html << "<fieldset>\n<legend>"
         << escape_html(m.format("apply_attachments", {{"megabytes", megabytes}}))
         << "</legend>\n<label for=\"f-attachments\" class=\"inline\">"
         << escape_html(m.format("apply_attachments_hint")) << "</label>\n"
         << "<input type=\"file\" id=\"f-attachments\" name=\"attachments\" multiple "
            "accept=\".docx,.pdf,.txt\">\n</fieldset>\n"
         << "<p><input type=\"checkbox\" id=\"f-draft\" name=\"draft\" value=\"true\""
         << (form.draft ? " checked" : "") << "> <label for=\"f-draft\" class=\"inline\">"
         << escape_html(m.format("apply_draft")) << "</label></p>\n"
         << "<button type=\"submit\">"
         << escape_html(m.format(form.code.empty() ? "apply_submit" : "apply_save"))
         << "</button>\n</form>\n";
  }
  html << "<section aria-labelledby=\"edit-heading\">\n<h2 id=\"edit-heading\">"
       << escape_html(m.format("edit_title")) << "</h2>\n<p>" << escape_html(m.format("edit_intro"))
       << "</p>\n<form method=\"post\" action=\"/apply\">\n"
       << "<input type=\"hidden\" name=\"csrf\" value=\"" << escape_html(form.csrf) << "\">\n"
       << "<input type=\"hidden\" name=\"lang\" value=\"" << form.language << "\">\n"
       << "<input type=\"hidden\" name=\"open\" value=\"1\">\n"
       << "<label for=\"edit-code\">" << escape_html(m.format("code_label")) << "</label>\n"
       << "<input type=\"text\" id=\"edit-code\" name=\"code\" dir=\"ltr\" autocomplete=\"off\" "
          "spellcheck=\"false\" maxlength=\"64\" required>\n"
       << "<label for=\"edit-key\">" << escape_html(m.format("edit_key_label")) << "</label>\n"
       << "<input type=\"text\" id=\"edit-key\" name=\"edit_key\" dir=\"ltr\" autocomplete=\"off\" "
          "spellcheck=\"false\" maxlength=\"64\" required>\n"
       << "<p><button type=\"submit\">" << escape_html(m.format("edit_open"))
       << "</button></p>\n</form>\n</section>\n"
       << "<p><a href=\"/status?lang=" << form.language << "\">"
       << escape_html(m.format("receipt_status_link")) << "</a></p>\n"
       << "</main>\n</body>\n</html>\n";
  return html.str();
}

std::string render_receipt(const app::ApplicationReceipt& receipt, const Messages& m,
                           const std::string& language, const CallConfig& config, bool changed) {
  std::ostringstream html;
  const std::string title = m.format(receipt.status == "draft" ? "receipt_draft_title"
                                     : changed                 ? "receipt_changed_title"
                                                               : "receipt_title");
  const std::string closes = m.date_time(receipt.closes);
  page_head(html, language, m, title, config, "");
  html << "<h1>" << escape_html(title) << "</h1>\n<section class=\"status receipt\">\n<dl>\n"
       << "<dt>" << escape_html(m.format("code_label"))
       << "</dt><dd><span dir=\"ltr\" class=\"code\" id=\"receipt-code\">"
       << escape_html(receipt.code) << "</span></dd>\n";
  if (!receipt.edit_key.empty()) {
    html << "<dt>" << escape_html(m.format("edit_key_label"))
         << "</dt><dd><span dir=\"ltr\" class=\"code\" id=\"receipt-key\">"
         << escape_html(receipt.edit_key) << "</span></dd>\n";
  }
  html << "</dl>\n";
  if (!receipt.edit_key.empty()) {
    html << "<p class=\"notice\">"
         << escape_html(m.format("receipt_key_once", {{"closes", u(closes)}})) << "</p>\n";
  }
  html << "<p>"
       << escape_html(
              m.format("receipt_version", {{"version", static_cast<double>(receipt.version)}}))
       << "</p>\n";
  if (!receipt.warnings.empty()) {
    html << "<h2>" << escape_html(m.format("receipt_warnings"))
         << "</h2>\n<ul class=\"warnings\">\n";
    for (const app::FieldMessage& warning : receipt.warnings) {
      html << "<li data-field=\"" << escape_html(warning.field) << "\">"
           << escape_html(warning.message) << "</li>\n";
    }
    html << "</ul>\n";
  }
  html << "<p class=\"next\">"
       << escape_html(receipt.status == "draft"
                          ? m.format("receipt_next_draft", {{"closes", u(closes)}})
                          : m.format("receipt_next"))
       << "</p>\n</section>\n<p><a href=\"/status?lang=" << language << "\">"
       << escape_html(m.format("receipt_status_link"))
       << "</a></p>\n<p><a href=\"/apply?lang=" << language << "#edit-heading\">"
       << escape_html(m.format("receipt_edit_link")) << "</a></p>\n"
       << "</main>\n</body>\n</html>\n";
  return html.str();
}

// A stored application's fields (as read back) as the form's values by path.
void flatten(const Poco::JSON::Object::Ptr& object, const std::string& prefix,
             std::map<std::string, std::string>& out) {
  for (const std::string& name : object->getNames()) {
    const Poco::Dynamic::Var value = object->get(name);
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
      flatten(value.extract<Poco::JSON::Object::Ptr>(), path, out);
    } else if (value.isNumeric()) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.15g", value.convert<double>());
      out[path] = buffer;
    } else {
      out[path] = value.toString();
    }
  }
}

}  // namespace

PageResponse Pages::apply_page(const PageRequest& request) {
  const bool posted = request.method == "POST";
  const std::string language = applicant_language(
      value_of(posted ? request.form : request.query, "lang"), request.accept_language);
  const Messages& m = site_.messages(language);
  const CallConfig& config = site_.settings().config;

  PageResponse response;
  ApplyForm form;
  form.language = language;
  form.messages = &m;
  form.csrf = anonymous_csrf(site_, request, response);

  Expected<DatabasePool::Lease> db = site_.pool().lease();
  if (!db) {
    response.status = 503;
    form.open = false;
    form.alert = m.format("unavailable");
    response.html = render_form(form, config, "");
    return response;
  }
  const std::chrono::system_clock::time_point now = site_.wall_now();
  const app::ApplicationCall call{
      config, site_.plugins(), site_.settings().call, m, now, site_.settings().application_stored};
  std::string closes_text;
  if (std::optional<app::WindowInForce> window = app::window_in_force(**db, config, call.call)) {
    closes_text = m.date_time(utc_text(window->closes));
    if (now < window->opens) {
      form.open = false;
      form.notice = m.format("window_not_open", {{"opens", u(m.date_time(utc_text(window->opens)))},
                                                 {"closes", u(closes_text)}});
    } else if (now > window->closes) {
      form.open = false;
      form.notice = m.format("window_closed", {{"closes", u(closes_text)}});
    }
  } else {
    form.open = false;
    form.notice = m.format("no_window");
  }
  if (!posted) {
    response.html = render_form(form, config, closes_text);
    return response;
  }

  form.values = request.form;
  form.draft = value_of(request.form, "draft") == "true";
  if (!anonymous_csrf_sent(site_, request)) {
    response.status = 403;
    form.alert = m.format("session_expired");
    response.html = render_form(form, config, closes_text);
    return response;
  }
  if (const std::optional<int> wait =
          site_.application_limiter().take(request.client, site_.now())) {
    response.status = 429;
    response.headers["Retry-After"] = std::to_string(*wait);
    form.alert = m.format("too_many");
    response.html = render_form(form, config, closes_text);
    return response;
  }
  const std::string code = value_of(request.form, "code");
  const std::string key = value_of(request.form, "edit_key");
  if (value_of(request.form, "open") == "1") {
    // Opening an application to change it: the form, filled in.
    form.values.clear();
    const app::ApplicationOutcome found = app::read_application(**db, call, code, key);
    if (found.refusal != app::ApplicationRefusal::None) {
      response.status = application_status(found.refusal);
      form.alert = found.message;
    } else {
      flatten(found.fields, "", form.values);
      form.code = found.receipt->code;
      form.edit_key = key;
      form.draft = found.receipt->status == "draft";
    }
    response.html = render_form(form, config, closes_text);
    return response;
  }
  std::vector<std::pair<std::string, std::string>> fields(request.form.begin(), request.form.end());
  const ApplicationInput input =
      application_from_form(fields, request.attachments, request.accept_language);
  const app::ApplicationOutcome outcome =
      code.empty() ? app::submit_application(**db, call, input.request)
                   : app::replace_application(**db, call, code, key, input.request);
  if (outcome.refusal == app::ApplicationRefusal::None) {
    response.html = render_receipt(*outcome.receipt, m, language, config, !code.empty());
    return response;
  }
  response.status = application_status(outcome.refusal);
  form.alert = outcome.message;
  form.code = code;
  form.edit_key = key;
  const std::vector<std::string> on_form = app::form_fields(config);
  for (const app::FieldMessage& problem : outcome.problems) {
    if (std::find(on_form.begin(), on_form.end(), problem.field) != on_form.end()) {
      form.problems[problem.field].push_back(problem.message);
    } else {
      form.loose_problems.push_back(problem.message);
    }
  }
  response.html = render_form(form, config, closes_text);
  return response;
}

}  // namespace shortlist::server
