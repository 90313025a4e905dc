#include "core/report/html_text.h"

#include <algorithm>
#include <iterator>

namespace shortlist::report {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool right_to_left(std::string_view language) {
  static const char* const kRtl[] = {"ar", "fa", "he", "ur", "ps", "ku", "ckb", "yi", "dv"};
  return std::any_of(std::begin(kRtl), std::end(kRtl),
                     [&](const char* rtl) { return language == rtl; });
}

}  // namespace shortlist::report
