// Plain text submissions: the first non-empty line is the title, the rest
// one section called "text".
//
//   Document doc = read_text_document(text, "proposal.txt");
#pragma once

#include <string>
#include <string_view>

#include "core/ingest/document.h"

namespace shortlist::ingest {

Document read_text_document(std::string_view text, const std::string& source);

}  // namespace shortlist::ingest
