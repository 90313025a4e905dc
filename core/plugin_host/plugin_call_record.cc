#include "core/plugin_host/plugin_call_record.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace shortlist {
namespace {

// What one thread is calling. Written only by its thread; read by a signal
// handler or exit hook, which must not allocate or lock.
struct CallSlot {
  std::atomic<bool> taken{false};   // by a thread
  std::atomic<bool> active{false};  // a call is under way
  char name[65];
  char file[512];
  char doing[48];
  char proposal[160];
};

// Threads that call plugins; one that finds every slot taken keeps a slot
// of its own, which only its own handler sees.
constexpr std::size_t kSlots = 128;
CallSlot slots[kSlots];

// Plain pointers, constant-initialised: safe to read in a signal handler.
thread_local CallSlot* this_thread_slot = nullptr;

struct SlotRelease {
  CallSlot* shared = nullptr;
  ~SlotRelease() {
    // exit() runs the thread's own destructors before the exit hooks: a
    // plugin calling it leaves its call under way, and the slot is kept
    // for the hook to read.
    if (shared != nullptr && !shared->active.load(std::memory_order_acquire)) {
      shared->taken.store(false, std::memory_order_release);
    }
  }
};

CallSlot& my_slot() {
  if (this_thread_slot != nullptr) return *this_thread_slot;
  thread_local SlotRelease release;
  thread_local CallSlot own;
  for (CallSlot& slot : slots) {
    bool expected = false;
    if (slot.taken.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) {
      release.shared = &slot;
      return *(this_thread_slot = &slot);
    }
  }
  return *(this_thread_slot = &own);
}

void copy_into(char* to, std::size_t size, std::string_view from) {
  const std::size_t n = std::min(size - 1, from.size());
  std::memcpy(to, from.data(), n);
  to[n] = '\0';
}

// Async-signal-safe output.
void put(const char* text) {
  std::size_t left = std::strlen(text);
  while (left > 0) {
    const ssize_t written = ::write(STDERR_FILENO, text, left);
    if (written <= 0) return;
    text += written;
    left -= static_cast<std::size_t>(written);
  }
}

const char* name_of(int signal) {
  switch (signal) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGBUS:
      return "SIGBUS";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGABRT:
      return "SIGABRT";
    default:
      return "a signal";
  }
}

// "plugin 'name' FILE" and what it was doing, from a slot under way.
void put_call(const CallSlot& slot, const char* what) {
  put("plugin ");
  if (slot.name[0] != '\0') {
    put("'");
    put(slot.name);
    put("' ");
  }
  put(slot.file);
  put(what);
  put(slot.doing);
  if (slot.proposal[0] != '\0') {
    put(" ");
    put(slot.proposal);
  }
}

// The slot of a call under way on another thread, if any.
const CallSlot* another_call() {
  for (const CallSlot& slot : slots) {
    if (&slot != this_thread_slot && slot.active.load(std::memory_order_acquire)) return &slot;
  }
  return nullptr;
}

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
struct sigaction previous[NSIG];

void on_fatal_signal(int signal, siginfo_t* info, void*) {
  const CallSlot* mine = this_thread_slot;
  if (mine != nullptr && mine->active.load(std::memory_order_acquire)) {
    char what[64] = " crashed (";
    std::strcat(what, name_of(signal));
    std::strcat(what, ") while ");
    put("shortlist: ");
    put_call(*mine, what);
    put("\n");
  } else if (const CallSlot* other = another_call()) {
    put("shortlist: crashed (");
    put(name_of(signal));
    put(") outside any plugin call, while on another thread ");
    put_call(*other, " was ");
    put("\n");
  }
  // On to the handler that was there before: the default one ends the
  // process with this signal, a sanitizer's reports the fault. A fault the
  // processor raised happens again when this handler returns; a signal sent
  // (abort, kill) is sent again, and arrives when it returns.
  sigaction(signal, &previous[signal], nullptr);
  if (info == nullptr || info->si_code <= 0 || signal == SIGABRT) raise(signal);
}

void on_exit_during_call(const char* how) {
  const CallSlot* mine = this_thread_slot;
  if (mine == nullptr || !mine->active.load(std::memory_order_acquire)) return;
  put("shortlist: ");
  put_call(*mine, how);
  put("\n");
  _exit(1);
}

void on_exit() { on_exit_during_call(" ended the process (exit) while "); }
void on_quick_exit() { on_exit_during_call(" ended the process (quick_exit) while "); }

}  // namespace

void watch_plugin_calls() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int signal : kFatalSignals) {
      struct sigaction action {};
      action.sa_sigaction = on_fatal_signal;
      action.sa_flags = SA_SIGINFO;
      sigemptyset(&action.sa_mask);
      sigaction(signal, &action, &previous[signal]);
    }
    std::atexit(on_exit);
    std::at_quick_exit(on_quick_exit);
  });
}

PluginCallRecord::PluginCallRecord(std::string_view name, const std::filesystem::path& file,
                                   std::string_view doing, std::string_view proposal) {
  watch_plugin_calls();
  CallSlot& slot = my_slot();
  slot.active.store(false, std::memory_order_relaxed);
  copy_into(slot.name, sizeof slot.name, name);
  copy_into(slot.file, sizeof slot.file, file.native());
  copy_into(slot.doing, sizeof slot.doing, doing);
  copy_into(slot.proposal, sizeof slot.proposal, proposal);
  slot.active.store(true, std::memory_order_release);
}

void PluginCallRecord::now(std::string_view doing, std::string_view proposal) {
  CallSlot& slot = *this_thread_slot;
  slot.active.store(false, std::memory_order_relaxed);
  copy_into(slot.doing, sizeof slot.doing, doing);
  copy_into(slot.proposal, sizeof slot.proposal, proposal);
  slot.active.store(true, std::memory_order_release);
}

PluginCallRecord::~PluginCallRecord() {
  this_thread_slot->active.store(false, std::memory_order_release);
}

}  // namespace shortlist
