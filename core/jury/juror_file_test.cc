#include "core/jury/juror_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace shortlist::jury {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> messages(const Expected<std::vector<Juror>>& jurors) {
  std::vector<std::string> out;
  for (const Diagnostic& d : jurors.problems()) out.push_back(d.to_string());
  return out;
}

TEST(LoadJurors, ReadsTheBundledRoster) {
  const auto jurors =
      load_jurors(testing::source_dir() / "criteria" / "digital-champions-jurors.yaml");
  ASSERT_TRUE(jurors) << ::testing::PrintToString(messages(jurors));
  ASSERT_GE(jurors->size(), 6u);
  const Juror& first = jurors->front();
  EXPECT_FALSE(first.name.empty());
  EXPECT_FALSE(first.languages.empty());
}

TEST(LoadJurors, ReadsYamlWithLevelsPartnersAndConflicts) {
  const auto jurors = parse_jurors(
      "jurors:\n"
      "  - id: amara\n"
      "    name: Amara Okafor\n"
      "    email: amara@example.org\n"
      "    organisation: Lagos Chamber of Commerce\n"
      "    country: NG\n"
      "    languages: {en: native, fr: working}\n"
      "    max_load: 12\n"
      "    partners: [Digital Trade Alliance]\n"
      "    conflicts: {proposals: [dc-017], organisations: [Abuja Exporters Network]}\n",
      "jurors.yaml");
  ASSERT_TRUE(jurors) << ::testing::PrintToString(messages(jurors));
  const Juror& j = jurors->at(0);
  EXPECT_EQ(j.reads("fr"), LanguageLevel::Working);
  EXPECT_EQ(j.reads("en"), LanguageLevel::Native);
  EXPECT_FALSE(j.reads("es"));
  EXPECT_EQ(j.max_load, 12u);
  EXPECT_THAT(j.partners, ElementsAre("Digital Trade Alliance"));
  EXPECT_THAT(j.conflicted_proposals, ElementsAre("dc-017"));
  EXPECT_THAT(j.conflicted_organisations, ElementsAre("Abuja Exporters Network"));
}

TEST(LoadJurors, ReadsCsvWithListsInCells) {
  const auto jurors = parse_jurors(
      "id,name,languages,max_load,partners,conflicts.proposals\n"
      "chen,Chen Wei,zh:native|en:fluent,8,Org A|Org B,\n"
      "lucia,Lucía Gómez,es|pt:working,,,dc-003\n",
      "jurors.csv");
  ASSERT_TRUE(jurors) << ::testing::PrintToString(messages(jurors));
  ASSERT_EQ(jurors->size(), 2u);
  EXPECT_EQ(jurors->at(0).reads("en"), LanguageLevel::Fluent);
  EXPECT_THAT(jurors->at(0).partners, ElementsAre("Org A", "Org B"));
  EXPECT_EQ(jurors->at(1).reads("es"), LanguageLevel::Fluent);  // no level: fluent
  EXPECT_EQ(jurors->at(1).max_load, 10u);                       // the default
  EXPECT_THAT(jurors->at(1).conflicted_proposals, ElementsAre("dc-003"));
}

TEST(LoadJurors, ReportsEveryProblemWithItsPlace) {
  const auto jurors = parse_jurors(
      "jurors:\n"
      "  - id: amara\n"
      "    name: Amara\n"
      "    languages: {en: expert}\n"
      "  - id: amara\n"
      "    name: Again\n"
      "    email: not-an-address\n"
      "    languages: {en: native}\n"
      "    max_lod: 3\n"
      "  - name: Nobody\n"
      "    country: Kenya\n"
      "    languages: {}\n",
      "jurors.yaml");
  ASSERT_FALSE(jurors);
  EXPECT_THAT(messages(jurors),
              ElementsAre("jurors.yaml:4:16: language level 'expert' for en must be working, "
                          "fluent or native",
                          "jurors.yaml:5:5: duplicate juror id 'amara' (also juror 1)",
                          "jurors.yaml:7:12: email 'not-an-address' is not an e-mail address",
                          "jurors.yaml:9:5: unknown key 'max_lod' of juror 2 (did you mean "
                          "'max_load'?)",
                          "jurors.yaml:10:5: juror 3 is missing 'id'",
                          "jurors.yaml:11:14: country 'Kenya' must be an ISO 3166-1 alpha-2 code",
                          "jurors.yaml:12:16: languages must name at least one language the juror "
                          "reviews in"));
}

TEST(LoadJurors, NamesTheCsvRowOfAProblem) {
  const auto jurors = parse_jurors(
      "id,name,languages,max_load\n"
      "chen,Chen Wei,zh,8\n"
      "lucia,Lucía Gómez,es,none\n",
      "jurors.csv");
  ASSERT_FALSE(jurors);
  ASSERT_EQ(jurors.problems().size(), 1u);
  EXPECT_EQ(jurors.problems()[0].source, "jurors.csv#row=3");
  EXPECT_THAT(jurors.problems()[0].message, ::testing::HasSubstr("max_load must be a number"));
}

}  // namespace
}  // namespace shortlist::jury
