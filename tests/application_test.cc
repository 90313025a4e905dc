// Online applications over real sockets: POST, GET and PUT
// /api/v1/applications and the form at /apply, on the bundled call, with
// the time of day set by the test so that the window's edges can be tried.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <regex>
#include <sstream>

#include "browser.h"
#include "core/cli/data_paths.h"
#include "core/server/server.h"
#include "core/store/application_store.h"
#include "core/store/database.h"
#include "core/store/migrations.h"
#include "core/store/outbox.h"
#include "core/store/submission_store.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

using Poco::Net::HTTPRequest;
using ::testing::HasSubstr;
using ::testing::Not;
using Clock = std::chrono::system_clock;

Clock::time_point at(const std::string& rfc3339) { return *parse_rfc3339(rfc3339); }

struct Reply {
  int status = 0;
  std::string body;
  Poco::Net::HTTPResponse headers;
  Poco::JSON::Object::Ptr json() const { return parse_json_object(body); }
  std::string error() const { return json()->getObject("error")->getValue<std::string>("message"); }
};

// An application as a submission file has it, in French; `requested` and
// the activities section are what the call's checks look at.
std::string application_json(const std::string& extra = "", double requested = 120000,
                             const std::string& activities = "") {
  const std::string words =
      "Nous formerons quatre cents petites entreprises au commerce électronique, aux paiements "
      "mobiles et à la facturation électronique dans six régions du pays. ";
  // Each section within the completeness criterion's bounds (25 to 400
  // English words, 27 to 436 in French; activities at least 55).
  const std::string two = words + words;
  std::string act = activities.empty() ? two + two : activities;
  return R"({"title": "Commerce numérique pour les coopératives de femmes",)"
         R"( "applicant": {"name": "Réseau des coopératives du Sine", "type": "ngo",)"
         R"( "country": "SN", "email": "contact@example.org"},)"
         R"( "summary": "Former les coopératives de femmes au commerce en ligne.",)"
         R"( "sections": {"contexte": ")" +
         two + R"(", "objectifs": ")" + two + R"(", "activites": ")" + act +
         R"(", "durabilite": ")" + two + R"(", "justification_budget": ")" + two +
         R"("}, "budget": {"total": 200000, "requested": )" + std::to_string(requested) +
         R"(, "currency": "USD"}, "beneficiaries": {"msmes": 400, "women_led": 300},)"
         R"( "fields": {"digital_budget_share": 70, "msmes_supported_before": 250})" +
         extra + "}";
}

class ApplicationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    uri_ = "sqlite:" + (dir_.path() / "shortlist.db").string();
    {
      Expected<store::Database> db = store::Database::open(uri_);
      ASSERT_TRUE(db && store::migrate(*db));  // as `shortlist serve` does
    }
    server::SiteSettings site{uri_, cli::bundled_messages_dir(), cli::bundled_data("web/static"), 4,
                              30};
    Expected<CallConfig> config =
        load_call_config(source_dir() / "criteria/digital-champions.yaml");
    ASSERT_TRUE(config);
    site.config = std::move(config).value();
    site.call = "dc-2026";
    site.applications_per_minute = 1000;
    site.bundled_plugin_dir = testing::plugin_dir();
    site.application_stored = [this](const app::ApplicationReceipt& receipt) {
      const std::lock_guard<std::mutex> lock(receipts_mutex_);
      receipts_.push_back(receipt);
    };
    site.wall_clock = [this] { return Clock::time_point(Clock::duration(now_.load())); };
    site.clock = [this] { return clock_start_ + std::chrono::seconds(limit_seconds_.load()); };
    set_now("2026-04-15T12:00:00Z");
    start(std::move(site));
  }
  void TearDown() override {
    if (server_) server_->stop();
  }
  void start(server::SiteSettings site) {
    if (server_) server_->stop();
    server_.reset();
    site_ = std::make_unique<server::Site>(std::move(site));
    server::ServerSettings settings;
    settings.port = 0;
    server_ = std::make_unique<server::Server>(*site_, settings);
    server_->start();
  }
  void set_now(const std::string& rfc3339) { now_ = at(rfc3339).time_since_epoch().count(); }

  Reply ask(const std::string& method, const std::string& path, const std::string& body = "",
            const std::map<std::string, std::string>& headers = {},
            const std::string& type = "application/json") {
    Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
    HTTPRequest request(method, path, HTTPRequest::HTTP_1_1);
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty()) {
      request.setContentType(type);
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Reply reply;
    std::istream& in = session.receiveResponse(reply.headers);
    reply.status = reply.headers.getStatus();
    std::ostringstream text;
    text << in.rdbuf();
    reply.body = text.str();
    return reply;
  }

  // A multipart/form-data body of fields and files (name, filename, bytes).
  static std::string multipart(
      const std::vector<std::pair<std::string, std::string>>& fields,
      const std::vector<std::tuple<std::string, std::string, std::string>>& files) {
    std::string body;
    for (const auto& [name, value] : fields) {
      body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name +
              "\"\r\n\r\n" + value + "\r\n";
    }
    for (const auto& [name, filename, bytes] : files) {
      body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name +
              "\"; filename=\"" + filename +
              "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n";
    }
    return body + "--" + kBoundary + "--\r\n";
  }
  static inline const std::string kBoundary = "----shortlist-test-boundary";
  static inline const std::string kMultipart = "multipart/form-data; boundary=" + kBoundary;

  store::Database db() {
    Expected<store::Database> opened = store::Database::open(uri_);
    EXPECT_TRUE(opened);
    return std::move(opened).value();
  }

  TempDir dir_;
  std::string uri_;
  std::atomic<Clock::rep> now_{0};
  const std::chrono::steady_clock::time_point clock_start_ = std::chrono::steady_clock::now();
  std::atomic<int> limit_seconds_{0};
  std::unique_ptr<server::Site> site_;
  std::unique_ptr<server::Server> server_;
  std::mutex receipts_mutex_;
  std::vector<app::ApplicationReceipt> receipts_;  // as a receipt mail would get them
};

TEST_F(ApplicationTest, StoresAnApplicationAndAnswersWithACodeAnEditKeyAndWarnings) {
  Reply sent = ask("POST", "/api/v1/applications", application_json(", \"lang\": \"fr\"", 180000),
                   {{"Accept-Language", "en"}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  Poco::JSON::Object::Ptr body = sent.json();
  const std::string code = body->getValue<std::string>("code");
  const std::string key = body->getValue<std::string>("edit_key");
  EXPECT_TRUE(std::regex_match(code, std::regex("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"))) << code;
  EXPECT_TRUE(std::regex_match(key, std::regex("[0-9a-f]{32}"))) << key;
  EXPECT_EQ(body->getValue<std::string>("status"), "valid");
  EXPECT_EQ(sent.headers.get("Location"), "/api/v1/applications/" + code);
  // The grant gate, in French ("lang" wins over Accept-Language); never a score.
  Poco::JSON::Array::Ptr warnings = body->getArray("warnings");
  ASSERT_EQ(warnings->size(), 1u) << sent.body;
  EXPECT_EQ(warnings->getObject(0)->getValue<std::string>("field"), "budget.requested");
  EXPECT_EQ(warnings->getObject(0)->getValue<std::string>("message"),
            "« Subvention demandée » (180\u202f000) dépasse le maximum de l’appel (150\u202f000).");
  EXPECT_THAT(sent.body, Not(HasSubstr("score")));
  EXPECT_THAT(sent.body, Not(HasSubstr("rank")));

  // Stored as an ingested file is: a tracking code, version 1, the audit log;
  // the key only as its hash.
  store::Database store = db();
  std::optional<store::SubmissionStatus> status = store::find_by_tracking_code(store, code);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, "valid");
  EXPECT_EQ(status->version, 1);
  EXPECT_EQ(count(store, "SELECT COUNT(*) FROM audit_log WHERE action = 'submission.received'"), 1);
  EXPECT_EQ(count(store, "SELECT COUNT(*) FROM application_keys WHERE key_hash = '" + key + "'"),
            0);
  EXPECT_EQ(store::list_submissions(store, "dc-2026").size(), 1u);

  // Everything a receipt to the applicant needs, handed to the service's hook.
  ASSERT_EQ(receipts_.size(), 1u);
  const app::ApplicationReceipt& receipt = receipts_[0];
  EXPECT_EQ(receipt.code, code);
  EXPECT_EQ(receipt.edit_key, key);
  EXPECT_EQ(receipt.language, "fr");
  EXPECT_EQ(receipt.email, "contact@example.org");
  EXPECT_EQ(receipt.title, "Commerce numérique pour les coopératives de femmes");
  EXPECT_EQ(receipt.closes, "2026-06-01T03:59:59Z");

  // The receipt e-mail, queued with the application in French: its code,
  // its key and the deadline.
  const std::vector<store::OutboxMail> outbox = store::list_outbox(store);
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].kind, "receipt");
  EXPECT_EQ(outbox[0].recipient, "contact@example.org");
  EXPECT_EQ(outbox[0].language, "fr");
  EXPECT_EQ(outbox[0].submission, receipt.id);
  EXPECT_THAT(outbox[0].body, HasSubstr(code));
  EXPECT_THAT(outbox[0].body, HasSubstr(key));
}

TEST_F(ApplicationTest, WarnsOfAShortSectionInTheApplicantsLanguage) {
  Reply sent = ask("POST", "/api/v1/applications",
                   application_json("", 120000,
                                    "Douze mots seulement dans cette section pour "
                                    "décrire toutes nos activités prévues."),
                   {{"Accept-Language", "es-MX, es;q=0.9"}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  Poco::JSON::Array::Ptr warnings = sent.json()->getArray("warnings");
  ASSERT_EQ(warnings->size(), 1u) << sent.body;
  EXPECT_EQ(warnings->getObject(0)->getValue<std::string>("field"), "sections.activities");
  EXPECT_THAT(warnings->getObject(0)->getValue<std::string>("message"),
              ::testing::MatchesRegex("La sección Actividades tiene 12 palabras; se esperan al "
                                      "menos [0-9]+\\."));
}

TEST_F(ApplicationTest, RefusesWithEveryProblemByFieldInTheRequestsLanguage) {
  const std::string bad =
      R"({"applicant": {"name": "X", "country": "Senegal", "email": "not-an-address"},)"
      R"( "budget": {"requested": -5, "currency": "dollars"}, "colour": "blue"})";
  Reply refused = ask("POST", "/api/v1/applications", bad, {{"Accept-Language", "fr"}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  std::map<std::string, std::string> by_field;
  Poco::JSON::Array::Ptr problems = refused.json()->getArray("problems");
  for (std::size_t i = 0; i < problems->size(); ++i) {
    Poco::JSON::Object::Ptr p = problems->getObject(static_cast<unsigned>(i));
    by_field[p->getValue<std::string>("field")] = p->getValue<std::string>("message");
  }
  EXPECT_EQ(by_field["title"], "Veuillez remplir « Titre du projet ».");
  EXPECT_EQ(by_field["applicant.country"],
            "« \u2068Senegal\u2069 » n’est pas un code de pays : saisissez deux lettres, par "
            "exemple SN ou FR.");
  EXPECT_EQ(by_field["applicant.email"],
            "« \u2068not-an-address\u2069 » n’est pas une adresse électronique.");
  EXPECT_EQ(by_field["budget.requested"],
            "« Subvention demandée » doit être un nombre positif ou nul.");
  EXPECT_THAT(by_field["budget.currency"], HasSubstr("n’est pas un code de devise"));
  EXPECT_EQ(by_field["colour"], "La candidature n’a pas de champ \u2068colour\u2069.");
  EXPECT_EQ(by_field.size(), 6u) << refused.body;
  store::Database store = db();
  EXPECT_EQ(store::count_submissions(store), 0u);

  Reply arabic = ask("POST", "/api/v1/applications", R"({"lang": "ar", "summary": "x"})");
  ASSERT_EQ(arabic.status, 422);
  EXPECT_THAT(arabic.body, HasSubstr("يُرجى ملء «عنوان المشروع»."));
}

TEST_F(ApplicationTest, RefusesSubmissionsAndEditsOutsideTheWindowWithItsDates) {
  set_now("2026-02-28T23:59:59Z");
  Reply early =
      ask("POST", "/api/v1/applications", application_json(), {{"Accept-Language", "en"}});
  ASSERT_EQ(early.status, 403) << early.body;
  EXPECT_EQ(early.error(),
            "Applications open on March 1, 2026 at 12:00\u202fAM UTC and close on June 1, 2026 "
            "at 3:59\u202fAM UTC. Please come back then.");

  set_now("2026-03-01T00:00:00Z");
  Reply first = ask("POST", "/api/v1/applications", application_json());
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string code = first.json()->getValue<std::string>("code");
  const std::string key = first.json()->getValue<std::string>("edit_key");

  // The last second of 31 May in New York is still open; the next is not.
  set_now("2026-05-31T23:59:59-04:00");
  Reply last =
      ask("PUT", "/api/v1/applications/" + code,
          application_json(", \"summary\": \"Une version revue.\""), {{"X-Edit-Key", key}});
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(last.json()->getValue<int>("version"), 2);
  set_now("2026-06-01T04:00:00Z");
  Reply late =
      ask("PUT", "/api/v1/applications/" + code, application_json(", \"summary\": \"Trop tard.\""),
          {{"X-Edit-Key", key}, {"Accept-Language", "es"}});
  ASSERT_EQ(late.status, 403) << late.body;
  EXPECT_EQ(late.error(),
            "Las solicitudes se cerraron el 1 de junio de 2026, 3:59 UTC: ya no se puede aceptar "
            "ninguna solicitud ni modificación.");
  Reply new_late =
      ask("POST", "/api/v1/applications", application_json(), {{"Accept-Language", "ar"}});
  EXPECT_EQ(new_late.status, 403);
  EXPECT_THAT(new_late.error(), HasSubstr("أُغلق باب التقديم"));

  // The organiser extends the deadline: the service reads it at once.
  store::Database store = db();
  ASSERT_TRUE(store::extend_deadline(store, "dc-2026", "2026-06-07T23:59:59Z",
                                     "the portal was down on 31 May", "cli"));
  Reply extended =
      ask("PUT", "/api/v1/applications/" + code,
          application_json(", \"summary\": \"Dans le délai prolongé.\""), {{"X-Edit-Key", key}});
  ASSERT_EQ(extended.status, 200) << extended.body;
  EXPECT_EQ(extended.json()->getValue<std::string>("closes"), "2026-06-07T23:59:59Z");
  EXPECT_EQ(count(store, "SELECT COUNT(*) FROM audit_log WHERE action = 'call.deadline_extended'"),
            1);
}

TEST_F(ApplicationTest, ReadsBackAndReplacesOnlyWithTheEditKey) {
  Reply sent = ask("POST", "/api/v1/applications", application_json());
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string code = sent.json()->getValue<std::string>("code");
  const std::string key = sent.json()->getValue<std::string>("edit_key");

  Reply mine = ask("GET", "/api/v1/applications/" + code, "", {{"X-Edit-Key", key}});
  ASSERT_EQ(mine.status, 200) << mine.body;
  Poco::JSON::Object::Ptr application = mine.json()->getObject("application");
  EXPECT_EQ(application->getValue<std::string>("title"),
            "Commerce numérique pour les coopératives de femmes");
  EXPECT_EQ(application->getObject("budget")->getValue<double>("requested"), 120000);
  EXPECT_EQ(application->getObject("applicant")->getValue<std::string>("country"), "SN");
  EXPECT_TRUE(application->getObject("sections")->has("activites"));
  EXPECT_FALSE(mine.json()->has("edit_key")) << "the key is shown once";

  for (const auto& headers : std::vector<std::map<std::string, std::string>>{
           {}, {{"X-Edit-Key", "0123456789abcdef0123456789abcdef"}}}) {
    Reply refused = ask("GET", "/api/v1/applications/" + code, "", headers);
    EXPECT_EQ(refused.status, 403) << refused.body;
    Reply replaced = ask("PUT", "/api/v1/applications/" + code, application_json(), headers);
    EXPECT_EQ(replaced.status, 403) << replaced.body;
  }
  // An unknown code is refused as a wrong key is: nothing tells codes apart.
  Reply unknown = ask("GET", "/api/v1/applications/7Q2M-KD4X-9TBW", "", {{"X-Edit-Key", key}});
  EXPECT_EQ(unknown.status, 403);
  EXPECT_EQ(unknown.error(), ask("GET", "/api/v1/applications/" + code).error());

  // Replaced: a new version under the same code; the id sent is ignored.
  Reply replaced = ask("PUT", "/api/v1/applications/" + code,
                       application_json(", \"id\": \"someone-else\", \"summary\": \"Revu.\""),
                       {{"X-Edit-Key", key}});
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(replaced.json()->getValue<std::string>("code"), code);
  EXPECT_EQ(replaced.json()->getValue<int>("version"), 2);
  store::Database store = db();
  EXPECT_EQ(store::find_by_tracking_code(store, code)->version, 2);
  EXPECT_EQ(store::count_submissions(store), 1u);

  // The same text sent as a new application is not a second one.
  Reply again = ask("POST", "/api/v1/applications", application_json(", \"summary\": \"Revu.\""));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_THAT(again.body, Not(HasSubstr(code)));
}

TEST_F(ApplicationTest, KeepsADraftThatIsNeitherCheckedNorEvaluated) {
  Reply draft =
      ask("POST", "/api/v1/applications",
          R"({"title": "Brouillon", "draft": true, "sections": {"contexte": "À finir."}})");
  ASSERT_EQ(draft.status, 201) << draft.body;
  EXPECT_EQ(draft.json()->getValue<std::string>("status"), "draft");
  EXPECT_EQ(draft.json()->getArray("warnings")->size(), 0u);
  const std::string code = draft.json()->getValue<std::string>("code");

  store::Database store = db();
  EXPECT_EQ(store::find_by_tracking_code(store, code)->status, "draft");
  Expected<ingest::Submissions> evaluated = store::stored_submissions(store, "dc-2026");
  ASSERT_TRUE(evaluated);
  EXPECT_TRUE(evaluated->proposals.empty());
  EXPECT_TRUE(evaluated->excluded.empty());

  RunResult status = run_shortlist({"status", code, "--db", uri_, "--lang", "fr"});
  EXPECT_THAT(status.out + status.err, HasSubstr("brouillon"));

  // Finished: submitted, and evaluated from then on.
  Reply done = ask("PUT", "/api/v1/applications/" + code, application_json(),
                   {{"X-Edit-Key", draft.json()->getValue<std::string>("edit_key")}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()->getValue<std::string>("status"), "valid");
  EXPECT_EQ(store::stored_submissions(store, "dc-2026")->proposals.size(), 1u);
}

TEST_F(ApplicationTest, ReadsAttachmentsAndRefusesOneTooLarge) {
  const std::string body = multipart(
      {{"title", "Paiements mobiles pour les artisans"},
       {"applicant.name", "Chambre de commerce de Thiès"},
       {"applicant.type", "chamber_of_commerce"},
       {"applicant.country", "SN"},
       {"budget.requested", "90000"},
       {"lang", "fr"}},
      {{"attachments", "plan.txt",
        "Plan de travail\n\nNous accompagnerons deux cents artisans vers les paiements mobiles."},
       {"attachments", "", ""}});
  Reply sent = ask("POST", "/api/v1/applications", body, {}, kMultipart);
  ASSERT_EQ(sent.status, 201) << sent.body;
  Reply mine = ask("GET", "/api/v1/applications/" + sent.json()->getValue<std::string>("code"), "",
                   {{"X-Edit-Key", sent.json()->getValue<std::string>("edit_key")}});
  ASSERT_EQ(mine.status, 200);
  Poco::JSON::Object::Ptr application = mine.json()->getObject("application");
  EXPECT_EQ(application->getObject("budget")->getValue<double>("requested"), 90000);
  EXPECT_THAT(application->getObject("sections")->getValue<std::string>("plan"),
              HasSubstr("deux cents artisans"));

  const std::string huge = multipart({{"title", "Trop lourd"}},
                                     {{"attachments", "annexe.pdf", std::string(10485761, 'x')}});
  Reply refused =
      ask("POST", "/api/v1/applications", huge, {{"Accept-Language", "en"}}, kMultipart);
  EXPECT_EQ(refused.status, 413) << refused.body;
  EXPECT_EQ(refused.error(),
            "\u2068annexe.pdf\u2069 is larger than the 10,485,760 bytes the call accepts for an "
            "attachment.");

  const std::string odd = multipart({{"title", "Image"}}, {{"attachments", "photo.png", "PNG"}});
  Reply unreadable =
      ask("POST", "/api/v1/applications", odd, {{"Accept-Language", "en"}}, kMultipart);
  EXPECT_EQ(unreadable.status, 422) << unreadable.body;
  EXPECT_THAT(unreadable.body, HasSubstr("attach a Word (.docx), PDF or text (.txt) file"));
}

TEST_F(ApplicationTest, LimitsApplicationRequestsPerAddress) {
  server::SiteSettings settings = site_->settings();
  settings.applications_per_minute = 3;
  start(std::move(settings));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ask("GET", "/api/v1/applications/7Q2M-KD4X-9TBW").status, 403);
  }
  Reply limited = ask("POST", "/api/v1/applications", application_json());
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.headers.get("Retry-After", "").empty());
  limit_seconds_ = 61;
  EXPECT_EQ(ask("POST", "/api/v1/applications", application_json()).status, 201);
}

TEST_F(ApplicationTest, TheFormIsBuiltFromTheCallAndRefusesAPostWithoutItsToken) {
  Reply form = ask("GET", "/apply?lang=ar");
  ASSERT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("<html lang=\"ar\" dir=\"rtl\">"));
  EXPECT_THAT(form.body, HasSubstr("enctype=\"multipart/form-data\""));
  for (const char* field : {"applicant.name", "applicant.type", "applicant.country", "title",
                            "summary", "sections.activities", "sections.budget_justification",
                            "budget.requested", "beneficiaries.msmes", "beneficiaries.women_led",
                            "fields.digital_budget_share", "fields.msmes_supported_before"}) {
    EXPECT_THAT(form.body, HasSubstr("name=\"" + std::string(field) + "\"")) << field;
  }
  EXPECT_THAT(form.body, HasSubstr("الأنشطة"));  // the call's label of sections.activities
  EXPECT_EQ(
      form.headers.get("Content-Security-Policy").find("script-src 'self'") != std::string::npos,
      true);
  EXPECT_THAT(form.headers.get("Set-Cookie"), HasSubstr("shortlist_csrf="));
  Reply french = ask("GET", "/apply", "", {{"Accept-Language", "fr-CA,fr;q=0.9"}});
  EXPECT_THAT(french.body, HasSubstr("<html lang=\"fr\" dir=\"ltr\">"));
  EXPECT_THAT(french.body, HasSubstr("Justification du budget"));

  Reply forged =
      ask("POST", "/apply", "lang=fr&title=Forged", {}, "application/x-www-form-urlencoded");
  EXPECT_EQ(forged.status, 403);
  EXPECT_THAT(forged.body, HasSubstr("Cette page a expiré"));
  store::Database store = db();
  EXPECT_EQ(store::count_submissions(store), 0u);

  set_now("2026-07-01T00:00:00Z");
  Reply closed = ask("GET", "/apply?lang=en");
  EXPECT_THAT(closed.body, HasSubstr("Applications closed on"));
  EXPECT_THAT(closed.body, Not(HasSubstr("name=\"title\"")));
}

TEST_F(ApplicationTest, TheOrganiserExtendsTheDeadlineFromTheCommandLine) {
  ASSERT_EQ(ask("POST", "/api/v1/applications", application_json()).status, 201);
  RunResult bad = run_shortlist({"call", "extend", "--db", uri_, "--call", "dc-2026", "--closes",
                                 "7 June", "--reason", "outage"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--closes '7 June' is not an RFC 3339 date and time"));
  RunResult earlier = run_shortlist({"call", "extend", "--db", uri_, "--call", "dc-2026",
                                     "--closes", "2026-05-01T00:00:00Z", "--reason", "typo"});
  EXPECT_EQ(earlier.exit_code, 2);
  EXPECT_THAT(earlier.err, HasSubstr("earlier than the deadline in force (2026-06-01T03:59:59Z)"));
  RunResult no_reason = run_shortlist(
      {"call", "extend", "--db", uri_, "--call", "dc-2026", "--closes", "2026-06-07T23:59:59Z"});
  EXPECT_EQ(no_reason.exit_code, 2);

  RunResult extended =
      run_shortlist({"call", "extend", "--db", uri_, "--call", "dc-2026", "--closes",
                     "2026-06-07T23:59:59-04:00", "--reason", "the portal was down on 31 May"});
  ASSERT_EQ(extended.exit_code, 0) << extended.err;
  EXPECT_THAT(extended.out, HasSubstr("applications now close at 2026-06-08T03:59:59Z (was "
                                      "2026-06-01T03:59:59Z)"));
  RunResult window = run_shortlist({"call", "window", "--db", uri_, "--call", "dc-2026"});
  ASSERT_EQ(window.exit_code, 0) << window.err;
  EXPECT_THAT(window.out, HasSubstr("closes  2026-06-08T03:59:59Z  (extended"));
  EXPECT_THAT(window.out, HasSubstr("by cli: closes 2026-06-08T03:59:59Z — the portal was down"));
  RunResult audit = run_shortlist({"audit", "verify", "--db", uri_});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;

  set_now("2026-06-05T00:00:00Z");
  EXPECT_EQ(
      ask("POST", "/api/v1/applications", application_json(", \"summary\": \"Tard.\"")).status,
      201);
}

// Fills the application form's fields, by name, with `values`.
void fill(Browser& browser, const std::map<std::string, std::string>& values) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  for (const auto& [name, value] : values) object->set(name, value);
  std::ostringstream json;
  object->stringify(json);
  browser.run(
      "Object.entries(" + json.str() +
      ").forEach(([n, v]) => { document.querySelector('[name=\"' + n + '\"]').value = v; })");
}

std::map<std::string, std::string> french_application() {
  const std::string words =
      "Nous formerons quatre cents petites entreprises au commerce électronique, aux paiements "
      "mobiles et à la facturation électronique dans six régions du pays. ";
  return {{"applicant.name", "Réseau des coopératives du Sine"},
          {"applicant.type", "ngo"},
          {"applicant.country", "SN"},
          {"applicant.email", "contact@example.org"},
          {"title", "Commerce numérique pour les coopératives de femmes"},
          {"summary", "Former les coopératives de femmes au commerce en ligne."},
          {"sections.context", words + words},
          {"sections.objectives", words + words},
          {"sections.activities", words + words + words + words},
          {"sections.sustainability", words + words},
          {"sections.budget_justification", words + words},
          {"budget.total", "200000"},
          {"budget.requested", "120000"},
          {"budget.currency", "XOF"},
          {"beneficiaries.msmes", "400"},
          {"beneficiaries.women_led", "300"},
          {"fields.digital_budget_share", "70"},
          {"fields.msmes_supported_before", "250"}};
}

std::map<std::string, std::string> arabic_application() {
  const std::string words =
      "سندرب مئتي منشأة صغيرة على التجارة الإلكترونية والدفع الإلكتروني والفوترة الرقمية في "
      "خمس محافظات، ونرافقها حتى تبيع منتجاتها عبر الإنترنت. ";
  return {{"applicant.name", "غرفة التجارة والصناعة بطنجة"},
          {"applicant.type", "chamber_of_commerce"},
          {"applicant.country", "MA"},
          {"applicant.email", "contact@example.ma"},
          {"title", "التجارة الرقمية للحرفيين"},
          {"summary", "مساعدة الحرفيين على البيع عبر الإنترنت."},
          {"sections.context", words},
          {"sections.objectives", words},
          {"sections.activities", words + words + words},
          {"sections.sustainability", words},
          {"sections.budget_justification", words},
          {"budget.total", "150000"},
          {"budget.requested", "100000"},
          {"budget.currency", "MAD"},
          {"beneficiaries.msmes", "200"},
          {"beneficiaries.women_led", "80"},
          {"fields.digital_budget_share", "60"},
          {"fields.msmes_supported_before", "120"}};
}

// An applicant in a real browser, without any script of the site's: the
// form in French and in Arabic, the receipt, a change before the deadline,
// a refusal after it, and the proposals in the evaluation and the status.
TEST_F(ApplicationTest, ApplicantsApplyInFrenchAndArabicAndEditUntilTheDeadlineInABrowser) {
  ASSERT_TRUE(Browser::available()) << "Chromium is not installed: run scripts/install-deps.sh";
  SHORTLIST_NEEDS_WEB_TOOLS();
  const std::string site = "http://127.0.0.1:" + std::to_string(server_->port());
  Browser browser;
  for (const std::string language : {"en", "es"}) {
    browser.open(site + "/apply?lang=" + language);
    EXPECT_ACCESSIBLE(browser);
    browser.screenshot("apply-" + language);
  }

  browser.set_accept_language("fr-FR,fr;q=0.9");
  browser.open(site + "/apply");
  EXPECT_EQ(browser.run("document.documentElement.lang"), "fr");
  EXPECT_EQ(browser.text("h1"), "Déposer une candidature en ligne");
  EXPECT_ACCESSIBLE(browser);
  browser.screenshot("apply-fr");
  // A mistake first: shown beside its field, the rest kept.
  std::map<std::string, std::string> french = french_application();
  french["applicant.country"] = "Sénégal";
  fill(browser, french);
  browser.submit("form[enctype]");
  EXPECT_THAT(browser.text("#f-applicant-country-problem"), HasSubstr("n’est pas un code de pays"));
  EXPECT_EQ(browser.run("document.querySelector('#f-title').value"),
            "Commerce numérique pour les coopératives de femmes");
  EXPECT_ACCESSIBLE(browser);
  browser.screenshot("apply-fr-problems");
  fill(browser, {{"applicant.country", "SN"}});
  browser.submit("form[enctype]");
  EXPECT_EQ(browser.text("h1"), "Votre candidature a bien été reçue");
  const std::string french_code = browser.text("#receipt-code");
  const std::string french_key = browser.text("#receipt-key");
  EXPECT_EQ(french_code.size(), 14u);
  EXPECT_EQ(french_key.size(), 32u);
  EXPECT_THAT(browser.text("main"), HasSubstr("Conservez cette clé"));
  EXPECT_ACCESSIBLE(browser);
  browser.screenshot("receipt-fr");

  browser.set_accept_language("ar");
  browser.open(site + "/apply");
  EXPECT_EQ(browser.run("document.documentElement.dir"), "rtl");
  EXPECT_EQ(browser.run("getComputedStyle(document.querySelector('main')).direction"), "rtl");
  EXPECT_ACCESSIBLE(browser);
  browser.screenshot("apply-ar");
  fill(browser, arabic_application());
  browser.submit("form[enctype]");
  EXPECT_EQ(browser.text("h1"), "تم استلام طلبكم");
  const std::string arabic_code = browser.text("#receipt-code");
  EXPECT_EQ(arabic_code.size(), 14u);
  EXPECT_ACCESSIBLE(browser);
  // Nothing sticks out of the page, on either side.
  EXPECT_EQ(browser.run("[...document.querySelectorAll('body *')].filter(e => { const r = "
                        "e.getBoundingClientRect(); return r.left < -1 || r.right > "
                        "document.documentElement.clientWidth + 1; }).map(e => e.tagName + '.' + "
                        "e.className + ':' + Math.round(e.getBoundingClientRect().left) + ',' + "
                        "Math.round(e.getBoundingClientRect().right)).join(' ')"),
            "");
  EXPECT_EQ(browser.run("String(document.documentElement.scrollWidth <= "
                        "document.documentElement.clientWidth)"),
            "true");
  browser.screenshot("receipt-ar");

  // Before the deadline: the French applicant opens the application with
  // its key and changes the summary.
  browser.set_accept_language("fr");
  set_now("2026-05-31T23:00:00-04:00");
  browser.open(site + "/apply");
  browser.run("document.querySelector('#edit-code').value = '" + french_code + "'");
  browser.run("document.querySelector('#edit-key').value = '" + french_key + "'");
  browser.submit("section form");
  EXPECT_EQ(browser.run("document.querySelector('#f-summary').value"),
            "Former les coopératives de femmes au commerce en ligne.");
  fill(browser, {{"summary", "Former trois cents coopératives de femmes au commerce en ligne."}});
  browser.submit("form[enctype]");
  EXPECT_EQ(browser.text("h1"), "Vos modifications ont été enregistrées");
  EXPECT_THAT(browser.text("main"), HasSubstr("La version 2 de votre candidature"));

  // After it: refused, with the date.
  set_now("2026-06-01T04:00:01Z");
  browser.open(site + "/apply");
  EXPECT_THAT(browser.text("main"),
              HasSubstr("Les candidatures sont closes depuis le 1 juin 2026"));
  EXPECT_EQ(browser.run("document.querySelectorAll('form[enctype]').length"), "0");
  Reply late = ask("PUT", "/api/v1/applications/" + french_code, application_json(),
                   {{"X-Edit-Key", french_key}});
  EXPECT_EQ(late.status, 403);

  // Both are in the call's evaluation and in their status.
  RunResult evaluated =
      run_shortlist({"evaluate", "--db", uri_, "--call", "dc-2026", "--format", "json"});
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;
  EXPECT_THAT(evaluated.out, HasSubstr("Commerce numérique pour les coopératives de femmes"));
  EXPECT_THAT(evaluated.out, HasSubstr("التجارة الرقمية للحرفيين"));
  RunResult status = run_shortlist({"status", arabic_code, "--db", uri_, "--lang", "ar"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("التجارة الرقمية للحرفيين"));
}

}  // namespace
}  // namespace shortlist::testing
