#include "core/server/request_deadlines.h"

#include <Poco/Net/SecureServerSocketImpl.h>
#include <Poco/Net/ServerSocketImpl.h>

#include <utility>

namespace shortlist::server {
namespace {

// A listening socket's implementation that tells the deadlines of every
// connection it accepts.
template <class Base>
class WatchedListener : public Base {
 public:
  template <class... Args>
  explicit WatchedListener(RequestDeadlines& deadlines, Args&&... args)
      : Base(std::forward<Args>(args)...), deadlines_(deadlines) {}

  Poco::Net::SocketImpl* acceptConnection(Poco::Net::SocketAddress& client) override {
    Poco::Net::SocketImpl* socket = Base::acceptConnection(client);
    if (socket != nullptr) deadlines_.accepted(socket);
    return socket;
  }

 private:
  RequestDeadlines& deadlines_;
};

// ServerSocket's constructor from an implementation is protected.
class ListeningSocket : public Poco::Net::ServerSocket {
 public:
  explicit ListeningSocket(Poco::Net::SocketImpl* impl) : Poco::Net::ServerSocket(impl, true) {}
};

}  // namespace

RequestDeadlines::RequestDeadlines(std::chrono::milliseconds limit)
    : limit_(limit), sweeper_([this] { sweep(); }) {}

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
      context ? static_cast<Poco::Net::SocketImpl*>(
                    new WatchedListener<Poco::Net::SecureServerSocketImpl>(*this, context))
              : new WatchedListener<Poco::Net::ServerSocketImpl>(*this);
  ListeningSocket socket(impl);
  socket.bind(address, true);
  socket.listen(64);
  return socket;
}

void RequestDeadlines::accepted(Poco::Net::SocketImpl* socket) {
  std::lock_guard lock(mutex_);
  socket->duplicate();
  watched_[socket] = {std::chrono::steady_clock::now() + limit_, true};
}

void RequestDeadlines::received(Poco::Net::SocketImpl* socket) { arm(socket, false); }

void RequestDeadlines::answered(Poco::Net::SocketImpl* socket) { arm(socket, true); }

void RequestDeadlines::arm(Poco::Net::SocketImpl* socket, bool armed) {
  std::lock_guard lock(mutex_);
  const auto it = watched_.find(socket);
  if (it == watched_.end()) return;
  it->second = {std::chrono::steady_clock::now() + limit_, armed};
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
