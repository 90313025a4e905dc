// The store suites' fixture: a fresh, empty database of one dialect for each
// test (SQLite in a temporary directory, or a schema of its own on the
// PostgreSQL server named by SHORTLIST_TEST_POSTGRES), and a proposal maker.
//
//   class JuryStoreTest : public StoreTest {};
//   TEST_P(JuryStoreTest, ...) { Database db = open(); ... }
//   INSTANTIATE_TEST_SUITE_P(Dialects, JuryStoreTest, kDialects, dialect_name);
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/model/proposal.h"
#include "core/store/database.h"
#include "core/store/migrations.h"
#include "test_support.h"

namespace shortlist::store {

// A fresh, empty database of one dialect for each test.
class StoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::SQLite) {
      uri_ = "sqlite:" + (dir_.path() / "shortlist.db").string();
      return;
    }
    SHORTLIST_NEEDS_POSTGRES(postgres_.emplace("store"));
    uri_ = postgres_->uri();
  }

  Database open() {
    Expected<Database> db = Database::open(uri_);
    EXPECT_TRUE(db) << (db ? "" : db.problems()[0].message);
    Expected<int> version = migrate(*db);
    EXPECT_TRUE(version) << (version ? "" : version.problems()[0].message);
    return std::move(db).value();
  }

  static Proposal proposal(const std::string& id, const std::string& text) {
    Proposal p;
    p.id = id;
    p.title = "Title of " + id;
    p.language = "fr";
    p.summary = text;
    p.sections = {{"context", "Les exportateurs attendent encore.", "fr"}};
    p.fields["applicant.name"] = std::string("Chambre de commerce");
    p.fields["applicant.country"] = std::string("SN");
    p.fields["budget.total"] = 96000.0;
    p.content_hash = "hash-of-" + text;
    p.tracking_code = "CODE-" + id;
    p.source = "submissions/" + id + ".yaml";
    return p;
  }

  shortlist::testing::TempDir dir_;
  std::optional<shortlist::testing::PostgresSchema> postgres_;  // only for the PostgreSQL cases
  std::string uri_;
};

inline std::string dialect_name(const ::testing::TestParamInfo<Dialect>& info) {
  return info.param == Dialect::SQLite ? "SQLite" : "PostgreSQL";
}

}  // namespace shortlist::store
