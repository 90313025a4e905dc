// shortlist_bench_assign: assigns every proposal a call's latest run
// shortlisted to three jurors of its roster in turn, through the store (one
// audited transaction), for the audit benchmark (bench/audit/run.sh). The
// min-cost flow of `shortlist jury assign` is measured in docs/performance.md;
// at 10,000 proposals and 100 jurors it is not what this benchmark is about.
//
//   shortlist_bench_assign sqlite:shortlist.db [CALL]
#include <iostream>

#include "core/store/jury_store.h"
#include "core/store/migrations.h"

int main(int argc, char** argv) {
  using namespace shortlist::store;
  if (argc < 2) {
    std::cerr << "usage: shortlist_bench_assign URI [CALL]\n";
    return 2;
  }
  const std::string call = argc > 2 ? argv[2] : "main";
  shortlist::Expected<Database> db = Database::open(argv[1]);
  if (!db || !migrate(*db)) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 1;
  }
  const std::optional<std::int64_t> run = latest_run(*db, call);
  const auto jurors = load_jurors(*db, call);
  if (!run || jurors.size() < 3) {
    std::cerr << "the call needs a run and at least 3 jurors\n";
    return 1;
  }
  shortlist::Expected<std::vector<JuryProposal>> proposals = shortlisted_proposals(*db, call, *run);
  if (!proposals) {
    std::cerr << proposals.problems()[0].message << "\n";
    return 1;
  }
  std::vector<StoredAssignment> pairs;
  for (std::size_t i = 0; i < proposals->size(); ++i) {
    for (std::size_t k = 0; k < 3; ++k) {
      pairs.push_back({(*proposals)[i].proposal.id, jurors[(3 * i + k) % jurors.size()].id});
    }
  }
  shortlist::Expected<std::size_t> stored = save_assignments(*db, call, pairs, "bench");
  if (!stored) {
    std::cerr << stored.problems()[0].message << "\n";
    return 1;
  }
  std::cout << *stored << " assignments stored\n";
  return 0;
}
