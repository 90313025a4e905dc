#include "core/server/site.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/app/evaluate_call.h"
#include "core/ingest/tracking_code.h"
#include "core/util/password.h"

namespace shortlist::server {

Site::Site(SiteSettings settings)
    : settings_(std::move(settings)),
      pool_(settings_.database_uri, settings_.pool_size),
      status_limiter_(settings_.status_lookups_per_minute),
      application_limiter_(settings_.applications_per_minute),
      secret_(random_hex(32)) {
  // Plugins that failed to load are listed by GET /api/v1/plugins; a
  // criterion that uses one is refused when a run is asked for.
  app::load_plugins(plugins_, {settings_.bundled_plugin_dir, settings_.plugin_dirs}, nullptr);
}

std::chrono::steady_clock::time_point Site::now() const {
  return settings_.clock ? settings_.clock() : std::chrono::steady_clock::now();
}

std::chrono::system_clock::time_point Site::wall_now() const {
  return settings_.wall_clock ? settings_.wall_clock() : std::chrono::system_clock::now();
}

const Messages& Site::messages(const std::string& language) const {
  thread_local std::map<std::pair<std::string, std::string>, Messages> kept;
  const auto key = std::make_pair(settings_.messages_dir.string(), language);
  auto it = kept.find(key);
  if (it == kept.end()) {
    Expected<Messages> opened = Messages::open(settings_.messages_dir, language);
    if (!opened) throw std::runtime_error(opened.problems()[0].message);
    it = kept.emplace(key, std::move(opened).value()).first;
  }
  return it->second;
}

const std::vector<std::string>& applicant_languages() {
  static const std::vector<std::string> languages = {"en", "fr", "es", "ar"};
  return languages;
}

bool is_applicant_language(const std::string& language) {
  const std::vector<std::string>& all = applicant_languages();
  return std::find(all.begin(), all.end(), language) != all.end();
}

std::string preferred_language(const std::string& accept_language) {
  std::string best;
  double best_q = 0;
  std::istringstream items(accept_language);
  for (std::string item; std::getline(items, item, ',');) {
    std::string tag = item.substr(0, item.find(';'));
    tag.erase(0, tag.find_first_not_of(" \t"));
    tag = tag.substr(0, tag.find_first_of(" \t-_"));
    for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    double q = 1;
    if (const std::size_t at = item.find("q="); at != std::string::npos) {
      try {
        q = std::stod(item.substr(at + 2));
      } catch (const std::exception&) {
        q = 0;
      }
    }
    if (is_applicant_language(tag) && q > best_q) best = tag, best_q = q;
  }
  return best;
}

std::string applicant_language(const std::string& asked, const std::string& accept_language,
                               const std::string& fallback) {
  if (is_applicant_language(asked)) return asked;
  if (std::string preferred = preferred_language(accept_language); !preferred.empty()) {
    return preferred;
  }
  return is_applicant_language(fallback) ? fallback : "en";
}

StatusLookup lookup_status(Site& site, const std::string& typed_code, const std::string& client) {
  StatusLookup out;
  // Limited before anything is looked up: guessing codes costs the guesser
  // time, whatever the answers.
  if (const std::optional<int> wait = site.status_limiter().take(client, site.now())) {
    out.outcome = StatusLookup::Outcome::Limited;
    out.retry_after = *wait;
    return out;
  }
  const std::optional<std::string> code = ingest::normalize_tracking_code(typed_code);
  if (!code) {
    out.outcome = StatusLookup::Outcome::BadCode;
    return out;
  }
  out.code = *code;
  Expected<DatabasePool::Lease> db = site.pool().lease();
  if (!db) {
    out.outcome = StatusLookup::Outcome::Unavailable;
    return out;
  }
  out.status = db->kept<store::TrackingCodeLookup>().find(*code);
  if (!out.status) {
    out.outcome = StatusLookup::Outcome::NotFound;
    return out;
  }
  if (out.status->scores_shown()) out.feedback = store::released_feedback(**db, out.status->id);
  out.outcome = StatusLookup::Outcome::Found;
  return out;
}

}  // namespace shortlist::server
