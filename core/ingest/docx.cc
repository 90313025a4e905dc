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

// document.xml: paragraphs in order; a table is one paragraph per row.
class Body : public Poco::XML::DefaultHandler {
 public:
  // XML entities can make a small document.xml name far more text (expat
  // stops only beyond 100 times its input); text past `max_text` bytes is
  // counted, not kept.
  Body(const std::map<std::string, std::string>& styles, std::uintmax_t max_text)
      : styles_(styles), max_text_(max_text) {}
  std::vector<Paragraph> paragraphs;
  bool too_much_text() const { return received_ > max_text_; }

  void startElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local,
                    const Poco::XML::XMLString&, const Poco::XML::Attributes& attributes) override {
    if (uri != kWord) return;
    if (local == "tbl") ++table_depth_;
    if (local == "tr" && table_depth_ > 0) row_.clear();
    if (local == "tc" && table_depth_ > 0) cell_.clear();
    if (local == "p") {
      text_.clear();
      style_.clear();
    }
    if (local == "pStyle") {
      const std::string id = attributes.getValue(kWord, "val");
      auto it = styles_.find(id);
      style_ = it != styles_.end() ? it->second : lower(id);
    }
    if (local == "t") in_text_ = true;
    if (local == "tab") text_ += ' ';
    if (local == "br" || local == "cr") text_ += '\n';
  }

  void endElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local,
                  const Poco::XML::XMLString&) override {
    if (uri != kWord) return;
    if (local == "t") in_text_ = false;
    if (local == "p") {
      if (table_depth_ > 0) {
        cell_ += (cell_.empty() ? "" : " ") + text_;
      } else {
        paragraphs.push_back({text_, style_});
      }
    }
    if (local == "tc" && table_depth_ > 0) row_.push_back(cell_);
    if (local == "tr" && table_depth_ > 0) {
      std::string line;
      for (const std::string& cell : row_) line += (line.empty() ? "" : " | ") + cell;
      paragraphs.push_back({line, ""});
    }
    if (local == "tbl") --table_depth_;
  }

  void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
    if (!in_text_) return;
    received_ += static_cast<std::uintmax_t>(length);
    if (!too_much_text()) text_.append(ch + start, static_cast<std::size_t>(length));
  }

 private:
  const std::map<std::string, std::string>& styles_;
  const std::uintmax_t max_text_;
  std::uintmax_t received_ = 0;
  std::string text_;
  std::string style_;
  std::string cell_;
  std::vector<std::string> row_;
  int table_depth_ = 0;
  bool in_text_ = false;
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
                                      const ArchiveLimits& limits) {
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
  return document;
}

}  // namespace shortlist::ingest
