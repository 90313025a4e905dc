// Plugins built against each released header, and against a made-up future
// one, loaded by today's host in process and in a worker process: the rules
// docs/plugin-abi.md gives under "Compatibility" hold for real binaries.
// The plugins are tests/plugins/abi_era_plugin.c compiled against the frozen
// headers in tests/plugins/abi/.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <shortlist/plugin.hpp>

#include "core/plugin_host/host_api.h"
#include "core/plugin_host/plugin_instance.h"
#include "core/plugin_host/plugin_registry.h"
#include "test_support.h"

namespace shortlist {
namespace {

namespace fs = std::filesystem;
using testing::test_plugin_dir;

Proposal two_sentences() {
  Proposal p;
  p.id = "ke-1";
  p.title = "Paperless certificates";
  p.language = "en";
  p.languages = {{"en", 96}};
  p.sections.push_back({"context",
                        "Small exporters still queue for paper certificates. They wait for weeks.",
                        "en"});
  return p;
}

enum class Where { InProcess, InAWorker };

std::string where_name(const ::testing::TestParamInfo<Where>& info) {
  return info.param == Where::InProcess ? "InProcess" : "InAWorker";
}

// Loads one of the era plugins where the test says and scores a proposal
// with it.
class AbiCompatibility : public ::testing::TestWithParam<Where> {
 protected:
  const LoadedPlugin* load(const std::string& file) {
    const fs::path path = test_plugin_dir() / file;
    return GetParam() == Where::InProcess
               ? registry_.load_file_here(path, PluginOrigin::Bundled)
               : registry_.load_file(path, PluginOrigin::External);  // described by a worker
  }

  std::string refusal() const {
    return registry_.failures().empty() ? "" : registry_.failures().back().reason;
  }

  CriterionScore score(const LoadedPlugin& plugin, const Proposal& proposal) {
    Expected<PluginInstance> instance =
        GetParam() == Where::InProcess
            ? PluginInstance::create(plugin, "", "{}")
            : PluginInstance::create_isolated(plugin, "", "{}", IsolationLimits{});
    if (!instance) return {std::nullopt, "", instance.problems()[0].message, "", {}};
    EXPECT_EQ(instance->isolated(), GetParam() == Where::InAWorker);
    instance->prepare({&proposal});
    return instance->score(proposal);
  }

  PluginRegistry registry_;
};

TEST_P(AbiCompatibility, RunsAPluginBuiltAgainstTheHeaderOf10) {
  const LoadedPlugin* plugin = load("abi_1_0.so");
  ASSERT_NE(plugin, nullptr) << refusal();
  EXPECT_EQ(plugin->abi_minor, 0);
  EXPECT_FALSE(plugin->has_corpus_pass);
  const CriterionScore s = score(*plugin, two_sentences());
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_EQ(*s.raw, 11);
  EXPECT_EQ(s.explanation, "ABI 1.0 plugin: 11 words");
}

TEST_P(AbiCompatibility, RunsAPluginBuiltAgainstTheHeaderOf11WithTheServicesOf11) {
  const LoadedPlugin* plugin = load("abi_1_1.so");
  ASSERT_NE(plugin, nullptr) << refusal();
  EXPECT_EQ(plugin->abi_minor, 1);  // the SDK of 1.1 stamped its header's minor
  const CriterionScore s = score(*plugin, two_sentences());
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_EQ(*s.raw, 11);
  EXPECT_EQ(s.explanation, "ABI 1.1 plugin: 11 words, 2 sentences");
}

TEST_P(AbiCompatibility, RunsAPluginBuiltAgainstTheHeaderOf12WithTheServicesOf12) {
  const LoadedPlugin* plugin = load("abi_1_2.so");
  ASSERT_NE(plugin, nullptr) << refusal();
  EXPECT_EQ(plugin->abi_minor, 2);
  const CriterionScore s = score(*plugin, two_sentences());
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_EQ(*s.raw, 11);
  EXPECT_EQ(s.explanation, "ABI 1.2 plugin: 11 words, 2 sentences, 96% en");
}

// Built against a 1.4 header: a descriptor longer than this host's, and a
// host function this host lacks, which the plugin asks about first.
TEST_P(AbiCompatibility, RunsAPluginFromANewerHeaderThatNeedsNoMoreThan12) {
  const LoadedPlugin* plugin = load("abi_future.so");
  ASSERT_NE(plugin, nullptr) << refusal();
  EXPECT_EQ(plugin->name, "abi_future");
  EXPECT_EQ(plugin->abi_minor, 2);
  EXPECT_FALSE(plugin->has_corpus_pass);
  const CriterionScore s = score(*plugin, two_sentences());
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_EQ(*s.raw, 11);
  EXPECT_EQ(s.explanation,
            "ABI 1.4 plugin: 11 words, 2 sentences, 96% en; this host has no count_paragraphs");
}

TEST_P(AbiCompatibility, RefusesAPluginThatNeedsANewerMinorNamingBothVersions) {
  EXPECT_EQ(load("abi_future_needs_1_4.so"), nullptr);
  EXPECT_EQ(refusal(), "needs plugin ABI 1.4, newer than this host's 1.3: update Shortlist");
  EXPECT_EQ(registry_.failures().back().name, "abi_future_needs_1_4");
}

TEST_P(AbiCompatibility, RefusesADescriptorSmallerThanThatOf10NamingTheSizes) {
  EXPECT_EQ(load("undersized.so"), nullptr);
  EXPECT_EQ(refusal(), "descriptor is " + std::to_string(offsetof(sl_plugin_descriptor, score)) +
                           " bytes, smaller than the " + std::to_string(SL_DESCRIPTOR_SIZE_1_0) +
                           " bytes of an ABI 1.0 descriptor, which every plugin of major "
                           "version 1 has");
}

TEST_P(AbiCompatibility, RefusesAnotherMajorVersion) {
  EXPECT_EQ(load("wrong_major.so"), nullptr);
  EXPECT_EQ(refusal(),
            "built for plugin ABI 2.0, but this host speaks 1.3 (the major version must match)");
}

INSTANTIATE_TEST_SUITE_P(Everywhere, AbiCompatibility,
                         ::testing::Values(Where::InProcess, Where::InAWorker), where_name);

// A descriptor as bytes: what a plugin's header laid out, with what lies
// past its declared size filled with garbage the host must not read.
struct RawDescriptor {
  explicit RawDescriptor(std::size_t declared) {
    std::memset(bytes, 0xAB, sizeof bytes);
    sl_plugin_descriptor head{};
    head.struct_size = static_cast<uint32_t>(declared);
    head.abi_major = SL_ABI_MAJOR;
    head.abi_minor = 0;
    std::memcpy(bytes, &head, offsetof(sl_plugin_descriptor, name));
  }
  const sl_plugin_descriptor& descriptor() const {
    return *reinterpret_cast<const sl_plugin_descriptor*>(bytes);
  }
  alignas(sl_plugin_descriptor) unsigned char bytes[sizeof(sl_plugin_descriptor) + 64];
};

TEST(CopyDescriptor, ReadsNoFieldPastTheSizeThePluginDeclaresAndLeavesThemZero) {
  const RawDescriptor raw(offsetof(sl_plugin_descriptor, corpus_begin));
  const sl_plugin_descriptor copy = copy_descriptor(raw.descriptor());
  EXPECT_NE(copy.score, nullptr);  // the garbage within the declared size is copied
  EXPECT_EQ(copy.corpus_begin, nullptr);
  EXPECT_EQ(copy.corpus_observe, nullptr);
  EXPECT_EQ(copy.corpus_end, nullptr);
}

TEST(CopyDescriptor, CopiesWhatThisHostKnowsOfALargerDescriptor) {
  const RawDescriptor raw(sizeof(RawDescriptor::bytes));
  const sl_plugin_descriptor copy = copy_descriptor(raw.descriptor());
  EXPECT_EQ(copy.struct_size, sizeof(RawDescriptor::bytes));
  EXPECT_EQ(std::memcmp(&copy, raw.bytes, sizeof copy), 0);
}

TEST(CopyDescriptor, CopiesOnlyTheVersionsOfAnotherMajorVersion) {
  RawDescriptor raw(sizeof(sl_plugin_descriptor));
  raw.bytes[offsetof(sl_plugin_descriptor, abi_major)] = SL_ABI_MAJOR + 1;
  const sl_plugin_descriptor copy = copy_descriptor(raw.descriptor());
  EXPECT_EQ(copy.abi_major, SL_ABI_MAJOR + 1);
  EXPECT_EQ(copy.name, nullptr);
  EXPECT_EQ(copy.score, nullptr);
}

TEST(CheckAbiVersion, AcceptsEveryOlderMinorAndRefusesANewerOne) {
  for (unsigned minor = 0; minor <= SL_ABI_MINOR; ++minor) {
    EXPECT_EQ(check_abi_version(SL_ABI_MAJOR, minor), "") << minor;
  }
  EXPECT_EQ(check_abi_version(1, SL_ABI_MINOR + 1),
            "needs plugin ABI 1.4, newer than this host's 1.3: update Shortlist");
}

// The SDK's own plugins say the oldest host they need, not the header
// they were built with.
TEST(PluginSdk, DeclaresTheOldestHostMinorAPluginNeeds) {
  PluginRegistry registry;
  const LoadedPlugin* field =
      registry.load_file_here(testing::plugin_dir() / "field.so", PluginOrigin::Bundled);
  const LoadedPlugin* relevance =
      registry.load_file_here(testing::plugin_dir() / "relevance.so", PluginOrigin::Bundled);
  ASSERT_NE(field, nullptr);
  ASSERT_NE(relevance, nullptr);
  EXPECT_EQ(field->abi_minor, 0);      // the SDK's default
  EXPECT_EQ(relevance->abi_minor, 1);  // SL_PLUGIN_MIN_HOST_MINOR 1: it needs tokens
}

// The C++ layer on a host older than the services it wraps: "not
// available", never a call past the end of the host's table.
class OlderHost : public ::testing::Test {
 protected:
  OlderHost() : table_(*plugin_host::host_api()), handle_{&proposal_} {
    proposal_.language = "zh";
    proposal_.languages = {{"zh", 58}, {"en", 40}};
    proposal_.sections.push_back({"activities", "text", "zh", {{"zh", 70}, {"en", 25}}});
  }
  // The table as a host of minor `minor` has it: its members end before
  // `first_missing`, and the ones past it are not to be called.
  sdk::Proposal as_host(unsigned minor, std::size_t first_missing) {
    table_.abi_minor = static_cast<uint16_t>(minor);
    table_.struct_size = static_cast<uint32_t>(first_missing);
    return sdk::Proposal(&table_, &handle_);
  }

  sl_host_api table_;
  Proposal proposal_;
  sl_proposal handle_;
};

TEST_F(OlderHost, LanguageSharesAreNotAvailableBefore12) {
  const sdk::Proposal on_1_1 = as_host(1, offsetof(sl_host_api, language_share));
  EXPECT_EQ(on_1_1.host_minor(), 1u);
  EXPECT_EQ(on_1_1.languages(), std::nullopt);
  ASSERT_EQ(on_1_1.sections().size(), 1u);
  EXPECT_EQ(on_1_1.sections()[0].languages, std::nullopt);
  EXPECT_EQ(on_1_1.sections()[0].language, "zh");

  const sdk::Proposal on_1_2 = as_host(2, sizeof(sl_host_api));
  ASSERT_TRUE(on_1_2.languages());
  ASSERT_EQ(on_1_2.languages()->size(), 2u);
  EXPECT_EQ((*on_1_2.languages())[0].code, "zh");
  EXPECT_EQ((*on_1_2.languages())[0].percent, 58);
  ASSERT_TRUE(on_1_2.sections()[0].languages);
  EXPECT_EQ((*on_1_2.sections()[0].languages)[1].percent, 25);
}

TEST_F(OlderHost, TheHostsWordsAreNotAvailableBefore13) {
  proposal_.language = "en";
  proposal_.sections[0] = {"activities", "Paperless trade", "en", {}};
  const sdk::Proposal on_1_2 = as_host(2, offsetof(sl_host_api, text_words));
  EXPECT_EQ(on_1_2.words(0), std::nullopt);
  const sdk::Proposal on_1_3 = as_host(3, sizeof(sl_host_api));
  const std::optional<sdk::Proposal::Words> words = on_1_3.words(0);
  ASSERT_TRUE(words);
  ASSERT_EQ(words->size(), 2u);
  EXPECT_EQ(words->written((*words)[1]), "trade");
  EXPECT_EQ(words->stem((*words)[0]), "paperless");
  EXPECT_EQ(on_1_3.words(1), std::nullopt);
}

TEST_F(OlderHost, TokensAndSentencesAreNotAvailableBefore11) {
  const sdk::Proposal on_1_0 = as_host(0, offsetof(sl_host_api, tokenize));
  EXPECT_EQ(on_1_0.sections()[0].language, "und");
  try {
    on_1_0.tokens("some words");
    ADD_FAILURE() << "tokens() called past the end of a 1.0 table";
  } catch (const sdk::Error& e) {
    EXPECT_STREQ(e.what(), "tokens needs a host with plugin ABI 1.1, and this one speaks 1.0");
  }
  EXPECT_THROW(on_1_0.count_sentences("One. Two."), sdk::Error);
  const sdk::Proposal on_1_1 = as_host(1, offsetof(sl_host_api, language_share));
  EXPECT_EQ(on_1_1.count_sentences("One. Two."), 2u);
}

}  // namespace
}  // namespace shortlist
