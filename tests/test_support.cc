#include "test_support.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <random>
#include <sstream>
#include <stdexcept>

#include "core/plugin_host/plugin_process.h"
#include "core/store/database.h"

namespace shortlist::testing {
namespace fs = std::filesystem;

namespace {
// The test binary cannot serve as a plugin worker: the shortlist binary does.
[[maybe_unused]] const bool worker_program_set = (set_worker_program(SHORTLIST_BINARY), true);
}  // namespace

fs::path source_dir() { return SHORTLIST_SOURCE_DIR; }
fs::path plugin_dir() { return SHORTLIST_PLUGIN_DIR; }
fs::path test_plugin_dir() { return SHORTLIST_TEST_PLUGIN_DIR; }

// A folder no other process has: mkdtemp makes it and fails rather than
// reuse one. (Poco's tempName is the process id and a counter, so a folder
// left by an earlier process of the same id would be shared, files and all.)
TempDir::TempDir() {
  std::string name = (fs::temp_directory_path() / "shortlist-test-XXXXXX").string();
  if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("cannot make " + name);
  path_ = name;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

fs::path TempDir::write(const std::string& name, const std::string& content) const {
  const fs::path file = path_ / name;
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

RunResult run_process(const std::string& program, const std::vector<std::string>& args,
                      const fs::path& cwd, const std::string& input) {
  Poco::Pipe in_pipe;
  Poco::Pipe out_pipe;
  Poco::Pipe err_pipe;
  Poco::ProcessHandle process =
      Poco::Process::launch(program, args, cwd.string(), &in_pipe, &out_pipe, &err_pipe);
  {
    Poco::PipeOutputStream in_stream(in_pipe);
    in_stream << input;
  }
  in_pipe.close(Poco::Pipe::CLOSE_WRITE);
  Poco::PipeInputStream out_stream(out_pipe);
  Poco::PipeInputStream err_stream(err_pipe);
  // Read both pipes at once so that neither can fill up and block the child.
  auto err_text = std::async(std::launch::async, [&] {
    std::string text;
    Poco::StreamCopier::copyToString(err_stream, text);
    return text;
  });
  RunResult result;
  Poco::StreamCopier::copyToString(out_stream, result.out);
  result.err = err_text.get();
  result.exit_code = process.wait();
  return result;
}

RunResult run_shortlist(const std::vector<std::string>& args, const fs::path& cwd,
                        const std::string& input) {
  return run_process(SHORTLIST_BINARY, args, cwd, input);
}

Poco::JSON::Object::Ptr parse_json_object(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Poco::Int64 count(store::Database& db, const std::string& sql) {
  Poco::Int64 n = 0;
  db.session() << sql, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
  return n;
}

PostgresSchema::PostgresSchema(const std::string& prefix) {
  const char* server = std::getenv("SHORTLIST_TEST_POSTGRES");
  if (server == nullptr) return;
  name_ = prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}());
  Expected<store::Database> admin = store::Database::open(server);
  if (!admin) throw std::runtime_error(server + (": " + admin.problems()[0].message));
  admin->session() << ("CREATE SCHEMA " + name_), Poco::Data::Keywords::now;
  const std::string base = server;
  uri_ =
      base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name_;
}

PostgresSchema::~PostgresSchema() {
  if (name_.empty()) return;
  try {
    Expected<store::Database> admin = store::Database::open(std::getenv("SHORTLIST_TEST_POSTGRES"));
    if (admin) admin->session() << ("DROP SCHEMA " + name_ + " CASCADE"), Poco::Data::Keywords::now;
  } catch (const Poco::Exception&) {
    // A schema left behind is harmless; the test's outcome stands.
  }
}

std::set<std::string> commands_in_usage(const std::string& usage) {
  std::set<std::string> commands;
  std::istringstream in(usage);
  bool listing = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "commands:") {
      listing = true;
    } else if (listing && line.rfind("  ", 0) == 0) {
      commands.insert(line.substr(2, line.find(' ', 2) - 2));
    } else if (listing) {
      break;
    }
  }
  return commands;
}

std::string code_in(const std::string& ingest_output, const std::string& id) {
  const std::string prefix = "id " + id + ", tracking code ";
  const std::size_t at = ingest_output.find(prefix);
  return at == std::string::npos ? "" : ingest_output.substr(at + prefix.size(), 14);
}

}  // namespace shortlist::testing
