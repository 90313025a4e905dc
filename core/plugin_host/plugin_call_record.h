// PluginCallRecord: which plugin, and which proposal, each thread is calling
// in this process right now, so that a plugin that crashes the process or
// ends it with exit() is named as it goes. The record lives in fixed-size
// buffers per thread, filled before each call, so that a signal handler
// can read it without allocating; the handlers (SIGSEGV, SIGBUS, SIGFPE,
// SIGILL, SIGABRT) and the atexit / at_quick_exit hooks are installed the
// first time a plugin is called in process. A crash is then reported as
//
//   shortlist: plugin 'crash' /path/crash.so crashed (SIGSEGV) while scoring proposal bad-1
//
// before the signal goes on to the handler that was there before (the
// default one, which ends the process, or a sanitizer's); an exit() during
// a call is reported the same way and the process ends with status 1.
//
//   {
//     PluginCallRecord call(plugin.name, plugin.file, "scoring proposal", proposal.id);
//     descriptor->score(...);
//   }
#pragma once

#include <filesystem>
#include <string_view>

namespace shortlist {

class PluginCallRecord {
 public:
  // `name` may be "" while the plugin loads; `doing` says what the call is
  // ("scoring proposal", "loading"); `proposal` is the id it is on, or "".
  PluginCallRecord(std::string_view name, const std::filesystem::path& file, std::string_view doing,
                   std::string_view proposal = "");
  ~PluginCallRecord();
  PluginCallRecord(const PluginCallRecord&) = delete;
  PluginCallRecord& operator=(const PluginCallRecord&) = delete;

  // The same call moves on to another step (a corpus pass, proposal by proposal).
  void now(std::string_view doing, std::string_view proposal = "");
};

// Installs the crash handlers and exit hooks: called by main before anything
// else registers one, and by the first PluginCallRecord in a program that
// did not; safe to call again.
void watch_plugin_calls();

}  // namespace shortlist
