// Helpers shared by tests: paths of the build's artefacts, temporary folders,
// and running the real shortlist binary.
#pragma once

#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/store/database.h"

namespace shortlist::testing {

std::filesystem::path source_dir();
std::filesystem::path plugin_dir();       // the bundled plugins as built
std::filesystem::path test_plugin_dir();  // tests/plugins as built

// A fresh folder, removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/name (creating folders) and returns the path.
  std::filesystem::path write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a program to completion, reading its output and errors as it goes;
// `input` is its standard input.
RunResult run_process(const std::string& program, const std::vector<std::string>& args,
                      const std::filesystem::path& cwd, const std::string& input = "");

// Runs build/shortlist with args in `cwd` (the source folder by default).
RunResult run_shortlist(const std::vector<std::string>& args,
                        const std::filesystem::path& cwd = source_dir(),
                        const std::string& input = "");

// A schema of its own on the test PostgreSQL server named by
// SHORTLIST_TEST_POSTGRES, dropped with everything in it when the object
// goes. Without a server `uri()` is empty: SHORTLIST_NEEDS_POSTGRES skips
// the test, or fails it in CI, where a skipped case would hide the gap.
class PostgresSchema {
 public:
  explicit PostgresSchema(const std::string& prefix);
  ~PostgresSchema();
  PostgresSchema(const PostgresSchema&) = delete;
  PostgresSchema& operator=(const PostgresSchema&) = delete;
  const std::string& uri() const { return uri_; }

 private:
  std::string name_;
  std::string uri_;
};

#define SHORTLIST_NEEDS_POSTGRES(schema)                                                     \
  do {                                                                                       \
    if ((schema).uri().empty()) {                                                            \
      if (std::getenv("CI") != nullptr) FAIL() << "SHORTLIST_TEST_POSTGRES is not set";      \
      GTEST_SKIP() << "set SHORTLIST_TEST_POSTGRES (scripts/start-test-postgres.sh) to run"; \
    }                                                                                        \
  } while (false)

// For tests of the binary against a store: a fresh store URI per test in
// uri_, a SQLite file for the parameter "sqlite", a PostgreSQL schema of its
// own for "postgresql".
//   class JuryCli : public CliStoreTest {};
//   INSTANTIATE_TEST_SUITE_P(Databases, JuryCli, ::testing::Values("sqlite", "postgresql"));
class CliStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      uri_ = "sqlite:" + (dir_.path() / "shortlist.db").string();
      return;
    }
    SHORTLIST_NEEDS_POSTGRES(postgres_.emplace("cli"));
    uri_ = postgres_->uri();
  }
  TempDir dir_;
  std::optional<PostgresSchema> postgres_;  // only for the PostgreSQL cases
  std::string uri_;
};

// The commands of `shortlist --help`: the first word of each indented line
// under "commands:".
std::set<std::string> commands_in_usage(const std::string& usage);

// The tracking code `shortlist ingest` printed for proposal `id`, or "".
std::string code_in(const std::string& ingest_output, const std::string& id);

// A file's bytes, as they are.
std::string read_file(const std::filesystem::path& path);

// The single number a SELECT COUNT(*) (or the like) gives.
Poco::Int64 count(store::Database& db, const std::string& sql);

// Parses text that must be one JSON object.
Poco::JSON::Object::Ptr parse_json_object(const std::string& json);

}  // namespace shortlist::testing
