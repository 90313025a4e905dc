// The eligibility plugin through its real shared library.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugins/bundled_plugin_test.h"

namespace shortlist {
namespace {

constexpr const char* kTerms = R"({
  "applicant_types": ["industry_association", "chamber_of_commerce", "ngo"],
  "countries": "wto_members",
  "max_total": 500000,
  "max_requested": 150000,
  "max_requested_share": 0.8,
  "required": ["applicant.name", "applicant.email", "summary"],
  "deadline": "2026-12-31"
})";

class Eligibility : public BundledPluginTest {
 protected:
  Expected<PluginInstance> make(const std::string& params) {
    return BundledPluginTest::make("eligibility", "", params);
  }

  static Proposal applicant(const std::string& type, const std::string& country, double total,
                            double requested) {
    Proposal p;
    p.id = "p";
    p.title = "t";
    p.language = "fr";
    p.summary = "Formation des petites entreprises au commerce en ligne.";
    p.fields["applicant.name"] = std::string("Chambre de commerce de Thiès");
    p.fields["applicant.email"] = std::string("contact@cci-thies.example");
    p.fields["applicant.type"] = type;
    p.fields["applicant.country"] = country;
    p.fields["budget.total"] = total;
    p.fields["budget.requested"] = requested;
    p.fields["fields.submitted_at"] = std::string("2026-11-20");
    return p;
  }
};

TEST_F(Eligibility, PassesAProposalThatMeetsEveryTermAndSaysWhatWasChecked) {
  Expected<PluginInstance> terms = make(kTerms);
  ASSERT_TRUE(terms) << terms.problems()[0].message;
  CriterionScore s = terms->score(applicant("chamber_of_commerce", "SN", 120000, 90000));
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_EQ(*s.raw, 1);
  EXPECT_EQ(s.explanation,
            "eligible: applicant type chamber_of_commerce; country SN (WTO member); total 120000 "
            "within 500000; request 90000 within 150000; request 75% of the total; required "
            "fields present; submitted 2026-11-20 by 2026-12-31");
}

TEST_F(Eligibility, NamesEveryTermAProposalFails) {
  Expected<PluginInstance> terms = make(kTerms);
  Proposal p = applicant("company", "DZ", 600000, 590000);
  p.fields.erase("applicant.email");
  p.fields["fields.submitted_at"] = std::string("2027-01-02T09:30Z");
  CriterionScore s = terms->score(p);
  EXPECT_EQ(*s.raw, 0);
  EXPECT_EQ(s.explanation,
            "applicant type 'company' is not eligible (eligible: chamber_of_commerce, "
            "industry_association, ngo); country DZ is not among WTO members; budget total 600000 "
            "is above the cap of 500000; request 590000 is above the cap of 150000; the request "
            "is 98.3% of the total, above 80%; required fields missing: applicant.email; "
            "submitted 2027-01-02T09:30Z, after the deadline of 2026-12-31");
}

TEST_F(Eligibility, GatesTheBundledSubmissionsWithTheirReasons) {
  Expected<PluginInstance> terms =
      make(R"({"countries": "wto_members", "max_requested_share": 0.8})");
  ingest::Submissions batch = ingest::read_submissions({testing::source_dir() / "submissions"});
  std::map<std::string, std::string> failed;
  for (const Proposal& p : batch.proposals) {
    CriterionScore s = terms->score(p);
    ASSERT_TRUE(s.ok()) << p.id << ": " << s.error;
    if (*s.raw == 0) failed[p.id] = s.explanation;
  }
  EXPECT_EQ(failed.size(), 7u);
  EXPECT_EQ(failed["ht-cap-haitien-formation"], "the request is 100% of the total, above 80%");
  EXPECT_EQ(failed["bd-dhaka-ecommerce"], "the request is 81.1% of the total, above 80%");
}

TEST_F(Eligibility, RefusesParamsThatMakeNoSense) {
  EXPECT_EQ(make(R"({"countries": ["Kenya"]})").problems()[0].message,
            "plugin 'eligibility' refused its params: countries: 'Kenya' is not an ISO 3166-1 "
            "alpha-2 code");
  EXPECT_EQ(make(R"({"deadline": "next Friday"})").problems()[0].message,
            "plugin 'eligibility' refused its params: deadline must be a date, 2026-12-31, or "
            "2026-12-31T18:00Z");
  EXPECT_THAT(make("{}").problems()[0].message, ::testing::HasSubstr("no rule to check"));
  EXPECT_THAT(make(R"({"max_cost": 3})").problems()[0].message,
              ::testing::HasSubstr("unknown param 'max_cost'"));
}

}  // namespace
}  // namespace shortlist
