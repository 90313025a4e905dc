// PDF submissions, text extracted with poppler's C++ API. The title is the
// document's Title property, else its first non-empty line; the rest of the
// text is one section called "text" (PDFs carry no reliable headings).
// Before poppler reads it, what its streams decode to is counted
// (pdf_filters.h; poppler would decode them whole, and spend minutes on a
// few KB that expand to a hundred MB of page content): beyond the archive
// limits (the total, or the compression ratio over the whole file) it is
// refused.
//
// The call's application form (`shortlist forms`) is a fillable PDF whose
// AcroForm fields are named by field path (`applicant.country`, or a field
// "country" under one named "applicant"): read with PoDoFo (poppler's C++
// API does not show forms), their values are the proposal's fields, and the
// text of the pages that hold them, the form's own labels and help, is not
// read; other pages are, as above. A form with nothing filled in is read as
// `blank_form`.
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
