#include "core/store/database.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/URI.h>
#include <sys/statvfs.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::now;

void register_connectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
}

std::string quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// Errors worth another try: a locked SQLite file, a PostgreSQL serialisation
// failure or deadlock.
bool transient(const Poco::Exception& e) {
  const std::string text = e.displayText();
  for (const char* sign :
       {"database is locked", "SQLITE_BUSY", "busy", "could not serialize", "deadlock detected"}) {
    if (text.find(sign) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

Expected<std::string> postgresql_conninfo(const std::string& uri) {
  Poco::URI parsed;
  try {
    parsed = Poco::URI(uri);
  } catch (const Poco::Exception& e) {
    return Diagnostic{"", {}, "not a database URI: " + e.displayText()};
  }
  std::string out = "host=" + quoted(parsed.getHost().empty() ? "localhost" : parsed.getHost());
  if (parsed.getPort() != 0) out += " port=" + std::to_string(parsed.getPort());
  std::string path = parsed.getPath();
  if (!path.empty() && path.front() == '/') path.erase(0, 1);
  if (path.empty()) return Diagnostic{"", {}, "the PostgreSQL URI names no database (…/dbname)"};
  out += " dbname=" + quoted(path);
  const std::string& user_info = parsed.getUserInfo();
  if (!user_info.empty()) {
    const std::size_t colon = user_info.find(':');
    std::string user;
    std::string password;
    Poco::URI::decode(user_info.substr(0, colon), user);
    out += " user=" + quoted(user);
    if (colon != std::string::npos) {
      Poco::URI::decode(user_info.substr(colon + 1), password);
      out += " password=" + quoted(password);
    }
  }
  for (const auto& [key, value] : parsed.getQueryParameters())
    out += " " + key + "=" + quoted(value);
  return out;
}

namespace {

// Why a file's disk refuses writes, when it is that: SQLite reports a full
// disk or a read-only file system met while opening as a bare I/O error.
std::string storage_trouble(const std::string& file) {
  struct statvfs disk {};
  const std::size_t slash = file.rfind('/');
  const std::string folder = slash == std::string::npos ? "."
                             : slash == 0               ? "/"
                                                        : file.substr(0, slash);
  if (statvfs(folder.c_str(), &disk) != 0) return "";
  if (disk.f_flag & ST_RDONLY) return "its file system is read-only";
  if (disk.f_bavail == 0) return "no space is left on the disk that holds it";
  return "";
}

}  // namespace

Expected<Database> Database::open(const std::string& uri) {
  register_connectors();
  try {
    if (uri.rfind("sqlite:", 0) == 0) {
      const std::string path = uri.substr(7);
      if (path.empty()) return Diagnostic{"", {}, "the SQLite URI names no file (sqlite:PATH)"};
      auto session = std::make_unique<Poco::Data::Session>("SQLite", path);
      // A writer waits for another rather than failing at once; readers do
      // not block the writer; foreign keys are checked.
      *session << "PRAGMA busy_timeout=30000", now;
      // Switching a new file to WAL takes the lock in a way SQLite will not
      // wait for when another process opening the file at the same moment
      // holds it (waiting could deadlock): that is tried again, as long as
      // the busy timeout would have waited.
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      for (;;) {
        try {
          *session << "PRAGMA journal_mode=WAL", now;
          break;
        } catch (const Poco::Data::SQLite::DBLockedException&) {
          if (std::chrono::steady_clock::now() > give_up) throw;
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
      *session << "PRAGMA foreign_keys=ON", now;
      *session << "PRAGMA synchronous=NORMAL", now;
      return Database(Dialect::SQLite, uri, std::move(session));
    }
    if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0) {
      Expected<std::string> conninfo = postgresql_conninfo(uri);
      if (!conninfo) return std::move(conninfo).take_problems();
      auto session = std::make_unique<Poco::Data::Session>("PostgreSQL", *conninfo);
      *session << "SET client_min_messages TO WARNING", now;
      return Database(Dialect::PostgreSQL, uri, std::move(session));
    }
  } catch (const Poco::Exception& e) {
    const std::string trouble =
        uri.rfind("sqlite:", 0) == 0 ? storage_trouble(uri.substr(7)) : std::string();
    return Diagnostic{"",
                      {},
                      "cannot open the database: " + e.displayText() +
                          (trouble.empty() ? "" : " (" + trouble + ")")};
  }
  return Diagnostic{
      "",
      {},
      "unknown database URI '" + uri + "' (use sqlite:PATH or postgresql://user@host/dbname)"};
}

std::string Database::sql(std::string_view text) const {
  if (dialect_ == Dialect::SQLite) return std::string(text);
  std::string out;
  int number = 0;
  bool in_string = false;
  for (char c : text) {
    if (c == '\'') in_string = !in_string;
    if (c == '?' && !in_string) {
      out += "$" + std::to_string(++number);
    } else {
      out += c;
    }
  }
  return out;
}

void Database::transaction(const std::function<void(Database&)>& work) {
  for (int attempt = 1;; ++attempt) {
    try {
      // On SQLite, take the write lock now: a deferred transaction that
      // upgrades later can fail instead of waiting.
      *session_ << (dialect_ == Dialect::SQLite ? "BEGIN IMMEDIATE" : "BEGIN"), now;
      // PostgreSQL: writers take turns, as on SQLite, so that the audit
      // chain and per-submission sequences never interleave.
      if (dialect_ == Dialect::PostgreSQL) *session_ << "SELECT pg_advisory_xact_lock(7411)", now;
    } catch (const Poco::Exception& e) {
      if (attempt < 20 && transient(e)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
        continue;
      }
      throw;
    }
    try {
      work(*this);
      *session_ << "COMMIT", now;
      return;
    } catch (const Poco::Exception& e) {
      try {
        *session_ << "ROLLBACK", now;
      } catch (const Poco::Exception&) {
        // The transaction is gone either way.
      }
      if (attempt < 20 && transient(e)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
        continue;
      }
      throw;
    } catch (...) {
      try {
        *session_ << "ROLLBACK", now;
      } catch (const Poco::Exception&) {
      }
      throw;
    }
  }
}

}  // namespace shortlist::store
