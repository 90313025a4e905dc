#include "core/ingest/markdown.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <vector>

namespace shortlist::ingest {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

std::string trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const std::size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

Expected<Document> read_markdown_document(std::string_view text, const std::string& source) {
  const std::vector<std::string_view> lines = lines_of(text);
  std::size_t body = 0;
  Document document{source, {}};
  document.root.kind = Node::Kind::Map;
  document.root.position = {1, 1};

  if (!lines.empty() && trimmed(lines[0]) == "---") {
    std::size_t close = 1;
    while (close < lines.size() && trimmed(lines[close]) != "---" &&
           trimmed(lines[close]) != "...") {
      ++close;
    }
    if (close == lines.size()) {
      return Diagnostic{source, {1, 1}, "front matter opened with '---' is never closed"};
    }
    std::string yaml;
    for (std::size_t i = 1; i < close; ++i) yaml += std::string(lines[i]) + "\n";
    if (trimmed(yaml).empty() == false) {
      Expected<Document> front = read_yaml_document(yaml, source, 2);
      if (!front) return std::move(front).take_problems();
      if (front->root.kind != Node::Kind::Map) {
        return Diagnostic{source, front->root.position, "front matter must be a mapping of fields"};
      }
      document.root = std::move(front->root);
    }
    body = close + 1;
  }

  static const std::regex kHeading(R"(^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$)");
  const bool has_title = document.root.find("title") != nullptr;
  const bool has_summary = document.root.find("summary") != nullptr;
  const bool has_sections = document.root.find("sections") != nullptr;

  struct BodySection {
    std::string name;
    std::string text;
    int line = 0;
  };
  std::vector<BodySection> found;
  std::string name;  // current section; "" before the first heading
  std::string text_so_far;
  int text_line = 0;
  int first_heading_line = 0;
  std::optional<Node> title;
  std::optional<Node> summary;
  bool in_fence = false;

  auto finish = [&]() {
    const std::string content = trimmed(text_so_far);
    if (name.empty()) {
      if (!content.empty() && !has_summary) summary = Node::text(content, {text_line, 1});
    } else {
      auto same = std::find_if(found.begin(), found.end(),
                               [&](const BodySection& s) { return s.name == name; });
      if (same == found.end()) {
        found.push_back({name, content, text_line});
      } else if (!content.empty()) {  // a heading repeated continues its section
        same->text += (same->text.empty() ? "" : "\n\n") + content;
      }
    }
    text_so_far.clear();
  };

  for (std::size_t i = body; i < lines.size(); ++i) {
    const int line_number = static_cast<int>(i) + 1;
    const std::string_view line = lines[i];
    const std::string stripped = trimmed(line);
    if (stripped.rfind("```", 0) == 0 || stripped.rfind("~~~", 0) == 0) in_fence = !in_fence;
    std::cmatch match;
    if (!in_fence && std::regex_match(line.begin(), line.end(), match, kHeading)) {
      const std::string heading = match[2].str();
      if (match[1].length() == 1 && !has_title && !title && heading.size() > 0) {
        title = Node::text(heading, {line_number, 1});
        continue;
      }
      finish();
      if (first_heading_line == 0) first_heading_line = line_number;
      text_line = line_number;
      name = heading;
      if (name.empty()) name = "section " + std::to_string(line_number);
      continue;
    }
    if (text_so_far.empty() && stripped.empty()) continue;
    if (text_so_far.empty()) text_line = line_number;
    text_so_far += std::string(line) + "\n";
  }
  finish();

  if (has_sections && !found.empty()) {
    return Diagnostic{source,
                      {first_heading_line, 1},
                      "sections are given both in the front matter and as headings; use one"};
  }
  if (title) document.root.members.emplace_back("title", std::move(*title));
  if (summary) document.root.members.emplace_back("summary", std::move(*summary));
  if (!found.empty()) {
    Node sections;
    sections.kind = Node::Kind::Map;
    sections.position = {found.front().line, 1};
    for (BodySection& section : found) {
      sections.members.emplace_back(section.name,
                                    Node::text(std::move(section.text), {section.line, 1}));
    }
    document.root.members.emplace_back("sections", std::move(sections));
  }
  return document;
}

}  // namespace shortlist::ingest
