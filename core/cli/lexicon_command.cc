// `shortlist lexicon ...`: the relevance lexicon belongs to the relevance
// plugin (plugins/relevance/), which the host knows only through the plugin
// ABI; its companion program, built from the same lexicon, reads it. This
// command runs that program and passes on what it prints and its status.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string>
#include <vector>

#include "core/cli/commands.h"
#include "core/cli/data_paths.h"

extern char** environ;

namespace shortlist::cli {
namespace {

// Everything readable from `fd` until its writer closes it.
std::string drain(int fd) {
  std::string text;
  std::array<char, 4096> buffer{};
  for (ssize_t n; (n = read(fd, buffer.data(), buffer.size())) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    text.append(buffer.data(), static_cast<std::size_t>(n));
  }
  return text;
}

}  // namespace

int run_lexicon(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::string tool = bundled_tool("shortlist-lexicon").string();
  if (access(tool.c_str(), X_OK) != 0) {
    err << "shortlist lexicon: " << tool
        << " is missing; it is built and installed with the relevance plugin\n";
    return 1;
  }
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(tool.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return err << "shortlist lexicon: no pipe\n", 1;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]), close(out_pipe[1]);
    return err << "shortlist lexicon: no pipe\n", 1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, tool.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]), close(err_pipe[1]);
  if (failed != 0) {
    close(out_pipe[0]), close(err_pipe[0]);
    err << "shortlist lexicon: cannot run " << tool << "\n";
    return 1;
  }
  // The companion writes little to its errors (one line of usage or a
  // lexicon fault), so reading its output first cannot stall it.
  out << drain(out_pipe[0]);
  err << drain(err_pipe[0]);
  close(out_pipe[0]), close(err_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace shortlist::cli
