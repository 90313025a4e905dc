#include "core/util/diagnostic.h"

#include <algorithm>
#include <utility>

namespace shortlist {

std::string Diagnostic::located_message() const {
  std::string out;
  if (position.line > 0) {
    out += std::to_string(position.line);
    if (position.column > 0) out += ':' + std::to_string(position.column);
    out += ": ";
  }
  return out + message;
}

std::string Diagnostic::to_string() const {
  return source + (position.line > 0 ? ":" : ": ") + located_message();
}

std::string join_located(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics) {
    if (!out.empty()) out += "; ";
    out += diagnostic.located_message();
  }
  return out;
}

void sort_by_position(Diagnostics& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::pair(a.position.line, a.position.column) <
                            std::pair(b.position.line, b.position.column);
                   });
}

std::ostream& operator<<(std::ostream& out, const Diagnostic& diagnostic) {
  return out << diagnostic.to_string();
}

}  // namespace shortlist
