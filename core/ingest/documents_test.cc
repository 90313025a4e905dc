// Word documents, PDFs and zip archives from real files, and every guard an
// archive needs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "core/ingest/submission_reader.h"
#include "test_support.h"

namespace shortlist::ingest {
namespace {

namespace fs = std::filesystem;
using shortlist::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const fs::path kDir = testing::source_dir() / "tests" / "data" / "documents";

Poco::JSON::Object::Ptr multilingual() {
  return testing::parse_json_object(testing::read_file(testing::source_dir() / "tests" / "data" /
                                                       "multilingual" / "expected.json"));
}

std::string squeezed(std::string text) {
  text.erase(
      std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); }),
      text.end());
  return text;
}

std::vector<std::string> outcomes(const Submissions& batch) {
  std::vector<std::string> out;
  for (const Proposal& p : batch.proposals) out.push_back("accepted " + p.source);
  for (const Exclusion& e : batch.excluded) out.push_back(e.source + ": " + e.reason);
  return out;
}

// The one proposal a batch must hold (a copy: the batch is a temporary).
Proposal only(const Submissions& batch) {
  EXPECT_EQ(batch.proposals.size(), 1u) << ::testing::PrintToString(outcomes(batch));
  return batch.proposals.empty() ? Proposal{} : batch.proposals[0];
}

TEST(PdfSubmissions, ExtractTheTextAndLanguageInEveryScript) {
  Poco::JSON::Object::Ptr expected = multilingual();
  for (const std::string language : {"en", "fr", "es", "pt", "ru", "ar", "zh", "ja", "hi", "sw"}) {
    const Proposal p = only(read_submissions({kDir / (language + ".pdf")}));
    Poco::JSON::Object::Ptr want = expected->getObject(language);
    EXPECT_EQ(p.title, want->getValue<std::string>("title")) << language;
    EXPECT_EQ(p.language, language);
    ASSERT_EQ(p.sections.size(), 1u);
    // Line breaks fall where the page did; the words are the applicant's.
    // (Arabic: poppler extracts a lam-alef ligature as the two letters
    // swapped, so the check stops before the first one.)
    std::string context = want->getValue<std::string>("context");
    if (language == "ar") context = context.substr(0, context.find("المشترين"));
    EXPECT_THAT(squeezed(p.sections[0].text), HasSubstr(squeezed(context))) << language;
  }
}

// 1.7 KB whose one page's content, compressed twice over, is 100 MB of
// text operators: poppler alone spends minutes on it.
TEST(PdfSubmissions, RefuseStreamsThatExpandBeyondAHundredTimesTheFile) {
  const auto started = std::chrono::steady_clock::now();
  Submissions batch = read_submissions({kDir / "decompression-bomb.pdf"});
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  ASSERT_EQ(batch.excluded.size(), 1u);
  EXPECT_THAT(
      batch.excluded[0].reason,
      ::testing::MatchesRegex("its compressed streams expand beyond [0-9]+ bytes \\(100 "
                              "times the file's size\\): a decompression bomb is not read"));
}

// 1.5 KB whose content stream is compressed twice, the outer layer damaged
// after its first 3 KB: a lenient reader (poppler is one) inflates what
// comes before the damage, here 1 MB of text operators at one spot on the
// page, which poppler's text extraction takes twenty seconds over. The
// guard reads damaged layers as leniently and counts what they give.
TEST(PdfSubmissions, CountWhatADamagedLayerInflatesToBeforeTheDamage) {
  Submissions batch = read_submissions({kDir / "damaged-decompression-bomb.pdf"});
  ASSERT_EQ(batch.excluded.size(), 1u);
  EXPECT_THAT(batch.excluded[0].reason,
              HasSubstr("times the file's size): a decompression bomb is not read"));
}

// 1.1 KB of hexadecimal digits that decode to a stream compressed twice
// over: 10 MB of page content behind a filter chain.
TEST(PdfSubmissions, DecodeAChainOfFiltersBeforeCountingWhatItExpandsTo) {
  Submissions batch = read_submissions({kDir / "hex-encoded-bomb.pdf"});
  ASSERT_EQ(batch.excluded.size(), 1u);
  EXPECT_THAT(batch.excluded[0].reason,
              HasSubstr("times the file's size): a decompression bomb is not read"));
}

TEST(DocxSubmissions, ReadTitleSummaryHeadingsAndTablesWhateverTheStyleNames) {
  Poco::JSON::Object::Ptr expected = multilingual();
  // fr.docx uses the style ids a French word processor writes (Titre, Titre1).
  for (const std::string language : {"en", "fr", "es", "pt", "ru", "ar", "zh", "ja", "hi", "sw"}) {
    const Proposal p = only(read_submissions({kDir / (language + ".docx")}));
    Poco::JSON::Object::Ptr want = expected->getObject(language);
    EXPECT_EQ(p.title, want->getValue<std::string>("title")) << language;
    EXPECT_EQ(p.summary, want->getValue<std::string>("summary")) << language;
    EXPECT_EQ(p.language, language);
    EXPECT_FALSE(p.language_detected);  // declared in the document's properties
    ASSERT_EQ(p.sections.size(), 3u) << language;
    EXPECT_EQ(p.sections[0].name, "context");
    EXPECT_EQ(p.sections[0].text, want->getValue<std::string>("context"));
    EXPECT_EQ(p.sections[1].text, want->getValue<std::string>("objectives"));
  }
  const Proposal en = only(read_submissions({kDir / "en.docx"}));
  EXPECT_EQ(en.sections[2].text, "Item | Amount\nTraining | 40000\nPlatform | 60000");
}

TEST(DocxSubmissions, ReportWhatIsWrongWithABrokenDocument) {
  TempDir dir;
  dir.write("plain.docx", "this is not a zip");
  Submissions batch = read_submissions({dir.path() / "plain.docx"});
  ASSERT_EQ(batch.excluded.size(), 1u);
  EXPECT_EQ(batch.excluded[0].reason,
            "not a readable .docx: not a zip archive (it does not begin with a zip signature)");
}

// A billion laughs: expat stops expanding entities far beyond their input.
TEST(DocxSubmissions, RefuseABillionLaughs) {
  Submissions batch = read_submissions({kDir / "billion-laughs.docx"});
  ASSERT_EQ(batch.excluded.size(), 1u);
  EXPECT_THAT(batch.excluded[0].reason, HasSubstr("word/document.xml is not well-formed XML"));
  EXPECT_THAT(batch.excluded[0].reason, HasSubstr("amplification"));
}

// Entities that expand a 2 KB file to 4 MB of text, too little for expat to
// stop them: the text is bounded by the file limit, not kept whole.
TEST(DocxSubmissions, RefuseEntitiesThatExpandBeyondTheFileLimit) {
  ReadLimits limits;
  limits.max_file_bytes = 1u << 20;
  Submissions batch = read_submissions({kDir / "entity-expansion.docx"}, limits);
  ASSERT_EQ(batch.excluded.size(), 1u);
  EXPECT_EQ(batch.excluded[0].reason,
            "word/document.xml holds more than 1048576 bytes of text once its XML entities are "
            "expanded (the file limit, --max-file-bytes)");
}

TEST(ZipSubmissions, ReadEveryEntryAndRefuseWhatIsUnsafeNamingIt) {
  Submissions batch = read_submissions({kDir / "batch.zip"});
  const std::string zip = (kDir / "batch.zip").string();
  EXPECT_THAT(
      outcomes(batch),
      ElementsAre("accepted " + zip + "!round-1/es.json", "accepted " + zip + "!round-1/ru.md",
                  "accepted " + zip + "!round-2/en.docx",
                  zip + "!../../escape.json: refused: its path climbs out of the archive ('..')",
                  zip + "!notes.odt: unsupported file type '.odt' (supported: .json, .yaml, "
                        ".yml, .md, .markdown, .txt, .csv, .docx, .pdf, .zip)",
                  zip + "!round-2/.DS_Store: hidden, not read"));
}

TEST(ZipSubmissions, RefuseAnArchiveBombWithoutExpandingIt) {
  Submissions batch = read_submissions({kDir / "bomb.zip"});
  EXPECT_TRUE(batch.proposals.empty());
  EXPECT_THAT(outcomes(batch), ElementsAre((kDir / "bomb.zip").string() +
                                           "!huge.txt: compression ratio 1029:1 is above 100:1: "
                                           "an archive bomb is not expanded"));
}

TEST(ZipSubmissions, StopAtTheNestingLimit) {
  Submissions batch = read_submissions({kDir / "nested.zip"});
  const std::string zip = (kDir / "nested.zip").string();
  EXPECT_THAT(
      outcomes(batch),
      ElementsAre("accepted " + zip + "!sw.yaml",
                  zip + "!middle.zip!inner.zip: an archive nested more than 2 deep is not opened"));
}

// Archives inside an archive count against its limit: four small archives,
// each within the limit alone, expand beyond it together.
TEST(ZipSubmissions, CountArchivesInsideAnArchiveAgainstItsLimit) {
  ReadLimits limits;
  limits.max_archive_bytes = 100000;
  Submissions batch = read_submissions({kDir / "nested-expansion.zip"}, limits);
  const std::string zip = (kDir / "nested-expansion.zip").string();
  EXPECT_THAT(
      outcomes(batch),
      ::testing::Contains(zip + "!inner-1.zip!p1-0.txt: the archive expands beyond 100000 "
                                "bytes in all (--max-archive-bytes); the rest is not read"));
  EXPECT_THAT(outcomes(batch), ::testing::Contains("accepted " + zip + "!inner-0.zip!p0-2.txt"));
  EXPECT_THAT(outcomes(batch),
              ::testing::Not(::testing::Contains("accepted " + zip + "!inner-3.zip!p3-0.txt")));
}

// Bytes flipped inside an entry's compressed data: the entry is refused as
// damaged (its inflated bytes do not match its CRC-32 or size), not read as
// empty or as whatever came out before the damage.
TEST(ZipSubmissions, RefuseAnEntryWhoseDataIsDamaged) {
  TempDir dir;
  std::string zip = testing::read_file(kDir / "batch.zip");
  const std::size_t data = zip.find("round-1/es.json") + std::string("round-1/es.json").size();
  for (std::size_t i = data + 20; i < data + 60; i += 3) zip[i] = static_cast<char>(~zip[i]);
  dir.write("damaged.zip", zip);
  Submissions batch = read_submissions({dir.path() / "damaged.zip"});
  const std::string path = (dir.path() / "damaged.zip").string();
  EXPECT_THAT(outcomes(batch),
              ::testing::Contains(path + "!round-1/es.json: damaged: its data does not "
                                         "match the archive's checksum"));
  EXPECT_THAT(outcomes(batch), ::testing::Contains("accepted " + path + "!round-2/en.docx"));
}

// Found by fuzzing: an entry without a name made Poco read before its name.
TEST(ZipSubmissions, RefuseAnEntryWithoutAName) {
  TempDir dir;
  dir.write("nameless.zip",
            testing::read_file(testing::source_dir() / "tests" / "fuzz" / "regressions" / "zip" /
                               "crash-aee1b0e3859365a2bdb6f4290ff3e8f5b49dc29c"));
  Submissions batch = read_submissions({dir.path() / "nameless.zip"});
  EXPECT_THAT(outcomes(batch), ::testing::Contains((dir.path() / "nameless.zip").string() +
                                                   "!: refused: an entry without a name"));
}

// Found by fuzzing: an archive holding no files was neither read nor
// reported.
TEST(ZipSubmissions, ReportAnArchiveWithNoFiles) {
  TempDir dir;
  dir.write("empty.zip", std::string("PK\x05\x06", 4) + std::string(18, '\0'));
  Submissions batch = read_submissions({dir.path() / "empty.zip"});
  EXPECT_THAT(outcomes(batch),
              ElementsAre((dir.path() / "empty.zip").string() + ": the archive holds no files"));
}

// Found by fuzzing: a ZIP64 end record whose size field claims petabytes
// made Poco allocate that much before reading it.
TEST(ZipSubmissions, RefuseAZip64RecordLargerThanTheArchive) {
  TempDir dir;
  dir.write("claims.zip",
            testing::read_file(testing::source_dir() / "tests" / "fuzz" / "regressions" / "zip" /
                               "crash-3c004d1898b4ec83bdd30070d446a6d8bed787d9"));
  Submissions batch = read_submissions({dir.path() / "claims.zip"});
  ASSERT_EQ(batch.excluded.size(), 1u);
  EXPECT_THAT(
      batch.excluded[0].reason,
      ::testing::MatchesRegex("not a readable zip archive: a ZIP64 end record claims [0-9]+ "
                              "bytes, more than the archive holds"));
}

TEST(LargeFiles, AreRefusedBeforeTheyAreRead) {
  TempDir dir;
  const fs::path big = dir.path() / "big.txt";
  {
    std::ofstream out(big, std::ios::binary);
    const std::string block(1 << 20, 'a');
    for (int i = 0; i < 100; ++i) out << block;  // 100 MB
  }
  dir.write("small.txt", "A small proposal\nWith a body.\n");
  Submissions batch = read_submissions({dir.path()});
  EXPECT_THAT(
      outcomes(batch),
      ElementsAre("accepted " + (dir.path() / "small.txt").string(),
                  big.string() + ": the file is 104857600 bytes, over the limit of 10485760 "
                                 "(--max-file-bytes)"));
}

TEST(TruncatedFiles, AreReportedAndTheRestOfTheBatchGoesOn) {
  TempDir dir;
  const std::string docx = testing::read_file(kDir / "fr.docx");
  dir.write("cut.docx", docx.substr(0, docx.size() / 2));
  dir.write("cut.pdf", testing::read_file(kDir / "en.pdf").substr(0, 400));
  dir.write("cut.json", "{\"title\": \"Half a propo");
  dir.write("cut.yaml", "title: [unclosed\n");
  dir.write("cut.csv", "title,summary\n\"An open quote");
  dir.write("ok.md", "# A complete proposal\n\nText.\n");
  Submissions batch = read_submissions({dir.path()});
  ASSERT_EQ(batch.proposals.size(), 1u) << ::testing::PrintToString(outcomes(batch));
  EXPECT_EQ(batch.proposals[0].title, "A complete proposal");
  ASSERT_EQ(batch.excluded.size(), 5u);
  EXPECT_THAT(outcomes(batch)[1],
              HasSubstr("cut.csv#row=2: a quoted cell opened on line 2 is never closed"));
  EXPECT_THAT(outcomes(batch)[2], HasSubstr("cut.docx: not a readable .docx"));
  EXPECT_THAT(outcomes(batch)[3],
              HasSubstr("cut.json: 1:24: invalid JSON: unterminated string literal"));
  EXPECT_THAT(outcomes(batch)[4], HasSubstr("cut.pdf: not a readable PDF"));
  EXPECT_THAT(outcomes(batch)[5], HasSubstr("cut.yaml: 2:1: invalid YAML"));
}

}  // namespace
}  // namespace shortlist::ingest
