// Prints to standard output from every call — configuring, the corpus pass
// and scoring — through stdio, iostreams and the raw descriptor, the way a
// plugin left with debugging output would. Run in the host's own process,
// none of it may reach the host's report. Its value is budget.total.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <shortlist/plugin.hpp>
#include <string>

namespace sdk = shortlist::sdk;

namespace {

void chatter(const std::string& where) {
  std::printf("chatty says hello from %s via printf\n", where.c_str());
  std::cout << "chatty says hello from " << where << " via cout" << std::endl;
  const std::string raw = "chatty says hello from " + where + " via write(1)\n";
  if (::write(STDOUT_FILENO, raw.data(), raw.size()) < 0) return;
  std::fflush(stdout);
  std::printf("chatty leaves a line unfinished: ");  // no newline, no flush
}

class Chatty {
 public:
  Chatty(const sdk::Params&, std::string_view) { chatter("create"); }
  void begin(std::size_t) { chatter("corpus"); }
  void observe(const sdk::Proposal&) {}
  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    chatter("score");
    if (auto total = proposal.number("budget.total")) return score.value(*total);
    score.missing("no budget.total");
  }
};

}  // namespace

SHORTLIST_PLUGIN(Chatty, "chatty", "1.0.0", "Test plugin: prints to standard output", "value")
