#include "core/ingest/form_fields.h"

#include <algorithm>
#include <cctype>

#include "core/text/tokens.h"

namespace shortlist::ingest {
namespace {

bool is_name(std::string_view part) {
  return !part.empty() && std::all_of(part.begin(), part.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t dot = path.find('.'); dot != std::string_view::npos;
       dot = path.find('.', start)) {
    parts.push_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(path.substr(start));
  return parts;
}

bool is_amount(std::string_view path) {
  return path == "budget.total" || path == "budget.requested" ||
         path.rfind("beneficiaries.", 0) == 0 || path.rfind("fields.", 0) == 0;
}

std::string trimmed(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(start, end - start + 1));
}

}  // namespace

bool is_form_path(std::string_view path) {
  const std::vector<std::string_view> parts = split_path(path);
  if (!std::all_of(parts.begin(), parts.end(), is_name)) return false;
  const std::string_view head = parts[0];
  if (parts.size() == 1) return head == "title" || head == "summary" || head == "language";
  if (head == "applicant") {
    return parts.size() == 2 && (parts[1] == "name" || parts[1] == "type" ||
                                 parts[1] == "country" || parts[1] == "email");
  }
  if (head == "budget") {
    return parts.size() == 2 &&
           (parts[1] == "total" || parts[1] == "requested" || parts[1] == "currency");
  }
  if (head == "beneficiaries" || head == "sections") return parts.size() == 2;
  return head == "fields" && parts.size() <= 4;
}

std::optional<std::string> plain_number_text(std::string_view typed) {
  std::string digits;
  // Spaces of every width and apostrophes group digits as people write them.
  for (std::size_t i = 0; i < typed.size(); ++i) {
    const std::string_view rest = typed.substr(i);
    if (rest.rfind("\xC2\xA0", 0) == 0) {
      ++i;
      continue;
    }
    if (rest.rfind("\xE2\x80\xAF", 0) == 0 || rest.rfind("\xE2\x80\x89", 0) == 0 ||
        rest.rfind("\xE2\x80\x99", 0) == 0) {
      i += 2;
      continue;
    }
    // Arabic-Indic and Eastern Arabic-Indic digits, and the Arabic
    // thousands and decimal separators, as an Arabic keyboard types them.
    if (rest.size() >= 2 && (rest[0] == '\xD9' || rest[0] == '\xDB')) {
      const auto second = static_cast<unsigned char>(rest[1]);
      if (rest[0] == '\xD9' && second >= 0xA0 && second <= 0xA9) {
        digits += static_cast<char>('0' + (second - 0xA0));
        ++i;
        continue;
      }
      if (rest[0] == '\xDB' && second >= 0xB0 && second <= 0xB9) {
        digits += static_cast<char>('0' + (second - 0xB0));
        ++i;
        continue;
      }
      if (rest[0] == '\xD9' && (second == 0xAB || second == 0xAC)) {
        digits += second == 0xAB ? '.' : ',';
        ++i;
        continue;
      }
    }
    const char c = typed[i];
    if (c == ' ' || c == '\t' || c == '\'' || c == '\r' || c == '\n') continue;
    digits += c;
  }
  if (digits.empty()) return std::nullopt;
  std::string sign;
  if (digits[0] == '-' || digits[0] == '+') {
    if (digits[0] == '-') sign = "-";
    digits.erase(0, 1);
  }
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](unsigned char c) {
        return std::isdigit(c) || c == ',' || c == '.';
      })) {
    return std::nullopt;
  }
  const std::size_t commas =
      static_cast<std::size_t>(std::count(digits.begin(), digits.end(), ','));
  const std::size_t points =
      static_cast<std::size_t>(std::count(digits.begin(), digits.end(), '.'));
  char decimal = 0;
  if (commas > 0 && points > 0) {
    decimal = digits.find_last_of(",.") == digits.rfind(',') ? ',' : '.';
  } else if (commas == 1 || points == 1) {
    const char separator = commas == 1 ? ',' : '.';
    const std::size_t at = digits.find(separator);
    if (digits.size() - at - 1 != 3) decimal = separator;
  }
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const char c = digits[i];
    if (c == decimal) {
      out += '.';
      continue;
    }
    if (c == ',' || c == '.') {
      // A group separator comes after one to three digits and before three.
      const std::size_t next = digits.find_first_of(",.", i + 1);
      const std::size_t group = (next == std::string::npos ? digits.size() : next) - i - 1;
      if (group != 3 || out.empty()) return std::nullopt;
      continue;
    }
    out += c;
  }
  if (out.empty() || out.front() == '.' || out.back() == '.' ||
      std::count(out.begin(), out.end(), '.') > 1) {
    return std::nullopt;
  }
  return sign + out;
}

void apply_form_values(Document& document, const std::vector<FormValue>& values) {
  if (document.root.kind != Node::Kind::Map) {
    document.root = Node();
    document.root.kind = Node::Kind::Map;
  }
  for (const FormValue& field : values) {
    std::string value = trimmed(field.value);
    if (value.empty() || !is_form_path(field.path)) continue;
    const std::vector<std::string_view> parts = split_path(field.path);
    Node* at = &document.root;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::string key(parts[i]);
      auto member = std::find_if(at->members.begin(), at->members.end(),
                                 [&key](const auto& m) { return m.first == key; });
      if (member == at->members.end()) {
        at->members.emplace_back(key, Node());
        member = std::prev(at->members.end());
      }
      at = &member->second;
      if (i + 1 < parts.size() && at->kind != Node::Kind::Map) {
        *at = Node();
        at->kind = Node::Kind::Map;
      }
    }
    if (is_amount(field.path)) {
      Node plain;
      plain.kind = Node::Kind::Scalar;
      std::optional<std::string> number = plain_number_text(value);
      // Not a number: kept as typed, for the builder to say so.
      plain.scalar = number ? *number : value;
      plain.quoted = !number && field.path.rfind("fields.", 0) == 0;
      *at = std::move(plain);
    } else {
      *at = Node::text(std::move(value));
    }
  }
}

std::string label_key(std::string_view label) {
  std::string key = text::fold_case(trimmed(label));
  while (!key.empty() && (key.back() == ':' || key.back() == '*' || key.back() == ' ')) {
    key.pop_back();
  }
  // Arabic writes its colon differently; a no-break space may come before.
  for (const std::string_view tail : {"\xEF\xBC\x9A", "\xC2\xA0"}) {
    while (key.size() >= tail.size() &&
           key.compare(key.size() - tail.size(), tail.size(), tail) == 0) {
      key.erase(key.size() - tail.size());
      while (!key.empty() && key.back() == ' ') key.pop_back();
    }
  }
  std::string collapsed;
  for (char c : key) {
    if ((c == ' ' || c == '\t' || c == '\n') && (collapsed.empty() || collapsed.back() == ' '))
      continue;
    collapsed += (c == '\t' || c == '\n') ? ' ' : c;
  }
  return collapsed;
}

void FormLabels::add(std::string_view label, std::string path) {
  const std::string key = label_key(label);
  if (!key.empty()) paths_.emplace(key, std::move(path));
}

std::optional<std::string> FormLabels::path_of(std::string_view label) const {
  const std::string key = label_key(label);
  if (auto it = paths_.find(key); it != paths_.end()) return it->second;
  const std::string written = trimmed(label);
  if (is_form_path(written)) return written;
  return std::nullopt;
}

}  // namespace shortlist::ingest
