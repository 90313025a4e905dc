#include "core/plugin_host/host_api.h"

#include <gtest/gtest.h>

namespace shortlist::plugin_host {
namespace {

TEST(HostApi, GivesParamKeysInTheOrderTheyWereWritten) {
  sl_params params = make_params(R"({"zeta": 1, "alpha": {"b": 2, "a": 3}, "mid": "x"})");
  const sl_host_api* host = host_api();
  ASSERT_EQ(host->param_size(&params, ""), 3u);
  EXPECT_STREQ(host->param_key(&params, "", 0), "zeta");
  EXPECT_STREQ(host->param_key(&params, "", 1), "alpha");
  EXPECT_STREQ(host->param_key(&params, "", 2), "mid");
  EXPECT_EQ(host->param_key(&params, "", 3), nullptr);
  EXPECT_STREQ(host->param_key(&params, "alpha", 0), "b");
  double value = 0;
  EXPECT_EQ(host->param_number(&params, "alpha.a", &value), 1);
  EXPECT_EQ(value, 3);
  EXPECT_EQ(host->param_number(&params, "mid", &value), -1);
  EXPECT_EQ(host->param_number(&params, "nothing", &value), 0);
}

TEST(HostApi, GivesEachLanguageOfAProposalAndOfItsSectionsWithItsShare) {
  Proposal proposal;
  proposal.languages = {{"zh", 58}, {"en", 40}};
  proposal.sections.push_back({"activities", "text", "ru", {{"ru", 70}, {"en", 25}}});
  const sl_proposal handle{&proposal};
  const sl_host_api* host = host_api();
  int percent = 0;
  EXPECT_STREQ(host->language_share(&handle, SL_WHOLE_PROPOSAL, 0, &percent), "zh");
  EXPECT_EQ(percent, 58);
  EXPECT_STREQ(host->language_share(&handle, SL_WHOLE_PROPOSAL, 1, &percent), "en");
  EXPECT_EQ(percent, 40);
  EXPECT_EQ(host->language_share(&handle, SL_WHOLE_PROPOSAL, 2, &percent), nullptr);
  EXPECT_STREQ(host->language_share(&handle, 0, 1, &percent), "en");
  EXPECT_EQ(percent, 25);
  EXPECT_EQ(host->language_share(&handle, 1, 0, &percent), nullptr);
}

}  // namespace
}  // namespace shortlist::plugin_host
