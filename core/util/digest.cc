#include "core/util/digest.h"

#include <Poco/Crypto/DigestEngine.h>
#include <Poco/DigestStream.h>
#include <Poco/StreamCopier.h>

#include <fstream>

namespace shortlist {

std::string sha256_hex(std::string_view bytes) {
  Poco::Crypto::DigestEngine engine("SHA256");
  engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::optional<std::string> sha256_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  Poco::Crypto::DigestEngine engine("SHA256");
  Poco::DigestOutputStream digest(engine);
  Poco::StreamCopier::copyStream(in, digest);
  digest.flush();
  if (in.bad()) return std::nullopt;
  return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace shortlist
