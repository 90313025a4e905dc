// The host's text analysis as plugins get it (`text_words`, ABI 1.3): in
// process and from a worker process, which maps the batch's one copy.
#include "core/plugin_host/shared_analysis.h"

#include <gtest/gtest.h>

#include "core/plugin_host/host_api.h"
#include "core/plugin_host/plugin_instance.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/text/tokens.h"
#include "test_support.h"

namespace shortlist {
namespace {

using plugin_host::SharedAnalysis;

std::vector<Proposal> batch() {
  std::vector<Proposal> proposals(2);
  proposals[0].id = "a";
  proposals[0].language = "en";
  proposals[0].sections.push_back({"context", "Paperless trade for small exporters.", "en"});
  proposals[1].id = "b";
  proposals[1].language = "en";
  proposals[1].title = "Certificats";
  proposals[1].summary = "Des certificats numériques.";
  proposals[1].sections.push_back({"contexte", "Les exportatrices numérisent. Vite.", "fr"});
  return proposals;
}

// What the probe's "analysis" measure says of a proposal's first section
// when it gets the words of `analysis` at `index`.
std::string as_probe_says(const text::TextAnalysis& analysis, std::size_t index) {
  const text::AnalysedPart& part = *analysis.part(index, text::kFirstSectionPart);
  std::string list;
  for (const text::AnalysedWord& w : analysis.words(part)) {
    list += (list.empty() ? "" : " ") + std::string(analysis.string(w.stem)) + "#" +
            std::to_string(w.stem) + "@" + std::to_string(w.offset) + "/" +
            std::to_string(w.sentence);
  }
  return list + " | " + std::string(analysis.string(part.language)) + ", " +
         std::to_string(part.sentences) + " sentences";
}

TEST(TextWords, GivesAPartsWordsWithTheStemsTokenizeGives) {
  const std::vector<Proposal> proposals = batch();
  const SharedAnalysis shared(proposals, 1);
  const sl_proposal handle{&proposals[1], &shared, 1};
  const sl_host_api* host = plugin_host::host_api();
  sl_text_words words{};
  ASSERT_EQ(host->text_words(&handle, 0, &words), 1);
  EXPECT_STREQ(words.language, "fr");
  EXPECT_EQ(std::string_view(words.text, words.text_length), proposals[1].sections[0].text);
  EXPECT_EQ(words.sentences, 2u);
  const std::vector<text::Token> tokens = text::tokenize(proposals[1].sections[0].text, "fr");
  ASSERT_EQ(words.count, tokens.size());
  for (std::size_t i = 0; i < words.count; ++i) {
    std::size_t length = 0;
    EXPECT_EQ(host->word_string(&handle, words.words[i].stem, &length, nullptr), tokens[i].stem);
    EXPECT_EQ(length, tokens[i].stem.size());
    EXPECT_EQ(words.words[i].offset, tokens[i].offset);
  }
  ASSERT_EQ(host->text_words(&handle, SL_PART_SUMMARY, &words), 1);
  EXPECT_STREQ(words.language, "en");  // the proposal's
  EXPECT_EQ(words.count, 3u);
  ASSERT_EQ(host->text_words(&handle, SL_PART_TITLE, &words), 1);
  EXPECT_EQ(words.count, 1u);
  EXPECT_EQ(host->text_words(&handle, 1, &words), 0);  // no second section
  EXPECT_EQ(host->word_string(&handle, 1u << 30, nullptr, nullptr), nullptr);
}

TEST(TextWords, AnalysesAProposalOutsideABatchWhenAsked) {
  const std::vector<Proposal> proposals = batch();
  const sl_proposal handle{&proposals[0]};
  sl_text_words words{};
  ASSERT_EQ(plugin_host::host_api()->text_words(&handle, 0, &words), 1);
  EXPECT_EQ(words.count, 5u);
  EXPECT_EQ(words.sentences, 1u);
}

enum class Where { InProcess, InAWorker };

class SharedAnalysisFor : public ::testing::TestWithParam<Where> {
 protected:
  PluginInstance probe() {
    const LoadedPlugin* plugin =
        registry_.load_file(testing::test_plugin_dir() / "probe.so", PluginOrigin::External);
    EXPECT_NE(plugin, nullptr);
    Expected<PluginInstance> made =
        GetParam() == Where::InProcess
            ? PluginInstance::create(*plugin, "analysis", "{}")
            : PluginInstance::create_isolated(*plugin, "analysis", "{}", IsolationLimits{});
    EXPECT_TRUE(made);
    return std::move(made).value();
  }
  PluginRegistry registry_;
};

// The ids are the batch's: a worker read the words from the host's one
// copy, not from an analysis of its own (where "b"'s first stem would have
// a small id of its own).
TEST_P(SharedAnalysisFor, APluginGetsTheBatchsWordsWhereverItRuns) {
  const std::vector<Proposal> proposals = batch();
  const SharedAnalysis shared(proposals, 1);
  PluginInstance instance = probe();
  instance.use_analysis(&shared);
  EXPECT_EQ(instance.run_corpus_pass(proposals), "");
  instance.prepare({&proposals[1], &proposals[0]});
  const CriterionScore b = instance.score(proposals[1]);
  ASSERT_TRUE(b.ok()) << b.error;
  EXPECT_EQ(*b.raw, 4);
  EXPECT_EQ(b.explanation, as_probe_says(*shared.analysis(), 1));
  EXPECT_NE(b.explanation, as_probe_says(text::TextAnalysis::of(proposals[1]), 0));
  const CriterionScore a = instance.score(proposals[0]);
  EXPECT_EQ(a.explanation, as_probe_says(*shared.analysis(), 0));
  if (GetParam() == Where::InAWorker) {
    EXPECT_FALSE(shared.shared_path().empty());
  }
  instance.use_analysis(nullptr);
}

INSTANTIATE_TEST_SUITE_P(Everywhere, SharedAnalysisFor,
                         ::testing::Values(Where::InProcess, Where::InAWorker),
                         [](const ::testing::TestParamInfo<Where>& info) {
                           return info.param == Where::InProcess ? "InProcess" : "InAWorker";
                         });

}  // namespace
}  // namespace shortlist
