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

}  // namespace
}  // namespace shortlist::plugin_host
