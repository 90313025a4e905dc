#include "core/report/juror_view.h"

#include <Poco/JSON/Parser.h>

#include "core/text/language.h"
#include "core/text/redact.h"

namespace shortlist::report {
namespace {

text::LanguageShares shares_in(const Poco::JSON::Object& object) {
  text::LanguageShares shares;
  if (Poco::JSON::Array::Ptr list = object.getArray("languages")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      Poco::JSON::Object::Ptr share = list->getObject(static_cast<unsigned>(i));
      if (share) {
        shares.push_back(
            {share->optValue<std::string>("code", ""), share->optValue<int>("percent", 0)});
      }
    }
  }
  return shares;
}

}  // namespace

Expected<JurorView> juror_view(const std::string& stored_document, const std::string& id,
                               bool blind) {
  Poco::JSON::Object::Ptr document;
  try {
    document = Poco::JSON::Parser().parse(stored_document).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return Diagnostic{"", {}, "the stored document of '" + id + "' is not JSON: " + e.message()};
  }
  JurorView view;
  view.id = id;
  view.blind = blind;
  view.language = document->optValue<std::string>("language", "");
  const std::string mixed = text::mixed_languages(
      shares_in(*document), document->optValue<bool>("language_reliable", true));
  view.languages = mixed.empty() ? view.language : mixed;
  // Who applied: every applicant field but the type and country.
  auto identifying = [](const std::string& key) {
    return key.rfind("applicant.", 0) == 0 && key != "applicant.type" && key != "applicant.country";
  };
  text::Redactor hidden;
  Poco::JSON::Object::Ptr fields = document->getObject("fields");
  const std::vector<std::string> keys = fields ? fields->getNames() : std::vector<std::string>{};
  auto field = [&](const std::string& key) {
    return fields && fields->has(key) && fields->get(key).isString() ? fields->get(key).toString()
                                                                     : std::string();
  };
  hidden.hide_applicant(field("applicant.name"), field("applicant.email"),
                        field("applicant.country"));
  for (const std::string& key : keys) {
    if (identifying(key) && fields->get(key).isString()) hidden.hide(field(key));
  }
  auto shown = [&](const std::string& text) { return blind ? hidden.redact(text) : text; };
  view.title = shown(document->optValue<std::string>("title", ""));
  view.summary = shown(document->optValue<std::string>("summary", ""));
  for (const std::string& key : keys) {
    if (blind && identifying(key)) continue;
    view.fields.emplace_back(key, shown(fields->get(key).toString()));
  }
  if (Poco::JSON::Array::Ptr sections = document->getArray("sections")) {
    for (std::size_t i = 0; i < sections->size(); ++i) {
      Poco::JSON::Object::Ptr section = sections->getObject(static_cast<unsigned>(i));
      view.sections.push_back({section->optValue<std::string>("name", ""),
                               shown(section->optValue<std::string>("text", "")),
                               section->optValue<std::string>("language", view.language),
                               shares_in(*section)});
    }
  }
  return view;
}

}  // namespace shortlist::report
