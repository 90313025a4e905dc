// What the web service's routes share: the settings, the store's connection
// pool, the per-address limit on status lookups, the per-account back-off
// on signing in, the languages applicants are answered in, and the status
// lookup itself, so that the JSON API and the status page give the same
// answers for the same reasons.
//
//   Site site({"sqlite:shortlist.db", messages_dir, static_dir});
//   StatusLookup found = lookup_status(site, typed_code, client);
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/app/submit_application.h"
#include "core/criteria/call_config.h"
#include "core/messages/messages.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/server/database_pool.h"
#include "core/server/rate_limiter.h"
#include "core/server/sign_in_throttle.h"
#include "core/store/feedback.h"
#include "core/store/submission_store.h"

namespace shortlist::server {

struct SiteSettings {
  std::string database_uri;
  std::filesystem::path messages_dir;
  std::filesystem::path static_dir;  // files served under /static/
  std::size_t pool_size = 8;
  int status_lookups_per_minute = 30;  // per client address
  // Online applications sent, read back or replaced, per client address.
  int applications_per_minute = 10;
  std::string call = "main";  // the call the jury and organisers work on
  CallConfig config = {};     // its criteria: the jury's, blind review
  std::chrono::seconds session_lifetime = std::chrono::hours(8);  // from signing in
  std::chrono::seconds session_idle = std::chrono::minutes(30);   // from the last request
  // Reached over HTTPS through a reverse proxy that terminates TLS: cookies
  // are then named and marked as over TLS (__Host-, Secure), and answers
  // carry Strict-Transport-Security, as when the service runs TLS itself.
  bool behind_https_proxy = false;
  std::filesystem::path bundled_plugin_dir = {};        // the plugins listed by /api/v1/plugins
  std::vector<std::filesystem::path> plugin_dirs = {};  // and those of --plugins folders
  // The time the limits count in; the steady clock when empty (a test's
  // clock moves on without sleeping).
  std::function<std::chrono::steady_clock::time_point()> clock = {};
  // The time of day the submission window is judged by; the system's when
  // empty (a test sets the moment it needs).
  std::function<std::chrono::system_clock::time_point()> wall_clock = {};
  // Told of each online application stored, from the form or the API, with
  // all a receipt to the applicant needs (app::ApplicationCall::stored).
  std::function<void(const app::ApplicationReceipt&)> application_stored = {};
};

class Site {
 public:
  // Reads the plugins of settings.bundled_plugin_dir and plugin_dirs.
  explicit Site(SiteSettings settings);
  const SiteSettings& settings() const { return settings_; }
  DatabasePool& pool() { return pool_; }
  RateLimiter& status_limiter() { return status_limiter_; }
  RateLimiter& application_limiter() { return application_limiter_; }
  // Sign-in attempts per account, whatever their address.
  SignInThrottle& sign_in_throttle() { return sign_in_throttle_; }
  std::chrono::steady_clock::time_point now() const;
  std::chrono::system_clock::time_point wall_now() const;
  const PluginRegistry& plugins() const { return plugins_; }
  // A random key of this process, for what the server signs and checks
  // itself (the visitors' CSRF tokens); made anew at each start.
  const std::string& secret() const { return secret_; }
  // The applicants' messages in `language`, one catalogue per thread and
  // language, kept; throws when there is no catalogue.
  const Messages& messages(const std::string& language) const;

 private:
  SiteSettings settings_;
  DatabasePool pool_;
  RateLimiter status_limiter_;
  RateLimiter application_limiter_;
  SignInThrottle sign_in_throttle_;
  PluginRegistry plugins_;
  std::string secret_;
};

// The languages of the applicants' pages and answers: en, fr, es, ar.
const std::vector<std::string>& applicant_languages();
bool is_applicant_language(const std::string& language);
// The applicant's language: `asked` (?lang=, a form's or body's "lang")
// when it is one, else the one Accept-Language prefers, else `fallback`
// when it is one, else English.
std::string applicant_language(const std::string& asked, const std::string& accept_language,
                               const std::string& fallback = "");
// The applicant language an Accept-Language header prefers most (by
// q-value, ties in the order sent); "" when it names none.
std::string preferred_language(const std::string& accept_language);

struct StatusLookup {
  enum class Outcome { Found, Limited, BadCode, NotFound, Unavailable };
  Outcome outcome = Outcome::NotFound;
  int retry_after = 0;  // seconds, when Limited
  std::string code;     // canonical, when the typed code was one
  std::optional<store::SubmissionStatus> status;
  std::optional<store::Feedback> feedback;  // released to the applicant
};

// Looks a typed tracking code up, counted against `client`'s limit first.
StatusLookup lookup_status(Site& site, const std::string& typed_code, const std::string& client);

}  // namespace shortlist::server
