// What every HTML page and report of Shortlist needs of text: escaping,
// which languages are written right to left, and the reports' style sheet.
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

// `text` escaped as escape_html does, with each quoted term ('…', “…”, «…»)
// isolated in <bdi>, so that a right-to-left term keeps its order inside a
// left-to-right explanation and the other way round. An apostrophe within
// a word (MSMEs' or l'appel) is not a quote.
//   isolate_quoted("matched 'تجارة رقمية' twice")
//     == "matched <bdi>&#39;تجارة رقمية&#39;</bdi> twice"
std::string isolate_quoted(std::string_view text);

// The style sheet every HTML report shares (inlined: a report is one file),
// with its print rules.
std::string_view report_stylesheet();

}  // namespace shortlist::report
