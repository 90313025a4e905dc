// Word (.docx) submissions, read with Poco::Zip and Poco::XML: paragraphs
// become text, headings (any "heading N" style, whatever the interface
// language of the word processor that wrote it) start sections, tables
// become lines of `|`-separated cells. The title is the document's Title
// paragraph, else its core properties' title, else its first heading; text
// before the first section heading is the summary.
//
// The call's application form (`shortlist forms`) holds its fields in
// content controls tagged with their path (`applicant.country`): what a
// control holds is that field's value, and the text around the controls is
// the form's own (before the first heading, not a summary). A document that
// is not the form may give the same fields in a two-column table of labels
// and values, the labels as the form writes them in any of its languages
// (`labels`). A form with nothing filled in is read as `blank_form`.
//
//   Expected<Document> doc = read_docx_document(bytes, "proposal.docx", limits);
#pragma once

#include <string>
#include <string_view>

#include "core/ingest/archive.h"
#include "core/ingest/document.h"
#include "core/ingest/form_fields.h"

namespace shortlist::ingest {

Expected<Document> read_docx_document(std::string_view bytes, const std::string& source,
                                      const ArchiveLimits& limits,
                                      const FormLabels* labels = nullptr);

}  // namespace shortlist::ingest
