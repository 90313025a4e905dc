// The jury workflow through the real binary, against SQLite and PostgreSQL:
// roster, assignment, reviews, report, blind reading, decisions, and
// reviewers writing at the same time as other processes.
#include <Poco/Data/Session.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include "core/store/database.h"
#include "core/store/jury_store.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kRoster = "criteria/digital-champions-jurors.yaml";

// The reviews of the bundled jury on run 1's shortlist; row 14 is out of
// scale and row 15 names a juror who is not assigned.
const std::string kReviews =
    "proposal,juror,feasibility,feasibility_comment,impact,confidence,comment,abstain\n"
    "rw-kigali-trade-portal,amara,4,Solid partners,5,1,,\n"
    "rw-kigali-trade-portal,farah,3,Timeline tight,4,0.8,,\n"
    "rw-kigali-trade-portal,paul,5,Proven team,5,1,,\n"
    "ng-lagos-payments,camille,2,Vague plan,3,1,,\n"
    "ng-lagos-payments,lucia,3,OK,3,1,,\n"
    "ng-lagos-payments,paul,4,Good,4,1,,\n"
    "bd-dhaka-ecommerce,amara,3,Fine,4,1,,\n"
    "bd-dhaka-ecommerce,camille,2,Weak budget,2,1,,\n"
    "bd-dhaka-ecommerce,minh,,,,,,I reviewed an earlier draft for them\n"
    "ke-kisumu-ecert,diego,4,Clear,4,1,,\n"
    "ke-kisumu-ecert,farah,4,Clear,5,1,,\n"
    "ke-kisumu-ecert,minh,5,Strong,4,1,,\n"
    "co-pasto-pagos,diego,7,Too good,4,1,,\n"
    "co-pasto-pagos,nobody,3,x,3,1,,\n"
    "co-pasto-pagos,lucia,3,Realistic,4,1,,\n";

Poco::Int64 count(const std::string& uri, const std::string& sql) {
  Expected<store::Database> db = store::Database::open(uri);
  return testing::count(*db, sql);
}

class JuryCli : public CliStoreTest {
 protected:
  // The bundled call ingested, evaluated (run 1) and its jury imported.
  void prepare() {
    RunResult ingest = run_shortlist({"ingest", "submissions", "--db", uri_});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
    codes_ = ingest.out;
    ASSERT_EQ(run_shortlist({"evaluate", "--db", uri_, "--format", "csv"}).exit_code, 0);
    RunResult roster = run_shortlist({"jury", "import", kRoster, "--db", uri_});
    ASSERT_EQ(roster.exit_code, 0) << roster.err;
    EXPECT_EQ(roster.out, "7 jurors in call main (7 new, 0 updated) from " + kRoster + "\n");
  }

  RunResult jury(std::vector<std::string> args) {
    args.insert(args.begin(), "jury");
    args.insert(args.end(), {"--db", uri_});
    return run_shortlist(args);
  }

  std::string codes_;  // the ingest's output, with the tracking codes
};

TEST_P(JuryCli, AssignsTheShortlistWithinEveryRuleAndSaysWhatItCouldNotCover) {
  prepare();
  RunResult assign = jury({"assign"});
  ASSERT_EQ(assign.exit_code, 0) << assign.err;
  EXPECT_THAT(assign.out, HasSubstr("Assignment of run 1's shortlist: 5 proposals, 7 jurors, 3 "
                                    "reviewers each\n"));
  EXPECT_THAT(assign.out, HasSubstr("reviews placed   14 of 15\n"));
  EXPECT_THAT(assign.out, HasSubstr("load per juror   min 2, max 2"));
  EXPECT_THAT(assign.out, HasSubstr("co-pasto-pagos: 2 of 3 — 2 jurors read es\n"));
  EXPECT_THAT(assign.out, HasSubstr("14 new pairings stored"));
  // The declared partner and the member of the applicant are kept away.
  EXPECT_EQ(count(uri_,
                  "SELECT COUNT(*) FROM assignments WHERE (juror_id = 'amara' AND "
                  "submission_id = 'ng-lagos-payments') OR (juror_id = 'paul' AND "
                  "submission_id = 'ke-kisumu-ecert')"),
            0);
  EXPECT_EQ(count(uri_, "SELECT COUNT(*) FROM submissions WHERE status = 'in_review'"), 5);

  RunResult again = jury({"assign"});
  EXPECT_THAT(again.out, HasSubstr("Nothing new stored.\n"));
  EXPECT_EQ(count(uri_, "SELECT COUNT(*) FROM assignments"), 14);

  // The organiser keeps amara away from Kigali: the solver fills the gap.
  RunResult exclude =
      jury({"assign", "--exclude", "rw-kigali-trade-portal:amara", "--reason", "advised them"});
  ASSERT_EQ(exclude.exit_code, 0) << exclude.err;
  EXPECT_EQ(count(uri_,
                  "SELECT COUNT(*) FROM assignments WHERE submission_id = "
                  "'rw-kigali-trade-portal' AND juror_id = 'amara'"),
            0);
  EXPECT_EQ(count(uri_,
                  "SELECT COUNT(*) FROM assignments WHERE submission_id = "
                  "'rw-kigali-trade-portal'"),
            3);
  EXPECT_EQ(jury({"assign", "--pin", "co-pasto-pagos:camille"}).exit_code, 2);  // no --reason
  RunResult pin = jury({"assign", "--pin", "co-pasto-pagos:camille", "--reason", "reads Spanish"});
  ASSERT_EQ(pin.exit_code, 0) << pin.err;
  EXPECT_THAT(pin.out, HasSubstr("camille* (")) << pin.out;
  EXPECT_EQ(count(uri_, "SELECT COUNT(*) FROM assignments WHERE manual = 1"), 1);
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", uri_}).exit_code, 0);
}

TEST_P(JuryCli, RecordsReviewsReportsCalibratedScoresAndReleasesDecisions) {
  prepare();
  ASSERT_EQ(jury({"assign"}).exit_code, 0);
  const auto csv = dir_.write("reviews.csv", kReviews);
  RunResult reviews = jury({"reviews", csv.string()});
  EXPECT_EQ(reviews.exit_code, 1);
  EXPECT_EQ(reviews.out, "13 reviews stored from " + csv.string() + ", 2 refused (see above)\n");
  EXPECT_THAT(reviews.err, HasSubstr("reviews.csv#row=14: diego's review of co-pasto-pagos: the "
                                     "score for 'feasibility' must be from 1 to 5\n"));
  EXPECT_THAT(reviews.err,
              HasSubstr("reviews.csv#row=15: nobody is not assigned to co-pasto-pagos\n"));
  RunResult one =
      jury({"review", "--juror", "diego", "--proposal", "co-pasto-pagos", "--score",
            "feasibility=4", "--comment", "feasibility=Realistic plan", "--score", "impact=4"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, "recorded diego's review of co-pasto-pagos\n");
  EXPECT_EQ(jury({"review", "--juror", "diego", "--proposal", "co-pasto-pagos", "--score",
                  "feasibility=4"})
                .exit_code,
            1);  // feasibility needs its comment, impact its score

  RunResult progress = jury({"progress"});
  EXPECT_THAT(progress.out, HasSubstr("! bd-dhaka-ecommerce                  3       2         1"));
  EXPECT_THAT(progress.out,
              HasSubstr("! 2 proposals have fewer scored reviews than the call asks for"));

  RunResult json = jury({"report", "--format", "json", "--cut", "2"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  Poco::JSON::Object::Ptr report = parse_json_object(json.out);
  EXPECT_EQ(report->getValue<std::string>("calibration"), "additive");
  EXPECT_EQ(report->getValue<int>("run"), 1);
  Poco::JSON::Array::Ptr ranking = report->getArray("final_ranking");
  ASSERT_EQ(ranking->size(), 5u);
  EXPECT_EQ(ranking->getElement<std::string>(0), "rw-kigali-trade-portal");
  EXPECT_EQ(ranking->getElement<std::string>(1), "ke-kisumu-ecert");
  EXPECT_TRUE(report->getValue<bool>("cut_in_noise"));
  EXPECT_EQ(report->getArray("method_disagreements")->getElement<std::string>(0),
            "the raw mean puts rw-kigali-trade-portal in the top 2 instead of co-pasto-pagos");
  Poco::JSON::Object::Ptr kisumu;
  for (std::size_t i = 0; i < report->getArray("proposals")->size(); ++i) {
    auto p = report->getArray("proposals")->getObject(static_cast<unsigned>(i));
    if (p->getValue<std::string>("id") == "ke-kisumu-ecert") kisumu = p;
  }
  ASSERT_TRUE(kisumu);
  auto feasibility = kisumu->getObject("criteria")->getObject("feasibility");
  EXPECT_NEAR(feasibility->getValue<double>("mean"), 13.0 / 3, 1e-9);
  EXPECT_GT(feasibility->getValue<double>("standard_error"), 0);
  RunResult table = jury({"report", "--cut", "2"});
  EXPECT_THAT(table.out, HasSubstr("the cut falls inside the noise"));
  EXPECT_THAT(table.out, HasSubstr("Final ranking (weighted_sum over 6 automatic and 2 jury "
                                   "criteria)\n*   1  "));

  // A decision stays internal until released; then the applicant sees it.
  const std::string code = code_in(codes_, "ke-kisumu-ecert");
  ASSERT_EQ(run_shortlist({"decide", "ke-kisumu-ecert", "awarded", "--reason",
                           "Le plan le plus solide", "--db", uri_})
                .exit_code,
            0);
  EXPECT_THAT(run_shortlist({"status", code, "--db", uri_}).out, Not(HasSubstr("awarded")));
  EXPECT_EQ(run_shortlist({"decide", "--release", "--db", uri_}).out,
            "1 decision released for call main\n");
  RunResult status = run_shortlist({"status", code, "--db", uri_, "--lang", "fr"});
  EXPECT_THAT(status.out, HasSubstr("Statut actuel : retenue\n"));
  EXPECT_THAT(status.out, HasSubstr(" : retenue (Le plan le plus solide)\n"));
  EXPECT_EQ(jury({"review", "--juror", "diego", "--proposal", "ke-kisumu-ecert", "--score",
                  "feasibility=1", "--comment", "feasibility=late", "--score", "impact=1"})
                .err,
            "shortlist jury: review of ke-kisumu-ecert is closed (it is awarded)\n");
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", uri_}).exit_code, 0);

  // The jury's work travels with the call: the copy reports the same.
  const auto exported = dir_.path() / "call.jsonl";
  ASSERT_EQ(run_shortlist({"export", "--call", "main", "--db", uri_, "--output", exported.string()})
                .exit_code,
            0);
  const std::string copy = "sqlite:" + (dir_.path() / "copy.db").string();
  RunResult imported = run_shortlist({"import", exported.string(), "--db", copy});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(run_shortlist({"jury", "report", "--cut", "2", "--db", copy}).out,
            jury({"report", "--cut", "2"}).out);
}

// Run 2 was evaluated with a criteria file of its own; the report read with
// the bundled one finds none of its criteria in the run. One cause, said
// once, naming both files, instead of "no automatic scores" per proposal.
TEST_P(JuryCli, SaysOnceThatTheCriteriaFileIsNotTheRunsWhenNoProposalHasAutomaticScores) {
  prepare();
  ASSERT_EQ(jury({"assign"}).exit_code, 0);
  const auto own = dir_.write(
      "reach-only.yaml",
      "call: Test\ncriteria:\n"
      "  - {id: msmes, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n");
  RunResult second = run_shortlist({"evaluate", "--criteria", own.string(), "--db", uri_});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  ASSERT_THAT(second.err, HasSubstr("recorded as run 2\n"));

  RunResult report = jury({"report"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_THAT(report.out, Not(HasSubstr("has no automatic scores for it")));
  EXPECT_THAT(report.out,
              ::testing::ContainsRegex(
                  "  not ranked: all 5 proposals: the criteria file [^ ]*digital-champions.yaml "
                  "\\(SHA-256 [0-9a-f]{12}\\) is not the one run 2 was evaluated with, "));
  EXPECT_THAT(report.out, HasSubstr("reach-only.yaml (SHA-256 "));
  EXPECT_THAT(report.out,
              HasSubstr("): the run has no scores for its criteria digital_focus, msme_reach, "));
  EXPECT_THAT(report.out, HasSubstr("; give the run's criteria file with --criteria\n"));
  std::size_t said = 0;
  for (std::size_t at = 0; (at = report.out.find("is not the one run", at)) != std::string::npos;
       ++at)
    ++said;
  EXPECT_EQ(said, 1u);

  // With the run's own file, the automatic scores are there again.
  RunResult matching = jury({"report", "--criteria", own.string()});
  EXPECT_THAT(matching.out, Not(HasSubstr("is not the one run")));
}

TEST_P(JuryCli, ShowsAJurorOnlyTheirProposalsWithTheApplicantHidden) {
  prepare();
  ASSERT_EQ(jury({"assign"}).exit_code, 0);
  RunResult shown = jury({"show", "ng-lagos-payments", "--juror", "paul"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("ng-lagos-payments · en · blind review\n"));
  EXPECT_THAT(shown.out, Not(HasSubstr("Lagos Association of Market Traders")));
  EXPECT_THAT(shown.out, HasSubstr("applicant.country: NG\n"));
  EXPECT_THAT(shown.out, HasSubstr("feasibility — Feasibility, 1 to 5, comment required\n"));
  RunResult partner = jury({"show", "ng-lagos-payments", "--juror", "amara"});
  EXPECT_EQ(partner.exit_code, 1);
  EXPECT_EQ(partner.err, "shortlist jury: amara is not assigned to ng-lagos-payments\n");
}

TEST_P(JuryCli, RefusesABadRosterWholeAndNamesEachPlace) {
  RunResult ingest = run_shortlist({"ingest", "submissions", "--db", uri_});
  ASSERT_EQ(ingest.exit_code, 0);
  const auto roster = dir_.write("jurors.csv",
                                 "id,name,languages,max_load\n"
                                 "chen,Chen Wei,zh:native|en:fluent,8\n"
                                 "Lucia,Lucía Gómez,es:expert,0\n");
  RunResult result = jury({"import", roster.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("jurors.csv#row=3: juror id 'Lucia' must be lower-case"));
  EXPECT_THAT(result.err, HasSubstr("jurors.csv#row=3: language level 'expert' for es must be"));
  EXPECT_THAT(result.err, HasSubstr("jurors.csv#row=3: max_load must be a whole number"));
  EXPECT_THAT(result.err, HasSubstr("nothing imported"));
  EXPECT_EQ(count(uri_, "SELECT COUNT(*) FROM jurors"), 0);
  RunResult added = jury({"add", "--id", "chen", "--name", "Chen Wei", "--languages",
                          "zh:native|en:fluent", "--max-load", "8"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.out, "added juror chen to call main\n");
  EXPECT_EQ(jury({"add", "--id", "x", "--name", "X", "--languages", "english"}).exit_code, 2);
}

// Reviewers submitting at once, while another process ingests, and a
// long-held connection that sees each review as soon as it is stored.
TEST_P(JuryCli, ReviewersAndIngestsAtOnceLoseNothing) {
  prepare();
  ASSERT_EQ(jury({"assign"}).exit_code, 0);
  Expected<store::Database> held = store::Database::open(uri_);
  ASSERT_TRUE(held);
  const std::vector<store::StoredAssignment> pairs = store::load_assignments(*held, "main");
  ASSERT_EQ(pairs.size(), 14u);
  for (int i = 0; i < 30; ++i) {
    dir_.write("more/p" + std::to_string(i) + ".yaml",
               "title: Extra proposal " + std::to_string(i) +
                   "\nsummary: Online invoicing for market traders, district " + std::to_string(i) +
                   ".\n");
  }
  std::vector<std::future<RunResult>> runs;
  runs.push_back(std::async(std::launch::async, [&] {
    return run_shortlist({"ingest", (dir_.path() / "more").string(), "--db", uri_});
  }));
  for (const store::StoredAssignment& pair : pairs) {
    runs.push_back(std::async(std::launch::async, [&, pair] {
      return jury({"review", "--juror", pair.juror, "--proposal", pair.proposal, "--score",
                   "feasibility=3", "--comment", "feasibility=fine", "--score", "impact=4"});
    }));
  }
  for (auto& run : runs) {
    RunResult result = run.get();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err.find("locked"), std::string::npos) << result.err;
  }
  Poco::Int64 reviews = 0, submissions = 0;
  held->session() << "SELECT COUNT(*) FROM reviews", into(reviews), now;
  held->session() << "SELECT COUNT(*) FROM submissions", into(submissions), now;
  EXPECT_EQ(reviews, 14);
  EXPECT_EQ(submissions, 45);  // 14 valid and 1 invalid bundled, 30 more
  EXPECT_EQ(count(uri_, "SELECT COUNT(*) FROM review_scores"), 28);
  EXPECT_EQ(count(uri_, "SELECT COUNT(*) FROM audit_log WHERE action = 'review.submitted'"), 14);
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", uri_}).exit_code, 0);
  // What the held connection writes, the next process reads at once.
  ASSERT_TRUE(store::record_decision(*held, "ke-kisumu-ecert", "awarded", "best", "organiser"));
  EXPECT_THAT(run_shortlist({"decide", "--list", "--db", uri_}).out,
              HasSubstr("ke-kisumu-ecert  awarded  not released  best\n"));
}

INSTANTIATE_TEST_SUITE_P(Databases, JuryCli, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace shortlist::testing
