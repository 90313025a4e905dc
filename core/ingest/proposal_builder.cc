#include "core/ingest/proposal_builder.h"

#include <unicode/uloc.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "core/ingest/node_reader.h"
#include "core/text/language.h"
#include "core/text/tokens.h"
#include "core/text/unicode.h"
#include "core/util/digest.h"

namespace shortlist::ingest {
namespace {

const std::vector<std::string_view> kTopLevelKeys = {"id",        "title",         "language",
                                                     "applicant", "summary",       "sections",
                                                     "budget",    "beneficiaries", "fields"};
const std::vector<std::string_view> kApplicantKeys = {"name", "type", "country", "email"};
const std::vector<std::string_view> kBudgetKeys = {"total", "requested", "currency"};

std::set<std::string, std::less<>> iso_codes(const char* const* list) {
  std::set<std::string, std::less<>> codes;
  for (; *list != nullptr; ++list) codes.emplace(*list);
  return codes;
}

bool is_country_code(std::string_view code) {
  static const auto countries = iso_codes(uloc_getISOCountries());
  return countries.find(code) != countries.end();
}

bool is_language_code(std::string_view code) {
  static const auto languages = iso_codes(uloc_getISOLanguages());
  return languages.find(code) != languages.end();
}

// A member written as null (as form exports do for empty fields) is absent.
const Node* present(const Node& map, std::string_view key) {
  const Node* value = map.find(key);
  return value != nullptr && value->kind != Node::Kind::Null ? value : nullptr;
}

// Submission text is stored cleaned (controls out, spacing normalised, NFC).
std::optional<std::string> clean(NodeReader& reader, const Node& node, std::string_view what) {
  std::optional<std::string> text = reader.text(node, what);
  if (text) *text = text::clean_text(*text);
  return text;
}

// A free field keeps its type: unquoted numbers are numbers, the rest text.
FieldValue free_value(const Node& node) {
  if (std::optional<double> value = plain_number(node)) return *value;
  return text::clean_text(node.scalar);
}

void read_free_fields(NodeReader& reader, const Node& map, const std::string& prefix,
                      Proposal& out) {
  for (const auto& [key, value] : map.members) {
    const std::string path = prefix + key;
    if (value.kind == Node::Kind::Null) continue;
    if (value.kind == Node::Kind::Map) {
      read_free_fields(reader, value, path + ".", out);
    } else if (value.kind == Node::Kind::Scalar) {
      out.fields[path] = free_value(value);
    } else if (value.kind == Node::Kind::List) {
      reader.problem(value, "'" + path + "' must be a number, a text or a mapping, not a list");
    }
  }
}

void read_applicant(NodeReader& reader, const Node& node, Proposal& out) {
  if (!reader.is_map(node, "applicant")) return;
  reader.unknown_keys(node, kApplicantKeys, "field", "applicant.");
  for (std::string_view key : kApplicantKeys) {
    const Node* value = present(node, key);
    if (value == nullptr) continue;
    const std::string path = "applicant." + std::string(key);
    std::optional<std::string> text = clean(reader, *value, path);
    if (!text) continue;
    if (key == "country") {
      if (!is_country_code(*text)) {
        reader.problem(*value,
                       "applicant.country '" + *text +
                           "' is not an ISO 3166-1 alpha-2 country code (such as KE or FR)");
        continue;
      }
    } else if (key == "email") {
      static const std::regex kEmail(R"([^@\s]+@[^@\s]+\.[^@\s]+)");
      if (!std::regex_match(*text, kEmail)) {
        reader.problem(*value, "applicant.email '" + *text + "' is not an e-mail address");
        continue;
      }
    }
    out.fields[path] = std::move(*text);
  }
}

void read_budget(NodeReader& reader, const Node& node, Proposal& out) {
  if (!reader.is_map(node, "budget")) return;
  reader.unknown_keys(node, kBudgetKeys, "field", "budget.");
  for (std::string_view key : {"total", "requested"}) {
    if (const Node* value = present(node, key)) {
      const std::string path = "budget." + std::string(key);
      if (auto amount = reader.non_negative(*value, path)) out.fields[path] = *amount;
    }
  }
  if (const Node* currency = present(node, "currency")) {
    if (auto code = clean(reader, *currency, "budget.currency")) {
      static const std::regex kCurrency("[A-Z]{3}");
      if (!std::regex_match(*code, kCurrency)) {
        reader.problem(*currency, "budget.currency '" + *code +
                                      "' is not a three-letter ISO 4217 code (such as USD or EUR)");
      } else {
        out.fields["budget.currency"] = std::move(*code);
      }
    }
  }
}

void read_sections(NodeReader& reader, const Node& node, Proposal& out) {
  if (!reader.is_map(node, "sections")) return;
  for (const auto& [name, value] : node.members) {
    if (value.kind == Node::Kind::Null) continue;
    if (auto text = clean(reader, value, "section '" + name + "'")) {
      out.sections.push_back({name, std::move(*text)});
    }
  }
}

// CLD2 on the whole text and on each section, keeping its answer and every
// language's share also when it is unsure (mixed or short text). A declared
// language stays the proposal's language; one that a reliable detection
// contradicts is flagged.
void detect_languages(Proposal& proposal, const std::string& full_text,
                      const std::vector<std::pair<std::size_t, std::size_t>>& section_spans) {
  std::vector<text::TextSpan> spans;
  for (const auto& [offset, length] : section_spans) spans.push_back({offset, length});
  std::vector<std::string> section_languages;
  std::vector<text::LanguageShares> section_shares;
  const text::LanguageGuess whole =
      text::detect_languages(full_text, spans, section_languages, &section_shares);
  proposal.languages = whole.all;
  if (proposal.declared_language.empty()) {
    proposal.language = whole.code;
    proposal.language_detected = true;
  } else {
    proposal.language_mismatch = whole.reliable && whole.code != proposal.declared_language;
  }
  proposal.language_reliable = whole.reliable;
  auto count = [&](std::string_view text, const std::string& language) {
    TextCounts& counts = proposal.counts[language];
    counts.words += text::count_words(text, language);
    counts.sentences += text::count_sentences(text, language);
  };
  count(proposal.title, proposal.language);
  count(proposal.summary, proposal.language);
  for (std::size_t i = 0; i < proposal.sections.size(); ++i) {
    Section& section = proposal.sections[i];
    section.language = section_languages[i];
    section.languages = std::move(section_shares[i]);
    count(section.text,
          section.language != kUnknownLanguage ? section.language : proposal.language);
  }
}

void read_language(NodeReader& reader, const Node& node, Proposal& out) {
  std::optional<std::string> code = clean(reader, node, "language");
  if (!code) return;
  std::string primary = code->substr(0, code->find_first_of("-_"));
  std::transform(primary.begin(), primary.end(), primary.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!is_language_code(primary)) {
    reader.problem(
        node, "language '" + *code + "' is not an ISO 639-1 language code (such as en, fr, es)");
    return;
  }
  out.language = primary;
  out.declared_language = primary;
}

}  // namespace

Expected<Proposal> build_proposal(const Document& document, const std::string& default_id) {
  NodeReader reader(document.source);
  const Node& root = document.root;
  if (root.kind != Node::Kind::Map) {
    return Diagnostic{document.source, root.position,
                      "a submission must be a mapping of fields (id, title, ...), not " +
                          std::string(root.kind_name())};
  }
  reader.unknown_keys(root, kTopLevelKeys, "field", "");

  Proposal proposal;
  proposal.source = document.source;
  proposal.id = default_id;
  if (const Node* id = present(root, "id")) {
    if (auto text = clean(reader, *id, "id")) {
      static const std::regex kId("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
      if (std::regex_match(*text, kId)) {
        proposal.id = std::move(*text);
      } else {
        reader.problem(*id,
                       "id '" + *text +
                           "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                           "letter or digit");
      }
    }
  }
  const Node* title = present(root, "title");
  if (title == nullptr) {
    reader.problem(root, "missing required field 'title'");
  } else if (auto text = clean(reader, *title, "title")) {
    if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
      reader.problem(*title, "title must not be empty");
    }
    proposal.title = std::move(*text);
  }
  if (const Node* summary = present(root, "summary")) {
    if (auto text = clean(reader, *summary, "summary")) proposal.summary = std::move(*text);
  }
  if (const Node* sections = present(root, "sections")) read_sections(reader, *sections, proposal);
  if (const Node* applicant = present(root, "applicant"))
    read_applicant(reader, *applicant, proposal);
  if (const Node* budget = present(root, "budget")) read_budget(reader, *budget, proposal);
  if (const Node* beneficiaries = present(root, "beneficiaries")) {
    if (reader.is_map(*beneficiaries, "beneficiaries")) {
      for (const auto& [key, value] : beneficiaries->members) {
        if (value.kind == Node::Kind::Null) continue;
        const std::string path = "beneficiaries." + key;
        if (auto count = reader.non_negative(value, path)) proposal.fields[path] = *count;
      }
    }
  }
  if (const Node* fields = present(root, "fields")) {
    if (reader.is_map(*fields, "fields")) read_free_fields(reader, *fields, "fields.", proposal);
  }
  if (const Node* language = present(root, "language")) read_language(reader, *language, proposal);

  Diagnostics problems = reader.take_problems();
  if (!problems.empty()) {
    sort_by_position(problems);
    return problems;
  }

  analyse_text(proposal);
  return proposal;
}

void analyse_text(Proposal& proposal) {
  std::vector<std::pair<std::size_t, std::size_t>> section_spans;
  const std::string full_text = proposal.full_text(&section_spans);
  detect_languages(proposal, full_text, section_spans);
  // Stored text is already cleaned and NFC: equal text, equal hash.
  proposal.content_hash = sha256_hex(full_text);
}

}  // namespace shortlist::ingest
