#include "core/text/analysis.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unicode/uscript.h>
#include <unistd.h>

#include "core/text/tokens.h"

namespace shortlist::text {
namespace {

Proposal written_in(std::string language, std::string section_text,
                    std::string section_language = "") {
  Proposal p;
  p.id = "p-" + language;
  p.language = language;
  p.title = "Title";
  p.summary = "";
  p.sections.push_back({"context", std::move(section_text), std::move(section_language)});
  return p;
}

// Every word of the part is the text's own bytes at its offset, and its
// folded form and stem are those `tokenize` gives in the part's language.
void expect_as_tokenize(const TextAnalysis& analysis, std::size_t proposal, std::size_t part,
                        std::string_view text, std::string_view language) {
  const AnalysedPart* found = analysis.part(proposal, part);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(analysis.string(found->language), language);
  const std::vector<Token> tokens = tokenize(text, language);
  const std::span<const AnalysedWord> words = analysis.words(*found);
  ASSERT_EQ(words.size(), tokens.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    SCOPED_TRACE(tokens[i].folded);
    EXPECT_EQ(words[i].offset, tokens[i].offset);
    EXPECT_EQ(words[i].length, tokens[i].length);
    EXPECT_EQ(analysis.string(words[i].folded), tokens[i].folded);
    EXPECT_EQ(analysis.string(words[i].stem), tokens[i].stem);
  }
}

struct Case {
  const char* language;
  const char* text;
  std::vector<std::string> written;  // the words, as the offsets cut them
  std::vector<std::string> stems;
  std::vector<std::uint32_t> sentences;
};

class AnalysisIn : public ::testing::TestWithParam<Case> {};

TEST_P(AnalysisIn, CutsTheTextIntoTheWordsAndStemsTokenizeGives) {
  const Case& c = GetParam();
  const Proposal p = written_in(c.language, c.text);
  const TextAnalysis analysis = TextAnalysis::of(p);
  ASSERT_EQ(analysis.proposal_count(), 1u);
  ASSERT_EQ(analysis.part_count(0), kFirstSectionPart + 1);
  expect_as_tokenize(analysis, 0, kFirstSectionPart, c.text, c.language);
  expect_as_tokenize(analysis, 0, kTitlePart, "Title", c.language);
  const AnalysedPart& part = *analysis.part(0, kFirstSectionPart);
  std::vector<std::string> written, stems;
  std::vector<std::uint32_t> sentences;
  for (const AnalysedWord& w : analysis.words(part)) {
    written.push_back(std::string(c.text).substr(w.offset, w.length));
    stems.push_back(std::string(analysis.string(w.stem)));
    sentences.push_back(w.sentence);
  }
  EXPECT_EQ(written, c.written);
  EXPECT_EQ(stems, c.stems);
  EXPECT_EQ(sentences, c.sentences);
  EXPECT_EQ(part.sentences, sentences.empty() ? 0 : sentences.back() + 1);
}

INSTANTIATE_TEST_SUITE_P(
    FiveLanguages, AnalysisIn,
    ::testing::Values(Case{"en",
                           "Exporters digitise certificates. Trade grows!",
                           {"Exporters", "digitise", "certificates", "Trade", "grows"},
                           {"export", "digitis", "certif", "trade", "grow"},
                           {0, 0, 0, 1, 1}},
                      Case{"fr",
                           "Les exportatrices numérisent. Élan.",
                           {"Les", "exportatrices", "numérisent", "Élan"},
                           {"le", "export", "numérisent", "élan"},
                           {0, 0, 0, 1}},
                      Case{"ar",
                           "والشهادات الرقمية. التجارة",
                           {"والشهادات", "الرقمية", "التجارة"},
                           {"شهاد", "رقم", "تجار"},
                           {0, 0, 1}},
                      Case{"ru",
                           "Электронной подписью. Торговля.",
                           {"Электронной", "подписью", "Торговля"},
                           {"электронн", "подпис", "торговл"},
                           {0, 0, 1}},
                      // No stemmer for Chinese: the stem is the word. ICU's
                      // dictionary cuts 跨境 in two.
                      Case{"zh",
                           "电子商务培训。跨境贸易",
                           {"电子", "商务", "培训", "跨", "境", "贸易"},
                           {"电子", "商务", "培训", "跨", "境", "贸易"},
                           {0, 0, 0, 1, 1, 1}}),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.language); });

TEST(TextAnalysis, ReadsASectionInItsOwnLanguageAndTitleAndSummaryInTheProposals) {
  Proposal p = written_in("en", "Les exportatrices numérisent", "fr");
  p.summary = "Exporters digitise";
  p.sections.push_back({"und", "Exporters digitise", "und"});
  const TextAnalysis analysis = TextAnalysis::of(p);
  expect_as_tokenize(analysis, 0, kSummaryPart, p.summary, "en");
  expect_as_tokenize(analysis, 0, kFirstSectionPart, p.sections[0].text, "fr");
  expect_as_tokenize(analysis, 0, kFirstSectionPart + 1, p.sections[1].text, "en");
  EXPECT_EQ(analysis.part(0, kFirstSectionPart + 2), nullptr);
  EXPECT_EQ(analysis.part(1, kTitlePart), nullptr);
}

TEST(TextAnalysis, KeepsEachFormOnceForTheWholeBatch) {
  const Proposal a = written_in("en", "trade trade trade");
  const Proposal b = written_in("en", "Trade and trade");
  const TextAnalysis analysis = TextAnalysis::of({&a, &b}, 2);
  ASSERT_EQ(analysis.proposal_count(), 2u);
  const auto first = analysis.words(*analysis.part(0, kFirstSectionPart));
  const auto second = analysis.words(*analysis.part(1, kFirstSectionPart));
  ASSERT_EQ(first.size(), 3u);
  ASSERT_EQ(second.size(), 3u);
  EXPECT_EQ(first[0].folded, first[2].folded);
  EXPECT_EQ(first[0].folded, second[0].folded);  // "Trade" folds to "trade"
  EXPECT_EQ(second[0].folded, second[2].folded);
  // en; title and its stem titl; trade and and, their own stems
  EXPECT_EQ(analysis.string_count(), 5u);
}

TEST(TextAnalysis, GivesTheScriptOfEachForm) {
  const Proposal p = written_in("ru", "Торговля 2026 trade");
  const TextAnalysis analysis = TextAnalysis::of(p);
  const auto words = analysis.words(*analysis.part(0, kFirstSectionPart));
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(analysis.script(words[0].folded), USCRIPT_CYRILLIC);
  EXPECT_EQ(analysis.script(words[1].folded), USCRIPT_COMMON);
  EXPECT_EQ(analysis.script(words[2].folded), USCRIPT_LATIN);
  EXPECT_EQ(analysis.string(999999), "");
}

TEST(TextAnalysis, ReadsBackWhatItWroteWithoutACopy) {
  const Proposal a = written_in("fr", "Les exportatrices numérisent.");
  const Proposal b = written_in("zh", "电子商务培训。");
  const TextAnalysis made = TextAnalysis::of({&a, &b});
  const int fd = memfd_create("analysis-test", 0);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(made.write_to(fd));
  const off_t size = lseek(fd, 0, SEEK_END);
  void* data = mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(data, MAP_FAILED);
  {
    const std::optional<TextAnalysis> read =
        TextAnalysis::view({static_cast<const char*>(data), static_cast<std::size_t>(size)});
    ASSERT_TRUE(read);
    EXPECT_EQ(read->proposal_count(), 2u);
    EXPECT_EQ(read->string_count(), made.string_count());
    for (std::size_t p = 0; p < 2; ++p) {
      ASSERT_EQ(read->part_count(p), made.part_count(p));
      const auto words = read->words(*read->part(p, kFirstSectionPart));
      const auto original = made.words(*made.part(p, kFirstSectionPart));
      ASSERT_EQ(words.size(), original.size());
      for (std::size_t i = 0; i < words.size(); ++i) {
        EXPECT_EQ(read->string(words[i].stem), made.string(original[i].stem));
        EXPECT_EQ(words[i].offset, original[i].offset);
        EXPECT_EQ(words[i].sentence, original[i].sentence);
      }
    }
    // Cut short, it is not an analysis.
    EXPECT_FALSE(
        TextAnalysis::view({static_cast<const char*>(data), static_cast<std::size_t>(size) - 4}));
  }
  munmap(data, static_cast<std::size_t>(size));
  close(fd);
}

TEST(TextAnalysis, AnalysesAnEmptyBatch) {
  const TextAnalysis analysis = TextAnalysis::of(std::vector<const Proposal*>{});
  EXPECT_EQ(analysis.proposal_count(), 0u);
  EXPECT_EQ(analysis.part(0, 0), nullptr);
}

}  // namespace
}  // namespace shortlist::text
