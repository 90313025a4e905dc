// Every submission format, in ten languages, from real files: the decoded
// text, the detected language and the tokens where they matter.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/ingest/submission_reader.h"
#include "core/ingest/tracking_code.h"
#include "core/text/tokens.h"
#include "test_support.h"

namespace shortlist::ingest {
namespace {

namespace fs = std::filesystem;
using shortlist::testing::TempDir;

const fs::path kDir = testing::source_dir() / "tests" / "data" / "multilingual";
const std::vector<std::string> kLanguages = {"en", "fr", "es", "pt", "ar",
                                             "zh", "ja", "ru", "hi", "sw"};

Poco::JSON::Object::Ptr expected_texts() {
  return testing::parse_json_object(testing::read_file(kDir / "expected.json"));
}

std::string section(const Proposal& p, const std::string& name) {
  for (const Section& s : p.sections) {
    if (s.name == name) return s.text;
  }
  return "<no section " + name + ">";
}

std::vector<std::string> reasons(const Submissions& batch) {
  std::vector<std::string> out;
  for (const Exclusion& e : batch.excluded) out.push_back(e.source + ": " + e.reason);
  return out;
}

class EveryFormat : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryFormat, ReadsTheTextAndDetectsTheLanguageOfEachOfTenLanguages) {
  const std::string extension = GetParam();
  Poco::JSON::Object::Ptr expected = expected_texts();
  for (const std::string& language : kLanguages) {
    Submissions batch = read_submissions({kDir / (language + extension)});
    ASSERT_EQ(batch.proposals.size(), 1u)
        << language << extension << ": " << ::testing::PrintToString(reasons(batch));
    const Proposal& p = batch.proposals[0];
    Poco::JSON::Object::Ptr want = expected->getObject(language);
    EXPECT_EQ(p.title, want->getValue<std::string>("title")) << language << extension;
    EXPECT_EQ(section(p, extension == ".txt" ? "text" : "context"),
              extension == ".txt" ? want->getValue<std::string>("context") + "\n\n" +
                                        want->getValue<std::string>("objectives")
                                  : want->getValue<std::string>("context"))
        << language << extension;
    EXPECT_EQ(p.language, language) << language << extension;
    EXPECT_TRUE(p.language_detected);
    EXPECT_FALSE(p.language_mismatch);
    ASSERT_FALSE(p.languages.empty());
    EXPECT_EQ(p.languages[0].code, language);
    EXPECT_EQ(p.encoding, "UTF-8");
    EXPECT_TRUE(p.language_reliable);
    ASSERT_EQ(p.counts.count(language), 1u) << language << extension;
    EXPECT_GT(p.counts.at(language).words, 20u) << language << extension;
    EXPECT_GE(p.counts.at(language).sentences, 2u) << language << extension;
    EXPECT_TRUE(normalize_tracking_code(p.tracking_code)) << p.tracking_code;
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, EveryFormat, ::testing::Values(".json", ".yaml", ".md", ".txt"),
                         [](const auto& info) { return info.param.substr(1); });

TEST(CsvSubmissions, ReadsOneProposalPerRowInTenLanguages) {
  Submissions batch = read_submissions({kDir / "all.csv"});
  ASSERT_EQ(batch.proposals.size(), 10u) << ::testing::PrintToString(reasons(batch));
  Poco::JSON::Object::Ptr expected = expected_texts();
  for (std::size_t i = 0; i < kLanguages.size(); ++i) {
    const Proposal& p = batch.proposals[i];
    EXPECT_EQ(p.source, (kDir / "all.csv").string() + "#row=" + std::to_string(i + 2));
    EXPECT_EQ(p.id, "ml-" + kLanguages[i] + "-csv");
    EXPECT_EQ(p.language, kLanguages[i]);
    EXPECT_EQ(p.title, expected->getObject(kLanguages[i])->getValue<std::string>("title"));
    EXPECT_EQ(p.number("budget.total"), 100000);
  }
}

TEST(CsvSubmissions, ReportsABadRowByNumberAndKeepsTheOthers) {
  TempDir dir;
  dir.write("export.csv",
            "id,title,budget.total,sections.context\r\n"
            "a,First proposal,1000,\"A context that spans\r\ntwo lines, with \"\"quotes\"\"\"\r\n"
            "b,Second proposal,lots,Text\r\n"
            "c,Third proposal,3000\r\n"
            ",,,\r\n"
            "d,Fourth proposal,4000,\"never closed\r\n");
  Submissions batch = read_submissions({dir.path() / "export.csv"});
  ASSERT_EQ(batch.proposals.size(), 1u);
  EXPECT_EQ(section(batch.proposals[0], "context"),
            "A context that spans\ntwo lines, with \"quotes\"");
  const std::string file = (dir.path() / "export.csv").string();
  EXPECT_THAT(reasons(batch), ::testing::ElementsAre(
                                  file + "#row=3: budget.total must be a number, got 'lots'",
                                  file + "#row=4: 3 cells, but the header has 4",
                                  file + "#row=6: a quoted cell opened on line 7 is never closed"));
}

TEST(CsvSubmissions, RefusesAnUnusableHeader) {
  TempDir dir;
  dir.write("bad.csv", "title;budget;budget.total;;title\nx;1;2;3;4\n");
  Submissions batch = read_submissions({dir.path() / "bad.csv"});
  EXPECT_TRUE(batch.proposals.empty());
  ASSERT_EQ(batch.excluded.size(), 1u);
  EXPECT_EQ(batch.excluded[0].reason,
            "column 4 has no name; column 'title' appears twice; columns 'budget' and "
            "'budget.total' overlap: 'budget' cannot be both a value and a group");
}

// Found by fuzzing: a header and no rows was neither read nor reported.
TEST(CsvSubmissions, ReportsAHeaderWithoutRows) {
  TempDir dir;
  dir.write("header.csv", "id;title;summary\n");
  Submissions batch = read_submissions({dir.path() / "header.csv"});
  EXPECT_TRUE(batch.proposals.empty());
  ASSERT_EQ(batch.excluded.size(), 1u);
  EXPECT_EQ(batch.excluded[0].reason, "a header and no rows: no proposal in it");
}

TEST(MarkdownSubmissions, NamesTheLineOfAProblemInTheFrontMatterOrBody) {
  TempDir dir;
  dir.write("a.md",
            "---\nid: a\nbudget: {total: many}\n---\n# Title\n\nSummary.\n\n## Context\n\nText.\n");
  dir.write("b.md", "---\nsections: {context: x}\n---\n# Title\n## Context\nText.\n");
  dir.write("c.md", "---\ntitle: Unclosed\n");
  dir.write("d.md", "# Code sample\n\n```\n# not a heading\n```\n\n## Real heading\n\nBody.\n");
  Submissions batch = read_submissions({dir.path()});
  ASSERT_EQ(batch.proposals.size(), 1u) << ::testing::PrintToString(reasons(batch));
  EXPECT_EQ(batch.proposals[0].summary, "```\n# not a heading\n```");
  EXPECT_EQ(section(batch.proposals[0], "Real heading"), "Body.");
  EXPECT_THAT(
      reasons(batch),
      ::testing::ElementsAre(
          (dir.path() / "a.md").string() + ": 3:17: budget.total must be a number, got 'many'",
          (dir.path() / "b.md").string() +
              ": 5:1: sections are given both in the front matter and as headings; use one",
          (dir.path() / "c.md").string() +
              ": 1:1: front matter opened with '---' is never closed"));
}

TEST(Resubmissions, AreRecognisedWhateverTheFormat) {
  Submissions batch = read_submissions({kDir / "fr.json", kDir / "fr.md", kDir / "fr.yaml"});
  ASSERT_EQ(batch.proposals.size(), 1u);
  ASSERT_EQ(batch.excluded.size(), 2u);
  EXPECT_EQ(batch.excluded[0].reason,
            "the same text as " + (kDir / "fr.json").string() + ": a resubmission is counted once");
}

TEST(Languages, FlagsADeclaredLanguageThatTheTextContradicts) {
  TempDir dir;
  dir.write("wrong.yaml",
            "title: Certificats d'origine dématérialisés\nlanguage: es\n"
            "summary: La chambre délivrera les certificats d'origine par voie électronique et "
            "formera les petites entreprises à déposer leurs documents commerciaux en ligne.\n");
  Submissions batch = read_submissions({dir.path()});
  ASSERT_EQ(batch.proposals.size(), 1u);
  EXPECT_EQ(batch.proposals[0].language, "es");  // as declared: flagged, not corrected
  EXPECT_TRUE(batch.proposals[0].language_mismatch);
  EXPECT_EQ(batch.proposals[0].languages[0].code, "fr");
}

TEST(Languages, RecordsEachLanguageOfAMixedProposalAndEachSections) {
  TempDir dir;
  Poco::JSON::Object::Ptr texts = expected_texts();
  const auto text = [&](const char* language, const char* key) {
    return texts->getObject(language)->getValue<std::string>(key);
  };
  dir.write("mixed.json", "{\"title\": \"Bilingual proposal\", \"sections\": {\"fr\": \"" +
                              text("fr", "context") + " " + text("fr", "objectives") +
                              "\", \"ar\": \"" + text("ar", "context") + " " +
                              text("ar", "objectives") + "\"}}");
  Submissions batch = read_submissions({dir.path()});
  ASSERT_EQ(batch.proposals.size(), 1u) << ::testing::PrintToString(reasons(batch));
  const Proposal& p = batch.proposals[0];
  std::vector<std::string> codes;
  for (const LanguageShare& share : p.languages) codes.push_back(share.code);
  EXPECT_THAT(codes, ::testing::UnorderedElementsAre("fr", "ar"));
  EXPECT_EQ(p.sections[0].language, "fr");
  EXPECT_EQ(p.sections[1].language, "ar");
}

TEST(Tokens, ComeOutRightForScriptsWithoutSpacesAndForStemmedLanguages) {
  Submissions zh = read_submissions({kDir / "zh.json"});
  const auto zh_tokens = text::tokenize(section(zh.proposals[0], "context"), "zh");
  EXPECT_GT(zh_tokens.size(), 15u);  // words, not one run
  EXPECT_LT(zh_tokens.size(), 45u);  // and not one per character
  Submissions ar = read_submissions({kDir / "ar.json"});
  const auto ar_tokens = text::tokenize(ar.proposals[0].title, "ar");
  ASSERT_EQ(ar_tokens.size(), 5u);
  EXPECT_NE(ar_tokens[1].stem, ar_tokens[1].folded);  // Arabic is stemmed
}

}  // namespace
}  // namespace shortlist::ingest
