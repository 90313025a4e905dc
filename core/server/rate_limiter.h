// A token bucket per key (a client address): `per_minute` requests a
// minute, with bursts of as many. Keys idle for a minute are forgotten, so
// memory stays bounded by the clients of the last minute.
//
//   RateLimiter limiter(30);
//   if (auto wait = limiter.take(client)) return 429 with Retry-After: *wait;
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace shortlist::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}

  // Takes one token for `key`: nullopt when allowed, else the whole seconds
  // to wait before the next one.
  std::optional<int> take(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  int per_minute_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace shortlist::server
