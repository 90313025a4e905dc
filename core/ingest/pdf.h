// PDF submissions, text extracted with poppler's C++ API. The title is the
// document's Title property, else its first non-empty line; the rest of the
// text is one section called "text" (PDFs carry no reliable headings).
//
//   Expected<Document> doc = read_pdf_document(bytes, "proposal.pdf");
#pragma once

#include <string>
#include <string_view>

#include "core/ingest/document.h"

namespace shortlist::ingest {

Expected<Document> read_pdf_document(std::string_view bytes, const std::string& source);

}  // namespace shortlist::ingest
