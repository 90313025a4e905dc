#include "core/report/html_text.h"

#include <algorithm>
#include <cctype>
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

namespace {

bool is_word_byte(unsigned char c) { return std::isalnum(c) != 0 || c >= 0x80; }

}  // namespace

std::string isolate_quoted(std::string_view text) {
  struct Pair {
    std::string_view open, close;
  };
  static constexpr Pair kPairs[] = {{"'", "'"}, {"\u201c", "\u201d"}, {"\u00ab", "\u00bb"}};
  std::string out;
  std::size_t at = 0, plain = 0;
  while (at < text.size()) {
    bool isolated = false;
    for (const Pair& pair : kPairs) {
      if (text.compare(at, pair.open.size(), pair.open) != 0) continue;
      // An ASCII quote opens only where a word does not go on: l'appel is
      // one word.
      if (pair.open == "'" && at > 0 && is_word_byte(static_cast<unsigned char>(text[at - 1]))) {
        break;
      }
      std::size_t end = text.find(pair.close, at + pair.open.size());
      while (pair.close == "'" && end != std::string_view::npos && end + 1 < text.size() &&
             is_word_byte(static_cast<unsigned char>(text[end + 1]))) {
        end = text.find(pair.close, end + 1);
      }
      if (end == std::string_view::npos || end == at + pair.open.size()) break;
      const std::size_t after = end + pair.close.size();
      out += escape_html(text.substr(plain, at - plain)) + "<bdi>" +
             escape_html(text.substr(at, after - at)) + "</bdi>";
      at = plain = after;
      isolated = true;
      break;
    }
    if (!isolated) ++at;
  }
  return out + escape_html(text.substr(plain));
}

std::string_view report_stylesheet() {
  static constexpr const char* kStyle = R"(
body{font-family:system-ui,"Noto Sans",sans-serif;margin:2rem;color:#1a1a1a;max-width:70rem}
h1{font-size:1.6rem;margin-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:start;vertical-align:top}
td.num,th.num{text-align:end;font-variant-numeric:tabular-nums}
tr.shortlisted{background:#eef6ee}
.fragile{color:#a40000;font-weight:600}
.meta{color:#555;font-size:.9rem}
section.proposal{break-inside:avoid;border-top:2px solid #333;margin-top:1.5rem;padding-top:.5rem}
table.breakdown{width:auto;margin:.4rem 0}
table.breakdown th{font-weight:normal;max-width:24rem;overflow-wrap:anywhere}
table.breakdown td.bar{padding-inline:0;width:364px}
table.breakdown td,table.breakdown th{border-bottom:none;padding-block:.1rem}
ul.notes li{margin:.2rem 0}
@media print{body{margin:0}a{color:inherit}}
)";
  return kStyle;
}

}  // namespace shortlist::report
