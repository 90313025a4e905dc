#include "core/jury/juror_file.h"

#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "core/ingest/csv.h"
#include "core/ingest/document.h"
#include "core/ingest/node_reader.h"

namespace shortlist::jury {
namespace {

using ingest::Node;
using ingest::NodeReader;

const std::vector<std::string_view> kJurorKeys = {"id",           "name",     "email",
                                                  "organisation", "country",  "languages",
                                                  "max_load",     "partners", "conflicts"};
const std::vector<std::string_view> kConflictKeys = {"proposals", "organisations"};

// A list written as a YAML list, or as one text with items separated by
// '|' (the form a CSV cell takes).
std::vector<std::string> items(NodeReader& reader, const Node& node, std::string_view what) {
  std::vector<std::string> out;
  if (node.kind == Node::Kind::List) {
    for (const Node& item : node.items) {
      if (auto text = reader.text(item, what)) out.push_back(*text);
    }
    return out;
  }
  if (auto text = reader.text(node, what)) {
    std::stringstream cells(*text);
    for (std::string cell; std::getline(cells, cell, '|');) {
      const auto first = cell.find_first_not_of(" \t");
      if (first == std::string::npos) continue;
      out.push_back(cell.substr(first, cell.find_last_not_of(" \t") - first + 1));
    }
  }
  return out;
}

// `languages`: {en: native, fr: working} in YAML, "en:native|fr:working" in
// CSV; a language without a level is read fluently.
void read_languages(NodeReader& reader, const Node& node, Juror& juror) {
  std::vector<std::pair<std::string, std::string>> written;
  if (node.kind == Node::Kind::Map) {
    for (const auto& [code, level] : node.members) {
      if (auto text = reader.text(level, "language level")) written.push_back({code, *text});
    }
  } else {
    for (const std::string& item : items(reader, node, "languages")) {
      const auto colon = item.find(':');
      written.push_back(colon == std::string::npos
                            ? std::pair{item, std::string("fluent")}
                            : std::pair{item.substr(0, colon), item.substr(colon + 1)});
    }
  }
  static const std::regex kCode("[a-z]{2,3}");
  for (const auto& [code, level] : written) {
    if (!std::regex_match(code, kCode)) {
      reader.problem(node, "language '" + code + "' must be an ISO 639 code such as en or fr");
      continue;
    }
    const std::optional<LanguageLevel> value = parse_name(kLanguageLevelNames, level);
    if (!value) {
      reader.problem(node, "language level '" + level + "' for " + code +
                               " must be working, fluent or native");
      continue;
    }
    juror.languages.push_back({code, *value});
  }
  if (written.empty()) {
    reader.problem(node, "languages must name at least one language the juror reviews in");
  }
}

std::optional<Juror> read_juror(NodeReader& reader, const Node& node, const std::string& where) {
  if (!reader.is_map(node, where)) return std::nullopt;
  reader.unknown_keys(node, kJurorKeys, "key", "", " of " + where);
  Juror juror;
  static const std::regex kId("[a-z0-9][a-z0-9._-]{0,63}");
  const Node* id = node.find("id");
  if (id == nullptr) {
    reader.problem(node, where + " is missing 'id'");
  } else if (auto text = reader.text(*id, "id")) {
    if (!std::regex_match(*text, kId)) {
      reader.problem(*id, "juror id '" + *text +
                              "' must be lower-case letters, digits, '.', '_' "
                              "or '-'");
    }
    juror.id = *text;
  }
  const Node* name = node.find("name");
  if (name == nullptr) {
    reader.problem(node, where + " is missing 'name'");
  } else if (auto text = reader.text(*name, "name")) {
    juror.name = *text;
  }
  if (const Node* email = node.find("email")) {
    if (auto text = reader.text(*email, "email")) {
      static const std::regex kEmail("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
      if (!std::regex_match(*text, kEmail)) {
        reader.problem(*email, "email '" + *text + "' is not an e-mail address");
      }
      juror.email = *text;
    }
  }
  if (const Node* organisation = node.find("organisation")) {
    if (auto text = reader.text(*organisation, "organisation")) juror.organisation = *text;
  }
  if (const Node* country = node.find("country")) {
    if (auto text = reader.text(*country, "country")) {
      static const std::regex kCountry("[A-Z]{2}");
      if (!std::regex_match(*text, kCountry)) {
        reader.problem(*country, "country '" + *text + "' must be an ISO 3166-1 alpha-2 code");
      }
      juror.country = *text;
    }
  }
  if (const Node* languages = node.find("languages")) {
    read_languages(reader, *languages, juror);
  } else {
    reader.problem(node, where + " is missing 'languages'");
  }
  if (const Node* load = node.find("max_load")) {
    if (auto value = reader.number(*load, "max_load")) {
      if (*value < 1 || *value != std::floor(*value)) {
        reader.problem(*load, "max_load must be a whole number of at least 1");
      } else {
        juror.max_load = static_cast<std::size_t>(*value);
      }
    }
  }
  if (const Node* partners = node.find("partners")) {
    juror.partners = items(reader, *partners, "partners");
  }
  if (const Node* conflicts = node.find("conflicts")) {
    if (reader.is_map(*conflicts, "conflicts")) {
      reader.unknown_keys(*conflicts, kConflictKeys, "key", "conflicts.", " of " + where);
      if (const Node* proposals = conflicts->find("proposals")) {
        juror.conflicted_proposals = items(reader, *proposals, "conflicts.proposals");
      }
      if (const Node* organisations = conflicts->find("organisations")) {
        juror.conflicted_organisations = items(reader, *organisations, "conflicts.organisations");
      }
    }
  }
  return juror;
}

}  // namespace

Expected<std::vector<Juror>> parse_jurors(std::string_view text, const std::string& source) {
  std::vector<Juror> jurors;
  Diagnostics problems;
  std::map<std::string, std::string> seen;  // id -> where
  auto add = [&](NodeReader& reader, const Node& node, const std::string& where) {
    std::optional<Juror> juror = read_juror(reader, node, where);
    if (juror && !juror->id.empty()) {
      auto [it, inserted] = seen.emplace(juror->id, where);
      if (!inserted)
        reader.problem(node, "duplicate juror id '" + juror->id + "' (also " + it->second + ")");
    }
    Diagnostics found = reader.take_problems();
    if (found.empty() && juror) jurors.push_back(std::move(*juror));
    problems.insert(problems.end(), found.begin(), found.end());
  };

  if (source.size() >= 4 && source.compare(source.size() - 4, 4, ".csv") == 0) {
    Expected<std::vector<ingest::CsvRow>> rows =
        ingest::read_csv_documents(text, source, "jurors", 100000);
    if (!rows) return std::move(rows).take_problems();
    for (ingest::CsvRow& row : *rows) {
      if (!row.document) {
        problems.insert(problems.end(), row.document.problems().begin(),
                        row.document.problems().end());
        continue;
      }
      NodeReader reader(row.source);
      add(reader, row.document->root, "row " + row.source.substr(row.source.rfind('=') + 1));
    }
  } else {
    Expected<ingest::Document> document = ingest::read_yaml_document(text, source);
    if (!document) return std::move(document).take_problems();
    const Node& root = document->root;
    const Node* list = root.kind == Node::Kind::Map ? root.find("jurors") : nullptr;
    if (list == nullptr || list->kind != Node::Kind::List) {
      return Diagnostic{source, root.position, "a jury file must hold a 'jurors' list"};
    }
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      NodeReader reader(source);
      add(reader, list->items[i], "juror " + std::to_string(i + 1));
    }
  }
  if (!problems.empty()) {
    sort_by_position(problems);
    return problems;
  }
  if (jurors.empty()) return Diagnostic{source, {}, "the jury file lists no juror"};
  return jurors;
}

Expected<std::vector<Juror>> load_jurors(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Diagnostic{path.string(), {}, "cannot open the jury file"};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_jurors(buffer.str(), path.string());
}

}  // namespace shortlist::jury
