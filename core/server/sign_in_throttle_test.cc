#include "core/server/sign_in_throttle.h"

#include <gtest/gtest.h>

namespace shortlist::server {
namespace {

using std::chrono::seconds;

TEST(SignInThrottle, LetsFiveAttemptsThroughThenDoublesTheWaitUpToItsCap) {
  SignInThrottle throttle;
  const auto t0 = SignInThrottle::Clock::now();
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(throttle.take("ana", t0)) << i;
  EXPECT_FALSE(throttle.wait("ana", t0));
  EXPECT_FALSE(throttle.take("ana", t0)) << "the fifth goes ahead";
  EXPECT_EQ(throttle.wait("ana", t0), 2);
  EXPECT_EQ(throttle.take("ana", t0 + seconds(1)), 1) << "refused, and not counted";
  EXPECT_FALSE(throttle.take("ana", t0 + seconds(2)));
  EXPECT_EQ(throttle.wait("ana", t0 + seconds(2)), 4);
  EXPECT_FALSE(throttle.take("bo", t0)) << "each account has its own";

  auto at = t0 + seconds(2);
  int longest = 0;
  for (int i = 0; i < 20; ++i) {
    const int wait = *throttle.wait("ana", at);
    longest = std::max(longest, wait);
    at += seconds(wait);
    EXPECT_FALSE(throttle.take("ana", at)) << i;
  }
  EXPECT_EQ(longest, 15 * 60) << "never more than the cap: no lock-out";
  EXPECT_EQ(throttle.wait("ana", at), 15 * 60);

  throttle.succeeded("ana");
  EXPECT_FALSE(throttle.wait("ana", at)) << "a success starts the count again";
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(throttle.take("ana", at)) << i;
  EXPECT_TRUE(throttle.wait("ana", at));
  at += std::chrono::hours(25);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(throttle.take("ana", at)) << "a quiet day forgets";
}

}  // namespace
}  // namespace shortlist::server
