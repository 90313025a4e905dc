#include "core/server/sign_in_throttle.h"

#include <algorithm>
#include <cmath>

namespace shortlist::server {
namespace {

int whole_seconds(SignInThrottle::Clock::duration d) {
  return static_cast<int>(std::ceil(std::chrono::duration<double>(d).count()));
}

}  // namespace

void SignInThrottle::forget_idle(Clock::time_point now) {
  if (now - last_sweep_ < std::chrono::minutes(10)) return;
  for (auto it = accounts_.begin(); it != accounts_.end();) {
    it = now - it->second.last > kForgetAfter ? accounts_.erase(it) : std::next(it);
  }
  last_sweep_ = now;
}

std::optional<int> SignInThrottle::take(const std::string& account, Clock::time_point now) {
  const std::lock_guard<std::mutex> lock(mutex_);
  forget_idle(now);
  Attempts& attempts = accounts_[account];
  if (attempts.count > 0 && now - attempts.last > kForgetAfter) attempts = Attempts{};
  if (now < attempts.next) return std::max(1, whole_seconds(attempts.next - now));
  // Counted as failed until it succeeds: attempts running at once each see
  // the wait the others set.
  ++attempts.count;
  attempts.last = now;
  if (attempts.count >= kFreeAttempts) {
    const int exponent = std::min(attempts.count - kFreeAttempts + 1, 30);
    const std::chrono::seconds wait =
        std::min<std::chrono::seconds>(std::chrono::seconds(1LL << exponent), kLongestWait);
    attempts.next = now + wait;
  }
  return std::nullopt;
}

std::optional<int> SignInThrottle::wait(const std::string& account, Clock::time_point now) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = accounts_.find(account);
  if (it == accounts_.end() || now >= it->second.next) return std::nullopt;
  return std::max(1, whole_seconds(it->second.next - now));
}

void SignInThrottle::succeeded(const std::string& account) {
  const std::lock_guard<std::mutex> lock(mutex_);
  accounts_.erase(account);
}

}  // namespace shortlist::server
