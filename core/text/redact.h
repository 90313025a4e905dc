// Redaction for blind review: every occurrence of the given names in a text
// — matched regardless of case, as ICU's collation sees it in the text's
// language, so "CÁMARA DE COMERCIO" matches "Cámara de Comercio" — replaced
// by a placeholder.
//
//   std::string shown = redact("The Kisumu Chamber will train...", {"Kisumu Chamber"}, "en");
//   // "The [withheld] will train..."
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shortlist::text {

inline constexpr std::string_view kWithheld = "[withheld]";

// Names shorter than three characters are left alone: they would hide
// ordinary words.
std::string redact(std::string_view utf8, const std::vector<std::string>& names,
                   std::string_view language, std::string_view placeholder = kWithheld);

}  // namespace shortlist::text
