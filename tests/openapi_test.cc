// docs/openapi.yaml checked with the tools an API client's author uses: a
// validator of the OpenAPI 3.0 schema, and a client generated from the
// document calling a running `shortlist serve`. The npm packages come from
// tests/web/package.json, installed by scripts/install-deps.sh.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "browser.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

RunResult node(const std::vector<std::string>& args) {
  return run_process(node_binary().string(), args, source_dir());
}

const fs::path kValidator = source_dir() / "tests/web/validate-openapi.mjs";

TEST(OpenApiDocument, IsValidOpenApi30) {
  SHORTLIST_NEEDS_WEB_TOOLS();
  RunResult checked = node({kValidator.string(), "docs/openapi.yaml"});
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_THAT(checked.out, HasSubstr("docs/openapi.yaml: valid OpenAPI 3.0.3"));

  // The mistake the document once had: a flow mapping whose description
  // holds a comma, which YAML reads as one more key.
  TempDir dir;
  std::string text = read_file(source_dir() / "docs/openapi.yaml");
  const std::string quoted = R"("the status as the applicant reads it, with what happens next")";
  const std::size_t at = text.find(quoted);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, quoted.size(), quoted.substr(1, quoted.size() - 2));
  const fs::path broken = dir.write("openapi.yaml", text);
  RunResult refused = node({kValidator.string(), broken.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err,
              HasSubstr("/schema/properties/text must NOT have additional properties"));
}

// `shortlist serve --port 0` in its own process; stopped with SIGTERM.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& db) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("no pipe");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      const int quiet = open("/dev/null", O_WRONLY);  // the access log
      dup2(quiet, STDERR_FILENO);
      execl(SHORTLIST_BINARY, SHORTLIST_BINARY, "serve", "--db", db.c_str(), "--port", "0",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    out_ = fdopen(out[0], "r");
    char line[256] = {};
    if (fgets(line, sizeof line, out_) != nullptr) listening_ = line;
    if (const std::size_t end = listening_.find_last_not_of("\r\n"); end != std::string::npos) {
      listening_.resize(end + 1);
    }
  }
  ~ServeProcess() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    fclose(out_);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // "http://127.0.0.1:PORT", or "" when the server did not start.
  std::string base_url() const {
    const std::string prefix = "listening on ";
    return listening_.rfind(prefix, 0) == 0 ? listening_.substr(prefix.size()) : "";
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string listening_;
};

// What an applicant's own tool does: generate a client from the published
// document with swagger-typescript-api, then ask for a status with it.
TEST(OpenApiDocument, AClientGeneratedFromItLooksUpAStatusOnARunningServer) {
  SHORTLIST_NEEDS_WEB_TOOLS();
  TempDir dir;
  const std::string db = "sqlite:" + (dir.path() / "shortlist.db").string();
  RunResult ingest = run_shortlist({"ingest", "submissions/sn-femmes-ecommerce.yaml", "--db", db});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const std::string code = code_in(ingest.out, "sn-afesor-ecommerce");

  const fs::path client = dir.path() / "client";
  RunResult generated = node({(web_tools_dir() / "swagger-typescript-api/dist/cli.js").string(),
                              "generate", "--path", "docs/openapi.yaml", "--output",
                              client.string(), "--name", "shortlist-api.js", "--js", "--silent"});
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  ASSERT_TRUE(fs::exists(client / "shortlist-api.js"));
  dir.write("client/package.json", R"({"type": "module"})");

  ServeProcess server(db);
  ASSERT_THAT(server.base_url(), ::testing::StartsWith("http://127.0.0.1:"));
  const std::string look_up = (source_dir() / "tests/web/look-up-status.mjs").string();
  auto ask = [&](const std::string& typed, const std::string& language) {
    RunResult asked =
        node({look_up, (client / "shortlist-api.js").string(), server.base_url(), typed, language});
    EXPECT_EQ(asked.exit_code, 0) << asked.err;
    return parse_json_object(asked.out);
  };

  std::string loose = code;
  std::transform(loose.begin(), loose.end(), loose.begin(), ::tolower);
  Poco::JSON::Object::Ptr found = ask(loose, "fr");
  ASSERT_EQ(found->getValue<int>("status"), 200);
  Poco::JSON::Object::Ptr status = found->getObject("body");
  EXPECT_EQ(status->getValue<std::string>("code"), code);
  EXPECT_EQ(status->getValue<std::string>("status"), "valid");
  EXPECT_EQ(status->getValue<std::string>("language"), "fr");
  EXPECT_THAT(status->getValue<std::string>("text"), HasSubstr("Prochaine étape"));
  EXPECT_EQ(status->getArray("history")->size(), 2u);

  // A refusal reaches the client as the document describes it.
  Poco::JSON::Object::Ptr typo = ask("ZZZZ-ZZZZ-ZZZZ", "es");
  EXPECT_EQ(typo->getValue<int>("status"), 400);
  EXPECT_EQ(typo->getObject("body")->getObject("error")->getValue<int>("status"), 400);
}

}  // namespace
}  // namespace shortlist::testing
