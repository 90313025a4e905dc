// libFuzzer target: a criteria file (YAML) read the way `evaluate` and
// `criteria check` read it (harness.h).
#include <cstdint>
#include <cstdlib>
#include <iostream>

#include "tests/fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string wrong =
      shortlist::fuzz::criteria(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!wrong.empty()) {
    std::cerr << wrong << "\n";
    std::abort();
  }
  return 0;
}
