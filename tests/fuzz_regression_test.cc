// Every input a fuzzer once crashed on or caught misbehaving
// (tests/fuzz/regressions/<target>/), replayed through the same checks as
// its fuzz target (tests/fuzz/harness.h); under the sanitizer build this
// also catches what the fuzzer's sanitizers caught.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.h"
#include "tests/fuzz/harness.h"

namespace shortlist {
namespace {

namespace fs = std::filesystem;

std::string check(const std::string& target, const std::string& bytes) {
  if (target == "criteria") return fuzz::criteria(bytes);
  if (target == "plugin_reply") return fuzz::plugin_reply(bytes);
  return fuzz::submission(bytes, "." + target);
}

TEST(FuzzRegressions, EveryInputThatOnceFailedIsNowReadOrRefusedWithAReason) {
  const fs::path root = testing::source_dir() / "tests" / "fuzz" / "regressions";
  std::size_t replayed = 0;
  for (const auto& target : fs::directory_iterator(root)) {
    for (const auto& input : fs::directory_iterator(target.path())) {
      const std::string name = target.path().filename().string();
      EXPECT_EQ(check(name, testing::read_file(input.path())), "")
          << name << "/" << input.path().filename().string();
      ++replayed;
    }
  }
  EXPECT_GE(replayed, 8u);
}

}  // namespace
}  // namespace shortlist
