// Builds a Proposal from a parsed submission Document, checking every field
// of the submission format (docs/submissions.md) and naming the place of each
// problem. All problems of one file are reported together.
//
//   Expected<Proposal> p = build_proposal(document, /*default_id=*/"chamber-ke-01");
#pragma once

#include <string>

#include "core/ingest/document.h"
#include "core/model/proposal.h"

namespace shortlist::ingest {

Expected<Proposal> build_proposal(const Document& document, const std::string& default_id);

// What build_proposal establishes from a proposal's text — its languages
// (a declared one kept), word and sentence counts per language, and the
// content hash — for a proposal rebuilt from its stored text.
void analyse_text(Proposal& proposal);

}  // namespace shortlist::ingest
