#include "core/server/database_pool.h"

namespace shortlist::server {

Expected<DatabasePool::Lease> DatabasePool::lease() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    returned_.wait(lock, [&] { return !free_.empty() || open_ < size_; });
    if (!free_.empty()) {
      std::unique_ptr<Pooled> entry = std::move(free_.back());
      free_.pop_back();
      return Lease(this, std::move(entry));
    }
    ++open_;
  }
  Expected<store::Database> opened = store::Database::open(uri_);
  if (!opened) {
    const std::lock_guard<std::mutex> lock(mutex_);
    --open_;
    returned_.notify_one();
    return std::move(opened).take_problems();
  }
  return Lease(this, std::make_unique<Pooled>(Pooled{std::move(opened).value()}));
}

void DatabasePool::give_back(std::unique_ptr<Pooled> entry) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(entry));
  }
  returned_.notify_one();
}

}  // namespace shortlist::server
