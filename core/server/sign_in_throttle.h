// Exponential back-off on signing in to one account, whatever address the
// attempts come from (the per-address RateLimiter cannot see an attacker
// who spreads guesses over many addresses).
//
// Every attempt counts until one succeeds. The first kFreeAttempts are
// answered at once; after the n-th attempt (n >= kFreeAttempts) the next
// waits 2^(n - kFreeAttempts + 1) seconds — 2, 4, 8, ... — capped at
// kLongestWait. Attempts refused while waiting are not counted, so a
// waiting account is never pushed further out: an attacker can delay an
// organiser by at most kLongestWait after their last counted guess, never
// lock them out. A day without attempts forgets the account's count.
//
// The password of an attempt refused here is never checked: the answer
// cannot tell a right password from a wrong one.
//
//   SignInThrottle throttle;
//   if (auto wait = throttle.take(name, now)) return 401 with Retry-After: *wait;
//   if (signed_in) throttle.succeeded(name);
//   else retry_after = throttle.wait(name, now);
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace shortlist::server {

class SignInThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kFreeAttempts = 5;
  static constexpr std::chrono::seconds kLongestWait = std::chrono::minutes(15);
  static constexpr std::chrono::hours kForgetAfter = std::chrono::hours(24);

  // Counts an attempt on `account`: nullopt when it may go ahead, else the
  // whole seconds until one may (and it is not counted).
  std::optional<int> take(const std::string& account, Clock::time_point now);
  // The whole seconds until the next attempt on `account` may go ahead;
  // nullopt when it may now.
  std::optional<int> wait(const std::string& account, Clock::time_point now);
  // The account's count starts again.
  void succeeded(const std::string& account);

 private:
  struct Attempts {
    int count = 0;
    Clock::time_point last{};
    Clock::time_point next{};  // no attempt before this
  };
  void forget_idle(Clock::time_point now);

  std::mutex mutex_;
  std::unordered_map<std::string, Attempts> accounts_;
  Clock::time_point last_sweep_{};
};

}  // namespace shortlist::server
