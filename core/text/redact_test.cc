#include "core/text/redact.h"

#include <gtest/gtest.h>

namespace shortlist::text {
namespace {

TEST(Redact, HidesEveryOccurrenceRegardlessOfCase) {
  EXPECT_EQ(redact("The Kisumu Chamber trains traders. KISUMU CHAMBER staff lead it.",
                   {"Kisumu Chamber"}, "en"),
            "The [withheld] trains traders. [withheld] staff lead it.");
}

TEST(Redact, KeepsAccentsSignificantAndMatchesAccentedCapitals) {
  EXPECT_EQ(redact("La CÁMARA DE COMERCIO de Pasto y la Camara de comercio local.",
                   {"Cámara de Comercio"}, "es"),
            "La [withheld] de Pasto y la Camara de comercio local.");
}

TEST(Redact, PrefersTheLongestNameAndIgnoresTinyOnes) {
  EXPECT_EQ(redact("Réseau d'appui aux entreprises du Nord (RAEN), contact: info@raen.ht",
                   {"RA", "Réseau d'appui", "Réseau d'appui aux entreprises du Nord",
                    "info@raen.ht"},
                   "fr"),
            "[withheld] (RAEN), contact: [withheld]");
}

}  // namespace
}  // namespace shortlist::text
