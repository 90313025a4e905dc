#include "core/messages/messages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "test_support.h"

namespace shortlist {
namespace {

std::set<std::string> keys_in(const std::string& locale) {
  std::ifstream in(testing::source_dir() / "core" / "messages" / "bundle" / (locale + ".txt"));
  static const std::regex kKey(R"(^\s+([a-z_]+) \{)");
  std::set<std::string> keys;
  std::string line;
  std::smatch match;
  while (std::getline(in, line)) {
    if (std::regex_search(line, match, kKey)) keys.insert(match[1]);
  }
  return keys;
}

TEST(Messages, EveryTranslationHasEveryKey) {
  const std::set<std::string> root = keys_in("root");
  ASSERT_GT(root.size(), 20u);
  for (const char* locale : {"fr", "es", "ar"}) EXPECT_EQ(keys_in(locale), root) << locale;
}

TEST(Messages, FormatsPluralsAndDatesAsEachLanguageDoes) {
  const std::filesystem::path compiled =
      std::filesystem::path(SHORTLIST_BINARY).parent_path() / "messages";
  Expected<Messages> fr = Messages::open(compiled, "fr");
  ASSERT_TRUE(fr) << fr.problems()[0].message;
  EXPECT_EQ(fr->language(), "fr");
  EXPECT_EQ(fr->format("versions", {{"count", 3}}),
            "Vous avez envoyé 3 versions ; la dernière est celle qui est examinée.");
  EXPECT_EQ(fr->date_time("2026-03-05T14:07:00.000Z"), "5 mars 2026 à 14:07 UTC");
  Expected<Messages> es = Messages::open(compiled, "es");
  EXPECT_EQ(es->date_time("2026-03-05T14:07:00.000Z"), "5 de marzo de 2026, 14:07 UTC");
  Expected<Messages> en = Messages::open(compiled, "en");
  EXPECT_EQ(en->format("versions", {{"count", 1}}), "You sent one version.");
  // ICU puts a narrow no-break space (U+202F) before the day period.
  EXPECT_EQ(en->date_time("2026-03-05T14:07:00.000Z"), "March 5, 2026 at 2:07\u202fPM UTC");
  EXPECT_THROW(en->format("no_such_key"), std::out_of_range);
}

}  // namespace
}  // namespace shortlist
