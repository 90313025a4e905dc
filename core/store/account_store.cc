#include "core/store/account_store.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/SHA2Engine.h>

#include <regex>

#include "core/store/audit_log.h"
#include "core/util/password.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

Diagnostic refusal(const std::string& message) { return Diagnostic{"", {}, message}; }

std::string token_hash(const std::string& token) {
  Poco::SHA2Engine sha256(Poco::SHA2Engine::SHA_256);
  sha256.update(token);
  return Poco::DigestEngine::digestToHex(sha256.digest());
}

std::string utc_in(std::chrono::seconds from_now) {
  Poco::DateTime at;
  at += Poco::Timespan(static_cast<long>(from_now.count()), 0);
  return Poco::DateTimeFormatter::format(at, "%Y-%m-%dT%H:%M:%S.%iZ");
}

// The same work whether or not the account exists: a wrong name must not
// answer sooner than a wrong password.
const std::string& decoy_hash() {
  static const std::string hash = hash_password(random_hex(16));
  return hash;
}

std::optional<Account> account_named(Database& db, const std::string& name, std::string* password) {
  std::string key = name;
  std::vector<std::string> roles, jurors, hashes, created, disabled;
  db.session() << db.sql(
      "SELECT role, juror_id, password, created_at, disabled_at FROM accounts WHERE name = ?"),
      into(roles), into(jurors), into(hashes), into(created), into(disabled), use(key), now;
  if (roles.empty()) return std::nullopt;
  if (password != nullptr) *password = hashes[0];
  return Account{name, roles[0], jurors[0], created[0], disabled[0]};
}

}  // namespace

bool is_role(const std::string& role) { return role == "organiser" || role == "juror"; }

Expected<bool> add_account(Database& db, const Account& account, const std::string& password,
                           const std::string& actor) {
  static const std::regex kName("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  if (!std::regex_match(account.name, kName)) {
    return refusal("an account name has letters, digits, '.', '_' or '-' (at most 64), got '" +
                   account.name + "'");
  }
  if (!is_role(account.role)) {
    return refusal("unknown role '" + account.role + "' (known: organiser, juror)");
  }
  if (account.role == "juror" && account.juror.empty()) {
    return refusal("a juror's account names the juror it is (--juror ID)");
  }
  if (const std::string weak =
          weak_password_reason(password, {account.name, account.juror, account.role});
      !weak.empty()) {
    return refusal(weak);
  }
  std::string hashed = hash_password(password);
  return transact<bool>(db, "add the account " + account.name, [&](Database& tx) -> Expected<bool> {
    if (account_named(tx, account.name, nullptr)) {
      return refusal("there is already an account '" + account.name + "'");
    }
    std::string name = account.name, role = account.role, juror = account.juror, at = utc_now(),
                disabled;
    tx.session() << tx.sql(
        "INSERT INTO accounts (name, role, juror_id, password, created_at, disabled_at) "
        "VALUES (?, ?, ?, ?, ?, ?)"),
        use(name), use(role), use(juror), use(hashed), use(at), use(disabled), now;
    append_audit(tx, {actor, "account.added", account.name,
                      audit_details({{"role", account.role}, {"juror", account.juror}})});
    return true;
  });
}

std::vector<Account> list_accounts(Database& db) {
  std::vector<std::string> names, roles, jurors, created, disabled;
  db.session()
      << "SELECT name, role, juror_id, created_at, disabled_at FROM accounts ORDER BY name",
      into(names), into(roles), into(jurors), into(created), into(disabled), now;
  std::vector<Account> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out.push_back({names[i], roles[i], jurors[i], created[i], disabled[i]});
  }
  return out;
}

Expected<bool> disable_account(Database& db, const std::string& name, const std::string& actor) {
  return transact<bool>(db, "disable the account " + name, [&](Database& tx) -> Expected<bool> {
    const std::optional<Account> account = account_named(tx, name, nullptr);
    if (!account) return refusal("there is no account '" + name + "'");
    if (!account->disabled_at.empty()) return false;
    std::string key = name, at = utc_now();
    tx.session() << tx.sql("UPDATE accounts SET disabled_at = ? WHERE name = ?"), use(at), use(key),
        now;
    tx.session() << tx.sql(
        "UPDATE sessions SET revoked_at = ? WHERE account = ? AND revoked_at = ''"),
        use(at), use(key), now;
    append_audit(tx, {actor, "account.disabled", name, "{}"});
    return true;
  });
}

Expected<Session> sign_in(Database& db, const std::string& name, const std::string& password,
                          std::chrono::seconds lifetime) {
  std::string stored;
  const std::optional<Account> account = account_named(db, name, &stored);
  const bool matches = verify_password(password, account ? stored : decoy_hash());
  if (!account || !matches || !account->disabled_at.empty()) {
    return refusal("wrong account name or password");
  }
  Session session{random_hex(32), random_hex(32), *account, utc_in(lifetime)};
  return transact<Session>(db, "sign in", [&](Database& tx) -> Expected<Session> {
    std::string hash = token_hash(session.token), who = name, csrf = session.csrf, at = utc_now(),
                expires = session.expires_at, revoked, seen = at;
    tx.session() << tx.sql(
        "INSERT INTO sessions (token_hash, account, csrf, created_at, expires_at, revoked_at, "
        "last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        use(hash), use(who), use(csrf), use(at), use(expires), use(revoked), use(seen), now;
    append_audit(tx, {name, "account.signed_in", name, "{}"});
    return session;
  });
}

std::optional<Session> find_session(Database& db, const std::string& token,
                                    std::chrono::seconds idle) {
  if (token.size() != 64) return std::nullopt;
  std::string hash = token_hash(token), at = utc_now(), idle_since = utc_in(-idle);
  std::vector<std::string> accounts, csrfs, expiries, seen;
  db.session() << db.sql(
      "SELECT s.account, s.csrf, s.expires_at, s.last_seen_at FROM sessions s JOIN accounts a ON "
      "a.name = s.account WHERE s.token_hash = ? AND s.revoked_at = '' AND s.expires_at > ? AND "
      "s.last_seen_at > ? AND a.disabled_at = ''"),
      into(accounts), into(csrfs), into(expiries), into(seen), use(hash), use(at), use(idle_since),
      now;
  if (accounts.empty()) return std::nullopt;
  const std::optional<Account> account = account_named(db, accounts[0], nullptr);
  if (!account) return std::nullopt;
  if (seen[0] < utc_in(-std::chrono::seconds(60))) {
    db.session() << db.sql("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"), use(at),
        use(hash), now;
  }
  return Session{token, csrfs[0], *account, expiries[0]};
}

void sign_out(Database& db, const std::string& token) {
  db.transaction([&](Database& tx) {
    std::string hash = token_hash(token), at = utc_now();
    std::vector<std::string> accounts;
    tx.session() << tx.sql("SELECT account FROM sessions WHERE token_hash = ? AND revoked_at = ''"),
        into(accounts), use(hash), now;
    if (accounts.empty()) return;
    tx.session() << tx.sql("UPDATE sessions SET revoked_at = ? WHERE token_hash = ?"), use(at),
        use(hash), now;
    append_audit(tx, {accounts[0], "account.signed_out", accounts[0], "{}"});
  });
}

Expected<int> change_password(Database& db, const Session& session, const std::string& current,
                              const std::string& replacement) {
  const std::string& name = session.account.name;
  std::string stored;
  const std::optional<Account> account = account_named(db, name, &stored);
  if (!account || !verify_password(current, stored)) {
    return refusal("the current password is wrong");
  }
  if (const std::string weak =
          weak_password_reason(replacement, {name, account->juror, account->role, current});
      !weak.empty()) {
    return refusal(weak);
  }
  if (replacement == current) return refusal("the new password is the current one");
  std::string hashed = hash_password(replacement);
  return transact<int>(db, "change the password of " + name, [&](Database& tx) -> Expected<int> {
    std::string key = name, kept = token_hash(session.token), at = utc_now();
    tx.session() << tx.sql("UPDATE accounts SET password = ? WHERE name = ?"), use(hashed),
        use(key), now;
    Poco::Int64 ended = 0;
    tx.session() << tx.sql(
        "SELECT COUNT(*) FROM sessions WHERE account = ? AND revoked_at = '' AND "
        "token_hash <> ?"),
        into(ended), use(key), use(kept), now;
    tx.session() << tx.sql(
        "UPDATE sessions SET revoked_at = ? WHERE account = ? AND revoked_at = '' AND "
        "token_hash <> ?"),
        use(at), use(key), use(kept), now;
    append_audit(
        tx, {name, "account.password_changed", name, audit_details({{"sessions_ended", ended}})});
    return static_cast<int>(ended);
  });
}

}  // namespace shortlist::store
