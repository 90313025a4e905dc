// PDF submissions, text extracted with poppler's C++ API. The title is the
// document's Title property, else its first non-empty line; the rest of the
// text is one section called "text" (PDFs carry no reliable headings).
// Before poppler reads it, what its streams decode to is counted
// (pdf_filters.h; poppler would decode them whole, and spend minutes on a
// few KB that expand to a hundred MB of page content): beyond the archive
// limits (the total, or the compression ratio over the whole file) it is
// refused.
//
//   Expected<Document> doc = read_pdf_document(bytes, "proposal.pdf", limits);
#pragma once

#include <string>
#include <string_view>

#include "core/ingest/archive.h"
#include "core/ingest/document.h"

namespace shortlist::ingest {

Expected<Document> read_pdf_document(std::string_view bytes, const std::string& source,
                                     const ArchiveLimits& limits);

}  // namespace shortlist::ingest
