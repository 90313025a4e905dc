#include "core/app/submit_application.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <variant>

#include "core/ingest/docx.h"
#include "core/ingest/pdf.h"
#include "core/ingest/plain_text.h"
#include "core/ingest/proposal_builder.h"
#include "core/ingest/tracking_code.h"
#include "core/plugin_host/plugin_instance.h"
#include "core/store/application_store.h"
#include "core/store/submission_store.h"
#include "core/text/encoding.h"
#include "core/util/digest.h"
#include "core/util/password.h"

namespace shortlist::app {
namespace {

using ingest::Document;
using ingest::Node;
using Clock = std::chrono::system_clock;

icu::UnicodeString u(const std::string& text) { return icu::UnicodeString::fromUTF8(text); }

// Text from the applicant set into a sentence, isolated so that a Latin
// value keeps its order in an Arabic sentence.
icu::UnicodeString isolated(const std::string& text) { return u("\u2068" + text + "\u2069"); }

std::string message(const Messages& m, std::string_view key, const Messages::Arguments& args = {}) {
  return m.format(key, args);
}

ApplicationOutcome refusal(ApplicationRefusal why, std::string text) {
  ApplicationOutcome out;
  out.refusal = why;
  out.message = std::move(text);
  return out;
}

std::string when(const Messages& m, Clock::time_point at) { return m.date_time(utc_text(at)); }

// Refused outside the window in force, with its dates.
std::optional<ApplicationOutcome> outside_window(store::Database& db, const ApplicationCall& call,
                                                 WindowInForce* in_force) {
  std::optional<WindowInForce> window = window_in_force(db, call.config, call.call);
  if (!window) return refusal(ApplicationRefusal::NoWindow, message(call.messages, "no_window"));
  if (in_force != nullptr) *in_force = *window;
  if (call.now < window->opens) {
    return refusal(ApplicationRefusal::NotYetOpen,
                   message(call.messages, "window_not_open",
                           {{"opens", u(when(call.messages, window->opens))},
                            {"closes", u(when(call.messages, window->closes))}}));
  }
  if (call.now > window->closes) {
    return refusal(ApplicationRefusal::Closed,
                   message(call.messages, "window_closed",
                           {{"closes", u(when(call.messages, window->closes))}}));
  }
  return std::nullopt;
}

bool text_path(const std::string& path) {
  return path == "title" || path == "summary" || path == "id" || path == "language" ||
         path.rfind("applicant.", 0) == 0 || path.rfind("sections.", 0) == 0 ||
         path == "budget.currency";
}

// Where each value and key of a document was written, to its field path;
// where a mapping and its first member share a place, the member's.
void index_places(const Node& node, const std::string& path,
                  std::map<std::pair<int, int>, std::string>& places) {
  auto place = [&](SourcePosition at, const std::string& named) {
    std::string& known = places[{at.line, at.column}];
    if (named.size() > known.size()) known = named;
  };
  if (!path.empty()) place(node.position, path);
  for (const auto& [key, value] : node.members) {
    const std::string inner = path.empty() ? key : path + "." + key;
    place(value.key_position, inner);
    index_places(value, inner, places);
  }
}

// A problem build_proposal found, told by field in the applicant's language.
FieldMessage translated(const Diagnostic& problem, const Document& document,
                        const ApplicationCall& call) {
  const Messages& m = call.messages;
  std::map<std::pair<int, int>, std::string> places;
  index_places(document.root, "", places);
  std::string field;
  if (auto it = places.find({problem.position.line, problem.position.column}); it != places.end())
    field = it->second;
  static const std::regex kQuoted("'([^']*)'");
  std::smatch quoted;
  const bool has_quoted = std::regex_search(problem.message, quoted, kQuoted);
  const std::string value = has_quoted ? quoted[1].str() : "";
  if (problem.message.rfind("missing required field", 0) == 0) {
    field = value;
    return {field,
            message(m, "problem_required", {{"field", u(field_label(call.config, m, field))}})};
  }
  if (problem.message.rfind("unknown field", 0) == 0) {
    return {value, message(m, "problem_unknown_field", {{"field", isolated(value)}})};
  }
  const std::string label = field_label(call.config, m, field);
  if (field == "title") return {field, message(m, "problem_required", {{"field", u(label)}})};
  if (field == "applicant.country" && has_quoted) {
    return {field, message(m, "problem_country", {{"value", isolated(value)}})};
  }
  if (field == "applicant.email" && has_quoted) {
    return {field, message(m, "problem_email", {{"value", isolated(value)}})};
  }
  if (field == "budget.currency" && has_quoted) {
    return {field, message(m, "problem_currency", {{"value", isolated(value)}})};
  }
  if (field.rfind("budget.", 0) == 0 || field.rfind("beneficiaries.", 0) == 0) {
    return {field, message(m, "problem_number", {{"field", u(label)}})};
  }
  return {field.empty() ? "application" : field,
          message(m, "problem_other",
                  {{"field", u(field.empty() ? "—" : label)}, {"detail", u(problem.message)}})};
}

std::string lower_extension(const std::string& name) {
  std::string extension = std::filesystem::path(name).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// Each attachment read as a document and its title, summary and sections
// joined to the fields: what the applicant typed wins, and a section of the
// same name as one typed is kept under a name of its own.
void add_attachments(const ApplicationCall& call, const ApplicationRequest& request,
                     Document& document, ApplicationOutcome& out) {
  const Messages& m = call.messages;
  const std::uint64_t limit =
      call.config.submission ? call.config.submission->max_attachment_bytes : (10u << 20);
  for (const Attachment& attachment : request.attachments) {
    if (attachment.bytes.size() > limit) {
      out.refusal = ApplicationRefusal::TooLarge;
      out.message =
          message(m, "too_large",
                  {{"name", isolated(attachment.name)}, {"limit", static_cast<double>(limit)}});
      return;
    }
  }
  for (const Attachment& attachment : request.attachments) {
    const std::string extension = lower_extension(attachment.name);
    const std::string source = "attachment " + attachment.name;
    ingest::ArchiveLimits limits;
    limits.max_entry_bytes = limit;
    Expected<Document> read = Diagnostic{source, {}, ""};
    if (extension == ".docx") {
      read = ingest::read_docx_document(attachment.bytes, source, limits);
    } else if (extension == ".pdf") {
      read = ingest::read_pdf_document(attachment.bytes, source, limits);
    } else if (extension == ".txt" || extension == ".md") {
      Expected<text::DecodedText> decoded = text::decode_to_utf8(attachment.bytes);
      if (decoded) {
        read = ingest::read_text_document(decoded->utf8, source);
      } else {
        read = decoded.problems();
      }
    } else {
      out.problems.push_back({"attachments", message(m, "problem_attachment_type",
                                                     {{"name", isolated(attachment.name)}})});
      continue;
    }
    if (!read) {
      out.problems.push_back({"attachments", message(m, "problem_attachment",
                                                     {{"name", isolated(attachment.name)},
                                                      {"detail", u(read.problems()[0].message)}})});
      continue;
    }
    Node& root = document.root;
    root.kind = Node::Kind::Map;
    for (const char* key : {"title", "summary"}) {
      const Node* given = read->root.find(key);
      const Node* typed = root.find(key);
      if (given != nullptr && given->kind == Node::Kind::Scalar &&
          (typed == nullptr || typed->kind == Node::Kind::Null)) {
        root.members.emplace_back(key, Node::text(given->scalar));
      }
    }
    const Node* sections = read->root.find("sections");
    if (sections == nullptr || sections->kind != Node::Kind::Map) continue;
    auto place = std::find_if(root.members.begin(), root.members.end(),
                              [](const auto& member) { return member.first == "sections"; });
    if (place == root.members.end()) {
      Node empty;
      empty.kind = Node::Kind::Map;
      root.members.emplace_back("sections", std::move(empty));
      place = std::prev(root.members.end());
    }
    Node& into = place->second;
    if (into.kind != Node::Kind::Map) continue;  // build_proposal says what is wrong
    const std::string stem = std::filesystem::path(attachment.name).stem().string();
    for (const auto& [name, text] : sections->members) {
      std::string key = name == "text" ? stem : name;
      for (int n = 2; into.find(key) != nullptr; ++n) key = name + "_" + std::to_string(n);
      into.members.emplace_back(key, text);
    }
  }
}

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

// The call's gates and completeness criterion on this one proposal, in
// process: what would exclude it or cost it points, told in the applicant's
// language. Never a score or a rank.
std::vector<FieldMessage> pre_check(const ApplicationCall& call, const Proposal& proposal) {
  const Messages& m = call.messages;
  const std::string language = m.language() == "root" ? "en" : m.language();
  std::vector<FieldMessage> warnings;
  auto label = [&](const std::string& path) { return u(field_label(call.config, m, path)); };
  for (const Gate& gate : call.config.gates) {
    if (gate.plugin) {
      const LoadedPlugin* plugin = call.plugins.find(gate.plugin->plugin);
      if (plugin == nullptr || plugin->origin != PluginOrigin::Bundled) continue;
      Expected<PluginInstance> instance =
          PluginInstance::create(*plugin, gate.plugin->measure, gate.plugin->params_json);
      if (!instance) continue;
      const CriterionScore score = instance->score(proposal);
      if (score.ok() && *score.raw > 0) continue;
      const std::string why = !score.explanation.empty()      ? score.explanation
                              : !score.missing_reason.empty() ? score.missing_reason
                                                              : score.error;
      warnings.push_back({"gate." + gate.id, message(m, "warning_gate",
                                                     {{"gate", u(gate.label.in(language))},
                                                      {"reason", isolated(why)}})});
      continue;
    }
    if (gate.field.empty()) continue;
    const std::optional<double> number = proposal.number(gate.field);
    const std::optional<std::string_view> text = proposal.text(gate.field);
    if (!number && !text) {
      warnings.push_back(
          {gate.field, message(m, "warning_missing", {{"field", label(gate.field)}})});
      continue;
    }
    if (number && gate.max && *number > *gate.max) {
      warnings.push_back(
          {gate.field,
           message(m, "warning_above_max",
                   {{"field", label(gate.field)}, {"value", *number}, {"max", *gate.max}})});
    }
    if (number && gate.min && *number < *gate.min) {
      warnings.push_back(
          {gate.field,
           message(m, "warning_below_min",
                   {{"field", label(gate.field)}, {"value", *number}, {"min", *gate.min}})});
    }
    if (!gate.one_of.empty()) {
      const std::string value = text ? std::string(*text) : number_text(*number);
      if (std::find(gate.one_of.begin(), gate.one_of.end(), value) == gate.one_of.end()) {
        warnings.push_back(
            {gate.field, message(m, "warning_not_among",
                                 {{"field", label(gate.field)}, {"value", isolated(value)}})});
      }
    }
  }
  static const std::regex kShort("(\\d+) words, below the minimum of (\\d+)");
  static const std::regex kLong("(\\d+) words, above the maximum of (\\d+)");
  for (const Criterion& criterion : call.config.criteria) {
    if (criterion.scorer.plugin != "completeness") continue;
    const LoadedPlugin* plugin = call.plugins.find("completeness");
    if (plugin == nullptr || plugin->origin != PluginOrigin::Bundled) continue;
    Expected<PluginInstance> instance =
        PluginInstance::create(*plugin, criterion.scorer.measure, criterion.scorer.params_json);
    if (!instance) continue;
    const CriterionScore score = instance->score(proposal);
    for (const Evidence& evidence : score.evidence) {
      const std::string field = "sections." + evidence.label;
      std::smatch match;
      if (evidence.text == "missing") {
        warnings.push_back(
            {field, message(m, "warning_section_missing", {{"section", label(field)}})});
      } else if (std::regex_match(evidence.text, match, kShort)) {
        warnings.push_back({field, message(m, "warning_section_short",
                                           {{"section", label(field)},
                                            {"count", std::stod(match[1].str())},
                                            {"min", std::stod(match[2].str())}})});
      } else if (std::regex_match(evidence.text, match, kLong)) {
        warnings.push_back({field, message(m, "warning_section_long",
                                           {{"section", label(field)},
                                            {"count", std::stod(match[1].str())},
                                            {"max", std::stod(match[2].str())}})});
      }
    }
  }
  return warnings;
}

// One version of an application checked, built and stored. `existing`:
// the application it replaces.
ApplicationOutcome store_version(store::Database& db, const ApplicationCall& call,
                                 const ApplicationRequest& request, const WindowInForce& window,
                                 const std::optional<store::StoredApplication>& existing) {
  ApplicationOutcome out;
  const Messages& m = call.messages;
  Document document = request.fields;
  if (document.root.kind == Node::Kind::Null) document.root.kind = Node::Kind::Map;
  // The service names applications: an id sent is not the applicant's to choose.
  auto& members = document.root.members;
  members.erase(std::remove_if(members.begin(), members.end(),
                               [](const auto& member) { return member.first == "id"; }),
                members.end());
  add_attachments(call, request, document, out);
  if (out.refusal == ApplicationRefusal::TooLarge) return out;

  const std::string id = existing ? existing->id : "app-" + random_hex(8);
  Expected<Proposal> built = ingest::build_proposal(document, id);
  if (!built) {
    for (const Diagnostic& problem : built.problems()) {
      out.problems.push_back(translated(problem, document, call));
    }
  }
  if (!out.problems.empty()) {
    out.refusal = ApplicationRefusal::Problems;
    out.message = message(m, "problems");
    return out;
  }
  Proposal& proposal = *built;
  proposal.source = "online:" + id;
  proposal.tracking_code = existing ? existing->tracking_code : ingest::new_tracking_code();
  proposal.submitted_at = utc_text(call.now);

  std::string key;
  store::ApplicationVersion version;
  version.draft = request.draft;
  version.language = m.language() == "root" ? "en" : m.language();
  if (!existing) {
    key = random_hex(16);
    version.edit_key_hash = sha256_hex(key);
    // The receipt goes out with the edit key, drafts included: the key is
    // how the applicant comes back to one.
    const std::string email(proposal.text("applicant.email").value_or(""));
    if (store::is_mail_address(email)) {
      version.receipt =
          store::Receipt{proposal.tracking_code,  key, version.language, email, proposal.title,
                         utc_text(window.closes), id};
    }
  }
  Expected<store::StoredSubmission> stored = [&]() -> Expected<store::StoredSubmission> {
    try {
      return store::store_application(db, call.call, proposal, "applicant", version);
    } catch (const Poco::Exception& e) {
      return Diagnostic{"", {}, e.displayText()};
    }
  }();
  if (!stored) {
    const std::string& why = stored.problems()[0].message;
    if (why.find("no longer accepted once review has begun") != std::string::npos) {
      return refusal(ApplicationRefusal::UnderReview, message(m, "under_review"));
    }
    return refusal(ApplicationRefusal::Unavailable, message(m, "unavailable"));
  }
  if (stored->what == store::Stored::AlreadyStored && stored->id != id) {
    return refusal(ApplicationRefusal::AlreadyStored, message(m, "already_stored"));
  }
  ApplicationReceipt receipt;
  receipt.id = stored->id;
  receipt.code = stored->tracking_code;
  receipt.edit_key = key;
  receipt.status = request.draft ? "draft" : "valid";
  receipt.version = stored->version;
  receipt.language = version.language;
  receipt.email = std::string(proposal.text("applicant.email").value_or(""));
  receipt.title = proposal.title;
  receipt.closes = utc_text(window.closes);
  if (!request.draft) receipt.warnings = pre_check(call, proposal);
  if (call.stored) call.stored(receipt);
  out.receipt = std::move(receipt);
  return out;
}

// The application of `code` when `edit_key` is its key; the refusal
// otherwise (the same for an unknown code and a wrong key).
std::variant<store::StoredApplication, ApplicationOutcome> owned(store::Database& db,
                                                                 const ApplicationCall& call,
                                                                 const std::string& code,
                                                                 const std::string& edit_key) {
  const std::optional<std::string> canonical = ingest::normalize_tracking_code(code);
  std::optional<store::StoredApplication> found;
  if (canonical) found = store::find_application(db, *canonical);
  if (!found || found->call != call.call ||
      !equal_in_constant_time(sha256_hex(edit_key), found->key_hash)) {
    return refusal(ApplicationRefusal::WrongKey, message(call.messages, "wrong_key"));
  }
  return *found;
}

// The stored document as the fields of a submission file.
Poco::JSON::Object::Ptr fields_of(const std::string& stored) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  Poco::JSON::Object::Ptr root =
      Poco::JSON::Parser().parse(stored).extract<Poco::JSON::Object::Ptr>();
  out->set("title", root->optValue<std::string>("title", ""));
  if (root->has("declared_language"))
    out->set("language", root->getValue<std::string>("declared_language"));
  out->set("summary", root->optValue<std::string>("summary", ""));
  auto group = [&](const std::string& name) {
    if (!out->has(name))
      out->set(name,
               Poco::JSON::Object::Ptr(new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER)));
    return out->getObject(name);
  };
  if (Poco::JSON::Array::Ptr sections = root->getArray("sections")) {
    Poco::JSON::Object::Ptr into = group("sections");
    for (std::size_t i = 0; i < sections->size(); ++i) {
      Poco::JSON::Object::Ptr s = sections->getObject(static_cast<unsigned>(i));
      into->set(s->getValue<std::string>("name"), s->getValue<std::string>("text"));
    }
  }
  if (Poco::JSON::Object::Ptr fields = root->getObject("fields")) {
    for (const std::string& path : fields->getNames()) {
      const std::size_t dot = path.find('.');
      if (dot == std::string::npos) continue;
      Poco::JSON::Object::Ptr into = group(path.substr(0, dot));
      std::string rest = path.substr(dot + 1);
      // fields.a.b: nested as written
      for (std::size_t next; (next = rest.find('.')) != std::string::npos;) {
        const std::string part = rest.substr(0, next);
        if (!into->has(part))
          into->set(part,
                    Poco::JSON::Object::Ptr(new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER)));
        into = into->getObject(part);
        rest = rest.substr(next + 1);
      }
      into->set(rest, fields->get(path));
    }
  }
  return out;
}

std::vector<std::string> paths_in_params(const std::string& params_json) {
  std::vector<std::string> out;
  static const std::regex kPath(
      "\"((?:fields|beneficiaries|budget|applicant)\\.[A-Za-z0-9_.-]+)\"");
  for (auto it = std::sregex_iterator(params_json.begin(), params_json.end(), kPath);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

}  // namespace

std::optional<WindowInForce> window_in_force(store::Database& db, const CallConfig& config,
                                             const std::string& call) {
  if (!config.submission) return std::nullopt;
  WindowInForce window{config.submission->opens, config.submission->closes};
  if (std::optional<store::DeadlineExtension> extension = store::latest_extension(db, call)) {
    if (auto closes = parse_rfc3339(extension->closes)) window.closes = *closes;
  }
  return window;
}

std::string field_label(const CallConfig& config, const Messages& messages,
                        const std::string& path) {
  const std::string language = messages.language() == "root" ? "en" : messages.language();
  if (config.submission) {
    if (auto it = config.submission->labels.find(path); it != config.submission->labels.end()) {
      return it->second.in(language);
    }
  }
  std::string key = "label_" + path;
  std::replace(key.begin(), key.end(), '.', '_');
  try {
    return messages.format(key);
  } catch (const std::out_of_range&) {
  }
  for (const Criterion& criterion : config.criteria) {
    const std::vector<std::string> read = paths_in_params(criterion.scorer.params_json);
    if (!read.empty() && read.front() == path && !criterion.label.empty()) {
      return criterion.label.in(language);
    }
  }
  std::string last = path.substr(path.rfind('.') + 1);
  std::replace(last.begin(), last.end(), '_', ' ');
  if (!last.empty()) last[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(last[0])));
  return last;
}

std::vector<std::string> form_fields(const CallConfig& config) {
  std::vector<std::string> out = {"applicant.name",  "applicant.type", "applicant.country",
                                  "applicant.email", "title",          "summary"};
  for (const Criterion& criterion : config.criteria) {
    if (criterion.scorer.plugin != "completeness") continue;
    try {
      Poco::JSON::Object::Ptr params = Poco::JSON::Parser()
                                           .parse(criterion.scorer.params_json)
                                           .extract<Poco::JSON::Object::Ptr>();
      if (Poco::JSON::Array::Ptr required = params->getArray("required")) {
        for (std::size_t i = 0; i < required->size(); ++i) {
          out.push_back("sections." + required->getElement<std::string>(static_cast<unsigned>(i)));
        }
      }
    } catch (const Poco::Exception&) {
      // the plugin refuses such params when the call is prepared
    }
  }
  std::vector<std::string> read = {"budget.total", "budget.requested", "budget.currency",
                                   "beneficiaries.msmes"};
  auto add_read = [&](const std::string& path) {
    if (std::find(read.begin(), read.end(), path) == read.end()) read.push_back(path);
  };
  for (const Criterion& criterion : config.criteria) {
    for (const std::string& path : paths_in_params(criterion.scorer.params_json)) add_read(path);
  }
  for (const Gate& gate : config.gates) {
    if (!gate.field.empty()) add_read(gate.field);
    if (gate.plugin) {
      for (const std::string& path : paths_in_params(gate.plugin->params_json)) add_read(path);
    }
  }
  for (const TieRule& tie : config.ties) {
    if (tie.kind == TieRule::Kind::Field) add_read(tie.name);
  }
  for (const Quota& quota : config.quotas) {
    if (quota.by != "language") add_read(quota.by);
  }
  std::stable_partition(read.begin(), read.end(),
                        [](const std::string& p) { return p.rfind("fields.", 0) != 0; });
  for (const std::string& path : read) {
    if (std::find(out.begin(), out.end(), path) == out.end()) out.push_back(path);
  }
  return out;
}

Document document_from_form(const std::vector<std::pair<std::string, std::string>>& form,
                            const std::string& source) {
  Document document;
  document.source = source;
  document.root.kind = Node::Kind::Map;
  int line = 0;
  for (const auto& [path, value] : form) {
    ++line;
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    Node* at = &document.root;
    std::size_t start = 0;
    while (true) {
      const std::size_t dot = path.find('.', start);
      const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
      Node* next = nullptr;
      for (auto& [name, member] : at->members) {
        if (name == key) next = &member;
      }
      if (next == nullptr) {
        Node fresh;
        fresh.key_position = {line, 1};
        fresh.position = {line, 1};
        at->members.emplace_back(key, std::move(fresh));
        next = &at->members.back().second;
      }
      if (dot == std::string::npos) {
        next->kind = Node::Kind::Scalar;
        next->scalar = value;
        next->quoted = text_path(path);
        break;
      }
      if (next->kind != Node::Kind::Map) next->kind = Node::Kind::Map;
      at = next;
      start = dot + 1;
    }
  }
  return document;
}

ApplicationOutcome submit_application(store::Database& db, const ApplicationCall& call,
                                      const ApplicationRequest& request) {
  WindowInForce window;
  if (std::optional<ApplicationOutcome> refused = outside_window(db, call, &window))
    return *refused;
  return store_version(db, call, request, window, std::nullopt);
}

ApplicationOutcome replace_application(store::Database& db, const ApplicationCall& call,
                                       const std::string& code, const std::string& edit_key,
                                       const ApplicationRequest& request) {
  std::variant<store::StoredApplication, ApplicationOutcome> mine = owned(db, call, code, edit_key);
  if (auto* refused = std::get_if<ApplicationOutcome>(&mine)) return *refused;
  WindowInForce window;
  if (std::optional<ApplicationOutcome> refused = outside_window(db, call, &window))
    return *refused;
  return store_version(db, call, request, window, std::get<store::StoredApplication>(mine));
}

ApplicationOutcome read_application(store::Database& db, const ApplicationCall& call,
                                    const std::string& code, const std::string& edit_key) {
  std::variant<store::StoredApplication, ApplicationOutcome> mine = owned(db, call, code, edit_key);
  if (auto* refused = std::get_if<ApplicationOutcome>(&mine)) return *refused;
  const store::StoredApplication& found = std::get<store::StoredApplication>(mine);
  ApplicationOutcome out;
  out.fields = fields_of(found.document);
  ApplicationReceipt receipt;
  receipt.id = found.id;
  receipt.code = found.tracking_code;
  receipt.status = found.status;
  receipt.version = found.version;
  receipt.language = found.language;
  receipt.title = out.fields->optValue<std::string>("title", "");
  if (Poco::JSON::Object::Ptr applicant = out.fields->getObject("applicant")) {
    receipt.email = applicant->optValue<std::string>("email", "");
  }
  if (std::optional<WindowInForce> window = window_in_force(db, call.config, call.call)) {
    receipt.closes = utc_text(window->closes);
  }
  out.receipt = std::move(receipt);
  return out;
}

}  // namespace shortlist::app
