// A proposal as a juror sees it: its title, summary, fields and sections
// from the stored document of its current version; with blind review, the
// applicant's name, organisation and contact hidden wherever they appear
// (core/text/redact), and their fields left out, but type and country
// kept, which the criteria may need. `jury show` prints it and the web
// service sends it.
//
//   Expected<JurorView> view = juror_view(*store::current_document(db, "ke-1"), "ke-1", true);
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/model/proposal.h"
#include "core/util/diagnostic.h"

namespace shortlist::report {

struct JurorView {
  std::string id;
  std::string language;
  // "zh 58%, en 40%" for a proposal mixing languages, "fr 99% (uncertain)"
  // for one too short to be sure of; the language alone in a document
  // stored before shares were kept.
  std::string languages;
  std::string title;
  std::string summary;
  std::vector<std::pair<std::string, std::string>> fields;  // in the document's order
  std::vector<Section> sections;
  bool blind = false;
};

Expected<JurorView> juror_view(const std::string& stored_document, const std::string& id,
                               bool blind);

}  // namespace shortlist::report
