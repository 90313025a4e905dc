#include "core/forms/application_form.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <optional>
#include <set>
#include <stdexcept>

namespace shortlist::forms {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

icu::UnicodeString unicode(const std::string& utf8) { return icu::UnicodeString::fromUTF8(utf8); }

Object::Ptr params_of(const PluginUse& use) {
  try {
    Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(use.params_json);
    if (parsed.type() == typeid(Object::Ptr)) return parsed.extract<Object::Ptr>();
  } catch (const Poco::Exception&) {
    // A criteria file that loaded has valid params; nothing to add otherwise.
  }
  return nullptr;
}

std::vector<std::string> strings_in(const Object::Ptr& object, const std::string& key) {
  std::vector<std::string> out;
  if (!object || !object->has(key)) return out;
  Poco::Dynamic::Var value = object->get(key);
  if (value.type() == typeid(Array::Ptr)) {
    Array::Ptr array = value.extract<Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (array->get(static_cast<unsigned>(i)).isString())
        out.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
    }
  } else if (value.isString()) {
    out.push_back(value.convert<std::string>());
  }
  return out;
}

std::optional<double> number_in(const Object::Ptr& object, const std::string& key) {
  if (!object || !object->has(key)) return std::nullopt;
  Poco::Dynamic::Var value = object->get(key);
  if (!value.isNumeric()) return std::nullopt;
  return value.convert<double>();
}

// Every text in a params tree that names a field a form can carry.
void paths_in(const Poco::Dynamic::Var& value, std::vector<std::string>& out) {
  if (value.type() == typeid(Object::Ptr)) {
    Object::Ptr object = value.extract<Object::Ptr>();
    for (const std::string& name : object->getNames()) paths_in(object->get(name), out);
  } else if (value.type() == typeid(Array::Ptr)) {
    Array::Ptr array = value.extract<Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i)
      paths_in(array->get(static_cast<unsigned>(i)), out);
  } else if (value.isString()) {
    const std::string text = value.convert<std::string>();
    if (text.find('.') != std::string::npos && ingest::is_form_path(text)) out.push_back(text);
  }
}

std::string humanised(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

std::string key_of(const std::string& path) {
  std::string key = path;
  std::replace(key.begin(), key.end(), '.', '_');
  return key;
}

// A message if the catalogue has it.
std::optional<std::string> maybe(const Messages& messages, const std::string& key,
                                 const Messages::Arguments& arguments = {}) {
  try {
    return messages.format(key, arguments);
  } catch (const std::out_of_range&) {
    return std::nullopt;
  }
}

// What the call says about its fields, gathered from its criteria and gates.
struct CallFields {
  std::vector<std::string> sections;                       // required by completeness, in order
  std::map<std::string, std::pair<double, double>> words;  // section -> min, max
  std::vector<std::string> applicant_types;
  std::optional<double> max_requested;
  std::vector<std::string> others;                       // other paths, in the order first named
  std::map<std::string, const Criterion*> criterion_of;  // path -> the criterion reading it
};

void add_once(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

void read_plugin_use(const PluginUse& use, const Criterion* criterion, CallFields& out) {
  Object::Ptr params = params_of(use);
  if (use.plugin == "completeness" && params) {
    const double min = number_in(params, "min_words").value_or(0);
    const double max = number_in(params, "max_words").value_or(0);
    Object::Ptr sections = params->has("sections") ? params->getObject("sections") : nullptr;
    for (const std::string& name : strings_in(params, "required")) {
      add_once(out.sections, name);
      Object::Ptr own = sections && sections->has(name) ? sections->getObject(name) : nullptr;
      out.words[name] = {number_in(own, "min_words").value_or(min),
                         number_in(own, "max_words").value_or(max)};
    }
  }
  if (use.plugin == "eligibility" && params) {
    for (const std::string& type : strings_in(params, "applicant_types"))
      add_once(out.applicant_types, type);
    if (auto max = number_in(params, "max_requested")) out.max_requested = *max;
  }
  if (use.plugin == "reach") add_once(out.others, "beneficiaries.women_led");
  if (params) {
    std::vector<std::string> paths;
    paths_in(params, paths);
    for (const std::string& path : paths) {
      add_once(out.others, path);
      if (criterion != nullptr && !out.criterion_of.count(path)) out.criterion_of[path] = criterion;
    }
  }
}

CallFields call_fields(const CallConfig& call) {
  CallFields out;
  for (const Criterion& criterion : call.criteria)
    read_plugin_use(criterion.scorer, &criterion, out);
  for (const Gate& gate : call.gates) {
    if (gate.plugin) read_plugin_use(*gate.plugin, nullptr, out);
    if (gate.field.empty()) continue;
    if (gate.field == "applicant.type") {
      for (const std::string& type : gate.one_of) add_once(out.applicant_types, type);
    } else if (gate.field == "budget.requested" && gate.max) {
      out.max_requested = out.max_requested ? std::min(*out.max_requested, *gate.max) : *gate.max;
    }
    if (ingest::is_form_path(gate.field)) add_once(out.others, gate.field);
  }
  for (const Quota& quota : call.quotas) {
    if (ingest::is_form_path(quota.by)) add_once(out.others, quota.by);
  }
  for (const TieRule& tie : call.ties) {
    if (tie.kind == TieRule::Kind::Field && ingest::is_form_path(tie.name))
      add_once(out.others, tie.name);
  }
  return out;
}

bool is_number_path(const std::string& path) {
  return path == "budget.total" || path == "budget.requested" ||
         path.rfind("beneficiaries.", 0) == 0;
}

}  // namespace

const std::vector<std::string>& form_languages() {
  static const std::vector<std::string> kLanguages = {"en", "fr", "es", "ar"};
  return kLanguages;
}

ApplicationForm application_form(const CallConfig& call, const Messages& messages) {
  const std::string language = messages.language() == "root" ? "en" : messages.language();
  ApplicationForm form;
  form.language = language;
  form.right_to_left = language == "ar";
  form.call = call.call.in(language);
  form.heading = messages.format("form_heading");
  form.intro = messages.format("form_intro");
  form.placeholder = messages.format("form_placeholder");
  const CallFields fields = call_fields(call);

  auto field = [&](const std::string& path, FieldKind kind,
                   const Messages::Arguments& help_arguments = {}) {
    const std::string key = key_of(path);
    FormField out{path, kind, "", ""};
    out.label = maybe(messages, "form_label_" + key).value_or("");
    out.help = maybe(messages, "form_help_" + key, help_arguments).value_or("");
    return out;
  };

  FormGroup applicant{messages.format("form_group_applicant"), {}};
  applicant.fields.push_back(field("applicant.name", FieldKind::Line));
  {
    std::string types;
    for (const std::string& type : fields.applicant_types)
      types += (types.empty() ? "" : ", ") + type;
    FormField type = field("applicant.type", FieldKind::Line, {{"types", unicode(types)}});
    if (types.empty()) type.help.clear();
    applicant.fields.push_back(type);
  }
  applicant.fields.push_back(field("applicant.country", FieldKind::Line));
  applicant.fields.push_back(field("applicant.email", FieldKind::Line));

  FormGroup project{messages.format("form_group_project"), {}};
  project.fields.push_back(field("title", FieldKind::Line));
  project.fields.push_back(field("summary", FieldKind::Text));

  FormGroup sections{messages.format("form_group_sections"), {}};
  for (const std::string& name : fields.sections) {
    FormField section = field("sections." + name, FieldKind::Text);
    if (section.label.empty()) section.label = humanised(name);
    const auto [min, max] = fields.words.at(name);
    if (max > 0) {
      section.help = messages.format("form_help_section", {{"min", min}, {"max", max}});
    } else if (min > 0) {
      section.help = messages.format("form_help_section_min", {{"min", min}});
    }
    sections.fields.push_back(section);
  }

  FormGroup budget{messages.format("form_group_budget"), {}};
  budget.fields.push_back(field("budget.total", FieldKind::Number));
  if (fields.max_requested) {
    FormField requested = field("budget.requested", FieldKind::Number);
    requested.help =
        messages.format("form_help_budget_requested_max", {{"max", *fields.max_requested}});
    budget.fields.push_back(requested);
  } else {
    budget.fields.push_back(field("budget.requested", FieldKind::Number));
  }
  budget.fields.push_back(field("budget.currency", FieldKind::Line));
  budget.fields.push_back(field("beneficiaries.msmes", FieldKind::Number));

  FormGroup other{messages.format("form_group_other"), {}};
  std::set<std::string> placed;
  for (const FormGroup* group : {&applicant, &project, &sections, &budget}) {
    for (const FormField& f : group->fields) placed.insert(f.path);
  }
  for (const std::string& path : fields.others) {
    if (!placed.insert(path).second) continue;
    if (path.rfind("sections.", 0) == 0 || path == "language") continue;
    auto reader = fields.criterion_of.find(path);
    // The field plugin takes a number from the path it is given.
    const bool numeric = is_number_path(path) || (reader != fields.criterion_of.end() &&
                                                  reader->second->scorer.plugin == "field");
    const FieldKind kind = numeric ? FieldKind::Number : FieldKind::Line;
    FormField extra = field(path, kind);
    if (auto it = fields.criterion_of.find(path); it != fields.criterion_of.end()) {
      // A criterion reads it: the organiser's label says what it is.
      if (extra.label.empty()) extra.label = it->second->label.in(language);
      if (extra.help.empty()) extra.help = it->second->description.in(language);
    }
    if (extra.label.empty()) extra.label = humanised(path.substr(path.rfind('.') + 1));
    if (extra.help.empty() && kind == FieldKind::Number)
      extra.help = messages.format("form_help_number");
    (path.rfind("beneficiaries.", 0) == 0 ? budget : other).fields.push_back(extra);
  }

  for (FormGroup* group : {&applicant, &project, &sections, &budget, &other}) {
    if (!group->fields.empty()) form.groups.push_back(std::move(*group));
  }
  return form;
}

ingest::FormLabels form_labels(const std::filesystem::path& messages_dir) {
  ingest::FormLabels labels;
  static const char* const kPaths[] = {"title",
                                       "summary",
                                       "applicant.name",
                                       "applicant.type",
                                       "applicant.country",
                                       "applicant.email",
                                       "budget.total",
                                       "budget.requested",
                                       "budget.currency",
                                       "beneficiaries.msmes",
                                       "beneficiaries.women_led",
                                       "sections.context",
                                       "sections.objectives",
                                       "sections.activities",
                                       "sections.sustainability",
                                       "sections.budget_justification"};
  for (const std::string& language : form_languages()) {
    Expected<Messages> messages = Messages::open(messages_dir, language);
    if (!messages) continue;
    for (const char* path : kPaths) {
      if (auto label = maybe(*messages, "form_label_" + key_of(path))) labels.add(*label, path);
    }
  }
  return labels;
}

std::filesystem::path default_form_font() {
  return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}

}  // namespace shortlist::forms
