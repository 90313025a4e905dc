// A plugin run in a process of its own: a worker (the shortlist binary as
// `shortlist plugins worker FILE.so`) loads the plugin with Boost.DLL and
// answers requests over a pipe each way (worker_protocol.h): proposals go in
// batches, and the answers come back one per proposal, written out together
// every millisecond, each within the per-call time limit. A crash, an abort,
// a hang or a runaway allocation ends the worker, never the evaluation: the
// proposal it happened on gets the failure as its error (a hang is on the
// proposal after the last one answered; after a crash the unanswered ones
// are scored again one by one to find it), the worker is restarted with
// backoff (its corpus pass replayed) and the rest are scored. After
// `max_failures` proposals have failed that way the plugin is disabled for
// the run, with a message saying so.
//
//   Expected<std::unique_ptr<PluginProcess>> p = PluginProcess::start(plugin, "", "{}", {});
//   (*p)->corpus_pass(proposals);
//   std::vector<CriterionScore> scores = (*p)->score(pointers);
//
// `plugins check` drives the same worker step by step (open, configure,
// corpus_pass, score, finish) with restarts off, and reports how it ended.
#pragma once

#include <Poco/JSON/Object.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/proposal.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/plugin_host/shared_analysis.h"
#include "core/plugin_host/worker_protocol.h"
#include "core/scoring/criterion_score.h"
#include "core/util/diagnostic.h"

namespace shortlist {

struct IsolationLimits {
  std::chrono::milliseconds per_call{5000};  // per proposal scored
  // Loading the plugin in a worker, and then its create call, each: a cold
  // start may read ICU's data. A user's time limit replaces it.
  std::chrono::milliseconds startup{60000};
  std::size_t memory_mb = 4096;  // the worker's address space; 0: none
  std::size_t batch = 1000;      // proposals per request
  int max_failures = 3;          // proposals failed by crash or hang
  // false: a worker that dies is not restarted; the proposal it died on gets
  // the failure and the plugin is disabled for the rest.
  bool restart = true;
};

// How a worker ended when a request to it failed.
struct WorkerEnd {
  enum class Kind { TimedOut, Crashed, Exited };
  Kind kind = Kind::Exited;
  int code = 0;  // the signal when Crashed, the exit status when Exited
};

class PluginProcess {
 public:
  // Starts the worker and configures the plugin in it; refused params come
  // back as PluginInstance::create words them.
  static Expected<std::unique_ptr<PluginProcess>> start(const LoadedPlugin& plugin,
                                                        const std::string& measure,
                                                        const std::string& params_json,
                                                        const IsolationLimits& limits);
  // Reads a plugin file in a worker: what its descriptor says, or why it is
  // refused — also when loading it crashed the worker or took longer than `limit`.
  static PluginFileRead describe(const std::filesystem::path& file,
                                 std::chrono::milliseconds limit = IsolationLimits{}.startup);
  // What a worker's answer to "describe" says of its plugin, into `out`
  // (out.refused when the plugin could not be read).
  static void read_description(const Poco::JSON::Object& reply, PluginFileRead& out);
  // The steps that `start` takes, for a caller that reports each one.
  // `plugin` (only its file is needed before `open`) must outlive the process.
  PluginProcess(const LoadedPlugin& plugin, std::string measure, std::string params,
                IsolationLimits limits)
      : plugin_(plugin),
        measure_(std::move(measure)),
        params_(std::move(params)),
        limits_(limits) {}
  // Starts the worker and waits for it to load the plugin: what its
  // descriptor says into `out` (out.refused when it cannot be loaded, or the
  // worker died or hung: ended() tells which).
  // False when it gave no answer at all.
  bool open(PluginFileRead& out);
  // Configures the plugin in the worker: "" or why not (the plugin refused
  // its params, or the worker died or hung: ended() tells which).
  std::string configure();
  // Destroys the plugin's instance (within the per-call limit) and ends the
  // worker: "" or why not.
  std::string finish();
  // How the worker ended, once a request to it failed.
  const std::optional<WorkerEnd>& ended() const { return ended_; }

  ~PluginProcess();
  PluginProcess(const PluginProcess&) = delete;
  PluginProcess& operator=(const PluginProcess&) = delete;

  // "" or what went wrong.
  std::string corpus_pass(const std::vector<Proposal>& proposals);
  // One score per proposal, in order.
  std::vector<CriterionScore> score(const std::vector<const Proposal*>& proposals);

  int restarts() const { return restarts_; }

  // The batch's text analysis: the worker maps it (SharedAnalysis::shared_path)
  // and each proposal sent says its place in it. Must outlive the calls.
  void use_analysis(const plugin_host::SharedAnalysis* analysis) { analysis_ = analysis; }

 private:
  bool spawn(std::string& why);
  // Waits for a worker just spawned to load its plugin (within limits_.startup).
  bool load(std::string& why);
  // Configures the plugin in the worker: nullptr with `why` when it died or
  // hung, else the answer ("error" when the plugin refused its params).
  Poco::JSON::Object::Ptr create(std::string& why);
  void stop();
  // Sends a request and waits for the answer; nullptr with `why` when the
  // worker died, hung or answered nonsense (it is stopped then). `phase`
  // says what the worker was to do: "the plugin did not <phase> within 2.0 s".
  Poco::JSON::Object::Ptr call(const std::string& request, std::chrono::milliseconds limit,
                               std::string& why, const char* phase = "answer");
  // The next answer into `reply`; anything but Ok comes with `why`: the
  // worker died or hung (it is killed then).
  plugin_host::FrameRead receive(std::string& reply, std::chrono::milliseconds limit,
                                 std::string& why, const char* phase = "answer");
  // The next answer as a JSON object; nullptr with `why` also when it is not one.
  Poco::JSON::Object::Ptr receive_json(std::chrono::milliseconds limit, std::string& why,
                                       const char* phase);
  // A fresh worker in the state of the last: configured, corpus replayed.
  bool restart(std::string& why);
  std::vector<CriterionScore> score_batch(const std::vector<const Proposal*>& batch);
  // Appends proposals to a request, each with its place in the analysis.
  void append_proposals(std::string& message, std::vector<const Proposal*>::const_iterator from,
                        std::vector<const Proposal*>::const_iterator to) const;

  const LoadedPlugin& plugin_;
  std::string measure_;
  std::string params_;
  IsolationLimits limits_;
  pid_t pid_ = -1;
  int to_worker_ = -1;
  int from_worker_ = -1;
  plugin_host::FrameReader answers_;
  const plugin_host::SharedAnalysis* analysis_ = nullptr;
  std::string corpus_request_;  // replayed after a restart
  std::chrono::milliseconds corpus_limit_{0};
  int failures_ = 0;
  int restarts_ = 0;
  std::string disabled_;  // why the plugin is disabled, once it is
  std::optional<WorkerEnd> ended_;
};

// The worker's side: serves requests on standard input and output until the
// host closes the pipe. Returns the exit status.
int run_plugin_worker(const std::string& file, std::size_t memory_mb);

// The program a worker runs, as `PROGRAM plugins worker FILE.so`: by default
// the running one (/proc/self/exe), which answers that command when it is the
// shortlist binary. A front end that is not — a test binary, a host that
// embeds the library — names the shortlist binary here before it starts a
// worker.
void set_worker_program(std::filesystem::path program);
std::filesystem::path worker_program();

// Limits this process's address space to `mb` megabytes (0: no limit), so
// that a plugin's runaway allocation fails inside it. Not under
// AddressSanitizer, which reserves more than any limit.
void limit_address_space(std::size_t mb);

// "SIGSEGV" for 11, for a report.
std::string signal_name(int signal);

}  // namespace shortlist
