// The HTML report rendered by a real headless Chromium: what the browser
// builds from the file is what a jury member would print.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "browser.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kChromium = "/usr/bin/chromium";

// Runs headless Chromium on a local file with `mode` ("--dump-dom" or
// "--screenshot=..."), returning what it printed on standard output.
std::string chromium(const fs::path& page, const std::string& mode) {
  TempDir profile;
  RunResult run = run_process(
      kChromium,
      {"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
       "--disable-background-networking", "--disable-component-update", "--disable-sync",
       "--user-data-dir=" + profile.path().string(), "--window-size=1200,1600", mode,
       "file://" + page.string()},
      profile.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return run.out;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

// Under blind review (`jury: {blind: true}`, as in the bundled criteria) the
// report is the jury's: a proposal whose title, summary and sections name
// its applicant by name, acronym and e-mail domain shows none of them, and
// the applicant column keeps only the country. With `blind: false` the
// organisers' report names them.
TEST(HtmlReport, UnderBlindReviewNamesNoApplicant) {
  TempDir dir;
  const fs::path folder = dir.path() / "submissions";
  fs::create_directories(folder);
  for (const auto& entry : fs::directory_iterator(source_dir() / "submissions")) {
    if (entry.is_regular_file()) fs::copy_file(entry.path(), folder / entry.path().filename());
  }
  std::string kisumu = read_file(source_dir() / "submissions/ke-kisumu-chamber-ecert.yaml");
  const std::string title = "title: Paperless certificates of origin for Lake Region exporters";
  ASSERT_NE(kisumu.find(title), std::string::npos);
  kisumu.replace(kisumu.find(title), title.size(),
                 "title: \"Kisumu Regional Chamber of Commerce and Industry (KRCCI): Paperless "
                 "certificates of origin for Lake Region exporters (kisumu-chamber.example.org)\"");
  dir.write("submissions/ke-kisumu-chamber-ecert.yaml", kisumu);
  std::string criteria = read_file(source_dir() / "criteria/digital-champions.yaml");
  ASSERT_NE(criteria.find("blind: true"), std::string::npos);
  const fs::path blind = dir.write("blind.yaml", criteria);
  criteria.replace(criteria.find("blind: true"), 11, "blind: false");
  const fs::path open = dir.write("open.yaml", criteria);

  auto report = [&](const fs::path& config) {
    const fs::path page = dir.path() / "report.html";
    RunResult run = run_shortlist({"evaluate", "--criteria", config.string(), "--submissions",
                                   folder.string(), "--format", "html", "--output", page.string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return read_file(page);
  };
  const std::string jury = report(blind);
  EXPECT_THAT(jury, HasSubstr("[withheld]"));
  for (const char* named :
       {"Kisumu Regional Chamber of Commerce and Industry", "KRCCI", "kisumu-chamber.example.org",
        "Kisumu", "Bangladesh Federation of Small Traders and Entrepreneurs"}) {
    EXPECT_THAT(jury, ::testing::Not(HasSubstr(named))) << named;
  }
  EXPECT_THAT(jury, HasSubstr("Lake Region exporters")) << "the rest of the title stays";
  const std::string organisers = report(open);
  EXPECT_THAT(organisers, HasSubstr("Kisumu Regional Chamber of Commerce and Industry (KRCCI)"));
  EXPECT_THAT(organisers, HasSubstr("Bangladesh Federation of Small Traders and Entrepreneurs"));
}

TEST(HtmlReport, RendersInHeadlessChromiumWithEverythingTheJuryNeeds) {
  ASSERT_TRUE(fs::exists(kChromium)) << "Chromium is not installed: run scripts/install-deps.sh";
  TempDir dir;
  const fs::path page = dir.path() / "report.html";
  RunResult run = run_shortlist(
      {"evaluate", "--format", "html", "--language", "fr", "--output", page.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  std::ifstream in(page);
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Self-contained: nothing is fetched, nothing runs.
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)="(https?:)?//)")));
  EXPECT_EQ(html.find("<script"), std::string::npos);

  const std::string dom = chromium(page, "--dump-dom");
  EXPECT_THAT(
      dom,
      HasSubstr("<title>Champions du numérique pour les petites entreprises — appel 2026</title>"));
  EXPECT_THAT(dom, HasSubstr("Complétude du dossier"));  // criterion labels in French
  EXPECT_THAT(dom, HasSubstr("Chaque section exigée est-elle présente"));  // and descriptions
  // One ranking row and one breakdown chart per ranked proposal.
  const std::size_t ranking = dom.find("<table id=\"ranking\">");
  ASSERT_NE(ranking, std::string::npos);
  const std::string table = dom.substr(ranking, dom.find("</table>", ranking) - ranking);
  EXPECT_EQ(count(table, "<tr"), 15u);  // header + 14 proposals
  EXPECT_EQ(count(table, "class=\"shortlisted\""), 5u);
  EXPECT_EQ(count(dom, "<table class=\"breakdown\""), 14u);
  EXPECT_EQ(count(dom, "<rect"), 14u * 6u);
  // Labels are text that wraps, whatever their length, never cut off in a
  // drawing; quoted terms are isolated for right-to-left ones.
  EXPECT_THAT(dom, HasSubstr("<th scope=\"row\">Orientation numérique (part du budget consacrée "
                             "au numérique)</th>"));
  EXPECT_EQ(dom.find("<text"), std::string::npos);
  EXPECT_THAT(dom, HasSubstr("<bdi>'sustainability'</bdi>"));
  EXPECT_THAT(dom, HasSubstr("(fragile)"));
  EXPECT_THAT(dom, HasSubstr("budget.requested / beneficiaries.msmes = "));
  EXPECT_THAT(dom, HasSubstr("cuarenta y ocho mil"));  // the excluded proposal and why

  // Keep a picture of the page with the build, for people to look at.
  const fs::path screenshot = fs::path(SHORTLIST_BINARY).parent_path() / "html-report.png";
  chromium(page, "--screenshot=" + screenshot.string());
  EXPECT_GT(fs::file_size(screenshot), 10000u);
}

TEST(HtmlReport, LaysOutRightToLeftLanguagesRightToLeft) {
  TempDir dir;
  const fs::path page = dir.path() / "report.html";
  RunResult run = run_shortlist({"evaluate", "--format", "html", "--language", "ar", "--output",
                                 page.string(), "--top", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::ifstream in(page);
  std::string head(200, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  EXPECT_THAT(head, HasSubstr("<html lang=\"ar\" dir=\"rtl\">"));
}

// The check itself: a page with an image no screen reader can name fails it.
TEST(Accessibility, FindsAnImageWithoutAlternativeText) {
  ASSERT_TRUE(Browser::available()) << "Chromium is not installed: run scripts/install-deps.sh";
  SHORTLIST_NEEDS_WEB_TOOLS();
  TempDir dir;
  const fs::path page =
      dir.write("page.html",
                "<!doctype html><html lang=\"en\"><head><title>Logo</title></head><body><main>"
                "<h1>Logo</h1><img src=\"logo.png\"></main></body></html>");
  Browser browser;
  browser.open("file://" + page.string());
  const std::vector<AccessibilityViolation> found = serious(browser.check_accessibility());
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].rule, "image-alt");
  EXPECT_EQ(found[0].impact, "critical");
  EXPECT_THAT(describe(found), HasSubstr("critical image-alt: Images must have alternative text"));
}

// axe-core on the report in every language there are messages for, as a
// jury member's browser opens the file.
TEST(HtmlReport, HasNoSeriousAccessibilityViolationInAnyLanguage) {
  ASSERT_TRUE(Browser::available()) << "Chromium is not installed: run scripts/install-deps.sh";
  SHORTLIST_NEEDS_WEB_TOOLS();
  TempDir dir;
  Browser browser;
  for (const std::string& language : message_languages()) {
    SCOPED_TRACE(language);
    const fs::path page = dir.path() / ("report-" + language + ".html");
    RunResult run = run_shortlist(
        {"evaluate", "--format", "html", "--language", language, "--output", page.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    browser.open("file://" + page.string());
    EXPECT_EQ(browser.run("document.querySelectorAll('main h1, main #ranking').length"), "2");
    EXPECT_ACCESSIBLE(browser);
    browser.screenshot("report-" + language);
  }
}

}  // namespace
}  // namespace shortlist::testing
