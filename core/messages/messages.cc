#include "core/messages/messages.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>
#include <unicode/timezone.h>

#include <stdexcept>

namespace shortlist {

Expected<Messages> Messages::open(const std::filesystem::path& folder,
                                  const std::string& language) {
  UErrorCode status = U_ZERO_ERROR;
  // A package path ending in a separator: ICU reads <folder>/<locale>.res.
  const std::string package = (folder / "").string();
  const icu::Locale locale(language.c_str());
  auto bundle = std::make_unique<icu::ResourceBundle>(package.c_str(), locale, status);
  if (U_FAILURE(status)) {
    return Diagnostic{
        "", {}, "no message catalogue in " + folder.string() + " (" + u_errorName(status) + ")"};
  }
  std::string found = bundle->getLocale().getName();
  return Messages(std::move(bundle), locale, found.empty() ? "root" : found);
}

std::string Messages::format(std::string_view key, const Arguments& arguments) const {
  UErrorCode status = U_ZERO_ERROR;
  auto compiled = formats_.find(key);
  if (compiled == formats_.end()) {
    const icu::UnicodeString pattern = bundle_->getStringEx(std::string(key).c_str(), status);
    if (U_FAILURE(status)) throw std::out_of_range("no message '" + std::string(key) + "'");
    auto made = std::make_unique<icu::MessageFormat>(pattern, locale_, status);
    if (U_FAILURE(status)) {
      throw std::runtime_error("message '" + std::string(key) + "' is not a valid pattern");
    }
    compiled = formats_.emplace(std::string(key), std::move(made)).first;
  }
  const icu::MessageFormat& formatter = *compiled->second;
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  for (const auto& [name, value] : arguments) {
    names.emplace_back(icu::UnicodeString::fromUTF8(name));
    values.push_back(value);
  }
  icu::UnicodeString result;
  formatter.format(names.data(), values.data(), static_cast<int32_t>(values.size()), result,
                   status);
  if (U_FAILURE(status))
    throw std::runtime_error("message '" + std::string(key) + "' cannot be formatted");
  std::string out;
  return result.toUTF8String(out);
}

std::string Messages::date_time(const std::string& iso8601) const {
  int zone = 0;
  Poco::DateTime moment;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, iso8601, moment,
                                      zone)) {
    return iso8601;
  }
  const UDate when = static_cast<UDate>(moment.timestamp().epochMicroseconds() / 1000);
  if (!date_format_) {
    date_format_.reset(icu::DateFormat::createDateTimeInstance(icu::DateFormat::kLong,
                                                               icu::DateFormat::kShort, locale_));
    date_format_->setTimeZone(*icu::TimeZone::getGMT());
  }
  icu::UnicodeString text;
  date_format_->format(when, text);
  std::string out;
  return text.toUTF8String(out) + " UTC";
}

}  // namespace shortlist
