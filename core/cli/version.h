// What `shortlist --version` prints: this build's version, the plugin ABI it
// hosts and the libraries it runs with, as the libraries themselves report
// them at run time (so an upgraded Debian library shows its new version
// without a rebuild). The few that cannot say are given as built, and say so.
//
//   shortlist::cli::print_version(std::cout);
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace shortlist::cli {

struct LibraryVersion {
  std::string name;
  std::string version;
  // Empty when the library reported `version` itself at run time.
  std::string note;
};

// The libraries shortlist is linked with, in the order --version lists them.
std::vector<LibraryVersion> linked_library_versions();

// `shortlist --version`: "shortlist X.Y.Z", "plugin ABI M.N (...)", then
// "linked with:" and one line per library.
void print_version(std::ostream& out);

}  // namespace shortlist::cli
