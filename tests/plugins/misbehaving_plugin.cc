// Plugins that fail the way third-party code does, on the proposals whose id
// starts with "bad": a segmentation fault (MISBEHAVE_CRASH), abort()
// (MISBEHAVE_ABORT), an endless loop (MISBEHAVE_HANG) or memory allocated
// without end (MISBEHAVE_HOG). Every other proposal scores 1. Only a
// separate process survives them: `shortlist plugins check` must.
// MISBEHAVE_CRASH_ON_LOAD crashes as the library is loaded, before the host
// can read its descriptor; MISBEHAVE_HANG_ON_LOAD never finishes loading,
// MISBEHAVE_HANG_IN_CREATE never returns from create, and
// MISBEHAVE_EXIT_IN_SCORE calls exit(0) on a "bad" proposal.
#include <cstdlib>
#include <cstring>
#include <shortlist/plugin.hpp>
#include <vector>

namespace sdk = shortlist::sdk;

namespace {

volatile int* volatile nowhere = nullptr;

// A fault as third-party code built without the sanitizers makes it: under
// UndefinedBehaviorSanitizer the store would be reported and the process
// ended before the fault it is meant to be.
[[maybe_unused]] __attribute__((noinline, no_sanitize("undefined"))) void crash() {
  *nowhere = 1;
}

[[maybe_unused]] void hang() {
  for (;;) asm volatile("");  // a loop the compiler may not remove
}

#if defined(MISBEHAVE_CRASH_ON_LOAD)
struct CrashOnLoad {
  CrashOnLoad() { crash(); }
} crash_on_load;
#elif defined(MISBEHAVE_HANG_ON_LOAD)
struct HangOnLoad {
  HangOnLoad() { hang(); }
} hang_on_load;
#endif

class Misbehaves {
 public:
  Misbehaves(const sdk::Params&, std::string_view) {
#if defined(MISBEHAVE_HANG_IN_CREATE)
    hang();
#endif
  }
  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    if (proposal.id().substr(0, 3) == "bad") {
#if defined(MISBEHAVE_CRASH)
      crash();
#elif defined(MISBEHAVE_ABORT)
      std::abort();
#elif defined(MISBEHAVE_HANG)
      hang();
#elif defined(MISBEHAVE_EXIT_IN_SCORE)
      std::exit(0);
#elif defined(MISBEHAVE_HOG)
      std::vector<char*> blocks;
      for (;;) {
        char* block = static_cast<char*>(std::malloc(64 << 20));
        if (block == nullptr) throw sdk::Error("out of memory");
        std::memset(block, 1, 64 << 20);
        blocks.push_back(block);
      }
#endif
    }
    score.value(1);
    score.explain("fine");
  }
};

}  // namespace

SHORTLIST_PLUGIN(Misbehaves, MISBEHAVE_NAME, "1.0.0", "Test plugin: misbehaves on 'bad' ids",
                 "value")
