// ingest_batch: submission files and folders read into proposals and the
// quarantine list, and, given a store, stored into a call — what
// `shortlist ingest` and `shortlist evaluate --db --submissions` both do.
//
//   app::IngestRequest request{{"submissions/"}, limits, "dc-2026", "cli"};
//   app::IngestedBatch read = app::ingest_batch(request, &db, observer);
//   for (const ingest::Exclusion& e : read.batch.excluded) std::cout << e.source << '\n';
//   if (read.stored && read.stored->failed > 0) ...;  // nothing half-written: see StoredBatch
//
// It does not fail as a whole: a file that cannot be read is quarantined
// with the reason, and each proposal's storing has its own result.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/app/observer.h"
#include "core/ingest/submission_reader.h"
#include "core/store/database.h"
#include "core/store/submission_store.h"

namespace shortlist::app {

struct IngestRequest {
  std::vector<std::filesystem::path> paths;  // files and folders
  ingest::ReadLimits limits = {};
  std::string call = "main";  // the call they are stored into, with a store
  std::string actor = "cli";  // who stored them, in the audit log
  // The application form's labels in its languages, for Word documents
  // that give its fields in a table of labels and values; may be null.
  const ingest::FormLabels* form_labels = nullptr;
};

struct IngestedBatch {
  ingest::Submissions batch;                 // proposals read, and the quarantine list
  std::optional<store::StoredBatch> stored;  // with a store: one result per proposal
  // Proposals stored new or as a new version (not already stored).
  std::size_t added() const;
};

// Reads the request's paths (telling `observer` after each file, and of
// each blank application form skipped) and, when `db` is given, stores the
// batch into the request's call.
IngestedBatch ingest_batch(const IngestRequest& request, store::Database* db,
                           Observer& observer = unobserved());

}  // namespace shortlist::app
