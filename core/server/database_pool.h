// Connections to the store shared by the server's threads: each request
// leases one for its duration. A connection is opened when none is free, up
// to `size`; beyond that a request waits for one to come back. Work
// prepared for a connection (a statement) is kept with it.
//
//   DatabasePool pool("sqlite:shortlist.db", 8);
//   Expected<DatabasePool::Lease> db = pool.lease();
//   store::find_by_tracking_code(**db, code);
//   db->kept<store::TrackingCodeLookup>().find(code);   // prepared once per connection
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <typeindex>
#include <vector>

#include "core/store/database.h"
#include "core/util/diagnostic.h"

namespace shortlist::server {

class DatabasePool {
 public:
  DatabasePool(std::string uri, std::size_t size) : uri_(std::move(uri)), size_(size) {}

  // A connection and what was prepared for it.
  struct Pooled {
    store::Database db;
    std::map<std::type_index, std::shared_ptr<void>> kept = {};
  };

  class Lease {
   public:
    Lease(DatabasePool* pool, std::unique_ptr<Pooled> entry)
        : pool_(pool), entry_(std::move(entry)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (entry_) pool_->give_back(std::move(entry_));
    }
    store::Database& operator*() { return entry_->db; }
    // The T made for this connection (T(store::Database&)), made on first use.
    template <class T>
    T& kept() {
      std::shared_ptr<void>& slot = entry_->kept[std::type_index(typeid(T))];
      if (!slot) slot = std::make_shared<T>(entry_->db);
      return *static_cast<T*>(slot.get());
    }

   private:
    DatabasePool* pool_;
    std::unique_ptr<Pooled> entry_;
  };

  // A connection; a problem when the store cannot be opened.
  Expected<Lease> lease();

 private:
  void give_back(std::unique_ptr<Pooled> entry);

  std::string uri_;
  std::size_t size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Pooled>> free_;
  std::size_t open_ = 0;
};

}  // namespace shortlist::server
