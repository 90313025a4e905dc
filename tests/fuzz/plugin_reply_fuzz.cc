// libFuzzer target: what a plugin worker process sends back to the host. A
// worker runs third-party code, so its answers are outside input
// (harness.h).
#include <cstdint>
#include <cstdlib>
#include <iostream>

#include "tests/fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string wrong =
      shortlist::fuzz::plugin_reply(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!wrong.empty()) {
    std::cerr << wrong << "\n";
    std::abort();
  }
  return 0;
}
