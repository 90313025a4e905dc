#include "core/util/digest.h"

#include <Poco/Crypto/DigestEngine.h>
#include <Poco/Crypto/OpenSSLInitializer.h>
#include <Poco/DigestStream.h>
#include <Poco/StreamCopier.h>

#include <fstream>

namespace shortlist {

namespace {

// Each DigestEngine holds Poco's OpenSSL initialiser, which sets up OpenSSL
// when its count of holders rises from 0 and tears it down when it falls
// back, without a lock: engines made and dropped on several threads at once
// race there. One holder kept for the life of the process keeps the count
// above 0.
Poco::Crypto::DigestEngine sha256_engine() {
  static const Poco::Crypto::OpenSSLInitializer kept;
  return Poco::Crypto::DigestEngine("SHA256");
}

}  // namespace

std::vector<unsigned char> sha256(std::string_view bytes) {
  Poco::Crypto::DigestEngine engine = sha256_engine();
  engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return engine.digest();
}

std::string sha256_hex(std::string_view bytes) {
  return Poco::DigestEngine::digestToHex(sha256(bytes));
}

std::optional<std::string> sha256_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  Poco::Crypto::DigestEngine engine = sha256_engine();
  Poco::DigestOutputStream digest(engine);
  Poco::StreamCopier::copyStream(in, digest);
  digest.flush();
  if (in.bad()) return std::nullopt;
  return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace shortlist
