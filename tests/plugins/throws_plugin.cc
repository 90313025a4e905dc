// Throws from score for every proposal whose id starts with "bad": the SDK
// layer must catch it and report it, and the host must exclude only those.
#include <shortlist/plugin.hpp>
#include <stdexcept>

namespace sdk = shortlist::sdk;

namespace {

class Throws {
 public:
  Throws(const sdk::Params&, std::string_view) {}
  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    if (proposal.id().substr(0, 3) == "bad") {
      throw std::runtime_error("deliberate failure on " + std::string(proposal.id()));
    }
    score.value(1);
  }
};

}  // namespace

SHORTLIST_PLUGIN(Throws, "throws", "1.0.0", "Test plugin: throws from score", "value")
