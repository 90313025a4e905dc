#include "core/plugin_host/plugin_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/dll/library_info.hpp>

#include "core/plugin_host/plugin_instance.h"
#include "test_support.h"

namespace shortlist {
namespace {

namespace fs = std::filesystem;
using testing::test_plugin_dir;

std::string only_failure(const PluginRegistry& registry) {
  EXPECT_EQ(registry.failures().size(), 1u);
  return registry.failures().empty() ? "" : registry.failures()[0].reason;
}

Proposal proposal(const std::string& id, double total) {
  Proposal p;
  p.id = id;
  p.title = "Title of " + id;
  p.language = "en";
  p.fields["budget.total"] = total;
  p.sections.push_back({"context", "Small exporters still queue for paper certificates."});
  return p;
}

TEST(PluginRegistry, LoadsAWellBehavedPlugin) {
  PluginRegistry registry;
  const LoadedPlugin* probe =
      registry.load_file(test_plugin_dir() / "probe.so", PluginOrigin::External);
  ASSERT_NE(probe, nullptr) << only_failure(registry);
  EXPECT_EQ(probe->name, "probe");
  EXPECT_EQ(probe->version, "2.1.0");
  EXPECT_EQ(probe->abi_major, SL_ABI_MAJOR);
  EXPECT_THAT(probe->measures, ::testing::ElementsAre("value", "words", "stems", "analysis"));
  EXPECT_TRUE(probe->has_corpus_pass);
  EXPECT_EQ(registry.find("probe"), probe);
}

TEST(PluginRegistry, LoadsAPluginWrittenInPlainC) {
  PluginRegistry registry;
  const LoadedPlugin* plugin =
      registry.load_file(test_plugin_dir() / "plain_c.so", PluginOrigin::External);
  ASSERT_NE(plugin, nullptr) << only_failure(registry);
  EXPECT_EQ(plugin->description, "A plugin written in C");
  EXPECT_FALSE(plugin->has_corpus_pass);
}

TEST(PluginRegistry, RejectsPluginWithAnotherMajorVersion) {
  PluginRegistry registry;
  EXPECT_EQ(registry.load_file(test_plugin_dir() / "wrong_major.so", PluginOrigin::External),
            nullptr);
  EXPECT_EQ(only_failure(registry),
            "built for plugin ABI 2.0, but this host speaks 1.3 (the major version must match)");
}

TEST(PluginRegistry, RejectsPluginThatNeedsANewerMinorVersion) {
  PluginRegistry registry;
  EXPECT_EQ(registry.load_file(test_plugin_dir() / "newer_minor.so", PluginOrigin::External),
            nullptr);
  EXPECT_EQ(only_failure(registry),
            "needs plugin ABI 1.4, newer than this host's 1.3: update Shortlist");
  EXPECT_EQ(registry.failures()[0].name, "newer_minor");
}

TEST(PluginRegistry, RejectsLibraryWithoutEntrySymbol) {
  PluginRegistry registry;
  EXPECT_EQ(registry.load_file(test_plugin_dir() / "no_entry.so", PluginOrigin::External), nullptr);
  EXPECT_EQ(only_failure(registry),
            "no entry symbol 'shortlist_plugin_entry': not a Shortlist plugin");
}

TEST(PluginRegistry, RejectsAFileThatIsNotALibrary) {
  testing::TempDir dir;
  const fs::path file = dir.write("notes.so", "this is text, not ELF");
  PluginRegistry registry;
  EXPECT_EQ(registry.load_file(file, PluginOrigin::External), nullptr);
  EXPECT_THAT(only_failure(registry), ::testing::StartsWith("cannot load: "));
  EXPECT_EQ(registry.failures()[0].file, file);
}

TEST(PluginRegistry, KeepsBothPluginsOfOneNameAndWarnsNamingBothFiles) {
  PluginRegistry registry;
  const fs::path first = test_plugin_dir() / "probe.so";
  const fs::path second = test_plugin_dir() / "duplicate" / "probe.so";
  registry.load_file(first, PluginOrigin::External);
  const LoadedPlugin* again = registry.load_file(second, PluginOrigin::External);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->file, second);
  EXPECT_TRUE(registry.failures().empty());
  EXPECT_EQ(registry.find("probe")->file, first);
  ASSERT_EQ(registry.all_named("probe").size(), 2u);
  EXPECT_EQ(registry.all_named("probe")[1], again);
  EXPECT_THAT(registry.duplicate_warnings(),
              ::testing::ElementsAre("2 plugins are named 'probe': " + first.string() + " and " +
                                     second.string() +
                                     "; a criterion that uses 'probe' must name its file "
                                     "(file: ...)"));
}

TEST(PluginRegistry, LoadsAFolderAndRecordsEachFailureByFile) {
  PluginRegistry registry;
  registry.load_folder(test_plugin_dir(), PluginOrigin::External);
  std::vector<std::string> loaded;
  for (const LoadedPlugin& p : registry.plugins()) loaded.push_back(p.name);
  EXPECT_THAT(loaded, ::testing::UnorderedElementsAre("abi_1_0", "abi_1_1", "abi_1_2", "abi_future",
                                                      "bad_utf8", "plain_c", "probe", "throws"));
  std::vector<std::string> failed;
  for (const PluginLoadFailure& f : registry.failures())
    failed.push_back(f.file.filename().string());
  EXPECT_THAT(failed,
              ::testing::UnorderedElementsAre("abi_future_needs_1_4.so", "newer_minor.so",
                                              "no_entry.so", "undersized.so", "wrong_major.so"));
  ASSERT_NE(registry.failure_for("no_entry"), nullptr);  // matched by file name
  EXPECT_EQ(registry.failure_for("probe"), nullptr);
}

TEST(PluginRegistry, ReportsAMissingFolder) {
  PluginRegistry registry;
  registry.load_folder("no/such/plugins", PluginOrigin::External);
  EXPECT_EQ(only_failure(registry), "plugin folder does not exist");
}

TEST(PluginRegistry, BundledPluginsExportOnlyTheEntrySymbol) {
  for (const char* name : {"field.so", "completeness.so"}) {
    boost::dll::library_info info((testing::plugin_dir() / name).string());
    std::vector<std::string> exported;
    for (const std::string& symbol : info.symbols()) {
      // Sanitizer builds add their own runtime hooks.
      if (symbol.rfind("__asan", 0) == 0 || symbol.rfind("__ubsan", 0) == 0) continue;
      if (symbol == "_init" || symbol == "_fini" || symbol.empty()) continue;
      exported.push_back(symbol);
    }
    EXPECT_THAT(exported, ::testing::ElementsAre("shortlist_plugin_entry")) << name;
  }
}

// Loads one test plugin and configures it, failing the test if it cannot.
class PluginInstanceTest : public ::testing::Test {
 protected:
  Expected<PluginInstance> make(const std::string& file, const std::string& measure = "",
                                const std::string& params = "{}") {
    const fs::path path = test_plugin_dir() / file;
    const LoadedPlugin* plugin = nullptr;
    for (const LoadedPlugin& loaded : registry_.plugins()) {
      if (loaded.file == path) plugin = &loaded;
    }
    if (plugin == nullptr) plugin = registry_.load_file(path, PluginOrigin::External);
    if (plugin == nullptr) return Diagnostic{file, {}, registry_.failures().back().reason};
    return PluginInstance::create(*plugin, measure, params);
  }

  PluginRegistry registry_;
};

TEST_F(PluginInstanceTest, RunsTheCorpusPassBeforeScoring) {
  Expected<PluginInstance> instance = make("probe.so");
  ASSERT_TRUE(instance);
  EXPECT_EQ(instance->measure(), "value");
  std::vector<Proposal> corpus = {proposal("a", 10), proposal("b", 20), proposal("c", 30)};
  EXPECT_EQ(instance->run_corpus_pass(corpus), "");
  CriterionScore score = instance->score(corpus[1]);
  ASSERT_TRUE(score.ok()) << score.error;
  EXPECT_EQ(*score.raw, 20);
  EXPECT_EQ(score.explanation, "seen 3 of 3 proposals; language en");
  ASSERT_EQ(score.evidence.size(), 1u);
  EXPECT_EQ(score.evidence[0].text, "b");
}

TEST_F(PluginInstanceTest, UsesTheHostsWordSegmentationForAMeasure) {
  Expected<PluginInstance> words = make("probe.so", "words");
  ASSERT_TRUE(words);
  EXPECT_EQ(*words->score(proposal("a", 1)).raw, 7);
}

TEST_F(PluginInstanceTest, GivesPluginsTheHostsStemsInTheProposalsLanguage) {
  Expected<PluginInstance> stems = make("probe.so", "stems");
  ASSERT_TRUE(stems);
  Proposal p = proposal("fr-1", 1);
  p.language = "fr";
  p.sections = {{"context", "Certificats, certificat et CERTIFICATS numérisés.", "fr"}};
  CriterionScore score = stems->score(p);
  ASSERT_TRUE(score.ok()) << score.error;
  EXPECT_EQ(*score.raw, 3);  // certificat, et, numéris
  EXPECT_EQ(score.explanation, "certificat et numéris");
}

TEST_F(PluginInstanceTest, ReportsAMissingValueWithItsReason) {
  Expected<PluginInstance> instance = make("probe.so", "", R"({"path": "budget.requested"})");
  ASSERT_TRUE(instance);
  CriterionScore score = instance->score(proposal("a", 1));
  EXPECT_FALSE(score.ok());
  EXPECT_EQ(score.error, "");
  EXPECT_EQ(score.missing_reason, "no budget.requested");
}

TEST_F(PluginInstanceTest, RefusesAnUnknownMeasureAndRejectedParams) {
  Expected<PluginInstance> unknown = make("probe.so", "colour");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.problems()[0].message,
            "plugin 'probe' has no measure 'colour' (it has: value, words, stems, analysis)");
  Expected<PluginInstance> rejected = make("probe.so", "", R"({"reject": "yes"})");
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.problems()[0].message, "plugin 'probe' refused its params: params say reject");
}

TEST_F(PluginInstanceTest, CatchesAnExceptionThrownFromScore) {
  Expected<PluginInstance> instance = make("throws.so");
  ASSERT_TRUE(instance);
  CriterionScore bad = instance->score(proposal("bad-1", 1));
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error, "deliberate failure on bad-1");
  CriterionScore good = instance->score(proposal("good-1", 1));
  EXPECT_TRUE(good.ok());
}

TEST_F(PluginInstanceTest, RefusesAnExplanationThatIsNotUtf8) {
  Expected<PluginInstance> instance = make("bad_utf8.so");
  ASSERT_TRUE(instance);
  CriterionScore score = instance->score(proposal("a", 1));
  EXPECT_FALSE(score.ok());
  EXPECT_EQ(score.error, "explanation is not valid UTF-8 (byte 3)");
  EXPECT_EQ(score.explanation, "");
}

TEST_F(PluginInstanceTest, RefusesAPluginThatReturnsNoValue) {
  Expected<PluginInstance> instance = make("plain_c.so");
  ASSERT_TRUE(instance);
  CriterionScore score = instance->score(proposal("a", 1));
  EXPECT_EQ(score.error, "score failed without saying why");
}

}  // namespace
}  // namespace shortlist
