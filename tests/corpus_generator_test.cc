// The corpus generator (bench/gen): the same seed gives the same bytes, every
// language and format is written, and ingestion makes of each file what the
// manifest says it is: a malformed file is quarantined naming it, every
// other proposal is accepted in its language.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/ingest/submission_reader.h"
#include "test_support.h"

namespace shortlist {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

Poco::JSON::Object::Ptr generate(const fs::path& out, const std::vector<std::string>& options) {
  const fs::path manifest = out.string() + ".manifest.json";
  std::vector<std::string> args = {"--out", out.string(), "--manifest", manifest.string()};
  args.insert(args.end(), options.begin(), options.end());
  const testing::RunResult run =
      testing::run_process(SHORTLIST_CORPUS_BINARY, args, out.parent_path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return testing::parse_json_object(testing::read_file(manifest));
}

// Every file's path and bytes.
std::map<std::string, std::string> contents(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file())
      files[fs::relative(entry.path(), dir).string()] = testing::read_file(entry.path());
  }
  return files;
}

TEST(CorpusGenerator, TheSameSeedWritesTheSameBytesAnotherSeedOthers) {
  TempDir dir;
  generate(dir.path() / "a", {"--count", "200", "--seed", "5"});
  generate(dir.path() / "b", {"--count", "200", "--seed", "5"});
  generate(dir.path() / "c", {"--count", "200", "--seed", "6"});
  const auto a = contents(dir.path() / "a");
  EXPECT_GT(a.size(), 100u);
  EXPECT_EQ(a, contents(dir.path() / "b"));
  EXPECT_NE(a, contents(dir.path() / "c"));
  EXPECT_EQ(testing::read_file(dir.path() / "a.manifest.json"),
            testing::read_file(dir.path() / "b.manifest.json"));
}

TEST(CorpusGenerator, WritesEveryLanguageAndFormatAndIngestionReadsEachFileAsTheManifestSays) {
  TempDir dir;
  const fs::path out = dir.path() / "corpus";
  const auto manifest = generate(
      out, {"--count", "700", "--seed", "3", "--malformed", "0.06", "--near-duplicates", "0.05"});
  ASSERT_EQ(manifest->getValue<int>("count"), 700);

  std::set<std::string> formats, languages, malformed_kinds;
  std::map<std::string, std::string> language_of;  // expected, by source
  std::set<std::string> malformed_files;
  std::size_t near_duplicates = 0, proposals = 0;
  auto files = manifest->getArray("files");
  for (std::size_t i = 0; i < files->size(); ++i) {
    auto f = files->getObject(i);
    const std::string path = (out / f->getValue<std::string>("path")).string();
    const std::string format = f->getValue<std::string>("format");
    const std::string kind = f->getValue<std::string>("kind");
    formats.insert(format);
    if (kind.rfind("malformed:", 0) == 0) {
      malformed_files.insert(path);
      malformed_kinds.insert(kind);
      continue;
    }
    if (format == "txt" || format == "md" || format == "json" || format == "yaml") {
      const auto bytes = f->getValue<std::size_t>("bytes");
      EXPECT_GE(bytes, 1000u) << path;
      EXPECT_LE(bytes, 24000u) << path;
    }
    auto list = f->getArray("proposals");
    for (std::size_t k = 0; k < list->size(); ++k) {
      auto p = list->getObject(k);
      languages.insert(p->getValue<std::string>("language"));
      near_duplicates += p->getValue<std::string>("kind") == "near_duplicate";
      ++proposals;
      // A CSV row or an archive entry is found by its id, a file by its path.
      const bool many = format == "csv" || format == "zip";
      language_of[many ? p->getValue<std::string>("id") : path] =
          p->getValue<std::string>("language");
    }
  }
  EXPECT_EQ(formats,
            (std::set<std::string>{"json", "yaml", "md", "txt", "csv", "docx", "pdf", "zip"}));
  EXPECT_EQ(languages, (std::set<std::string>{"en", "fr", "es", "ar", "zh", "ru", "pt"}));
  EXPECT_GE(malformed_kinds.size(), 6u);
  EXPECT_GE(near_duplicates, 15u);

  const ingest::Submissions batch = ingest::read_submissions({out});
  EXPECT_EQ(batch.proposals.size(), proposals);
  std::size_t checked = 0;
  for (const Proposal& p : batch.proposals) {
    const bool many =
        p.source.find("#row=") != std::string::npos || p.source.find('!') != std::string::npos;
    const auto it = language_of.find(many ? p.id : p.source);
    ASSERT_NE(it, language_of.end()) << p.source;
    EXPECT_EQ(p.language, it->second) << p.source;
    ++checked;
  }
  EXPECT_EQ(checked, proposals);
  // Each malformed file is quarantined by name (a damaged archive through
  // its entry), with a reason.
  std::set<std::string> quarantined;
  for (const ingest::Exclusion& e : batch.excluded) {
    EXPECT_FALSE(e.reason.empty()) << e.source;
    quarantined.insert(e.source.substr(0, e.source.find('!')));
  }
  EXPECT_EQ(quarantined, malformed_files);
}

}  // namespace
}  // namespace shortlist
