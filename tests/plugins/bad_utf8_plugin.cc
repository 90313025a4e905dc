// Writes an explanation that is not UTF-8: the host must refuse it rather
// than pass it on to the jury.
#include <shortlist/plugin.hpp>

namespace sdk = shortlist::sdk;

namespace {

class BadUtf8 {
 public:
  BadUtf8(const sdk::Params&, std::string_view) {}
  void score(const sdk::Proposal&, sdk::Score& score) {
    score.value(1);
    score.explain("caf\xE9 au lait");  // Latin-1, not UTF-8
  }
};

}  // namespace

SHORTLIST_PLUGIN(BadUtf8, "bad_utf8", "1.0.0", "Test plugin: invalid UTF-8 explanation", "value")
