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
  // One line for them all: a call's forms in every language and format
  // shipped beside its proposals are eight files of nothing to report.
  const std::vector<ingest::Exclusion>& skipped = read.batch.skipped;
  if (skipped.size() == 1) {
    observer.note(skipped[0].source + ": " + skipped[0].reason);
  } else if (!skipped.empty()) {
    std::string sources;
    for (const ingest::Exclusion& form : skipped)
      sources += (sources.empty() ? "" : ", ") + form.source;
    observer.note(std::to_string(skipped.size()) +
                  " application forms with no field filled in (blank forms): not proposals, "
                  "skipped: " +
                  sources);
  }
  if (db != nullptr) read.stored = store::store_batch(*db, request.call, read.batch, request.actor);
  return read;
}

}  // namespace shortlist::app
