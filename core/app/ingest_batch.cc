#include "core/app/ingest_batch.h"

namespace shortlist::app {

std::size_t IngestedBatch::added() const {
  std::size_t added = 0;
  if (!stored) return added;
  for (const Expected<store::StoredSubmission>& result : stored->proposals) {
    added += result && result->what != store::Stored::AlreadyStored;
  }
  return added;
}

IngestedBatch ingest_batch(const IngestRequest& request, store::Database* db, Observer& observer) {
  IngestedBatch read;
  read.batch = ingest::read_submissions(
      request.paths, request.limits,
      [&observer](std::size_t done, std::size_t total) { observer.reading(done, total); },
      request.form_labels);
  for (const ingest::Exclusion& skipped : read.batch.skipped) {
    observer.note(skipped.source + ": " + skipped.reason);
  }
  if (db != nullptr) read.stored = store::store_batch(*db, request.call, read.batch, request.actor);
  return read;
}

}  // namespace shortlist::app
