#include "core/text/redact.h"

#include <unicode/coll.h>
#include <unicode/stsearch.h>
#include <unicode/tblcoll.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "core/text/internal/icu.h"

namespace shortlist::text {

std::string redact(std::string_view utf8, const std::vector<std::string>& names,
                   std::string_view language, std::string_view placeholder) {
  icu::UnicodeString text = internal::to_unicode(utf8);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> collator(
      icu::Collator::createInstance(icu::Locale(std::string(language).c_str()), status));
  if (U_FAILURE(status)) return std::string(utf8);
  // Secondary strength: case is ignored, accents are not.
  collator->setStrength(icu::Collator::SECONDARY);
  auto* rules = dynamic_cast<icu::RuleBasedCollator*>(collator.get());
  if (rules == nullptr) return std::string(utf8);

  // Longest names first, so that "Kisumu Chamber of Commerce" is hidden
  // whole rather than as "Kisumu Chamber" and a stray remainder.
  std::vector<std::string> ordered;
  for (const std::string& name : names) {
    if (internal::to_unicode(name).countChar32() >= 3) ordered.push_back(name);
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  const icu::UnicodeString replacement = internal::to_unicode(placeholder);
  for (const std::string& name : ordered) {
    status = U_ZERO_ERROR;
    icu::StringSearch search(internal::to_unicode(name), text, rules, nullptr, status);
    if (U_FAILURE(status)) continue;
    std::vector<std::pair<int32_t, int32_t>> matches;
    for (int32_t at = search.first(status); U_SUCCESS(status) && at != USEARCH_DONE;
         at = search.next(status)) {
      matches.push_back({at, search.getMatchedLength()});
    }
    for (auto it = matches.rbegin(); it != matches.rend(); ++it) {
      text.replace(it->first, it->second, replacement);
    }
  }
  return internal::to_utf8(text);
}

}  // namespace shortlist::text
