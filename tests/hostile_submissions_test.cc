// Files made to hurt the reader, through the real binary: each is
// quarantined with where and why, quickly and in little memory, and the
// rest of the batch is ranked.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.h"

namespace shortlist::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// Ten levels of nine aliases each, 443 bytes that name 9^10 values once
// every alias is copied: the fuzz targets' seed.
std::string alias_bomb() {
  return shortlist::testing::read_file(shortlist::testing::source_dir() /
                                       "tests/fuzz/seeds/yaml/alias-bomb.yaml");
}

// A folder with three good proposals from the bundled samples and `name`.
void three_good_proposals_and(const TempDir& dir, const std::string& name,
                              const std::string& content) {
  for (const char* good :
       {"ke-kisumu-chamber-ecert.yaml", "co-camara-pagos.yaml", "sn-femmes-ecommerce.yaml"}) {
    fs::copy_file(source_dir() / "submissions" / good, dir.path() / good);
  }
  dir.write(name, content);
}

// shortlist under a 2 GiB address space (soft, so that plugin workers may
// set their own): a regression fails here instead of taking the machine.
// Not under the sanitizers, which reserve more address space than that.
RunResult run_shortlist_bounded(const std::vector<std::string>& args) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  const char* limit = "exec \"$0\" \"$@\"";
#else
  const char* limit = "ulimit -S -v 2097152 && exec \"$0\" \"$@\"";
#endif
  std::vector<std::string> shell = {"-c", limit, SHORTLIST_BINARY};
  shell.insert(shell.end(), args.begin(), args.end());
  return run_process("/bin/sh", shell, source_dir());
}

TEST(HostileSubmissions, AYamlAliasBombIsQuarantinedAndTheRestOfTheBatchRanked) {
  TempDir dir;
  three_good_proposals_and(dir, "bomb.yaml", alias_bomb());
  RunResult run =
      run_shortlist_bounded({"evaluate", "--submissions", dir.path().string(), "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Poco::JSON::Object::Ptr report = parse_json_object(run.out);
  EXPECT_EQ(report->getArray("ranking")->size(), 3u);
  Poco::JSON::Array::Ptr excluded = report->getArray("excluded");
  ASSERT_EQ(excluded->size(), 1u);
  Poco::JSON::Object::Ptr bomb = excluded->getObject(0);
  EXPECT_EQ(bomb->getValue<std::string>("source"), (dir.path() / "bomb.yaml").string());
  EXPECT_THAT(bomb->getValue<std::string>("reason"),
              MatchesRegex("[0-9]+:[0-9]+: more than 100000 values once its aliases are "
                           "expanded .*"));
  EXPECT_THAT(run.err, MatchesRegex("(.|\n)*excluded: .*bomb.yaml: [0-9]+:[0-9]+: more than "
                                    "100000 values(.|\n)*"));

  RunResult ingest = run_shortlist_bounded({"ingest", dir.path().string()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_THAT(ingest.out, HasSubstr("quarantined  " + (dir.path() / "bomb.yaml").string()));
  EXPECT_THAT(ingest.out, HasSubstr("more than 100000 values once its aliases are expanded"));
  EXPECT_THAT(ingest.out, HasSubstr("\n3 accepted, 1 quarantined"));
}

TEST(HostileSubmissions, AYamlAliasBombAsTheCriteriaExitsWithTwoNamingThePlace) {
  TempDir dir;
  const fs::path criteria = dir.write("criteria.yaml", alias_bomb());
  RunResult run = run_shortlist_bounded({"evaluate", "--criteria", criteria.string()});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_THAT(run.err, HasSubstr(criteria.string() + ":"));
  EXPECT_THAT(run.err, MatchesRegex(".*criteria.yaml:[0-9]+:[0-9]+: more than 100000 values "
                                    "once its aliases are expanded(.|\n)*"));
}

}  // namespace
}  // namespace shortlist::testing
