// Database: one connection to the store, SQLite (the embedded default) or
// PostgreSQL (for shared deployments), chosen by URI:
//
//   sqlite:shortlist.db
//   postgresql://user:password@host:5432/dbname
//
// SQL is written once with `?` placeholders and adapted to the dialect.
// Every user-visible operation runs in one transaction (`transaction`).
// Writers take turns — SQLite's write lock, taken up front; on PostgreSQL
// one advisory lock — waiting for each other rather than failing, and a
// transaction is retried when the database says it is busy.
//
//   Expected<Database> db = Database::open("sqlite:shortlist.db");
//   db->transaction([&](Database& tx) { tx.execute("INSERT ...", ...); });
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/diagnostic.h"

namespace shortlist::store {

enum class Dialect { SQLite, PostgreSQL };

class Database {
 public:
  // Problems carry only a message (the URI is the place).
  static Expected<Database> open(const std::string& uri);

  Dialect dialect() const { return dialect_; }
  Poco::Data::Session& session() { return *session_; }
  const std::string& uri() const { return uri_; }

  // `text` with `?` placeholders in this dialect's form.
  std::string sql(std::string_view text) const;

  // Runs `work` in one transaction: committed when it returns, rolled back
  // when it throws (the exception goes on). Retried when the database is
  // busy or a serialisation conflict occurs.
  void transaction(const std::function<void(Database&)>& work);

 private:
  Database(Dialect dialect, std::string uri, std::unique_ptr<Poco::Data::Session> session)
      : dialect_(dialect), uri_(std::move(uri)), session_(std::move(session)) {}

  Dialect dialect_;
  std::string uri_;
  std::unique_ptr<Poco::Data::Session> session_;
};

namespace internal {
// Thrown through Database::transaction to roll back a unit of work that
// returned a refusal; transact() catches it and returns the refusal.
struct Refused {};
}  // namespace internal

// Runs `work` in one transaction and returns what it returns; a database
// error becomes the problem "cannot DOING: why". A refusal `work` returns
// is passed on and rolls the transaction back, so whatever `work` wrote
// before refusing is undone, as when it throws.
//   Expected<bool> moved = transact<bool>(db, "change the status", [&](Database& tx) {...});
template <class T>
Expected<T> transact(Database& db, const std::string& doing,
                     const std::function<Expected<T>(Database&)>& work) {
  std::optional<Expected<T>> result;
  try {
    db.transaction([&](Database& tx) {
      result.reset();  // a retried attempt starts afresh
      result = work(tx);
      if (!*result) throw internal::Refused{};
    });
  } catch (const internal::Refused&) {
    // Rolled back; the refusal is in `result`.
  } catch (const Poco::Exception& e) {
    return Diagnostic{"", {}, "cannot " + doing + ": " + e.displayText()};
  }
  return std::move(*result);
}

// "postgresql://u:p@h:5432/db?sslmode=disable" as libpq's key=value form.
Expected<std::string> postgresql_conninfo(const std::string& uri);

}  // namespace shortlist::store
