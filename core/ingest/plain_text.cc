#include "core/ingest/plain_text.h"

namespace shortlist::ingest {

Document read_text_document(std::string_view text, const std::string& source) {
  Document document{source, {}};
  document.root.kind = Node::Kind::Map;
  std::size_t start = 0;
  int line = 1;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view current = text.substr(start, end - start);
    if (current.find_first_not_of(" \t\r") != std::string_view::npos) {
      document.root.members.emplace_back("title", Node::text(std::string(current), {line, 1}));
      const std::string_view rest = end < text.size() ? text.substr(end + 1) : std::string_view();
      if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) {
        Node sections;
        sections.kind = Node::Kind::Map;
        sections.position = {line + 1, 1};
        sections.members.emplace_back("text", Node::text(std::string(rest), sections.position));
        document.root.members.emplace_back("sections", std::move(sections));
      }
      break;
    }
    start = end + 1;
    ++line;
  }
  return document;
}

}  // namespace shortlist::ingest
