// libFuzzer target: raw bytes sent to `shortlist serve` over a real socket,
// then the connection half-closed. The server (on a fresh SQLite store, the
// bundled criteria) runs in this process, so its code is what the fuzzer
// measures coverage of; after each input it must still answer a health
// check.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/cli/data_paths.h"
#include "core/criteria/call_config.h"
#include "core/server/server.h"
#include "core/server/site.h"

namespace {

namespace fs = std::filesystem;
using namespace shortlist;

std::unique_ptr<server::Site> site;
std::unique_ptr<server::Server> http;

// Sends `bytes`, half-closes, and reads the answer until the server closes.
std::string exchange(const std::string& bytes) {
  Poco::Net::StreamSocket socket;
  socket.connect(Poco::Net::SocketAddress("127.0.0.1", http->port()));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  if (!bytes.empty()) socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  socket.shutdownSend();
  std::string answer;
  char buffer[4096];
  for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) answer.append(buffer, n);
  return answer;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const fs::path dir =
      fs::temp_directory_path() / ("shortlist-http-fuzz-" + std::to_string(getpid()));
  fs::create_directories(dir);
  server::SiteSettings settings{"sqlite:" + (dir / "shortlist.db").string(),
                                cli::bundled_messages_dir(), cli::bundled_data("web/static"), 2,
                                1000000};
  Expected<CallConfig> config =
      load_call_config(cli::bundled_data("criteria/digital-champions.yaml"));
  if (!config) std::abort();
  settings.config = std::move(config).value();
  site = std::make_unique<server::Site>(std::move(settings));
  server::ServerSettings server_settings;
  server_settings.port = 0;
  server_settings.threads = 4;
  http = std::make_unique<server::Server>(*site, server_settings);
  http->start();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    exchange(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const Poco::Exception&) {
    // The server may drop a connection it refuses; the health check says
    // whether it is still serving.
  }
  const std::string health = exchange("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
  if (health.rfind("HTTP/1.1 200", 0) != 0) std::abort();
  return 0;
}
