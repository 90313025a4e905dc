// Connections to the store shared by the server's threads: each request
// leases one for its duration. A connection is opened when none is free, up
// to `size`; beyond that a request waits for one to come back.
//
//   DatabasePool pool("sqlite:shortlist.db", 8);
//   Expected<DatabasePool::Lease> db = pool.lease();
//   store::find_by_tracking_code(**db, code);
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/store/database.h"
#include "core/util/diagnostic.h"

namespace shortlist::server {

class DatabasePool {
 public:
  DatabasePool(std::string uri, std::size_t size) : uri_(std::move(uri)), size_(size) {}

  class Lease {
   public:
    Lease(DatabasePool* pool, std::unique_ptr<store::Database> db)
        : pool_(pool), db_(std::move(db)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_) pool_->give_back(std::move(db_));
    }
    store::Database& operator*() { return *db_; }
    store::Database* operator->() { return db_.get(); }

   private:
    DatabasePool* pool_;
    std::unique_ptr<store::Database> db_;
  };

  // A connection; a problem when the store cannot be opened.
  Expected<Lease> lease();

 private:
  void give_back(std::unique_ptr<store::Database> db);

  std::string uri_;
  std::size_t size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<store::Database>> free_;
  std::size_t open_ = 0;
};

}  // namespace shortlist::server
