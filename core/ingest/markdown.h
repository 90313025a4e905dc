// Markdown submissions: YAML front matter between `---` lines for the
// fields, and a body whose headings start sections. The first `# heading`
// is the title when the front matter has none; text before the first section
// heading is the summary when the front matter has none. Headings inside
// fenced code blocks are text.
//
//   ---
//   id: ke-kisumu-ecert
//   budget: {total: 148000}
//   ---
//   # Paperless certificates of origin
//   Summary paragraph.
//   ## Context
//   ...
//
//   Expected<Document> doc = read_markdown_document(text, "submissions/ke.md");
#pragma once

#include <string>
#include <string_view>

#include "core/ingest/document.h"

namespace shortlist::ingest {

Expected<Document> read_markdown_document(std::string_view text, const std::string& source);

}  // namespace shortlist::ingest
