#include "core/ingest/tracking_code.h"

#include <Poco/RandomStream.h>

#include <array>
#include <cctype>

namespace shortlist::ingest {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kBase = kAlphabet.size();
constexpr std::size_t kPayload = 11;

// Luhn mod N over symbol values, rightmost first. With `with_check` the
// rightmost symbol is the check symbol and a valid code sums to 0 mod N.
std::size_t luhn_sum(std::string_view symbols, bool with_check) {
  std::size_t sum = 0;
  bool double_it = !with_check;
  for (auto it = symbols.rbegin(); it != symbols.rend(); ++it) {
    std::size_t value = kAlphabet.find(*it) * (double_it ? 2 : 1);
    sum += value / kBase + value % kBase;
    double_it = !double_it;
  }
  return sum % kBase;
}

std::string grouped(const std::string& symbols) {
  return symbols.substr(0, 4) + "-" + symbols.substr(4, 4) + "-" + symbols.substr(8, 4);
}

}  // namespace

std::string new_tracking_code() {
  Poco::RandomInputStream random;
  std::string symbols;
  while (symbols.size() < kPayload) {
    const int byte = random.get();
    symbols += kAlphabet[static_cast<unsigned>(byte) % kBase];  // 256 = 8 x 32: no bias
  }
  symbols += kAlphabet[(kBase - luhn_sum(symbols, false)) % kBase];
  return grouped(symbols);
}

std::optional<std::string> normalize_tracking_code(std::string_view typed) {
  std::string symbols;
  for (char raw : typed) {
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
    if (c == '-' || c == ' ') continue;
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (kAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    symbols += c;
  }
  if (symbols.size() != kPayload + 1 || luhn_sum(symbols, true) != 0) return std::nullopt;
  return grouped(symbols);
}

}  // namespace shortlist::ingest
