#include "core/text/internal/icu.h"

#include <map>
#include <memory>
#include <stdexcept>

namespace shortlist::text::internal {

icu::UnicodeString to_unicode(std::string_view utf8) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

std::string to_utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

icu::BreakIterator& break_iterator(std::string_view language, Breaks kind) {
  thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>, std::less<>> cache;
  const std::string key = std::to_string(static_cast<int>(kind)) + ":" + std::string(language);
  auto it = cache.find(key);
  if (it == cache.end()) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale locale(std::string(language).c_str());
    std::unique_ptr<icu::BreakIterator> made(
        kind == Breaks::Words       ? icu::BreakIterator::createWordInstance(locale, status)
        : kind == Breaks::Sentences ? icu::BreakIterator::createSentenceInstance(locale, status)
                                    : icu::BreakIterator::createCharacterInstance(locale, status));
    if (U_FAILURE(status) || !made) {
      throw std::runtime_error(std::string("ICU break iterator unavailable: ") +
                               u_errorName(status));
    }
    it = cache.emplace(key, std::move(made)).first;
  }
  return *it->second;
}

}  // namespace shortlist::text::internal
