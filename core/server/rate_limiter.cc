#include "core/server/rate_limiter.h"

#include <cmath>

namespace shortlist::server {

std::optional<int> RateLimiter::take(const std::string& key, Clock::time_point now) {
  const double rate = per_minute_ / 60.0;  // tokens a second
  const std::lock_guard<std::mutex> lock(mutex_);
  if (now - last_sweep_ > std::chrono::minutes(1)) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = now - it->second.at > std::chrono::minutes(1) ? buckets_.erase(it) : std::next(it);
    }
    last_sweep_ = now;
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{static_cast<double>(per_minute_), now});
  Bucket& bucket = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - bucket.at).count();
    bucket.tokens = std::min<double>(per_minute_, bucket.tokens + elapsed * rate);
    bucket.at = now;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::nullopt;
  }
  return static_cast<int>(std::ceil((1 - bucket.tokens) / rate));
}

}  // namespace shortlist::server
