// Deadlines for slow clients. Poco gives each connection a thread and drops
// one that stays silent past its timeout, but a client sending a byte every
// few seconds would hold its thread for ever, and a few dozen such clients
// would hold them all (slowloris). Here every request gets a deadline from
// the moment its connection is accepted, or its previous answer sent, until
// the whole request has arrived; past it the connection is shut down, and
// its thread goes to the next client. And no address holds more than its
// share of the connections: past `max_per_address` open at once, a new one
// from that address is closed as soon as it is accepted, before it takes a
// thread, so that one client's slow connections leave threads for others.
//
//   RequestDeadlines deadlines(std::chrono::seconds(10), 8);
//   Poco::Net::ServerSocket socket = deadlines.listen(address, tls_context);
//   deadlines.accepted(socket_impl, "192.0.2.7");  // false: too many from there, close it
//   deadlines.received(socket_impl);   // in the handler, once the body is read
//   deadlines.answered(socket_impl);   // after the answer: the next request's deadline
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/SocketImpl.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace shortlist::server {

class RequestDeadlines {
 public:
  // `max_per_address` 0: no cap.
  RequestDeadlines(std::chrono::milliseconds limit, std::size_t max_per_address);
  ~RequestDeadlines();
  RequestDeadlines(const RequestDeadlines&) = delete;
  RequestDeadlines& operator=(const RequestDeadlines&) = delete;

  // A listening socket; over TLS when `context` is given.
  static Poco::Net::ServerSocket listen(const Poco::Net::SocketAddress& address,
                                        Poco::Net::Context::Ptr context);

  // Accepted from `address`: the first request's deadline starts. False,
  // and not watched, when `address` already has its most connections open.
  bool accepted(Poco::Net::SocketImpl* socket, const std::string& address);
  // The whole request has arrived: no deadline while it is answered.
  void received(Poco::Net::SocketImpl* socket);
  // Answered: the next request on the connection has its deadline.
  void answered(Poco::Net::SocketImpl* socket);

 private:
  struct Watched {
    std::chrono::steady_clock::time_point deadline;
    bool armed = true;
    std::string address;
  };
  void arm(Poco::Net::SocketImpl* socket, bool armed);
  void sweep();

  const std::chrono::milliseconds limit_;
  const std::size_t max_per_address_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  // Each watched socket holds a reference, let go once the connection has
  // let go of its own.
  std::unordered_map<Poco::Net::SocketImpl*, Watched> watched_;
  std::thread sweeper_;
};

}  // namespace shortlist::server
