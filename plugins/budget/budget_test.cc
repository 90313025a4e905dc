// The budget plugin through its real shared library.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugins/bundled_plugin_test.h"

namespace shortlist {
namespace {

using ::testing::HasSubstr;

Proposal costing(const std::string& id, double requested, double msmes,
                 const std::string& currency = "USD", double total = 0) {
  Proposal p;
  p.id = id;
  p.title = id;
  p.fields["budget.requested"] = requested;
  p.fields["budget.total"] = total > 0 ? total : requested * 1.25;
  p.fields["budget.currency"] = currency;
  p.fields["beneficiaries.msmes"] = msmes;
  return p;
}

class Budget : public BundledPluginTest {
 protected:
  Expected<PluginInstance> make(const std::string& measure, const std::string& params) {
    return BundledPluginTest::make("budget", measure, params);
  }
};

TEST_F(Budget, GivesTheCostPerMsmeInTheCallsCurrency) {
  Expected<PluginInstance> budget = make("", R"({"currency": "USD", "rates": {"EUR": 1.08}})");
  ASSERT_TRUE(budget) << budget.problems()[0].message;
  CriterionScore usd = budget->score(costing("ke", 110000, 900));
  EXPECT_NEAR(*usd.raw, 122.2222222, 1e-6);
  EXPECT_EQ(usd.explanation, "requested 110000 USD for 900 MSMEs: 122.22 USD per MSME");
  CriterionScore eur = budget->score(costing("fr", 50000, 500, "EUR"));
  EXPECT_DOUBLE_EQ(*eur.raw, 108);
  EXPECT_EQ(eur.explanation,
            "requested 54000 USD (from 50000 EUR at 1.08) for 500 MSMEs: 108 USD per MSME");
  EXPECT_EQ(budget->score(costing("sn", 1000, 10, "XOF")).missing_reason,
            "no rate for XOF in params.rates (to USD)");
  EXPECT_EQ(budget->score(costing("x", 1000, 10, "DOLLARS")).missing_reason,
            "budget.currency 'DOLLARS' is not an ISO 4217 currency code");
}

TEST_F(Budget, FlagsAnOutlierAgainstTheCall) {
  Expected<PluginInstance> budget = make("", "{}");
  std::vector<Proposal> call = {costing("a", 10000, 100), costing("b", 12000, 100),
                                costing("c", 9000, 100),  costing("d", 11000, 100),
                                costing("e", 10500, 100), costing("f", 200000, 100)};
  ASSERT_EQ(budget->run_corpus_pass(call), "");
  EXPECT_THAT(budget->score(call[5]).explanation,
              HasSubstr("2000 USD per MSME — an outlier, 127.6 robust deviations above the "
                        "call's median of 107.5 USD"));
  EXPECT_THAT(budget->score(call[0]).explanation, ::testing::Not(HasSubstr("outlier")));
}

TEST_F(Budget, GivesTheRequestedShareOfTheTotal) {
  CriterionScore s = make("requested_share", "{}")->score(costing("a", 90000, 10, "USD", 120000));
  EXPECT_DOUBLE_EQ(*s.raw, 0.75);
  EXPECT_EQ(s.explanation, "requested 90000 USD of a total of 120000 USD: 75%");
}

TEST_F(Budget, ScoresTheBundledSubmissions) {
  Expected<PluginInstance> budget = make("", "{}");
  ingest::Submissions batch = ingest::read_submissions({testing::source_dir() / "submissions"});
  ASSERT_EQ(budget->run_corpus_pass(batch.proposals), "");
  for (const Proposal& p : batch.proposals) {
    CriterionScore s = budget->score(p);
    ASSERT_TRUE(s.ok()) << p.id << ": " << s.missing_reason << s.error;
    EXPECT_THAT(s.explanation, HasSubstr(" USD per MSME"));
  }
}

TEST_F(Budget, RefusesCodesThatAreNotCurrencies) {
  EXPECT_EQ(make("", R"({"currency": "EUX"})").problems()[0].message,
            "plugin 'budget' refused its params: currency 'EUX' is not an ISO 4217 currency code");
  EXPECT_EQ(make("", R"({"rates": {"XBT": 40000}})").problems()[0].message,
            "plugin 'budget' refused its params: rates: 'XBT' is not an ISO 4217 currency code");
  EXPECT_EQ(make("", R"({"rates": {"EUR": 0}})").problems()[0].message,
            "plugin 'budget' refused its params: rates.EUR must be a number above 0");
}

}  // namespace
}  // namespace shortlist
