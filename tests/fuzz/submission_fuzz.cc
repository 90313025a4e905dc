// libFuzzer target: one submission file of the format named by
// SHORTLIST_FUZZ_EXTENSION (".json", ".pdf", ...), read the whole way
// ingestion reads it (harness.h).
#include <cstdint>
#include <cstdlib>
#include <iostream>

#include "tests/fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string wrong = shortlist::fuzz::submission(
      std::string_view(reinterpret_cast<const char*>(data), size), SHORTLIST_FUZZ_EXTENSION);
  if (!wrong.empty()) {
    std::cerr << wrong << "\n";
    std::abort();
  }
  return 0;
}
