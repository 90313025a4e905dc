// Accounts of the web service and their sessions. An organiser runs the
// call; a juror's account names the juror of the roster it is. Passwords are
// kept as core/util/password makes them; a session is a random token the
// browser holds in a cookie, kept here only as its SHA-256, with its own
// CSRF token, an expiry, and a revocation. Creating, disabling, signing in
// and out are audited; a disabled account's sessions end at once.
//
//   add_account(db, {"ana", "organiser", ""}, "a long passphrase", "cli");
//   Expected<Session> s = sign_in(db, "ana", "a long passphrase", std::chrono::hours(8));
//   std::optional<Session> again = find_session(db, s->token);
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.h"

namespace shortlist::store {

struct Account {
  std::string name;
  std::string role;   // organiser | juror
  std::string juror;  // the juror's id in the roster, for a juror
  std::string created_at = {};
  std::string disabled_at = {};  // '' while the account may sign in
};

bool is_role(const std::string& role);

// Refused: a name taken or not of letters, digits, '.', '_' or '-'; an
// unknown role; a juror account without its juror; a weak password (too
// short, or common or breached: core/util/password.h).
Expected<bool> add_account(Database& db, const Account& account, const std::string& password,
                           const std::string& actor);
std::vector<Account> list_accounts(Database& db);
// Ends the account's sessions too. Refused for an unknown name.
Expected<bool> disable_account(Database& db, const std::string& name, const std::string& actor);

struct Session {
  std::string token;  // what the browser holds; only its hash is stored
  std::string csrf;   // what forms and state-changing API calls must carry
  Account account;
  std::string expires_at;
};

// Refused with one message for an unknown name, a wrong password and a
// disabled account alike, after the same work.
Expected<Session> sign_in(Database& db, const std::string& name, const std::string& password,
                          std::chrono::seconds lifetime);
// The session of `token` while it is neither expired nor revoked, was used
// within `idle`, and its account is enabled; its use is recorded (at most
// once a minute, to spare the store a write per request).
std::optional<Session> find_session(Database& db, const std::string& token,
                                    std::chrono::seconds idle = std::chrono::minutes(30));
void sign_out(Database& db, const std::string& token);

// The password of the signed-in account of `session`, changed from
// `current` to `replacement`; the account's other sessions end, the
// session that asked goes on. Refused for a wrong current password or a
// weak new one. The number of sessions ended.
Expected<int> change_password(Database& db, const Session& session, const std::string& current,
                              const std::string& replacement);

}  // namespace shortlist::store
