#include "core/evaluation/shortlist.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shortlist {
namespace {

// Proposals 0..5 in rank order, with a country and a language each.
const std::vector<std::string> kCountry = {"KE", "KE", "KE", "SN", "CO", "SN"};
const std::vector<std::string> kLanguage = {"en", "en", "en", "fr", "es", "fr"};
const GroupOf kGroups = [](std::size_t i, const std::string& by) {
  return by == "language" ? kLanguage[i] : kCountry[i];
};
const std::vector<std::size_t> kOrder = {0, 1, 2, 3, 4, 5};

std::vector<std::size_t> members(const std::vector<bool>& in) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i]) out.push_back(i);
  }
  return out;
}

std::vector<std::string> described(const std::vector<QuotaChange>& changes) {
  std::vector<std::string> out;
  for (const QuotaChange& c : changes) {
    out.push_back((c.proposal ? std::to_string(*c.proposal) : "-") + " " + c.action + ": " +
                  c.reason);
  }
  return out;
}

TEST(SelectShortlist, TakesTheTopWithoutQuotas) {
  std::vector<QuotaChange> changes;
  EXPECT_THAT(members(select_shortlist(kOrder, 3, {}, kGroups, &changes)),
              ::testing::ElementsAre(0, 1, 2));
  EXPECT_TRUE(changes.empty());
}

TEST(SelectShortlist, SkipsWhoeverWouldExceedAMaximum) {
  Quota per_country{"applicant.country", std::nullopt, std::nullopt, 2, {}};
  std::vector<QuotaChange> changes;
  EXPECT_THAT(members(select_shortlist(kOrder, 3, {per_country}, kGroups, &changes)),
              ::testing::ElementsAre(0, 1, 3));
  EXPECT_THAT(
      described(changes),
      ::testing::ElementsAre("2 skipped: would exceed at most 2 for each applicant.country (KE)"));
}

TEST(SelectShortlist, MakesRoomForAMinimumByReplacingTheLowestRanked) {
  Quota spanish{"language", std::string("es"), 1, std::nullopt, {}};
  std::vector<QuotaChange> changes;
  EXPECT_THAT(members(select_shortlist(kOrder, 3, {spanish}, kGroups, &changes)),
              ::testing::ElementsAre(0, 1, 4));
  EXPECT_THAT(described(changes),
              ::testing::ElementsAre("2 removed: to make room for at least 1 with language = es",
                                     "4 added: to meet at least 1 with language = es"));
}

TEST(SelectShortlist, KeepsMembersAnotherMinimumNeeds) {
  Quota french{"language", std::string("fr"), 1, std::nullopt, {}};
  Quota spanish{"language", std::string("es"), 1, std::nullopt, {}};
  std::vector<QuotaChange> changes;
  // Top 3 is 0, 1, 2 (all en); fr brings in 3 for 2, es must then replace 1, not 3.
  EXPECT_THAT(members(select_shortlist(kOrder, 3, {french, spanish}, kGroups, &changes)),
              ::testing::ElementsAre(0, 3, 4));
}

TEST(SelectShortlist, SaysWhenAMinimumCannotBeMet) {
  Quota arabic{"language", std::string("ar"), 1, std::nullopt, {}};
  std::vector<QuotaChange> changes;
  EXPECT_THAT(members(select_shortlist(kOrder, 2, {arabic}, kGroups, &changes)),
              ::testing::ElementsAre(0, 1));
  EXPECT_THAT(described(changes),
              ::testing::ElementsAre(
                  "- unmet: at least 1 with language = ar: not enough eligible proposals"));
}

}  // namespace
}  // namespace shortlist
