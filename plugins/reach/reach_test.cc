// The reach plugin through its real shared library, on the bundled
// submissions (English, French, Spanish) and on hand-made proposals.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "plugins/bundled_plugin_test.h"

namespace shortlist {
namespace {

class Reach : public BundledPluginTest {
 protected:
  Expected<PluginInstance> make(const std::string& measure, const std::string& params = "{}") {
    return BundledPluginTest::make("reach", measure, params);
  }

  std::map<std::string, Proposal> bundled_ = bundled_by_id();
};

TEST_F(Reach, WeighsMsmesOnALogScaleUpForWomenLedFirmsAndLeastDevelopedCountries) {
  Expected<PluginInstance> reach = make("");
  ASSERT_TRUE(reach) << reach.problems()[0].message;
  CriterionScore kisumu = reach->score(bundled_.at("ke-kisumu-ecert"));
  ASSERT_TRUE(kisumu.ok()) << kisumu.error;
  EXPECT_NEAR(*kisumu.raw, std::log10(901) * 1.2, 1e-9);
  // Every number says what it is: no bare "2.95 x 1.2 x 1".
  EXPECT_EQ(kisumu.explanation,
            "900 MSMEs reached, 360 women-led (40%), no least developed country: "
            "reach 3.55 = log scale of MSMEs 2.95 (log10(1 + 900)) x women-led factor 1.2 "
            "(1 + 0.5 x 40%) x least-developed factor 1 (1 + 0.25 x 0%)");
  // Senegal is a least developed country: the bonus applies.
  CriterionScore senegal = reach->score(bundled_.at("sn-afesor-ecommerce"));
  EXPECT_THAT(senegal.explanation, ::testing::HasSubstr("least developed: SN (1 of 1)"));
  EXPECT_THAT(senegal.explanation,
              ::testing::HasSubstr(" x least-developed factor 1.25 (1 + 0.25 x 100%)"));
}

TEST_F(Reach, GivesEachMeasureAlone) {
  Proposal p = bundled_.at("ke-kisumu-ecert");
  EXPECT_NEAR(*make("msmes")->score(p).raw, std::log10(901), 1e-12);
  EXPECT_DOUBLE_EQ(*make("women_led_share")->score(p).raw, 0.4);
  EXPECT_EQ(*make("ldc_focus")->score(p).raw, 0);
  p.fields["fields.countries"] = std::string("KE, UG; RW TZ");
  CriterionScore region = make("ldc_focus", R"({"countries_field": "fields.countries"})")->score(p);
  EXPECT_DOUBLE_EQ(*region.raw, 0.75);
  EXPECT_EQ(region.explanation, "least developed: UG, RW, TZ (3 of 4)");
  p.fields.erase("beneficiaries.msmes");
  EXPECT_EQ(make("")->score(p).missing_reason, "the proposal gives no beneficiaries.msmes");
}

TEST_F(Reach, TakesTheOrganisersOwnListOfLeastDevelopedCountries) {
  CriterionScore s = make("ldc_focus", R"({"ldc": ["KE"]})")->score(bundled_.at("ke-kisumu-ecert"));
  EXPECT_EQ(*s.raw, 1);
  EXPECT_EQ(make("", R"({"ldc": ["Kenya"]})").problems()[0].message,
            "plugin 'reach' refused its params: ldc must list ISO 3166-1 alpha-2 codes");
}

}  // namespace
}  // namespace shortlist
