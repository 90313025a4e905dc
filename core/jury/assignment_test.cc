#include "core/jury/assignment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace shortlist::jury {
namespace {

using ::testing::HasSubstr;

Juror juror(std::string id, std::vector<std::pair<std::string, LanguageLevel>> languages,
            std::size_t max_load, std::string organisation = "", std::string country = "") {
  Juror j;
  j.id = std::move(id);
  j.languages = std::move(languages);
  j.max_load = max_load;
  j.organisation = std::move(organisation);
  j.country = std::move(country);
  return j;
}

constexpr auto kNative = LanguageLevel::Native;
constexpr auto kFluent = LanguageLevel::Fluent;
constexpr auto kWorking = LanguageLevel::Working;

// Every rule an assignment must keep, checked pairing by pairing.
void expect_valid(const AssignmentRequest& request, const Assignment& result) {
  std::set<std::pair<std::size_t, std::size_t>> seen;
  std::vector<std::size_t> load(request.jurors.size(), 0), per_proposal(request.proposals.size());
  for (const Pairing& pairing : result.pairings) {
    const Juror& j = request.jurors[pairing.juror];
    const ProposalForJury& p = request.proposals[pairing.proposal];
    EXPECT_TRUE(seen.insert({pairing.proposal, pairing.juror}).second)
        << j.id << " twice on " << p.id;
    ++load[pairing.juror];
    ++per_proposal[pairing.proposal];
    if (pairing.manual) continue;
    ASSERT_TRUE(j.reads(p.language)) << j.id << " cannot read " << p.id;
    EXPECT_GE(*j.reads(p.language), request.min_level);
    EXPECT_FALSE(conflict_of(j, p, request.rules)) << j.id << " is conflicted with " << p.id;
    for (const Pairing& f : request.forbidden) {
      EXPECT_FALSE(f.proposal == pairing.proposal && f.juror == pairing.juror);
    }
  }
  for (std::size_t j = 0; j < load.size(); ++j) {
    EXPECT_LE(load[j], request.jurors[j].max_load) << request.jurors[j].id;
    EXPECT_EQ(load[j], result.load[j]);
  }
  std::set<std::size_t> short_of;
  for (const Shortfall& s : result.shortfalls) {
    short_of.insert(s.proposal);
    EXPECT_EQ(s.assigned, per_proposal[s.proposal]);
    EXPECT_FALSE(s.reason.empty());
  }
  for (std::size_t p = 0; p < per_proposal.size(); ++p) {
    EXPECT_LE(per_proposal[p], request.reviewers);
    EXPECT_EQ(short_of.count(p) == 1, per_proposal[p] < request.reviewers) << p;
  }
}

TEST(AssignJurors, FindsTheAssignmentAGreedyPassMisses) {
  // Taking x for the English proposal first would leave the French one with
  // nobody; the flow gives it to y instead.
  AssignmentRequest request;
  request.proposals = {{"a", "en", "Org A", "KE"}, {"b", "fr", "Org B", "SN"}};
  request.jurors = {juror("x", {{"en", kNative}, {"fr", kFluent}}, 1),
                    juror("y", {{"en", kWorking}}, 1)};
  request.reviewers = 1;
  const Assignment result = assign_jurors(request);
  expect_valid(request, result);
  EXPECT_THAT(result.pairings, ::testing::ElementsAre(Pairing{0, 1}, Pairing{1, 0}));
  EXPECT_TRUE(result.shortfalls.empty());
}

TEST(AssignJurors, PrefersTheBetterReaderWhenLoadsAreEqual) {
  AssignmentRequest request;
  request.proposals = {{"a", "fr", "", ""}};
  request.jurors = {juror("working", {{"fr", kWorking}}, 2), juror("native", {{"fr", kNative}}, 2)};
  request.reviewers = 1;
  const Assignment result = assign_jurors(request);
  EXPECT_THAT(result.pairings, ::testing::ElementsAre(Pairing{0, 1}));
  EXPECT_DOUBLE_EQ(result.quality.native_share, 1.0);
}

TEST(AssignJurors, BalancesLoadsAcrossJurors) {
  AssignmentRequest request;
  for (int i = 0; i < 20; ++i) request.proposals.push_back({"p" + std::to_string(i), "en", "", ""});
  for (int j = 0; j < 6; ++j)
    request.jurors.push_back(juror("j" + std::to_string(j), {{"en", kNative}}, 20));
  request.reviewers = 3;
  const Assignment result = assign_jurors(request);
  expect_valid(request, result);
  EXPECT_EQ(result.quality.reviews, 60u);
  EXPECT_EQ(result.quality.min_load, 10u);
  EXPECT_EQ(result.quality.max_load, 10u);
}

TEST(AssignJurors, BalancesRelativeToEachJurorsCapacity) {
  AssignmentRequest request;
  for (int i = 0; i < 30; ++i) request.proposals.push_back({"p" + std::to_string(i), "en", "", ""});
  request.jurors = {juror("small", {{"en", kNative}}, 10), juror("large", {{"en", kNative}}, 30)};
  request.reviewers = 1;
  const Assignment result = assign_jurors(request);
  // 30 proposals over capacities 10 and 30: both about three quarters full.
  ASSERT_EQ(result.quality.reviews, 30u);
  EXPECT_NEAR(result.load[0] / 10.0, result.load[1] / 30.0, 0.1);
}

TEST(AssignJurors, ExplainsAProposalNobodyCanRead) {
  AssignmentRequest request;
  request.proposals = {{"ar-1", "ar", "", ""}, {"en-1", "en", "", ""}};
  request.jurors = {juror("x", {{"en", kNative}}, 5), juror("y", {{"en", kNative}}, 5)};
  request.reviewers = 2;
  const Assignment result = assign_jurors(request);
  expect_valid(request, result);
  ASSERT_EQ(result.shortfalls.size(), 1u);
  EXPECT_EQ(result.shortfalls[0].proposal, 0u);
  EXPECT_EQ(result.shortfalls[0].reason, "no juror reads ar");
}

TEST(AssignJurors, ExplainsConflictsAndFullLoads) {
  AssignmentRequest request;
  request.proposals = {{"a", "es", "Cámara de Comercio de Lima", "PE"},
                       {"b", "es", "Fundación Andina", "CO"}};
  Juror same_org = juror("ana", {{"es", kNative}}, 5, "cámara de comercio de lima");
  Juror declared = juror("luis", {{"es", kNative}}, 5);
  declared.conflicted_proposals = {"a"};
  Juror busy = juror("rosa", {{"es", kFluent}}, 1);
  request.jurors = {same_org, declared, busy};
  request.reviewers = 2;
  const Assignment result = assign_jurors(request);
  expect_valid(request, result);
  // b takes ana and luis; a gets rosa and nobody else.
  ASSERT_EQ(result.shortfalls.size(), 1u);
  EXPECT_EQ(request.proposals[result.shortfalls[0].proposal].id, "a");
  EXPECT_EQ(result.shortfalls[0].assigned, 1u);
  EXPECT_EQ(result.shortfalls[0].reason,
            "3 jurors read es, 2 have a conflict (ana belongs to the applicant, Cámara de Comercio "
            "de Lima; luis declared a conflict with this proposal)");

  // With rosa taken by another proposal first, her full load is the reason.
  request.required = {{1, 2}};
  const Assignment busy_result = assign_jurors(request);
  ASSERT_EQ(busy_result.shortfalls.size(), 1u);
  EXPECT_EQ(busy_result.shortfalls[0].assigned, 0u);
  EXPECT_THAT(busy_result.shortfalls[0].reason, ::testing::EndsWith(", at full load: rosa"));
}

TEST(AssignJurors, KeepsTheOrganisersOverrides) {
  AssignmentRequest request;
  request.proposals = {{"a", "en", "Org A", ""}};
  request.jurors = {juror("x", {{"en", kNative}}, 5, "Org A"), juror("y", {{"en", kNative}}, 5),
                    juror("z", {{"en", kNative}}, 5)};
  request.reviewers = 2;
  request.required = {{0, 0}};   // the organiser overrides x's conflict
  request.forbidden = {{0, 1}};  // and keeps y away
  const Assignment result = assign_jurors(request);
  EXPECT_THAT(result.pairings, ::testing::ElementsAre(Pairing{0, 0, true}, Pairing{0, 2, false}));
}

TEST(AssignJurors, KeepsEveryRuleOnGeneratedJuries) {
  const std::vector<std::string> languages = {"en", "fr", "es", "ar", "zh"};
  const std::vector<std::string> countries = {"KE", "SN", "PE", "EG", "CN", "FR"};
  for (unsigned seed = 1; seed <= 12; ++seed) {
    std::mt19937 random(seed);
    auto pick = [&](std::size_t n) {
      return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    AssignmentRequest request;
    request.reviewers = 1 + pick(3);
    request.rules.same_country = seed % 2 == 0;
    request.min_level = seed % 3 == 0 ? kFluent : kWorking;
    const std::size_t proposals = 10 + pick(60), jurors = 2 + pick(15);
    for (std::size_t i = 0; i < proposals; ++i) {
      request.proposals.push_back({"p" + std::to_string(i), languages[pick(languages.size())],
                                   "Org " + std::to_string(pick(8)),
                                   countries[pick(countries.size())]});
    }
    for (std::size_t j = 0; j < jurors; ++j) {
      Juror generated = juror("j" + std::to_string(j), {}, 1 + pick(12),
                              "Org " + std::to_string(pick(8)), countries[pick(countries.size())]);
      for (const std::string& language : languages) {
        if (pick(3) == 0)
          generated.languages.push_back({language, static_cast<LanguageLevel>(1 + pick(3))});
      }
      if (pick(4) == 0)
        generated.conflicted_proposals.push_back("p" + std::to_string(pick(proposals)));
      if (pick(4) == 0) generated.partners.push_back("Org " + std::to_string(pick(8)));
      request.jurors.push_back(generated);
    }
    const Assignment result = assign_jurors(request);
    SCOPED_TRACE("seed " + std::to_string(seed));
    expect_valid(request, result);

    // Nothing could have been added: every proposal short of reviewers has
    // no eligible juror left with room.
    std::set<std::pair<std::size_t, std::size_t>> made;
    for (const Pairing& p : result.pairings) made.insert({p.proposal, p.juror});
    for (const Shortfall& s : result.shortfalls) {
      for (std::size_t j = 0; j < jurors; ++j) {
        const auto level = request.jurors[j].reads(request.proposals[s.proposal].language);
        const bool eligible =
            level && *level >= request.min_level &&
            !conflict_of(request.jurors[j], request.proposals[s.proposal], request.rules);
        if (eligible && !made.count({s.proposal, j})) {
          EXPECT_EQ(result.load[j], request.jurors[j].max_load)
              << request.jurors[j].id << " had room for " << request.proposals[s.proposal].id;
        }
      }
    }
  }
}

}  // namespace
}  // namespace shortlist::jury
