#include "core/ingest/json_positions.h"

#include <cstring>

namespace shortlist::ingest {

class JsonScanner {
 public:
  JsonScanner(std::string_view text, int max_depth, JsonPositions& out)
      : text_(text), max_depth_(max_depth), out_(out) {}

  void run() {
    skip_space();
    if (!value("", 0)) return;
    skip_space();
    if (at_ < text_.size()) fail("unexpected text after the JSON value");
  }

 private:
  SourcePosition here() const { return {line_, column_}; }

  bool fail(const std::string& message) {
    if (!out_.error_) {
      out_.error_ = message;
      out_.error_position_ = here();
    }
    return false;
  }

  // Columns count characters, not bytes, as editors do.
  void advance() {
    const auto byte = static_cast<unsigned char>(text_[at_]);
    if (byte == '\n') {
      ++line_;
      column_ = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++column_;
    }
    ++at_;
  }

  void skip_space() {
    while (at_ < text_.size() && std::strchr(" \t\r\n", text_[at_]) != nullptr) advance();
  }

  bool expect(char c) {
    skip_space();
    if (at_ >= text_.size()) return fail(std::string("expected '") + c + "' before the end");
    if (text_[at_] != c) return fail(std::string("expected '") + c + "'");
    advance();
    return true;
  }

  // Reads a string, returning its content with \" and \\ resolved (enough for
  // keys to match Poco's decoded ones in practice).
  std::optional<std::string> string() {
    advance();  // opening quote
    std::string content;
    while (at_ < text_.size() && text_[at_] != '"') {
      if (text_[at_] == '\n') {
        fail("line break inside a string");
        return std::nullopt;
      }
      if (text_[at_] == '\\' && at_ + 1 < text_.size()) {
        advance();
        const char escaped = text_[at_];
        if (escaped != '"' && escaped != '\\') content += '\\';
        content += escaped;
      } else {
        content += text_[at_];
      }
      advance();
    }
    if (at_ >= text_.size()) {
      fail("unterminated string");
      return std::nullopt;
    }
    advance();  // closing quote
    return content;
  }

  bool value(const std::string& path, int depth) {
    skip_space();
    if (at_ >= text_.size()) return fail("expected a value before the end");
    if (depth > max_depth_)
      return fail("nesting deeper than " + std::to_string(max_depth_) + " levels");
    JsonPositions::Entry& entry = out_.entries_[path];
    entry.position = here();
    const char c = text_[at_];
    if (c == '{') return object(path, depth);
    if (c == '[') return array(path, depth);
    if (c == '"') return string().has_value();
    const std::size_t start = at_;
    while (at_ < text_.size() && std::strchr(",]} \t\r\n", text_[at_]) == nullptr) advance();
    entry.literal = std::string(text_.substr(start, at_ - start));
    if (entry.literal.empty()) return fail(std::string("unexpected '") + c + "'");
    return true;
  }

  bool object(const std::string& path, int depth) {
    advance();  // {
    skip_space();
    if (at_ < text_.size() && text_[at_] == '}') {
      advance();
      return true;
    }
    while (true) {
      skip_space();
      if (at_ >= text_.size() || text_[at_] != '"') return fail("expected a quoted key");
      std::optional<std::string> key = string();
      if (!key || !expect(':') || !value(path + "/" + *key, depth + 1)) return false;
      skip_space();
      if (at_ < text_.size() && text_[at_] == ',') {
        advance();
        continue;
      }
      return expect('}');
    }
  }

  bool array(const std::string& path, int depth) {
    advance();  // [
    skip_space();
    if (at_ < text_.size() && text_[at_] == ']') {
      advance();
      return true;
    }
    for (std::size_t index = 0;; ++index) {
      if (!value(path + "/" + std::to_string(index), depth + 1)) return false;
      skip_space();
      if (at_ < text_.size() && text_[at_] == ',') {
        advance();
        continue;
      }
      return expect(']');
    }
  }

  std::string_view text_;
  int max_depth_;
  JsonPositions& out_;
  std::size_t at_ = 0;
  int line_ = 1;
  int column_ = 1;
};

JsonPositions JsonPositions::scan(std::string_view text, int max_depth) {
  JsonPositions positions;
  JsonScanner(text, max_depth, positions).run();
  return positions;
}

const JsonPositions::Entry* JsonPositions::find(const std::string& path) const {
  auto it = entries_.find(path);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace shortlist::ingest
