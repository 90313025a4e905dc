// `shortlist ingest` through the real binary.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <regex>

#include "core/store/database.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

namespace fs = std::filesystem;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using ::testing::HasSubstr;

TEST(IngestCli, ReportsEachFileAcceptedOrQuarantinedAndTheTotals) {
  RunResult run = run_shortlist({"ingest", "submissions", "tests/data/encodings/ru.koi8-r.txt",
                                 "tests/data/encodings/binary.txt"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // No progress bar when standard error is not a terminal: only the note
  // that the blank application forms shipped beside the samples were skipped.
  EXPECT_THAT(run.err, ::testing::StartsWith("note: 8 application forms with no field filled in"));
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_TRUE(std::regex_search(
      run.out,
      std::regex("accepted     submissions/ke-kisumu-chamber-ecert.yaml\n"
                 "             id ke-kisumu-ecert, tracking code "
                 "[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}, language en \\(declared\\), UTF-8\n")));
  EXPECT_THAT(run.out, HasSubstr("tracking code"));
  EXPECT_TRUE(std::regex_search(
      run.out, std::regex("language ru \\(detected\\), KOI8-R \\([0-9]+% confidence\\)")));
  EXPECT_THAT(
      run.out,
      HasSubstr("quarantined  submissions/bo-la-paz-ciberseguridad.json\n"
                "             19:23: budget.total must be a number, got 'cuarenta y ocho mil'\n"));
  EXPECT_THAT(run.out, HasSubstr("quarantined  tests/data/encodings/binary.txt\n"
                                 "             cannot be decoded: binary content"));
  EXPECT_THAT(run.out, HasSubstr("\n15 accepted, 2 quarantined (en 6, es 4, fr 4, ru 1)\n"));
}

TEST(IngestCli, ReportsEveryLimitWithTheOptionThatRaisesIt) {
  TempDir dir;
  dir.write("long.yaml",
            "title: T\nsections: {a: x, b: y, c: z}\nsummary: " + std::string(300, 'w') + "\n");
  dir.write("rows.csv", "title\nA\nB\nC\n");
  RunResult run =
      run_shortlist({"ingest", dir.path().string(), "--max-sections", "2", "--max-csv-rows", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("3 sections, over the limit of 2 (--max-sections)"));
  EXPECT_THAT(run.out, HasSubstr("rows.csv#row=4\n             more than 2 rows: this row and the "
                                 "rest are not read (the limit is --max-csv-rows)"));
  RunResult small = run_shortlist({"ingest", dir.path().string(), "--max-file-bytes", "100"});
  EXPECT_THAT(small.out,
              ::testing::MatchesRegex("(.|\n)*the file is [0-9]+ bytes, over the limit of 100 "
                                      "\\(--max-file-bytes\\)(.|\n)*"));
  RunResult text = run_shortlist({"ingest", dir.path().string(), "--max-text-bytes", "200"});
  EXPECT_THAT(text.out, HasSubstr("bytes, over the limit of 200 (--max-text-bytes)"));
  RunResult archive =
      run_shortlist({"ingest", "tests/data/documents/batch.zip", "--max-archive-bytes", "2000"});
  EXPECT_THAT(archive.out,
              HasSubstr("the archive expands beyond 2000 bytes in all (--max-archive-bytes); "
                        "the rest is not read"));
}

TEST(IngestCli, ExitsWithTwoOnBadUsage) {
  RunResult none = run_shortlist({"ingest"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("shortlist ingest: name at least one file or folder"));
  RunResult bad = run_shortlist({"ingest", "submissions", "--max-sections", "many"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--max-sections needs a whole number of at least 1, not 'many'"));
}

// The bundled Kisumu proposal under another title.
std::string kisumu_titled(const std::string& title) {
  std::string text = read_file(source_dir() / "submissions" / "ke-kisumu-chamber-ecert.yaml");
  const std::size_t start = text.find("title: ") + 7;
  return text.replace(start, text.find('\n', start) - start, title);
}

// A broken original and its correction, whose names sort the opposite way
// to their modification times: the correction is the current version.
TEST(IngestCli, StoresTheNewerFileAsTheCurrentVersionWhenTheOlderIsBroken) {
  TempDir dir;
  const fs::path correction =
      dir.write("in/a-correction.yaml", kisumu_titled("Corrected certificates"));
  const fs::path original = dir.write(
      "in/b-original.yaml", "id: ke-kisumu-ecert\ntitle: Certificates\nbudget: {total: lots}\n");
  const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(original, hour_ago - std::chrono::hours(1));
  fs::last_write_time(correction, hour_ago);
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();

  RunResult run = run_shortlist({"ingest", (dir.path() / "in").string(), "--db", uri});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("accepted     " + correction.string() + " (stored as version 2)"));
  EXPECT_THAT(run.out, HasSubstr("quarantined  " + original.string() + " (stored as invalid)"));
  Expected<store::Database> db = store::Database::open(uri);
  ASSERT_TRUE(db);
  std::string status, title;
  Poco::Int64 version = 0;
  db->session() << "SELECT s.status, s.current_version, v.title FROM submissions s JOIN "
                   "submission_versions v ON v.submission_id = s.id AND v.version = "
                   "s.current_version WHERE s.id = 'ke-kisumu-ecert'",
      into(status), into(version), into(title), now;
  EXPECT_EQ(status, "valid");
  EXPECT_EQ(version, 2);
  EXPECT_EQ(title, "Corrected certificates");

  RunResult evaluate =
      run_shortlist({"evaluate", "--submissions", (dir.path() / "in").string(), "--format", "json",
                     "--criteria", "criteria/digital-champions.yaml"});
  ASSERT_EQ(evaluate.exit_code, 0) << evaluate.err;
  Poco::JSON::Array::Ptr ranking = parse_json_object(evaluate.out)->getArray("ranking");
  ASSERT_EQ(ranking->size(), 1u);
  EXPECT_EQ(ranking->getObject(0)->getValue<std::string>("source"), correction.string());
  EXPECT_THAT(evaluate.err, HasSubstr("excluded: " + original.string() + ": 3:"));
}

// Two valid versions, named in the order they were written: the later one
// is current, in the store and in the ranking.
TEST(IngestCli, StoresTwoValidVersionsOfOneProposalOldestFirst) {
  TempDir dir;
  // Named against their order in time: only the times may decide.
  const fs::path first = dir.write("in/b.yaml", kisumu_titled("First draft"));
  const fs::path second = dir.write("in/a.yaml", kisumu_titled("Final text"));
  const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(first, hour_ago - std::chrono::hours(1));
  fs::last_write_time(second, hour_ago);
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();

  RunResult run = run_shortlist({"ingest", (dir.path() / "in").string(), "--db", uri});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("quarantined  " + first.string() + " (stored as version 1)"));
  EXPECT_THAT(run.out,
              HasSubstr("replaced by a later version of 'ke-kisumu-ecert': " + second.string()));
  EXPECT_THAT(run.out, HasSubstr("accepted     " + second.string() + " (stored as version 2)"));

  RunResult evaluate = run_shortlist(
      {"evaluate", "--submissions", (dir.path() / "in").string(), "--format", "json"});
  ASSERT_EQ(evaluate.exit_code, 0) << evaluate.err;
  Poco::JSON::Array::Ptr ranking = parse_json_object(evaluate.out)->getArray("ranking");
  ASSERT_EQ(ranking->size(), 1u);
  EXPECT_EQ(ranking->getObject(0)->getValue<std::string>("title"), "Final text");
}

}  // namespace
}  // namespace shortlist::testing
