#include "core/ingest/docx.h"

#include <Poco/Exception.h>
#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DefaultHandler.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/SAXParser.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "core/ingest/form_fields.h"

namespace shortlist::ingest {
namespace {

const Poco::XML::XMLString kWord = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

void parse_xml(const std::string& xml, Poco::XML::DefaultHandler& handler) {
  Poco::XML::SAXParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
  parser.setContentHandler(&handler);
  std::istringstream stream(xml);
  Poco::XML::InputSource source(stream);
  parser.parse(&source);
}

// styles.xml: style id -> built-in name ("heading 1", "title", ...).
class Styles : public Poco::XML::DefaultHandler {
 public:
  std::map<std::string, std::string> names;

  void startElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local,
                    const Poco::XML::XMLString&, const Poco::XML::Attributes& attributes) override {
    if (uri != kWord) return;
    if (local == "style") current_ = attributes.getValue(kWord, "styleId");
    if (local == "name" && !current_.empty())
      names[current_] = lower(attributes.getValue(kWord, "val"));
  }

 private:
  std::string current_;
};

struct Paragraph {
  std::string text;
  std::string style;  // built-in name, lower case
};

// A content control (w:sdt) tagged with a field path, and what it holds.
struct Control {
  std::string tag;
  std::string value;
  bool placeholder = false;  // still showing the form's placeholder text
  bool block = false;        // holds paragraphs, rather than sitting in one
  bool content = false;      // inside w:sdtContent
  bool any_paragraph = false;
};

// A table row of exactly two cells: perhaps a label and its value.
struct LabelledRow {
  std::string label;
  std::string value;
  std::size_t paragraph = 0;  // the row's place in `paragraphs`
};

// document.xml: paragraphs in order; a table is one paragraph per row.
// What a tagged content control holds is its field's value, not part of
// the text around it.
class Body : public Poco::XML::DefaultHandler {
 public:
  // XML entities can make a small document.xml name far more text (expat
  // stops only beyond 100 times its input); text past `max_text` bytes is
  // counted, not kept.
  Body(const std::map<std::string, std::string>& styles, std::uintmax_t max_text)
      : styles_(styles), max_text_(max_text) {}
  std::vector<Paragraph> paragraphs;
  std::vector<FormValue> controls;  // tagged content controls, in order
  std::vector<LabelledRow> rows;
  bool too_much_text() const { return received_ > max_text_; }
  bool too_many_controls() const { return controls.size() > kMaxFormFields; }

  void startElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local,
                    const Poco::XML::XMLString&, const Poco::XML::Attributes& attributes) override {
    if (uri != kWord) return;
    if (local == "sdt") {
      Control control;
      control.block = !in_paragraph_;
      open_.push_back(control);
    }
    if (!open_.empty() && !open_.back().content) {
      if (local == "tag") open_.back().tag = attributes.getValue(kWord, "val");
      if (local == "showingPlcHdr") {
        const std::string val = attributes.getValue(kWord, "val");
        open_.back().placeholder = val.empty() || val == "1" || val == "true" || val == "on";
      }
      if (local == "sdtContent") open_.back().content = true;
    }
    if (local == "tbl") ++table_depth_;
    if (local == "tr" && table_depth_ > 0) {
      row_.clear();
      row_lines_.clear();
    }
    if (local == "tc" && table_depth_ > 0) {
      cell_.clear();
      cell_lines_.clear();
    }
    if (local == "p") {
      text_.clear();
      style_.clear();
      in_paragraph_ = true;
    }
    if (local == "pStyle") {
      const std::string id = attributes.getValue(kWord, "val");
      auto it = styles_.find(id);
      style_ = it != styles_.end() ? it->second : lower(id);
    }
    if (local == "t") in_text_ = true;
    if (local == "tab") append(" ");
    if (local == "br" || local == "cr") append("\n");
  }

  void endElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local,
                  const Poco::XML::XMLString&) override {
    if (uri != kWord) return;
    if (local == "t") in_text_ = false;
    if (local == "p") {
      in_paragraph_ = false;
      if (table_depth_ > 0) {
        cell_ += (cell_.empty() ? "" : " ") + text_;
        cell_lines_ += (cell_lines_.empty() ? "" : "\n") + text_;
      } else {
        emit(text_, style_);
      }
    }
    if (local == "tc" && table_depth_ > 0) {
      row_.push_back(cell_);
      row_lines_.push_back(cell_lines_);
    }
    if (local == "tr" && table_depth_ > 0) {
      std::string line;
      for (const std::string& cell : row_) line += (line.empty() ? "" : " | ") + cell;
      const bool kept = emit(line, "");
      if (kept && table_depth_ == 1 && row_.size() == 2) {
        rows.push_back({row_[0], row_lines_[1], paragraphs.size() - 1});
      }
    }
    if (local == "tbl") --table_depth_;
    if (local == "sdt" && !open_.empty()) {
      Control control = std::move(open_.back());
      open_.pop_back();
      if (!control.tag.empty()) {
        controls.push_back({control.tag, control.placeholder ? "" : control.value});
      }
    }
  }

  void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
    if (!in_text_) return;
    received_ += static_cast<std::uintmax_t>(length);
    if (!too_much_text()) append(std::string_view(ch + start, static_cast<std::size_t>(length)));
  }

 private:
  // The innermost tagged control whose content is being read, if any.
  Control* capturing() {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      if (!it->tag.empty()) return it->content ? &*it : nullptr;
    }
    return nullptr;
  }

  void append(std::string_view text) {
    text_.append(text);
    if (Control* control = capturing(); control != nullptr && !control->block) {
      control->value.append(text);
    }
  }

  // A finished paragraph or table row: the value of the block control it
  // is in, or a paragraph of the document. True when kept as a paragraph.
  bool emit(const std::string& text, const std::string& style) {
    if (Control* control = capturing(); control != nullptr && control->block) {
      if (control->any_paragraph) control->value += "\n";
      control->value += text;
      control->any_paragraph = true;
      return false;
    }
    paragraphs.push_back({text, style});
    return true;
  }

  const std::map<std::string, std::string>& styles_;
  const std::uintmax_t max_text_;
  std::uintmax_t received_ = 0;
  std::string text_;
  std::string style_;
  std::string cell_;
  std::string cell_lines_;
  std::vector<std::string> row_;
  std::vector<std::string> row_lines_;
  std::vector<Control> open_;
  int table_depth_ = 0;
  bool in_text_ = false;
  bool in_paragraph_ = false;
};

// docProps/core.xml: dc:title and dc:language.
class CoreProperties : public Poco::XML::DefaultHandler {
 public:
  std::string title;
  std::string language;

  void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local,
                    const Poco::XML::XMLString&, const Poco::XML::Attributes&) override {
    field_ = local == "title" ? &title : local == "language" ? &language : nullptr;
  }
  void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString&,
                  const Poco::XML::XMLString&) override {
    field_ = nullptr;
  }
  void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
    if (field_) field_->append(ch + start, static_cast<std::size_t>(length));
  }

 private:
  std::string* field_ = nullptr;
};

bool is_heading(const std::string& style) { return style.rfind("heading", 0) == 0; }

}  // namespace

Expected<Document> read_docx_document(std::string_view bytes, const std::string& source,
                                      const ArchiveLimits& limits, const FormLabels* labels) {
  Expected<ArchiveContents> zip = read_zip(bytes, limits);
  if (!zip) return Diagnostic{source, {}, "not a readable .docx: " + zip.problems()[0].message};
  auto part = [&](const std::string& name) -> const std::string* {
    for (const ArchiveEntry& entry : zip->entries) {
      if (entry.name == name) return &entry.bytes;
    }
    return nullptr;
  };
  for (const auto& [name, reason] : zip->refused) {
    if (name.rfind("word/", 0) == 0) return Diagnostic{source, {}, name + ": " + reason};
  }
  const std::string* document_xml = part("word/document.xml");
  if (document_xml == nullptr)
    return Diagnostic{source, {}, "not a .docx: it has no word/document.xml"};

  Styles styles;
  CoreProperties core;
  try {
    if (const std::string* xml = part("word/styles.xml")) parse_xml(*xml, styles);
    if (const std::string* xml = part("docProps/core.xml")) parse_xml(*xml, core);
  } catch (const Poco::Exception&) {
    // Styles and properties only refine the reading; the body is what counts.
  }
  Body body(styles.names, limits.max_entry_bytes);
  try {
    parse_xml(*document_xml, body);
  } catch (const Poco::Exception& e) {
    return Diagnostic{source, {}, "word/document.xml is not well-formed XML: " + e.displayText()};
  }
  if (body.too_much_text()) {
    return Diagnostic{source,
                      {},
                      "word/document.xml holds more than " +
                          std::to_string(limits.max_entry_bytes) +
                          " bytes of text once its XML entities are expanded (the file limit, "
                          "--max-file-bytes)"};
  }
  if (body.too_many_controls()) {
    return Diagnostic{source,
                      {},
                      "more than " + std::to_string(kMaxFormFields) +
                          " tagged content controls: not an application form, not read"};
  }

  // The call's form: content controls tagged with a field path. Elsewhere,
  // a two-column table whose first cells are the form's labels.
  std::vector<FormValue> values;
  for (const FormValue& control : body.controls) {
    if (is_form_path(control.path)) values.push_back(control);
  }
  const bool form = !values.empty();
  if (labels != nullptr) {
    std::vector<bool> consumed(body.paragraphs.size(), false);
    for (const LabelledRow& row : body.rows) {
      std::optional<std::string> path = labels->path_of(row.label);
      if (!path) continue;
      values.push_back({*path, row.value});
      consumed[row.paragraph] = true;
    }
    std::vector<Paragraph> kept;
    for (std::size_t i = 0; i < body.paragraphs.size(); ++i) {
      if (!consumed[i]) kept.push_back(std::move(body.paragraphs[i]));
    }
    body.paragraphs = std::move(kept);
  }

  std::optional<std::string> title;
  for (const Paragraph& p : body.paragraphs) {
    if (p.style == "title" && !p.text.empty()) title = p.text;
  }
  if (!title && !core.title.empty()) title = core.title;
  std::string summary;
  std::vector<std::pair<std::string, std::string>> sections;
  for (const Paragraph& p : body.paragraphs) {
    if (p.style == "title") continue;
    if (is_heading(p.style)) {
      if (!title) {
        title = p.text;
        continue;
      }
      sections.emplace_back(p.text, "");
      continue;
    }
    std::string& into = sections.empty() ? summary : sections.back().second;
    if (!p.text.empty()) into += (into.empty() ? "" : "\n") + p.text;
  }

  Document document{source, {}};
  document.root.kind = Node::Kind::Map;
  if (title) document.root.members.emplace_back("title", Node::text(*title));
  if (!core.language.empty())
    document.root.members.emplace_back("language", Node::text(core.language));
  if (!summary.empty()) document.root.members.emplace_back("summary", Node::text(summary));
  if (!sections.empty()) {
    Node map;
    map.kind = Node::Kind::Map;
    for (const auto& [name, text] : sections) {
      auto same = std::find_if(map.members.begin(), map.members.end(),
                               [&name = name](const auto& m) { return m.first == name; });
      if (same != map.members.end()) {
        same->second.scalar += "\n" + text;
      } else {
        map.members.emplace_back(name.empty() ? "section" : name, Node::text(text));
      }
    }
    document.root.members.emplace_back("sections", std::move(map));
  }
  if (form) {
    // Before the first heading, the form holds only its own labels and
    // help: the summary is the one its control holds.
    auto summary_member = std::find_if(document.root.members.begin(), document.root.members.end(),
                                       [](const auto& m) { return m.first == "summary"; });
    if (summary_member != document.root.members.end()) document.root.members.erase(summary_member);
    document.blank_form = std::all_of(values.begin(), values.end(), [](const FormValue& v) {
      return v.value.find_first_not_of(" \t\r\n") == std::string::npos;
    });
  }
  apply_form_values(document, values);
  return document;
}

}  // namespace shortlist::ingest
