// The jury's part of the store, against SQLite and PostgreSQL.
#include "core/store/jury_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/store/audit_log.h"
#include "core/store/lifecycle.h"
#include "core/store/store_test_fixture.h"
#include "core/store/submission_store.h"

namespace shortlist::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class JuryStoreTest : public StoreTest {
 protected:
  // Three eligible proposals in call "main", and two jurors.
  Database prepared() {
    Database db = open();
    for (const char* id : {"sn-1", "sn-2", "sn-3"}) {
      EXPECT_TRUE(store_proposal(db, "main", proposal(id, std::string("text of ") + id), "cli"));
      EXPECT_TRUE(set_status(db, id, "eligible", "", "cli"));
    }
    EXPECT_TRUE(save_jurors(db, "main", {juror("amara"), juror("chen")}, "cli"));
    return db;
  }

  static jury::Juror juror(const std::string& id) {
    jury::Juror j;
    j.id = id;
    j.name = "Juror " + id;
    j.languages = {{"fr", jury::LanguageLevel::Native}, {"en", jury::LanguageLevel::Working}};
    j.max_load = 4;
    return j;
  }

  static JurySettings settings() {
    JurySettings s;
    JuryCriterion feasibility;
    feasibility.id = "feasibility";
    feasibility.comment_required = true;
    JuryCriterion impact;
    impact.id = "impact";
    impact.scale_min = 0;
    impact.scale_max = 10;
    s.criteria = {feasibility, impact};
    return s;
  }

  static ReviewRecord review(const std::string& proposal, const std::string& juror,
                             double feasibility, double impact) {
    return {proposal, juror,
            false,    "",
            1,        {{"feasibility", feasibility, "a credible plan"}, {"impact", impact, ""}}};
  }

  static std::int64_t count(Database& db, const std::string& sql) {
    Poco::Int64 n = 0;
    db.session() << sql, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    return n;
  }
};

TEST_P(JuryStoreTest, StoresARosterWithConflictsAndUpdatesIt) {
  Database db = open();
  ASSERT_TRUE(store_proposal(db, "main", proposal("sn-1", "x"), "cli"));
  jury::Juror amara = juror("amara");
  amara.organisation = "Lagos Chamber";
  amara.partners = {"Org A", "Org B"};
  amara.conflicted_proposals = {"sn-1"};
  amara.conflicted_organisations = {"Chambre de commerce"};
  EXPECT_EQ(*save_jurors(db, "main", {amara, juror("chen")}, "cli"), 2u);

  std::vector<jury::Juror> loaded = load_jurors(db, "main");
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].organisation, "Lagos Chamber");
  EXPECT_EQ(loaded[0].reads("fr"), jury::LanguageLevel::Native);
  EXPECT_EQ(loaded[0].reads("en"), jury::LanguageLevel::Working);
  EXPECT_EQ(loaded[0].max_load, 4u);
  EXPECT_THAT(loaded[0].partners, ElementsAre("Org A", "Org B"));
  EXPECT_THAT(loaded[0].conflicted_proposals, ElementsAre("sn-1"));
  EXPECT_THAT(loaded[0].conflicted_organisations, ElementsAre("Chambre de commerce"));

  amara.max_load = 9;
  amara.conflicted_proposals = {};
  EXPECT_EQ(*save_jurors(db, "main", {amara}, "cli"), 0u);  // updated, not added
  loaded = load_jurors(db, "main");
  EXPECT_EQ(loaded[0].max_load, 9u);
  EXPECT_TRUE(loaded[0].conflicted_proposals.empty());
  EXPECT_EQ(save_jurors(db, "other", {amara}, "cli").problems()[0].message,
            "there is no call 'other' (ingest its proposals first)");
  EXPECT_TRUE(verify_audit(db).ok());
}

TEST_P(JuryStoreTest, AssignsReviewsDecidesAndReleases) {
  Database db = prepared();
  ASSERT_EQ(*save_assignments(
                db, "main",
                {{"sn-1", "amara"}, {"sn-1", "chen"}, {"sn-2", "amara", true, "expert"}}, "cli"),
            3u);
  EXPECT_EQ(*save_assignments(db, "main", {{"sn-1", "amara"}}, "cli"), 0u);  // already there
  EXPECT_THAT(load_assignments(db, "main"), ::testing::SizeIs(3));
  EXPECT_EQ(proposals_in_review(db, "main").size(), 2u);
  EXPECT_EQ(find_by_tracking_code(db, "CODE-sn-1")->status, "in_review");
  EXPECT_EQ(find_by_tracking_code(db, "CODE-sn-3")->status, "eligible");

  EXPECT_FALSE(*record_review(db, "main", settings(), review("sn-1", "amara", 4, 7), "amara"));
  EXPECT_TRUE(*record_review(db, "main", settings(), review("sn-1", "amara", 5, 8), "amara"));
  ReviewRecord abstain{"sn-1", "chen", true, "I advised the applicant last year", 1, {}};
  EXPECT_FALSE(*record_review(db, "main", settings(), abstain, "chen"));

  const std::vector<ReviewRecord> reviews = load_reviews(db, "main");
  ASSERT_EQ(reviews.size(), 2u);
  EXPECT_EQ(reviews[0].juror, "amara");
  ASSERT_EQ(reviews[0].scores.size(), 2u);
  EXPECT_EQ(reviews[0].scores[0].score, 5);
  EXPECT_EQ(reviews[0].scores[0].comment, "a credible plan");
  EXPECT_TRUE(reviews[1].abstained);

  EXPECT_FALSE(*record_decision(db, "sn-1", "awarded", "the strongest plan", "cli"));
  EXPECT_FALSE(*record_decision(db, "sn-2", "waitlisted", "first reserve", "cli"));
  EXPECT_TRUE(*record_decision(db, "sn-2", "not_awarded", "weaker than sn-1", "cli"));
  EXPECT_EQ(find_by_tracking_code(db, "CODE-sn-1")->status, "in_review");  // not yet released

  EXPECT_EQ(*release_decisions(db, "main", "cli"), 2u);
  EXPECT_EQ(*release_decisions(db, "main", "cli"), 0u);
  const auto status = find_by_tracking_code(db, "CODE-sn-1");
  EXPECT_EQ(status->status, "awarded");
  ASSERT_GE(status->history.size(), 2u);
  EXPECT_EQ(status->history[status->history.size() - 2].status, "shortlisted");
  EXPECT_EQ(status->history.back().reason, "the strongest plan");
  EXPECT_EQ(find_by_tracking_code(db, "CODE-sn-2")->status, "not_awarded");
  EXPECT_THAT(record_review(db, "main", settings(), review("sn-1", "amara", 1, 1), "amara")
                  .problems()[0]
                  .message,
              "review of sn-1 is closed (it is awarded)");
  EXPECT_TRUE(verify_audit(db).ok());
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'review.%'"), 3);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'decision.%'"), 5);
}

TEST_P(JuryStoreTest, RefusesABadReviewAndWritesNothing) {
  Database db = prepared();
  ASSERT_TRUE(save_assignments(db, "main", {{"sn-1", "amara"}}, "cli"));
  const auto refused = [&](ReviewRecord r) {
    Expected<bool> result = record_review(db, "main", settings(), r, r.juror);
    return result ? std::string("accepted") : result.problems()[0].message;
  };
  EXPECT_EQ(refused(review("sn-1", "chen", 3, 3)), "chen is not assigned to sn-1");
  EXPECT_EQ(refused(review("sn-9", "amara", 3, 3)), "there is no proposal 'sn-9' in call 'main'");
  EXPECT_EQ(refused(review("sn-1", "amara", 6, 3)),
            "amara's review of sn-1: the score for 'feasibility' must be from 1 to 5");
  EXPECT_EQ(refused(review("sn-1", "amara", 3, 10.5)),
            "amara's review of sn-1: the score for 'impact' must be from 0 to 10");
  ReviewRecord no_comment = review("sn-1", "amara", 3, 3);
  no_comment.scores[0].comment = "";
  EXPECT_EQ(refused(no_comment), "amara's review of sn-1: 'feasibility' needs a comment");
  ReviewRecord missing = review("sn-1", "amara", 3, 3);
  missing.scores.pop_back();
  EXPECT_EQ(refused(missing), "amara's review of sn-1: 'impact' has no score");
  ReviewRecord unknown = review("sn-1", "amara", 3, 3);
  unknown.scores.push_back({"charm", 5, ""});
  EXPECT_EQ(refused(unknown),
            "amara's review of sn-1: 'charm' is not a jury criterion of this call");
  EXPECT_EQ(refused({"sn-1", "amara", true, "", 1, {}}),
            "amara's review of sn-1: an abstention needs a reason");
  ReviewRecord unsure = review("sn-1", "amara", 3, 3);
  unsure.confidence = 0;
  EXPECT_EQ(refused(unsure), "amara's review of sn-1: confidence must be a number above 0");

  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM reviews"), 0);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM review_scores"), 0);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'review.%'"), 0);
}

TEST_P(JuryStoreTest, ExcludingAPairingWithdrawsItsAssignmentUntilReviewed) {
  Database db = prepared();
  ASSERT_TRUE(save_assignments(db, "main", {{"sn-1", "amara"}, {"sn-2", "amara"}}, "cli"));
  ASSERT_TRUE(record_review(db, "main", settings(), review("sn-2", "amara", 4, 4), "amara"));
  EXPECT_TRUE(*exclude_pairing(db, "main", "sn-1", "amara", "same family", "cli"));
  EXPECT_FALSE(*exclude_pairing(db, "main", "sn-1", "amara", "same family", "cli"));
  EXPECT_EQ(exclude_pairing(db, "main", "sn-2", "amara", "late doubt", "cli").problems()[0].message,
            "amara has already reviewed sn-2: the review stands");
  EXPECT_EQ(load_assignments(db, "main").size(), 1u);
  ASSERT_EQ(load_exclusions(db, "main").size(), 1u);
  EXPECT_EQ(load_exclusions(db, "main")[0].reason, "same family");
  EXPECT_EQ(save_assignments(db, "main", {{"sn-1", "nobody"}}, "cli").problems()[0].message,
            "there is no juror 'nobody' in call 'main'");
}

TEST_P(JuryStoreTest, RefusesADecisionTheLifecycleDoesNotAllow) {
  Database db = prepared();
  EXPECT_EQ(record_decision(db, "sn-3", "awarded", "why not", "cli").problems()[0].message,
            "proposal 'sn-3' is eligible: it cannot become awarded");
  EXPECT_EQ(record_decision(db, "sn-3", "crowned", "why not", "cli").problems()[0].message,
            "unknown decision 'crowned' (known: awarded, not_awarded, waitlisted, shortlisted, "
            "not_shortlisted)");
  EXPECT_EQ(record_decision(db, "sn-3", "awarded", "", "cli").problems()[0].message,
            "a decision needs a reason");
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM decisions"), 0);
}

INSTANTIATE_TEST_SUITE_P(Dialects, JuryStoreTest,
                         ::testing::Values(Dialect::SQLite, Dialect::PostgreSQL), dialect_name);

}  // namespace
}  // namespace shortlist::store
