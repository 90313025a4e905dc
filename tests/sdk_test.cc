// The plugin SDK as organisers get it: `cmake --install` puts the headers
// and a CMake package in a prefix; the guide's worked example and the
// template are built outside this tree against it and loaded by the
// installed shortlist.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace shortlist::testing {
namespace {

using ::testing::HasSubstr;

// Configures and builds a plugin project out of tree; returns its build folder.
std::filesystem::path build_out_of_tree(const std::filesystem::path& project,
                                        const std::filesystem::path& prefix,
                                        const std::filesystem::path& build) {
  RunResult configure =
      run_process("cmake",
                  {"-S", project.string(), "-B", build.string(), "-G", "Ninja",
                   "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_PREFIX_PATH=" + prefix.string()},
                  build.parent_path());
  EXPECT_EQ(configure.exit_code, 0) << configure.out << configure.err;
  RunResult compile = run_process("cmake", {"--build", build.string()}, build.parent_path());
  EXPECT_EQ(compile.exit_code, 0) << compile.out << compile.err;
  return build;
}

TEST(PluginSdk, BuildsTheGuidesExampleOutOfTreeAndTheInstalledShortlistLoadsIt) {
  TempDir dir;
  const std::filesystem::path prefix = dir.path() / "prefix";
  RunResult install = run_process(
      "cmake", {"--install", SHORTLIST_BUILD_DIR, "--prefix", prefix.string()}, dir.path());
  ASSERT_EQ(install.exit_code, 0) << install.out << install.err;
  ASSERT_TRUE(std::filesystem::exists(prefix / "include/shortlist/plugin.hpp"));
  const auto example = build_out_of_tree(source_dir() / "docs/examples/cofinancing", prefix,
                                         dir.path() / "cofinancing-build");
  ASSERT_TRUE(std::filesystem::exists(example / "cofinancing.so"));

  const std::string shortlist = (prefix / "bin/shortlist").string();
  RunResult list =
      run_process(shortlist, {"plugins", "list", "--plugins", example.string()}, dir.path());
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("cofinancing"));

  const auto criteria = dir.write("cofinancing.yaml",
                                  "call: Test\n"
                                  "criteria:\n"
                                  "  - {id: cofinancing, weight: 1, plugin: cofinancing}\n");
  RunResult evaluate = run_process(shortlist,
                                   {"evaluate", "--criteria", criteria.string(), "--plugins",
                                    example.string(), "--format", "json"},
                                   dir.path());
  ASSERT_EQ(evaluate.exit_code, 0) << evaluate.err;
  EXPECT_THAT(evaluate.out, HasSubstr("the applicant pays 38000 of 148000 (25%)"));

  // The guide quotes the example whole, so the two cannot drift apart.
  const std::string guide = read_file(source_dir() / "docs/plugin-guide.md");
  EXPECT_THAT(guide,
              HasSubstr(read_file(source_dir() / "docs/examples/cofinancing/CMakeLists.txt")));
  EXPECT_THAT(guide, HasSubstr(read_file(source_dir() /
                                         "docs/examples/cofinancing/cofinancing_plugin.cc")));

  // The template builds and loads as it is.
  const auto mine =
      build_out_of_tree(source_dir() / "plugins/template", prefix, dir.path() / "template-build");
  RunResult template_list =
      run_process(shortlist, {"plugins", "list", "--plugins", mine.string()}, dir.path());
  EXPECT_THAT(template_list.out, HasSubstr("my_criterion"));
}

}  // namespace
}  // namespace shortlist::testing
