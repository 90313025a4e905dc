#include "core/ingest/submission_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "test_support.h"

namespace shortlist::ingest {
namespace {

namespace fs = std::filesystem;
using shortlist::testing::TempDir;
using ::testing::ElementsAre;

std::vector<std::string> reasons(const Submissions& batch) {
  std::vector<std::string> out;
  for (const Exclusion& e : batch.excluded) out.push_back(e.reason);
  return out;
}

const char* kValidYaml =
    "id: ke-1\n"
    "title: Paperless certificates\n"
    "language: en\n"
    "applicant: {name: Kisumu Chamber, type: chamber_of_commerce, country: KE, email: a@b.org}\n"
    "summary: Electronic certificates of origin.\n"
    "sections:\n"
    "  context: Small exporters queue for paper.\n"
    "  objectives: Issue certificates online.\n"
    "budget: {total: 148000, requested: 110000, currency: USD}\n"
    "beneficiaries: {msmes: 900, women_led: 360}\n"
    "fields: {digital_budget_share: 72, note: 'see annex', nested: {depth: 2}}\n";

TEST(ReadSubmissions, ReadsEveryFieldOfAYamlSubmission) {
  TempDir dir;
  Submissions batch = read_submissions({dir.write("ke.yaml", kValidYaml)});
  ASSERT_EQ(batch.proposals.size(), 1u) << ::testing::PrintToString(reasons(batch));
  const Proposal& p = batch.proposals[0];
  EXPECT_EQ(p.id, "ke-1");
  EXPECT_EQ(p.title, "Paperless certificates");
  EXPECT_EQ(p.language, "en");
  EXPECT_FALSE(p.language_detected);
  EXPECT_EQ(p.text("applicant.country"), "KE");
  EXPECT_EQ(p.number("budget.total"), 148000);
  EXPECT_EQ(p.number("beneficiaries.women_led"), 360);
  EXPECT_EQ(p.number("fields.digital_budget_share"), 72);
  EXPECT_EQ(p.text("fields.note"), "see annex");
  EXPECT_EQ(p.number("fields.nested.depth"), 2);
  ASSERT_EQ(p.sections.size(), 2u);
  EXPECT_EQ(p.sections[1].name, "objectives");
}

TEST(ReadSubmissions, ReadsJsonWithEscapesAndDetectsTheLanguage) {
  TempDir dir;
  const char* json =
      "{\"title\": \"Vendre en ligne \\u00e0 l'\\u00e9tranger \\ud83d\\ude80\",\n"
      " \"summary\": \"Former les micro-entreprises dirigées par des femmes à vendre sur les "
      "places "
      "de marché en ligne et à encaisser des paiements mobiles transfrontaliers.\"}";
  Submissions batch = read_submissions({dir.write("sn-afeso.json", json)});
  ASSERT_EQ(batch.proposals.size(), 1u) << ::testing::PrintToString(reasons(batch));
  const Proposal& p = batch.proposals[0];
  EXPECT_EQ(p.id, "sn-afeso");  // from the file name
  EXPECT_EQ(p.title, "Vendre en ligne à l'étranger 🚀");
  EXPECT_EQ(p.language, "fr");
  EXPECT_TRUE(p.language_detected);
}

TEST(ReadSubmissions, NamesLineAndColumnOfJsonTypeErrors) {
  TempDir dir;
  const char* json =
      "{\n"
      "  \"title\": \"Ciberseguridad\",\n"
      "  \"budget\": {\"total\": \"cuarenta mil\", \"requested\": -5},\n"
      "  \"applicant\": {\"country\": \"XX\"}\n"
      "}\n";
  Submissions batch = read_submissions({dir.write("bo.json", json)});
  ASSERT_TRUE(batch.proposals.empty());
  EXPECT_THAT(reasons(batch),
              ElementsAre("3:23: budget.total must be a number, got 'cuarenta mil'; 3:52: "
                          "budget.requested must not be negative; 4:28: applicant.country 'XX' is "
                          "not an ISO 3166-1 alpha-2 country code (such as KE or FR)"));
}

TEST(ReadSubmissions, TreatsNullAsAbsent) {
  TempDir dir;
  Submissions batch = read_submissions({dir.write(
      "form.json",
      R"({"title": "Export clinic", "language": "en", "summary": null, "budget": {"total": null},
          "applicant": {"email": null}, "fields": {"note": null}})")});
  ASSERT_EQ(batch.proposals.size(), 1u) << ::testing::PrintToString(reasons(batch));
  EXPECT_EQ(batch.proposals[0].summary, "");
  EXPECT_FALSE(batch.proposals[0].has("budget.total"));
  EXPECT_FALSE(batch.proposals[0].has("fields.note"));
}

TEST(ReadSubmissions, NamesLineAndColumnOfJsonSyntaxErrors) {
  TempDir dir;
  Submissions batch = read_submissions(
      {dir.write("broken.json", "{\n  \"title\": \"x\",\n  \"budget\": {\"total\": 5,\n}\n")});
  EXPECT_THAT(reasons(batch), ElementsAre(::testing::StartsWith("4:1: invalid JSON: ")));
}

TEST(ReadSubmissions, SuggestsTheFieldMeantByATypo) {
  TempDir dir;
  Submissions batch = read_submissions({dir.write("typo.yaml", "title: T\nsumary: oops\n")});
  EXPECT_THAT(reasons(batch), ElementsAre("2:1: unknown field 'sumary' (did you mean 'summary'?)"));
}

TEST(ReadSubmissions, ReportsBadFilesAndKeepsTheRestOfTheBatch) {
  TempDir dir;
  dir.write("a-good.yaml", kValidYaml);
  dir.write("b-empty.yaml", "\n\n");
  dir.write("c-binary.yaml", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  dir.write("d-notitle.yaml", "summary: no title here\n");
  dir.write("e-list.json", "[1, 2]");
  dir.write("f-dup.yaml", std::string(kValidYaml) + "# the same again, resent\n");
  dir.write("g-notes.odt", "not read by this version");
  dir.write("h-id.yaml", "id: ke-1\ntitle: A newer version under the same id\n");
  dir.write(".hidden.yaml", "title: skipped\n");
  Submissions batch = read_submissions({dir.path()});
  ASSERT_EQ(batch.proposals.size(), 1u);
  EXPECT_EQ(batch.proposals[0].id, "ke-1");
  EXPECT_EQ(batch.proposals[0].title, "A newer version under the same id");
  EXPECT_THAT(
      reasons(batch),
      ElementsAre("hidden, not read",
                  "replaced by a later version of 'ke-1': " + (dir.path() / "h-id.yaml").string(),
                  "the file is empty",
                  "cannot be decoded: binary content, not text (it contains NUL bytes and "
                  "no byte-order mark)",
                  "1:1: missing required field 'title'",
                  "1:1: a submission must be a mapping of fields (id, title, ...), not a list",
                  "the same text as " + (dir.path() / "a-good.yaml").string() +
                      ": a resubmission is counted once",
                  "unsupported file type '.odt' (supported: .json, .yaml, .yml, .md, "
                  ".markdown, .txt, .csv, .docx, .pdf, .zip)"));
  EXPECT_EQ(batch.excluded[6].title, "Paperless certificates");
  EXPECT_EQ(batch.excluded[2].source, (dir.path() / "b-empty.yaml").string());
}

// Sets each file's modification time, oldest first, an hour apart.
void modified_in_order(const std::vector<fs::path>& oldest_first) {
  auto at = fs::file_time_type::clock::now() - std::chrono::hours(24);
  for (const fs::path& file : oldest_first) fs::last_write_time(file, at += std::chrono::hours(1));
}

TEST(ReadSubmissions, MakesTheNewerFileTheCurrentVersionWhenTheOlderIsBroken) {
  TempDir dir;
  // Names sort the opposite way to the modification times.
  const fs::path correction = dir.write("a-correction.yaml", "id: ke-1\ntitle: Corrected\n");
  const fs::path original =
      dir.write("b-original.yaml", "id: ke-1\ntitle: Original\nbudget: {total: lots}\n");
  modified_in_order({original, correction});
  Submissions batch = read_submissions({dir.path()});
  ASSERT_EQ(batch.proposals.size(), 1u) << ::testing::PrintToString(reasons(batch));
  EXPECT_EQ(batch.proposals[0].title, "Corrected");
  ASSERT_EQ(batch.versions.size(), 2u);
  EXPECT_EQ(batch.versions[0].kind, Version::Kind::Invalid);
  EXPECT_EQ(batch.excluded.at(batch.versions[0].index).source, original.string());
  EXPECT_EQ(batch.versions[1].kind, Version::Kind::Current);
  EXPECT_EQ(batch.proposals.at(batch.versions[1].index).source, correction.string());
}

TEST(ReadSubmissions, RanksTheNewerOfTwoValidVersionsWhateverTheirNames) {
  for (const bool newer_sorts_first : {false, true}) {
    TempDir dir;
    const fs::path older =
        dir.write(newer_sorts_first ? "b.yaml" : "a.yaml", "id: x\ntitle: Old\n");
    const fs::path newer =
        dir.write(newer_sorts_first ? "a.yaml" : "b.yaml", "id: x\ntitle: New\n");
    modified_in_order({older, newer});
    ReadLimits limits;
    limits.threads = 2;
    Submissions batch = read_submissions({dir.path()}, limits);
    ASSERT_EQ(batch.proposals.size(), 1u);
    EXPECT_EQ(batch.proposals[0].title, "New");
    EXPECT_THAT(reasons(batch),
                ElementsAre("replaced by a later version of 'x': " + newer.string()));
    ASSERT_EQ(batch.replaced.size(), 1u);
    EXPECT_EQ(batch.replaced[0].title, "Old");
    ASSERT_EQ(batch.versions.size(), 2u);
    EXPECT_EQ(batch.versions[0].kind, Version::Kind::Replaced);
    EXPECT_EQ(batch.versions[0].listed, 0u);
    EXPECT_EQ(batch.versions[1].kind, Version::Kind::Current);
  }
}

TEST(ReadSubmissions, DecodesLegacyEncodingsAndRecordsThem) {
  TempDir dir;
  dir.write("latin1.yaml",
            "title: Caf\xE9 et cr\xE8me, un projet pour les PME exportatrices\n"
            "summary: Les entreprises de la r\xE9gion vendent \xE0 l'\xE9tranger.\n");
  Submissions batch = read_submissions({dir.path()});
  ASSERT_EQ(batch.proposals.size(), 1u) << ::testing::PrintToString(reasons(batch));
  EXPECT_EQ(batch.proposals[0].title, "Café et crème, un projet pour les PME exportatrices");
  EXPECT_EQ(batch.proposals[0].encoding, "ISO-8859-1");
  EXPECT_GT(batch.proposals[0].encoding_confidence, 0);
}

TEST(ReadSubmissions, ReportsAMissingPath) {
  Submissions batch = read_submissions({"no/such/folder"});
  ASSERT_EQ(batch.excluded.size(), 1u);
  EXPECT_EQ(batch.excluded[0].source, "no/such/folder");
  EXPECT_EQ(batch.excluded[0].reason, "no such file or folder");
}

TEST(ReadSubmissions, ReadsTheBundledSamples) {
  Submissions batch = read_submissions({testing::source_dir() / "submissions"});
  EXPECT_GE(batch.proposals.size(), 12u);
  std::set<std::string> languages;
  for (const Proposal& p : batch.proposals) languages.insert(p.language);
  EXPECT_TRUE(languages.count("en") && languages.count("fr") && languages.count("es"));
}

TEST(ReadSubmissions, GivesAProposalMixingChineseWithEnglishTermsItsLanguageAndShares) {
  TempDir dir;
  Submissions batch = read_submissions({dir.write(
      "a.yaml",
      "id: cn-1\n"
      "title: 中小企业 eCommerce 培训\n"
      "summary: 我们的 eCommerce platform 将帮助中小企业使用 MLETR-compliant 的电子提单 eBL。\n"
      "sections:\n"
      "  activities: We will run API integration workshops for exporters, with "
      "提供电子提单和无纸化贸易培训。\n")});
  ASSERT_EQ(batch.proposals.size(), 1u) << ::testing::PrintToString(reasons(batch));
  const Proposal& p = batch.proposals[0];
  EXPECT_EQ(p.language, "zh");
  EXPECT_TRUE(p.language_detected);
  ASSERT_GE(p.languages.size(), 2u);
  EXPECT_EQ(p.languages[0].code, "zh");
  EXPECT_EQ(p.languages[1].code, "en");
  ASSERT_EQ(p.sections.size(), 1u);
  EXPECT_NE(p.sections[0].language, "und");
  EXPECT_FALSE(p.sections[0].languages.empty());
}

}  // namespace
}  // namespace shortlist::ingest
