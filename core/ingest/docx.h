// Word (.docx) submissions, read with Poco::Zip and Poco::XML: paragraphs
// become text, headings (any "heading N" style, whatever the interface
// language of the word processor that wrote it) start sections, tables
// become lines of `|`-separated cells. The title is the document's Title
// paragraph, else its core properties' title, else its first heading; text
// before the first section heading is the summary.
//
//   Expected<Document> doc = read_docx_document(bytes, "proposal.docx", limits);
#pragma once

#include <string>
#include <string_view>

#include "core/ingest/archive.h"
#include "core/ingest/document.h"

namespace shortlist::ingest {

Expected<Document> read_docx_document(std::string_view bytes, const std::string& source,
                                      const ArchiveLimits& limits);

}  // namespace shortlist::ingest
