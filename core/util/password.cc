#include "core/util/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/random.h>
#include <zxcvbn.h>

#include <cerrno>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace shortlist {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kKeyBytes = 32;

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
  return out;
}

std::string derive(std::string_view password, const std::string& salt, int iterations) {
  unsigned char key[kKeyBytes];
  const int derived =
      PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(), kKeyBytes, key);
  // OpenSSL keeps state per thread (its error queue) until the thread ends;
  // the web service's threads live as long as the process, and sign-ins
  // are rare: let it go now.
  OPENSSL_thread_stop();
  if (derived != 1) throw std::runtime_error("PBKDF2 failed");
  return to_hex(key, kKeyBytes);
}

}  // namespace

std::string random_hex(std::size_t size) {
  // The kernel's source directly: no generator state kept per thread.
  std::vector<unsigned char> bytes(size);
  for (std::size_t filled = 0; filled < size;) {
    const ssize_t got = getrandom(bytes.data() + filled, size - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw std::runtime_error("the system's secure random source failed");
    filled += static_cast<std::size_t>(got);
  }
  return to_hex(bytes.data(), size);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const bool made = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         mac, &size) != nullptr;
  // As in derive(): the state OpenSSL keeps for this thread goes now, not
  // when a web service thread ends with the process.
  OPENSSL_thread_stop();
  if (!made) throw std::runtime_error("HMAC-SHA256 failed");
  return to_hex(mac, size);
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hash_password(std::string_view password, int iterations) {
  const std::string salt = random_hex(kSaltBytes);
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + salt + "$" +
         derive(password, salt, iterations);
}

bool verify_password(std::string_view password, const std::string& stored) {
  std::istringstream parts(stored);
  std::string scheme, iterations, salt, key;
  if (!std::getline(parts, scheme, '$') || scheme != "pbkdf2-sha256" ||
      !std::getline(parts, iterations, '$') || !std::getline(parts, salt, '$') ||
      !std::getline(parts, key)) {
    return false;
  }
  int rounds = 0;
  try {
    rounds = std::stoi(iterations);
  } catch (const std::exception&) {
    return false;
  }
  if (rounds < 1 || rounds > 100000000) return false;
  return equal_in_constant_time(derive(password, salt, rounds), key);
}

std::string weak_password_reason(std::string_view password,
                                 const std::vector<std::string>& related) {
  if (password.size() < 12) return "a password needs at least 12 characters";
  if (password.size() > 1024) return "a password may have at most 1024 characters";
  // 10^10 guesses: beyond an online attacker held back per account, and
  // days of a GPU against a stolen PBKDF2 hash of 600,000 iterations.
  constexpr double kLeastBits = 33.2;  // log2(10^10)
  std::vector<const char*> words;
  for (const std::string& word : related) {
    if (!word.empty()) words.push_back(word.c_str());
  }
  words.push_back("shortlist");
  words.push_back(nullptr);
  // The estimate's cost grows with the length; what the first 256 bytes are
  // worth is what a longer password is worth at least.
  const std::string measured(password.substr(0, 256));
  const double bits = ZxcvbnMatch(measured.c_str(), words.data(), nullptr);
  if (bits < kLeastBits) {
    return "this password is too easy to guess: it is, or is built from, common or breached "
           "passwords, words, names or keyboard patterns (about 10^" +
           std::to_string(static_cast<int>(std::floor(bits * std::log10(2.0)))) +
           " guesses; at least 10^10 are needed). A few unrelated words make a better one";
  }
  return "";
}

}  // namespace shortlist
