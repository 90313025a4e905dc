// Messages: the applicant-facing texts of one language, from ICU resource
// bundles compiled from core/messages/bundle/*.txt, formatted with ICU
// MessageFormat (plurals, numbers and dates as the locale writes them).
// A language without a catalogue, or a key missing from one, falls back to
// the root (English) text. Formatters are compiled once per key and kept:
// a Messages is for one thread at a time (the web service keeps one per
// thread and language).
//
//   Expected<Messages> fr = Messages::open(bundled_messages_dir(), "fr");
//   fr->format("versions", {{"count", 2}});  // "Vous avez envoyé 2 versions ; ..."
#pragma once

#include <unicode/datefmt.h>
#include <unicode/fmtable.h>
#include <unicode/msgfmt.h>
#include <unicode/resbund.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/diagnostic.h"

namespace shortlist {

class Messages {
 public:
  using Arguments = std::vector<std::pair<std::string, icu::Formattable>>;

  static Expected<Messages> open(const std::filesystem::path& folder, const std::string& language);

  // The pattern `key`, formatted; throws std::out_of_range for an unknown key.
  std::string format(std::string_view key, const Arguments& arguments = {}) const;
  // A moment (ISO 8601 UTC text) as this language writes a date and time.
  std::string date_time(const std::string& iso8601) const;
  // The language whose catalogue answered ("fr"), or "root".
  const std::string& language() const { return language_; }

 private:
  Messages(std::unique_ptr<icu::ResourceBundle> bundle, icu::Locale locale, std::string language)
      : bundle_(std::move(bundle)), locale_(std::move(locale)), language_(std::move(language)) {}

  std::unique_ptr<icu::ResourceBundle> bundle_;
  icu::Locale locale_;
  std::string language_;
  mutable std::map<std::string, std::unique_ptr<icu::MessageFormat>, std::less<>> formats_;
  mutable std::unique_ptr<icu::DateFormat> date_format_;
};

}  // namespace shortlist
