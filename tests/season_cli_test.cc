// The end of a season through the real binary, against SQLite and
// PostgreSQL: every applicant gets an outcome (`decide --remaining`), the
// organiser chooses what the release shows, and each applicant reads what
// happened and what comes next in their own language.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "browser.h"
#include "core/store/database.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;
using ::testing::HasSubstr;
using ::testing::Not;

// A proposal too broken to read its title: stored as invalid, with a code.
const std::string kUntitled =
    "id: sn-thies-untitled\nlanguage: fr\napplicant: {name: Réseau des artisanes de Thiès, "
    "country: SN}\nbudget: {total: beaucoup}\nsummary: Formation au commerce en ligne.\n";

// The jury's reviews of run 1's shortlist: amara is harsh, paul generous,
// and co-pasto-pagos has one scored review of the three the call asks for.
const std::string kSeasonReviews =
    "proposal,juror,feasibility,feasibility_comment,impact,confidence,comment,abstain\n"
    "rw-kigali-trade-portal,amara,2,Partners not yet signed,2,1,Promising but early,\n"
    "rw-kigali-trade-portal,farah,4,Timeline tight,4,0.8,,\n"
    "rw-kigali-trade-portal,paul,5,Proven team,5,1,Excellent <b>portal</b> & team,\n"
    "ng-lagos-payments,camille,3,Vague plan,3,1,,\n"
    "ng-lagos-payments,lucia,3,OK,4,1,,\n"
    "ng-lagos-payments,paul,5,Good,5,1,,\n"
    "bd-dhaka-ecommerce,amara,1,Weak budget,2,1,,\n"
    "bd-dhaka-ecommerce,camille,3,Fine,3,1,,\n"
    "bd-dhaka-ecommerce,minh,3,Fine,3,1,,\n"
    "ke-kisumu-ecert,diego,4,Clear,4,1,,\n"
    "ke-kisumu-ecert,farah,5,Clear,4,1,Le meilleur dossier,\n"
    "ke-kisumu-ecert,minh,4,Strong,5,1,,\n"
    "co-pasto-pagos,lucia,5,Realistic,5,1,Muy buen plan,\n";

// An applicant type the call's gate does not take: ineligible.
const std::string kCompany =
    "id: ma-casablanca-shop\ntitle: Boutique en ligne des artisans de Casablanca\nlanguage: fr\n"
    "applicant: {name: Atlas Commerce SARL, type: company, country: MA}\n"
    "budget: {total: 90000, requested: 60000, currency: USD}\n"
    "beneficiaries: {msmes: 120, women_led: 40}\n"
    "fields: {digital_budget_share: 0.6, msmes_supported_before: 30}\n"
    "summary: Une boutique en ligne commune pour les artisans.\n";

class SeasonCli : public CliStoreTest {
 protected:
  // The bundled call and one invalid proposal ingested, evaluated (run 1),
  // the jury imported and assigned run 1's shortlist.
  void prepare() {
    RunResult ingest = run_shortlist({"ingest", "submissions", "--db", uri_});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
    dir_.write("late/thies.yaml", kUntitled);
    dir_.write("late/casablanca.yaml", kCompany);
    RunResult invalid = run_shortlist({"ingest", (dir_.path() / "late").string(), "--db", uri_});
    ASSERT_EQ(invalid.exit_code, 0) << invalid.err;
    codes_ = ingest.out + invalid.out;
    ASSERT_EQ(run_shortlist({"evaluate", "--db", uri_, "--format", "csv"}).exit_code, 0);
    ASSERT_EQ(
        run_shortlist({"jury", "import", "criteria/digital-champions-jurors.yaml", "--db", uri_})
            .exit_code,
        0);
    RunResult assign = run_shortlist({"jury", "assign", "--db", uri_});
    ASSERT_EQ(assign.exit_code, 0) << assign.err;
  }

  std::vector<std::string> ids_with_status(const std::string& status) {
    Expected<store::Database> db = store::Database::open(uri_);
    std::vector<std::string> ids;
    std::string s = status;
    db->session() << db->sql("SELECT id FROM submissions WHERE status = ? ORDER BY id"), into(ids),
        use(s), now;
    return ids;
  }

  Poco::Int64 count_of(const std::string& sql) {
    Expected<store::Database> db = store::Database::open(uri_);
    return count(*db, sql);
  }

  RunResult status(const std::string& id, const std::string& language) {
    return run_shortlist({"status", code_in(codes_, id), "--db", uri_, "--lang", language});
  }

  std::string codes_;  // the ingests' output, with the tracking codes
};

TEST_P(SeasonCli, DecideRemainingGivesEveryProposalAnOutcomeOrNamesThoseItCannot) {
  prepare();
  const std::vector<std::string> never_read = ids_with_status("eligible");
  ASSERT_FALSE(never_read.empty());
  ASSERT_EQ(run_shortlist({"decide", "ke-kisumu-ecert", "awarded", "--reason", "Strongest plan",
                           "--db", uri_})
                .exit_code,
            0);
  // An eligible proposal the jury never read cannot be awarded: refused
  // whole, each named, nothing written.
  RunResult refused = run_shortlist(
      {"decide", "--remaining", "awarded", "--reason", "everyone wins", "--db", uri_});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("cannot become awarded: "));
  EXPECT_THAT(refused.err, HasSubstr(never_read[0] + " (eligible)"));
  EXPECT_EQ(count_of("SELECT COUNT(*) FROM decisions"), 1);

  const Poco::Int64 undecided =
      count_of("SELECT COUNT(*) FROM submissions WHERE status NOT IN ('invalid', 'ineligible')") -
      1;
  RunResult remaining = run_shortlist({"decide", "--remaining", "not_shortlisted", "--reason",
                                       "The jury preferred other proposals", "--db", uri_});
  ASSERT_EQ(remaining.exit_code, 0) << remaining.err;
  EXPECT_EQ(remaining.out, "recorded not_shortlisted for " + std::to_string(undecided) +
                               " proposals of call main (not shown to applicants until `shortlist "
                               "decide --release`)\n");
  EXPECT_EQ(count_of("SELECT COUNT(*) FROM decisions"), undecided + 1);
  // Nothing is left to decide.
  RunResult again = run_shortlist(
      {"decide", "--remaining", "not_shortlisted", "--reason", "again", "--db", uri_});
  EXPECT_THAT(again.out, HasSubstr("recorded not_shortlisted for 0 proposals"));

  ASSERT_EQ(run_shortlist({"decide", "--release", "--db", uri_}).exit_code, 0);
  EXPECT_EQ(count_of("SELECT COUNT(*) FROM submissions WHERE status IN ('received', 'valid', "
                     "'eligible', 'in_review', 'shortlisted')"),
            0);
  RunResult outcome = status(never_read[0], "en");
  EXPECT_THAT(outcome.out, HasSubstr("Current status: not shortlisted\n"));
  EXPECT_THAT(outcome.out, HasSubstr("thank you for taking part"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("assessed with the others")));
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", uri_}).exit_code, 0);
}

TEST_P(SeasonCli, AfterTheReleaseEveryApplicantReadsWhatHappenedInTheirLanguage) {
  prepare();
  RunResult before = status("sn-thies-untitled", "fr");
  EXPECT_THAT(before.out, HasSubstr("Statut de votre proposition\n"));
  EXPECT_THAT(before.out, Not(HasSubstr("« »")));
  EXPECT_THAT(before.out, HasSubstr("avant la date limite"));

  ASSERT_EQ(run_shortlist({"decide", "ke-kisumu-ecert", "awarded", "--reason",
                           "Le plan le plus solide", "--db", uri_})
                .exit_code,
            0);
  ASSERT_EQ(run_shortlist({"decide", "--release", "--db", uri_}).exit_code, 0);

  // The invalid proposal is not told to send a correction to a closed call.
  for (const auto& [language, closed] :
       std::vector<std::pair<std::string, std::string>>{{"en", "the call has closed"},
                                                        {"fr", "l’appel est clos"},
                                                        {"es", "la convocatoria está cerrada"},
                                                        {"ar", "أُغلقت الدعوة"}}) {
    RunResult invalid = status("sn-thies-untitled", language);
    EXPECT_THAT(invalid.out, HasSubstr(closed)) << language;
    EXPECT_THAT(invalid.out, Not(HasSubstr("“”"))) << language;
    EXPECT_THAT(invalid.out, Not(HasSubstr("deadline"))) << language;
  }
  // A proposal still in review when the call's decisions came out is told
  // that none concerns it, and whom to ask.
  const std::vector<std::string> in_review = ids_with_status("in_review");
  ASSERT_FALSE(in_review.empty());
  EXPECT_THAT(status(in_review[0], "es").out, HasSubstr("escriba a los organizadores"));

  // The step through shortlisted is the lifecycle's: no English reason.
  for (const std::string language : {"fr", "es", "ar"}) {
    RunResult awarded = status("ke-kisumu-ecert", language);
    EXPECT_THAT(awarded.out, Not(HasSubstr("jury decision"))) << language;
    EXPECT_THAT(awarded.out, HasSubstr("(Le plan le plus solide)")) << language;
  }
}

TEST_P(SeasonCli, TheOrganiserChoosesWhatTheReleaseShows) {
  prepare();
  ASSERT_EQ(run_shortlist({"feedback", "release", "--call", "main", "--run", "1", "--db", uri_})
                .exit_code,
            0);
  ASSERT_EQ(run_shortlist({"decide", "rw-kigali-trade-portal", "not_awarded", "--reason",
                           "Une autre proposition a été préférée", "--comment",
                           "Un portail solide ; le budget de formation reste flou.", "--db", uri_})
                .exit_code,
            0);
  EXPECT_EQ(run_shortlist({"decide", "--release", "--show", "everything", "--db", uri_}).exit_code,
            2);

  // The decision alone: no rank from the automatic run beside "not awarded".
  ASSERT_EQ(run_shortlist({"decide", "--release", "--db", uri_}).exit_code, 0);
  RunResult decision = status("rw-kigali-trade-portal", "fr");
  EXPECT_THAT(decision.out, HasSubstr("Statut actuel : non retenue\n"));
  EXPECT_THAT(decision.out, Not(HasSubstr("classée")));
  EXPECT_THAT(decision.out, Not(HasSubstr("budget de formation")));

  RunResult feedback = run_shortlist({"decide", "--release", "--show", "feedback", "--db", uri_});
  ASSERT_EQ(feedback.exit_code, 0) << feedback.err;
  EXPECT_EQ(feedback.out,
            "0 decisions released for call main\napplicants see the decision and the jury's "
            "comment\n");
  RunResult with_comment = status("rw-kigali-trade-portal", "fr");
  EXPECT_THAT(with_comment.out, HasSubstr("Commentaire du jury : Un portail solide ; le budget "
                                          "de formation reste flou.\n"));
  EXPECT_THAT(with_comment.out, Not(HasSubstr("classée")));

  ASSERT_EQ(run_shortlist({"decide", "--release", "--show", "scores", "--db", uri_}).exit_code, 0);
  RunResult scores = status("rw-kigali-trade-portal", "fr");
  EXPECT_THAT(scores.out, HasSubstr("Commentaire du jury"));
  EXPECT_THAT(scores.out, HasSubstr("votre proposition est classée "));
  // Each criterion as the call names it in French, not by its id.
  EXPECT_THAT(scores.out, HasSubstr("  MPME touchées : "));
  EXPECT_THAT(scores.out, Not(HasSubstr("msme_reach")));
  RunResult arabic = status("rw-kigali-trade-portal", "ar");
  EXPECT_THAT(arabic.out, HasSubstr("  المنشآت الصغرى والصغيرة والمتوسطة المستفيدة: "));
  EXPECT_THAT(arabic.out, Not(HasSubstr("MSMEs reached")));
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", uri_}).exit_code, 0);
}

// Under-reviewed: marked in every report, its uncertainty widened, and held
// back from the final shortlist until the organiser admits it (audited).
TEST_P(SeasonCli, HoldsAnUnderReviewedProposalBackUntilTheOrganiserAdmitsIt) {
  prepare();
  ASSERT_EQ(run_shortlist({"jury", "reviews", dir_.write("reviews.csv", kSeasonReviews).string(),
                           "--db", uri_})
                .exit_code,
            0);
  RunResult table = run_shortlist({"jury", "report", "--cut", "2", "--db", uri_});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("! co-pasto-pagos "));
  EXPECT_THAT(table.out, HasSubstr("the SE is widened by sqrt(asked / scored)"));
  EXPECT_THAT(table.out, HasSubstr("lets one in): co-pasto-pagos (1 of 3)"));
  RunResult json =
      run_shortlist({"jury", "report", "--format", "json", "--cut", "2", "--db", uri_});
  Poco::JSON::Object::Ptr report = parse_json_object(json.out);
  EXPECT_EQ(report->getArray("held_back")->getElement<std::string>(0), "co-pasto-pagos");
  Poco::JSON::Array::Ptr shortlist = report->getArray("final_shortlist");
  ASSERT_EQ(shortlist->size(), 2u);
  for (std::size_t k = 0; k < shortlist->size(); ++k) {
    EXPECT_NE(shortlist->getElement<std::string>(static_cast<unsigned>(k)), "co-pasto-pagos");
  }
  // The jurors' comments are in the JSON report.
  std::vector<std::string> comments;
  Poco::JSON::Array::Ptr proposals = report->getArray("proposals");
  for (std::size_t k = 0; k < proposals->size(); ++k) {
    Poco::JSON::Object::Ptr p = proposals->getObject(static_cast<unsigned>(k));
    if (p->getValue<std::string>("id") != "rw-kigali-trade-portal") continue;
    Poco::JSON::Array::Ptr reviews = p->getArray("reviews");
    for (std::size_t r = 0; r < reviews->size(); ++r) {
      Poco::JSON::Object::Ptr review = reviews->getObject(static_cast<unsigned>(r));
      comments.push_back(review->getValue<std::string>("comment"));
      comments.push_back(
          review->getObject("scores")->getObject("feasibility")->getValue<std::string>("comment"));
    }
  }
  EXPECT_THAT(comments, ::testing::Contains("Excellent <b>portal</b> & team"));
  EXPECT_THAT(comments, ::testing::Contains("Partners not yet signed"));

  EXPECT_EQ(run_shortlist({"jury", "admit", "co-pasto-pagos", "--db", uri_}).exit_code, 2);
  RunResult admit = run_shortlist(
      {"jury", "admit", "co-pasto-pagos", "--reason", "Only Spanish reader left", "--db", uri_});
  ASSERT_EQ(admit.exit_code, 0) << admit.err;
  Poco::JSON::Object::Ptr after = parse_json_object(
      run_shortlist({"jury", "report", "--format", "json", "--cut", "2", "--db", uri_}).out);
  EXPECT_EQ(after->getArray("held_back")->size(), 0u);
  EXPECT_EQ(count_of("SELECT COUNT(*) FROM audit_log WHERE action = 'jury.admitted'"), 1);
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", uri_}).exit_code, 0);
}

// The whole season, as organisers, jurors and applicants live it.
TEST_P(SeasonCli, WalksAWholeSeasonFromIngestToEveryApplicantsOutcome) {
  prepare();  // ingest (with an invalid and an ineligible proposal), run 1, jury, assignment
  EXPECT_EQ(ids_with_status("ineligible"), std::vector<std::string>{"ma-casablanca-shop"});

  // A weight change tried and compared, then withdrawn: the published
  // weights stand.
  std::string heavier = read_file(source_dir() / "criteria/digital-champions.yaml");
  const std::string from =
      "    weight: 20\n    direction: max\n    plugin: field\n    params: "
      "{path: beneficiaries.msmes}";
  ASSERT_NE(heavier.find(from), std::string::npos);
  heavier.replace(heavier.find(from), 14, "    weight: 40");
  const auto criteria = dir_.write("reach-first.yaml", heavier);
  RunResult second =
      run_shortlist({"evaluate", "--criteria", criteria.string(), "--db", uri_, "--format", "csv"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  RunResult diff = run_shortlist({"runs", "diff", "1", "2", "--db", uri_});
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_THAT(diff.out, HasSubstr("msme_reach weight 20 -> 40"));
  ASSERT_EQ(run_shortlist(
                {"runs", "withdraw", "2", "--reason", "the published weights stand", "--db", uri_})
                .exit_code,
            0);

  // The jury reviews; one harsh, one generous, one proposal under-reviewed.
  ASSERT_EQ(run_shortlist({"jury", "reviews", dir_.write("reviews.csv", kSeasonReviews).string(),
                           "--db", uri_})
                .exit_code,
            0);
  const auto page = dir_.path() / "meeting.html";
  RunResult html = run_shortlist(
      {"jury", "report", "--format", "html", "--output", page.string(), "--db", uri_});
  ASSERT_EQ(html.exit_code, 0) << html.err;
  const std::string meeting = read_file(page);
  EXPECT_THAT(meeting, HasSubstr("1 of 3 (too few)"));
  EXPECT_THAT(meeting, HasSubstr("Le meilleur dossier"));
  Poco::JSON::Object::Ptr report =
      parse_json_object(run_shortlist({"jury", "report", "--format", "json", "--db", uri_}).out);
  Poco::JSON::Array::Ptr jurors = report->getArray("jurors");
  double amara = 0, paul = 0;
  for (std::size_t k = 0; k < jurors->size(); ++k) {
    Poco::JSON::Object::Ptr j = jurors->getObject(static_cast<unsigned>(k));
    if (j->getValue<std::string>("id") == "amara") amara = j->getValue<double>("bias");
    if (j->getValue<std::string>("id") == "paul") paul = j->getValue<double>("bias");
  }
  EXPECT_LT(amara, 0);  // harsh
  EXPECT_GT(paul, 0);   // generous

  // Decisions for all, released with the jury's feedback.
  ASSERT_EQ(
      run_shortlist({"decide", "ke-kisumu-ecert", "awarded", "--reason", "Le plan le plus solide",
                     "--comment", "Un plan clair pour les certificats d’origine.", "--db", uri_})
          .exit_code,
      0);
  for (const std::string id :
       {"rw-kigali-trade-portal", "ng-lagos-payments", "bd-dhaka-ecommerce", "co-pasto-pagos"}) {
    ASSERT_EQ(run_shortlist({"decide", id, "not_awarded", "--reason",
                             "Other proposals were preferred", "--db", uri_})
                  .exit_code,
              0);
  }
  RunResult remaining = run_shortlist({"decide", "--remaining", "not_shortlisted", "--reason",
                                       "Not among the strongest proposals", "--db", uri_});
  ASSERT_EQ(remaining.exit_code, 0) << remaining.err;
  ASSERT_EQ(run_shortlist({"decide", "--release", "--show", "feedback", "--db", uri_}).exit_code,
            0);
  EXPECT_EQ(count_of("SELECT COUNT(*) FROM submissions WHERE status NOT IN ('awarded', "
                     "'not_awarded', 'not_shortlisted', 'ineligible', 'invalid')"),
            0);

  // What each applicant reads, in four languages.
  const std::string never_read = "mx-oaxaca-envios";
  struct Reading {
    std::string id, language;
    std::vector<std::string> reads;
  };
  const std::vector<Reading> expected = {
      {"ke-kisumu-ecert",
       "en",
       {"Current status: awarded\n", "the organisers will contact you",
        "The jury’s comment: Un plan clair pour les certificats d’origine.\n"}},
      {"ke-kisumu-ecert", "fr", {"Statut actuel : retenue\n", "Commentaire du jury : "}},
      {"ke-kisumu-ecert", "es", {"Comentario del jurado: "}},
      {"ke-kisumu-ecert", "ar", {"تعليق لجنة التحكيم: "}},
      {never_read, "en", {"Current status: not shortlisted\n", "thank you for taking part"}},
      {never_read, "fr", {"Statut actuel : non présélectionnée\n"}},
      {"ma-casablanca-shop", "fr", {"Statut actuel : non éligible\n"}},
      {"ma-casablanca-shop", "ar", {"لا يمكن النظر في مقترحكم"}},
      {"sn-thies-untitled", "en", {"Status of your proposal\n", "the call has closed"}},
      {"sn-thies-untitled", "es", {"Estado de su propuesta\n", "la convocatoria está cerrada"}},
      {"sn-thies-untitled", "ar", {"حالة مقترحكم\n", "أُغلقت الدعوة"}},
  };
  for (const Reading& e : expected) {
    RunResult read = status(e.id, e.language);
    ASSERT_EQ(read.exit_code, 0) << e.id << " " << read.err;
    for (const std::string& text : e.reads) {
      EXPECT_THAT(read.out, HasSubstr(text)) << e.id << " in " << e.language;
    }
    EXPECT_THAT(read.out, Not(HasSubstr("jury decision"))) << e.id;
    EXPECT_THAT(read.out, Not(HasSubstr("“”"))) << e.id;
  }
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", uri_}).exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, SeasonCli, ::testing::Values("sqlite", "postgresql"));

// The meeting's page, as a juror's browser opens the file: one page with
// nothing to fetch, accessible, the jurors' comments escaped, printable.
TEST(JuryReportHtml, IsOnePrintablePageWithTheRankingsTheDisputesAndEveryComment) {
  ASSERT_TRUE(Browser::available()) << "Chromium is not installed: run scripts/install-deps.sh";
  SHORTLIST_NEEDS_WEB_TOOLS();
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  ASSERT_EQ(run_shortlist({"ingest", "submissions", "--db", uri}).exit_code, 0);
  ASSERT_EQ(run_shortlist({"evaluate", "--db", uri, "--format", "csv"}).exit_code, 0);
  ASSERT_EQ(run_shortlist({"jury", "import", "criteria/digital-champions-jurors.yaml", "--db", uri})
                .exit_code,
            0);
  ASSERT_EQ(run_shortlist({"jury", "assign", "--db", uri}).exit_code, 0);
  ASSERT_EQ(run_shortlist(
                {"jury", "reviews", dir.write("reviews.csv", kSeasonReviews).string(), "--db", uri})
                .exit_code,
            0);
  const std::filesystem::path page = dir.path() / "jury.html";
  RunResult html = run_shortlist({"jury", "report", "--format", "html", "--cut", "2", "--language",
                                  "fr", "--output", page.string(), "--db", uri});
  ASSERT_EQ(html.exit_code, 0) << html.err;
  const std::string source = read_file(page);
  EXPECT_THAT(source, HasSubstr("Excellent &lt;b&gt;portal&lt;/b&gt; &amp; team"));
  EXPECT_THAT(source, Not(HasSubstr("<b>portal</b>")));
  EXPECT_THAT(source, HasSubstr("@media print"));
  EXPECT_FALSE(std::regex_search(source, std::regex("(src|href)=\"(https?:)?//")));

  Browser browser;
  browser.open("file://" + page.string());
  EXPECT_EQ(browser.run("document.querySelectorAll('#calibrated tbody tr').length"), "5");
  EXPECT_EQ(browser.run("document.querySelectorAll('section.proposal').length"), "5");
  EXPECT_THAT(browser.text("#calibrated"), HasSubstr("Borda"));
  EXPECT_THAT(browser.text("#calibrated"), HasSubstr("Schulze"));
  EXPECT_THAT(browser.text("#calibrated"), HasSubstr("1 of 3 (too few)"));
  EXPECT_THAT(browser.text("#final-ranking"), HasSubstr("held back: too few reviews"));
  EXPECT_THAT(browser.text("#p-rw-kigali-trade-portal"), HasSubstr("Partners not yet signed"));
  EXPECT_THAT(browser.text("#p-rw-kigali-trade-portal"),
              HasSubstr("Excellent <b>portal</b> & team"));
  // The call's labels in French, for the automatic and the jury criteria.
  EXPECT_THAT(browser.text("#p-rw-kigali-trade-portal"), HasSubstr("MPME touchées"));
  EXPECT_THAT(browser.text("#p-rw-kigali-trade-portal"), HasSubstr("Faisabilité"));
  EXPECT_ACCESSIBLE(browser);
  browser.screenshot("jury-report");
  // Nothing wider than the page: a printed page loses no column.
  EXPECT_EQ(browser.run("String(document.documentElement.scrollWidth <= window.innerWidth)"),
            "true");
  // The print view drops the contents list and keeps the rest.
  browser.emulate_media("print");
  EXPECT_EQ(browser.run("getComputedStyle(document.querySelector('nav')).display"), "none");
  EXPECT_EQ(browser.run("String(document.documentElement.scrollWidth <= window.innerWidth)"),
            "true");
  browser.screenshot("jury-report-print");
}

}  // namespace
}  // namespace shortlist::testing
