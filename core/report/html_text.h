// What every HTML page and report of Shortlist needs of text: escaping, and
// which languages are written right to left.
//
//   out << "<html lang=\"" << escape_html(lang) << "\" dir=\"" << (right_to_left(lang) ? "rtl" :
//   "ltr");
#pragma once

#include <string>
#include <string_view>

namespace shortlist::report {

// `text` with &, <, >, " and ' escaped for HTML text and attribute values.
std::string escape_html(std::string_view text);

// Whether `language` (ISO 639) is written right to left: Arabic, Persian,
// Hebrew, Urdu, Pashto, Kurdish (Sorani), Yiddish, Dhivehi.
bool right_to_left(std::string_view language);

}  // namespace shortlist::report
