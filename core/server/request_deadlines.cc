#include "core/server/request_deadlines.h"

#include <Poco/Net/SecureServerSocketImpl.h>
#include <Poco/Net/ServerSocketImpl.h>

#include <utility>

namespace shortlist::server {
namespace {

// ServerSocket's constructor from an implementation is protected.
class ListeningSocket : public Poco::Net::ServerSocket {
 public:
  explicit ListeningSocket(Poco::Net::SocketImpl* impl) : Poco::Net::ServerSocket(impl, true) {}
};

}  // namespace

RequestDeadlines::RequestDeadlines(std::chrono::milliseconds limit, std::size_t max_per_address)
    : limit_(limit), max_per_address_(max_per_address), sweeper_([this] { sweep(); }) {}

RequestDeadlines::~RequestDeadlines() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  sweeper_.join();
  for (auto& [socket, watched] : watched_) socket->release();
}

Poco::Net::ServerSocket RequestDeadlines::listen(const Poco::Net::SocketAddress& address,
                                                 Poco::Net::Context::Ptr context) {
  Poco::Net::SocketImpl* impl =
      context ? static_cast<Poco::Net::SocketImpl*>(new Poco::Net::SecureServerSocketImpl(context))
              : new Poco::Net::ServerSocketImpl;
  ListeningSocket socket(impl);
  socket.bind(address, true);
  socket.listen(64);
  return socket;
}

bool RequestDeadlines::accepted(Poco::Net::SocketImpl* socket, const std::string& address) {
  std::lock_guard lock(mutex_);
  if (max_per_address_ > 0) {
    // Open: still held by its connection (or its place in the queue), not
    // only by this watch.
    std::size_t open = 0;
    for (const auto& [other, watched] : watched_) {
      open += watched.address == address && other->referenceCount() > 1 ? 1 : 0;
    }
    if (open >= max_per_address_) return false;
  }
  socket->duplicate();
  watched_[socket] = {std::chrono::steady_clock::now() + limit_, true, address};
  return true;
}

void RequestDeadlines::received(Poco::Net::SocketImpl* socket) { arm(socket, false); }

void RequestDeadlines::answered(Poco::Net::SocketImpl* socket) { arm(socket, true); }

void RequestDeadlines::arm(Poco::Net::SocketImpl* socket, bool armed) {
  std::lock_guard lock(mutex_);
  const auto it = watched_.find(socket);
  if (it == watched_.end()) return;
  it->second.deadline = std::chrono::steady_clock::now() + limit_;
  it->second.armed = armed;
}

void RequestDeadlines::sweep() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(100));
    const auto now = std::chrono::steady_clock::now();
    for (auto it = watched_.begin(); it != watched_.end();) {
      Poco::Net::SocketImpl* socket = it->first;
      if (socket->referenceCount() == 1) {  // the connection is over
        socket->release();
        it = watched_.erase(it);
        continue;
      }
      if (it->second.armed && now > it->second.deadline) {
        it->second.armed = false;
        try {
          socket->shutdown();
        } catch (const Poco::Exception&) {
          // Already closed by its connection.
        }
      }
      ++it;
    }
  }
}

}  // namespace shortlist::server
