// Reads submission files and folders into Proposals. A file that cannot be
// read or is invalid becomes an Exclusion with the reason; the rest of the
// batch goes on.
//
//   Submissions batch = read_submissions({"submissions/"});
//   for (const Exclusion& e : batch.excluded) std::cerr << e.source << ": " << e.reason;
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/model/proposal.h"

namespace shortlist::ingest {

// A submission left out of the ranking, and why.
struct Exclusion {
  std::string source;
  std::string reason;
  std::string id;  // where known
  std::string title;
  std::string language;
};

struct Submissions {
  std::vector<Proposal> proposals;  // in path order, files sorted by name
  std::vector<Exclusion> excluded;
};

struct ReadLimits {
  std::uintmax_t max_file_bytes = 10u << 20;
};

// Reads each path: a file, or a folder walked recursively (hidden entries are
// skipped). Supported: .json, .yaml, .yml. A second proposal with an id
// already taken is excluded, naming the first one's file.
Submissions read_submissions(const std::vector<std::filesystem::path>& paths,
                             const ReadLimits& limits = {});

}  // namespace shortlist::ingest
