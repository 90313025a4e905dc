#include "core/text/redact.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shortlist::text {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

TEST(Redact, HidesEveryOccurrenceRegardlessOfCase) {
  EXPECT_EQ(redact("The Kisumu Chamber trains traders. KISUMU CHAMBER staff lead it.",
                   {"Kisumu Chamber"}, "en"),
            "The [withheld] trains traders. [withheld] staff lead it.");
}

// A name typed without its accents, or with them as combining marks, still
// names the applicant.
TEST(Redact, MatchesANameWithOrWithoutItsAccents) {
  EXPECT_EQ(redact("La CÁMARA DE COMERCIO de Pasto y la Camara de comercio local.",
                   {"Cámara de Comercio"}, "es"),
            "La [withheld] de Pasto y la [withheld] local.");
  EXPECT_EQ(redact("Re\xCC\x81seau d'appui", {"Réseau d'appui"}, "fr"), "[withheld]");
}

TEST(Redact, PrefersTheLongestNameAndIgnoresTinyOnes) {
  EXPECT_EQ(
      redact("Réseau d'appui aux entreprises du Nord (RAEN), contact: info@raen.ht",
             {"RA", "Réseau d'appui", "Réseau d'appui aux entreprises du Nord", "info@raen.ht"},
             "fr"),
      "[withheld] (RAEN), contact: [withheld]");
}

TEST(Redact, HidesWholeWordsOnly) {
  EXPECT_EQ(redact("Lagos traders, not Lagoslanders.", {"Lagos"}, "en"),
            "[withheld] traders, not Lagoslanders.");
}

TEST(Redact, DerivesAcronymsFromTheNameAndWhatItWritesInCapitals) {
  EXPECT_THAT(acronyms_of("Kisumu Regional Chamber of Commerce and Industry"),
              ElementsAre("KRCCI", "KRCOCAI"));
  EXPECT_THAT(acronyms_of("Association des Femmes Entrepreneures du Sénégal Oriental (AFESOR)"),
              ElementsAre("AFESOR", "AFESO", "ADFEDSO"));
  EXPECT_THAT(acronyms_of("Rwanda Cross-Border Traders Cooperative Union"), ElementsAre("RCBTCU"));
}

TEST(Redact, KeepsTheWordsOrganisationsShareAndTheCountrysName) {
  EXPECT_THAT(distinctive_words("Kisumu Regional Chamber of Commerce and Industry", "KE"),
              ElementsAre("Kisumu"));
  EXPECT_THAT(distinctive_words("Association des Femmes Entrepreneures du Sénégal Oriental", "SN"),
              ElementsAre("Oriental"));
  EXPECT_THAT(distinctive_words("Cámara de Comercio Regional de Pasto", "CO"),
              ElementsAre("Pasto"));
}

TEST(Redact, HidesAnApplicantByNameAcronymWordsAndEmailInAnyCaseAndLanguage) {
  Redactor hidden;
  hidden.hide_applicant("Kisumu Regional Chamber of Commerce and Industry",
                        "projects@kisumu-chamber.example.org", "KE");
  EXPECT_EQ(hidden.redact("KRCCI: paperless certificates for Kisumu traders"),
            "[withheld]: paperless certificates for [withheld] traders");
  EXPECT_EQ(hidden.redact("La Kisumu Regional Chamber of Commerce and Industry (KRCCI) forme "
                          "les commerçants du Kenya; écrire à projects@kisumu-chamber.example.org"),
            "La [withheld] ([withheld]) forme les commerçants du Kenya; écrire à "
            "projects@[withheld]");
  // An acronym in lower case is a word.
  Redactor can;
  can.hide_applicant("Commerce Association of Nigeria", "", "NG");
  EXPECT_EQ(can.redact("CAN members can trade online"), "[withheld] members can trade online");

  Redactor fipmea;
  fipmea.hide_applicant(
      "Fédération Ivoirienne des Petites et Moyennes Entreprises Agroalimentaires",
      "fipmea@example.org", "CI");
  EXPECT_EQ(fipmea.redact("Le projet FIPMEA (contact : fipmea@example.org) des ivoiriennes"),
            "Le projet [withheld] (contact : [withheld]@example.org) des ivoiriennes");

  Redactor arabic;
  arabic.hide_applicant("غرفة تجارة وصناعة عمّان", "info@ammanchamber.example.jo", "JO");
  EXPECT_THAT(arabic.redact("مشروع غرفة تجارة وصناعة عمّان للتجارة الرقمية"),
              Not(HasSubstr("عمّان")));
}

// A distinctive word of the name is a name where it is written as one.
TEST(Redact, HidesADistinctiveWordWhereItIsWrittenAsAName) {
  Redactor hidden;
  hidden.hide_applicant("Bright Future Foundation", "", "GH");
  EXPECT_EQ(hidden.redact("Future's trainers build a better future. BRIGHT FUTURE FOUNDATION"),
            "[withheld]'s trainers build a better future. [withheld]");
}

TEST(Redact, HidesNamesInsideTextWrittenWithoutSpaces) {
  Redactor hidden;
  hidden.hide("胡志明市中小企业协会");
  EXPECT_EQ(hidden.redact("本项目由胡志明市中小企业协会实施"), "本项目由[withheld]实施");
}

}  // namespace
}  // namespace shortlist::text
