// `shortlist ingest` through the real binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "test_support.h"

namespace shortlist::testing {
namespace {

using ::testing::HasSubstr;

TEST(IngestCli, ReportsEachFileAcceptedOrQuarantinedAndTheTotals) {
  RunResult run = run_shortlist({"ingest", "submissions", "tests/data/encodings/ru.koi8-r.txt",
                                 "tests/data/encodings/binary.txt"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "") << "no progress bar when standard error is not a terminal";
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

}  // namespace
}  // namespace shortlist::testing
