#include "core/plugin_host/plugin_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "core/plugin_host/host_api.h"
#include "core/plugin_host/plugin_instance.h"
#include "core/plugin_host/worker_protocol.h"
#include "core/util/standard_output.h"

extern char** environ;

namespace shortlist {
namespace {

using plugin_host::FrameRead;
using Poco::JSON::Object;

// Set from a static initialiser too (a test binary's): built on first use.
struct WorkerProgramSetting {
  std::mutex mutex;
  std::filesystem::path program;  // guarded by mutex
};
WorkerProgramSetting& worker_program_setting() {
  static WorkerProgramSetting setting;
  return setting;
}

Object::Ptr request(const std::string& op) {
  Object::Ptr r = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  r->set("op", op);
  return r;
}

}  // namespace

void set_worker_program(std::filesystem::path program) {
  WorkerProgramSetting& setting = worker_program_setting();
  const std::lock_guard<std::mutex> lock(setting.mutex);
  setting.program = std::move(program);
}

std::filesystem::path worker_program() {
  {
    WorkerProgramSetting& setting = worker_program_setting();
    const std::lock_guard<std::mutex> lock(setting.mutex);
    if (!setting.program.empty()) return setting.program;
  }
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path("/proc/self/exe") : self;
}

Expected<std::unique_ptr<PluginProcess>> PluginProcess::start(const LoadedPlugin& plugin,
                                                              const std::string& measure,
                                                              const std::string& params_json,
                                                              const IsolationLimits& limits) {
  std::unique_ptr<PluginProcess> process(new PluginProcess(plugin, measure, params_json, limits));
  std::string why;
  Object::Ptr reply;
  if (process->spawn(why) && process->load(why)) reply = process->create(why);
  if (!reply) return Diagnostic{"", {}, "plugin '" + plugin.name + "': " + why};
  if (reply->has("error")) return Diagnostic{"", {}, reply->getValue<std::string>("error")};
  return process;
}

PluginFileRead PluginProcess::describe(const std::filesystem::path& file,
                                       std::chrono::milliseconds limit) {
  PluginFileRead out;
  out.plugin.file = file;
  IsolationLimits limits;
  limits.startup = limit;
  PluginProcess process(out.plugin, "", "", limits);
  if (!process.open(out)) out.refused = "while a worker process read it, " + out.refused;
  return out;
}

bool PluginProcess::open(PluginFileRead& out) {
  std::string why;
  // The worker loads its plugin before it reads a request: the answer comes
  // once the plugin has loaded.
  const Object::Ptr reply = spawn(why) ? call(plugin_host::stringify(request("describe")),
                                              limits_.startup, why, "finish loading")
                                       : nullptr;
  if (!reply) {
    out.refused = why;
    return false;
  }
  read_description(*reply, out);
  if (!out.refused.empty()) stop();
  return true;
}

std::string PluginProcess::configure() {
  std::string why;
  const Object::Ptr reply = create(why);
  if (!reply) return why;
  return reply->optValue<std::string>("error", "");
}

std::string PluginProcess::finish() {
  std::string why;
  if (pid_ > 0) {
    const Object::Ptr reply = call(plugin_host::stringify(request("destroy")), limits_.per_call,
                                   why, "finish its destroy call");
    if (reply) why = reply->optValue<std::string>("error", "");
  }
  stop();
  return why;
}

void PluginProcess::read_description(const Object& reply, PluginFileRead& out) {
  // The worker runs the plugin's code: what it sends is checked like any
  // outside input.
  const std::string wrongly =
      "the worker described the plugin wrongly (its description needs name, version, "
      "description, measures, sha256, abi_major, abi_minor and corpus_pass): ";
  try {
    if (reply.has("error")) {
      out.refused = reply.getValue<std::string>("error");
      if (out.refused.empty()) out.refused = "the worker refused the plugin without saying why";
      out.name = reply.optValue<std::string>("name", "");
      return;
    }
    LoadedPlugin plugin = out.plugin;
    plugin.name = reply.getValue<std::string>("name");
    plugin.version = reply.getValue<std::string>("version");
    plugin.description = reply.getValue<std::string>("description");
    const Poco::JSON::Array::Ptr measures = reply.getArray("measures");
    if (!measures) {
      out.refused = wrongly + "'measures' is not a list of names";
      return;
    }
    for (const Poco::Dynamic::Var& measure : *measures) {
      plugin.measures.push_back(measure.toString());
    }
    plugin.sha256 = reply.getValue<std::string>("sha256");
    plugin.abi_major = static_cast<uint16_t>(reply.getValue<unsigned>("abi_major"));
    plugin.abi_minor = static_cast<uint16_t>(reply.getValue<unsigned>("abi_minor"));
    plugin.has_corpus_pass = reply.getValue<bool>("corpus_pass");
    // The worker checked the descriptor as the host would; a worker of
    // another build must not let through what this host cannot run.
    if (std::string reason = check_abi_version(plugin.abi_major, plugin.abi_minor);
        !reason.empty()) {
      out.refused = std::move(reason);
      out.name = plugin.name;
      return;
    }
    out.plugin = std::move(plugin);
  } catch (const Poco::Exception& e) {
    out.refused = wrongly + e.displayText();
  }
}

PluginProcess::~PluginProcess() { stop(); }

bool PluginProcess::spawn(std::string& why) {
  int to[2], from[2];
  if (pipe2(to, O_CLOEXEC) != 0) return why = "cannot create a pipe", false;
  if (pipe2(from, O_CLOEXEC) != 0) {
    close(to[0]);
    close(to[1]);
    return why = "cannot create a pipe", false;
  }
  // Batches of proposals are megabytes: a larger pipe (where the system
  // allows it) carries them in fewer trips between the processes.
  for (const int fd : {to[1], from[1]}) fcntl(fd, F_SETPIPE_SZ, 1 << 20);
  const std::string program = worker_program().string();
  const std::string memory = std::to_string(limits_.memory_mb);
  const std::string file = plugin_.file.string();
  std::vector<const char*> argv = {program.c_str(),  "plugins",      "worker", file.c_str(),
                                   "--memory-limit", memory.c_str(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from[1], STDOUT_FILENO);
  const int failed = posix_spawn(&pid_, program.c_str(), &actions, nullptr,
                                 const_cast<char* const*>(argv.data()), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(to[0]);
  close(from[1]);
  if (failed != 0) {
    close(to[1]);
    close(from[0]);
    pid_ = -1;
    return why = "cannot start a worker process (" + program + "): " + std::strerror(failed), false;
  }
  to_worker_ = to[1];
  from_worker_ = from[0];
  answers_ = plugin_host::FrameReader(from_worker_);
  return true;
}

bool PluginProcess::load(std::string& why) {
  const Object::Ptr reply =
      call(plugin_host::stringify(request("describe")), limits_.startup, why, "finish loading");
  if (!reply) return false;
  if (!reply->has("error")) return true;
  why = "cannot load " + plugin_.file.string() + ": " + reply->optValue<std::string>("error", "");
  stop();
  return false;
}

Object::Ptr PluginProcess::create(std::string& why) {
  Object::Ptr create = request("create");
  create->set("measure", measure_);
  create->set("params", params_);
  return call(plugin_host::stringify(create), limits_.startup, why, "finish its create call");
}

void PluginProcess::stop() {
  if (to_worker_ >= 0) close(to_worker_);
  if (from_worker_ >= 0) close(from_worker_);
  to_worker_ = from_worker_ = -1;
  if (pid_ > 0) {
    // Closing its input ends a healthy worker; one that does not go is killed.
    int status = 0;
    for (int i = 0; i < 50 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      if (i == 49) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
      }
    }
  }
  pid_ = -1;
}

Object::Ptr PluginProcess::call(const std::string& text, std::chrono::milliseconds limit,
                                std::string& why, const char* phase) {
  // A write that fails means the worker is gone; receiving says how it ended.
  plugin_host::write_frame(to_worker_, text);
  Object::Ptr answer = receive_json(limit, why, phase);
  if (!answer) stop();
  return answer;
}

Object::Ptr PluginProcess::receive_json(std::chrono::milliseconds limit, std::string& why,
                                        const char* phase) {
  std::string reply;
  if (receive(reply, limit, why, phase) != FrameRead::Ok) return nullptr;
  if (Object::Ptr answer = plugin_host::parse_object(reply)) return answer;
  why = "the plugin process answered something that is not the protocol";
  return nullptr;
}

FrameRead PluginProcess::receive(std::string& reply, std::chrono::milliseconds limit,
                                 std::string& why, const char* phase) {
  FrameRead read = answers_.next(reply, limit);
  // A worker whose plugin reads words asks where the batch's analysis is
  // ('W'), once per batch: the host makes it then (its time, not the
  // plugin's) and answers with the path to map ('P'), "" when it has none.
  while (read == FrameRead::Ok && reply == "W") {
    const std::string path = analysis_ != nullptr && plugin_host::text_analysis_enabled()
                                 ? analysis_->shared_path()
                                 : std::string();
    if (!plugin_host::write_frame(to_worker_, "P" + path)) break;
    read = answers_.next(reply, limit);
  }
  if (read == FrameRead::Ok) return read;
  if (read == FrameRead::TimedOut) {
    kill(pid_, SIGKILL);
    ended_ = WorkerEnd{WorkerEnd::Kind::TimedOut, 0};
    char seconds[16];
    std::snprintf(seconds, sizeof seconds, "%.1f", std::chrono::duration<double>(limit).count());
    why = std::string("the plugin did not ") + phase + " within " + seconds +
          " s (its process was killed)";
  } else {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    ended_ = WIFSIGNALED(status) ? WorkerEnd{WorkerEnd::Kind::Crashed, WTERMSIG(status)}
                                 : WorkerEnd{WorkerEnd::Kind::Exited, WEXITSTATUS(status)};
    why = WIFSIGNALED(status) ? "the plugin crashed (" + signal_name(WTERMSIG(status)) + ")"
                              : "the plugin process ended (status " +
                                    std::to_string(WEXITSTATUS(status)) + ") without answering";
  }
  return read;
}

bool PluginProcess::restart(std::string& why) {
  stop();
  ++restarts_;
  // Backoff: 20 ms, doubling, at most a second.
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::min(1000, 20 << std::min(restarts_, 6))));
  if (!spawn(why) || !load(why)) return false;
  Object::Ptr reply = create(why);
  if (!reply || reply->has("error")) return false;
  if (corpus_request_.empty()) return true;
  reply = call(corpus_request_, corpus_limit_, why, "finish its corpus pass");
  return reply && !reply->has("error");
}

void PluginProcess::append_proposals(std::string& message,
                                     std::vector<const Proposal*>::const_iterator from,
                                     std::vector<const Proposal*>::const_iterator to) const {
  // Each proposal says where its words are in the batch's analysis, which
  // the worker asks for only if its plugin reads words (see `receive`).
  constexpr std::uint32_t kNotAnalysed = 0xffffffff;
  const bool shared = analysis_ != nullptr && plugin_host::text_analysis_enabled();
  plugin_host::append(message, shared ? analysis_->batch() : 0);
  plugin_host::append(message, static_cast<std::uint32_t>(to - from));
  for (auto it = from; it != to; ++it) {
    std::optional<std::uint32_t> index;
    if (shared) index = analysis_->index_of(**it);
    plugin_host::append(message, index.value_or(kNotAnalysed));
    plugin_host::append(message, **it);
  }
}

std::string PluginProcess::corpus_pass(const std::vector<Proposal>& proposals) {
  if (!plugin_.has_corpus_pass) return "";
  corpus_request_ = "C";
  std::vector<const Proposal*> all;
  all.reserve(proposals.size());
  for (const Proposal& p : proposals) all.push_back(&p);
  append_proposals(corpus_request_, all.begin(), all.end());
  corpus_limit_ = limits_.per_call * static_cast<long>(std::max<std::size_t>(1, proposals.size()));
  std::string why;
  Object::Ptr reply = call(corpus_request_, corpus_limit_, why, "finish its corpus pass");
  if (!reply) return why;
  return reply->optValue<std::string>("error", "");
}

std::vector<CriterionScore> PluginProcess::score(const std::vector<const Proposal*>& proposals) {
  std::vector<CriterionScore> out;
  out.reserve(proposals.size());
  for (std::size_t from = 0; from < proposals.size(); from += limits_.batch) {
    const std::size_t to = std::min(proposals.size(), from + limits_.batch);
    std::vector<CriterionScore> part =
        score_batch({proposals.begin() + static_cast<std::ptrdiff_t>(from),
                     proposals.begin() + static_cast<std::ptrdiff_t>(to)});
    std::move(part.begin(), part.end(), std::back_inserter(out));
  }
  return out;
}

std::vector<CriterionScore> PluginProcess::score_batch(const std::vector<const Proposal*>& batch) {
  std::vector<CriterionScore> out;
  out.reserve(batch.size());
  std::size_t next = 0;     // the proposal the worker is on
  bool one_by_one = false;  // each answer written as soon as it is scored
  while (next < batch.size()) {
    std::string why;
    if (disabled_.empty() && pid_ < 0) {
      if (!limits_.restart) {
        disabled_ = "plugin disabled for this run: its worker process has ended";
      } else if (!restart(why)) {
        disabled_ = "plugin disabled for this run: it cannot be restarted (" + why + ")";
      }
    }
    if (!disabled_.empty()) {
      for (; next < batch.size(); ++next) out.push_back({std::nullopt, "", disabled_, "", {}});
      break;
    }
    std::string message(1, one_by_one ? 's' : 'S');
    append_proposals(message, batch.begin() + static_cast<std::ptrdiff_t>(next), batch.end());
    // One answer per proposal, each within the per-call limit. The worker
    // writes what it has scored every millisecond, so a plugin that hangs
    // does it on the proposal after the last one answered; one that crashes
    // may take a millisecond of answers with it, and the rest are scored
    // again one by one to find the proposal it crashed on.
    plugin_host::write_frame(to_worker_, message);
    FrameRead read = FrameRead::Ok;
    std::string answer;
    for (; next < batch.size(); ++next) {
      read = receive(answer, limits_.per_call, why);
      if (read != FrameRead::Ok) break;
      CriterionScore score;
      if (answer.empty() || answer[0] != 'R' ||
          !plugin_host::Decoder(std::string_view(answer).substr(1)).read(score)) {
        why = "the plugin process answered something that is not the protocol";
        break;
      }
      out.push_back(std::move(score));
    }
    if (next == batch.size()) break;
    stop();
    // Without restarts the proposal it was on is the one to blame.
    const bool pinned =
        one_by_one || !limits_.restart || read == FrameRead::Ok || read == FrameRead::TimedOut;
    one_by_one = !pinned;
    if (!pinned) continue;
    out.push_back({std::nullopt, "", why, "", {}});
    ++next;
    if (++failures_ >= limits_.max_failures) {
      disabled_ = "plugin disabled for this run after " + std::to_string(failures_) +
                  " proposals failed it; the last: " + why;
    }
  }
  return out;
}

std::string signal_name(int signal) {
  const char* name = sigabbrev_np(signal);
  return name != nullptr ? std::string("SIG") + name : "signal " + std::to_string(signal);
}

void limit_address_space(std::size_t mb) {
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  if (mb == 0) return;
  const rlimit limit{static_cast<rlim_t>(mb) << 20, static_cast<rlim_t>(mb) << 20};
  setrlimit(RLIMIT_AS, &limit);
#else
  (void)mb;
#endif
}

namespace {

// While a batch is scored, writes the answers queued so far every
// millisecond: a plugin that hangs leaves every answer before it delivered.
class BatchFlusher {
 public:
  explicit BatchFlusher(plugin_host::FrameWriter& out) : out_(out), thread_([this] { run(); }) {}
  ~BatchFlusher() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
    }
    changed_.notify_one();
    thread_.join();
  }
  void scoring(bool busy) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      busy_ = busy;
    }
    changed_.notify_one();
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!quit_) {
      if (!busy_) {
        changed_.wait(lock);
        continue;
      }
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      out_.flush();  // a host gone is seen by the scoring thread's own flush
      lock.lock();
    }
  }

  plugin_host::FrameWriter& out_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool busy_ = false;
  bool quit_ = false;
  std::thread thread_;
};

// What the worker read of its plugin, for the host's registry.
void describe(const LoadedPlugin* plugin, const PluginRegistry& registry, Object& out) {
  if (plugin == nullptr) {
    out.set("error", registry.failures().back().reason);
    out.set("name", registry.failures().back().name);
    return;
  }
  out.set("name", plugin->name);
  out.set("version", plugin->version);
  out.set("description", plugin->description);
  Poco::JSON::Array::Ptr measures = new Poco::JSON::Array;
  for (const std::string& measure : plugin->measures) measures->add(measure);
  out.set("measures", measures);
  out.set("sha256", plugin->sha256);
  out.set("abi_major", static_cast<unsigned>(plugin->abi_major));
  out.set("abi_minor", static_cast<unsigned>(plugin->abi_minor));
  out.set("corpus_pass", plugin->has_corpus_pass);
}

}  // namespace

int run_plugin_worker(const std::string& file, std::size_t memory_mb) {
  // Frames go out on a private copy of standard output; whatever the plugin
  // prints lands on standard error instead of corrupting them.
  plugin_host::FrameWriter frames_out(reserve_standard_output());
  BatchFlusher flusher(frames_out);  // its thread started before the memory limit
  limit_address_space(memory_mb);
  PluginRegistry registry;
  const LoadedPlugin* plugin = registry.load_file_here(file, PluginOrigin::External);
  std::optional<PluginInstance> instance;
  plugin_host::MappedAnalysis analysis;
  std::optional<plugin_host::SharedAnalysis> shared;  // the request's proposals in it
  plugin_host::FrameReader requests(STDIN_FILENO);
  for (;;) {
    std::string text;
    const FrameRead read = requests.next(text, std::chrono::milliseconds(-1));
    if (read == FrameRead::Closed) return 0;
    if (read != FrameRead::Ok) return 1;
    Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    const char kind = text.empty() ? '?' : text[0];
    Object::Ptr in = kind == '{' ? plugin_host::parse_object(text) : nullptr;
    const std::string op = in ? in->optValue<std::string>("op", "") : "";
    if (op == "describe") {
      describe(plugin, registry, *out);
    } else if (op == "destroy") {
      instance.reset();
      out->set("ok", true);
    } else if (plugin == nullptr) {
      out->set("error", "cannot load " + file + ": " + registry.failures().back().reason);
    } else if (kind == '{') {  // configure the plugin
      Expected<PluginInstance> made =
          in ? PluginInstance::create(*plugin, in->optValue<std::string>("measure", ""),
                                      in->optValue<std::string>("params", "{}"))
             : Expected<PluginInstance>(Diagnostic{"", {}, "a request that is not JSON"});
      if (made) {
        instance.emplace(std::move(made).value());
        out->set("ok", true);
      } else {
        out->set("error", made.problems()[0].message);
      }
    } else if (!instance) {
      out->set("error", "the plugin is not configured");
    } else if (kind == 'C' || kind == 'S' || kind == 's') {
      plugin_host::Decoder in(std::string_view(text).substr(1));
      std::uint32_t count = 0, batch = 0;
      std::vector<Proposal> proposals;
      std::vector<std::uint32_t> places;
      bool read = in.read(batch) && in.read(count);
      if (read) proposals.reserve(std::min<std::size_t>(count, 100000));
      for (std::uint32_t i = 0; read && i < count; ++i) {
        proposals.emplace_back();
        places.emplace_back();
        read = in.read(places.back()) && in.read(proposals.back());
      }
      // The host's analysis of the batch, asked for and mapped when the
      // plugin first reads words; proposals it lacks (or all, when it cannot
      // be mapped) are analysed here when asked.
      instance->use_analysis(nullptr);
      shared.reset();
      if (read && batch != 0) {
        std::unordered_map<const Proposal*, std::uint32_t> index;
        for (std::size_t i = 0; i < proposals.size(); ++i) {
          if (places[i] != 0xffffffff) index.emplace(&proposals[i], places[i]);
        }
        shared.emplace(std::move(index), [&, batch]() -> std::optional<text::TextAnalysis> {
          const text::TextAnalysis* mapped = analysis.of(batch, [&]() -> std::string {
            frames_out.queue("W");
            std::string reply;
            if (!frames_out.flush() ||
                requests.next(reply, std::chrono::milliseconds(-1)) != FrameRead::Ok ||
                reply.empty() || reply[0] != 'P') {
              return "";
            }
            return reply.substr(1);
          });
          if (mapped == nullptr) return std::nullopt;
          return text::TextAnalysis::borrow(*mapped);
        });
      }
      instance->use_analysis(shared ? &*shared : nullptr);
      if (!read) {
        out->set("error", "a request that is not the protocol");
      } else if (kind == 'C') {
        const std::string error = instance->run_corpus_pass(proposals);
        if (error.empty()) {
          out->set("ok", true);
        } else {
          out->set("error", error);
        }
      } else {
        // One answer per proposal, written out together ('S') or each as
        // soon as it is scored ('s').
        std::string answer;
        flusher.scoring(kind == 'S');
        for (const Proposal& p : proposals) {
          answer.assign(1, 'R');
          plugin_host::append(answer, instance->score(p));
          frames_out.queue(answer);
          if (kind == 's' && !frames_out.flush()) return 1;
        }
        flusher.scoring(false);
        if (!frames_out.flush()) return 1;
        continue;
      }
    } else {
      out->set("error", "unknown request");
    }
    frames_out.queue(plugin_host::stringify(out));
    if (!frames_out.flush()) return 1;
  }
}

}  // namespace shortlist
