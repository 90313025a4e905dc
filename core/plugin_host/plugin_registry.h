// PluginRegistry: finds scoring plugins (*.so) in folders, reads and checks
// their descriptor against the host's ABI, and keeps what it says. Bundled
// plugins are loaded with Boost.DLL into this process, for its life; a
// plugin from elsewhere is described by a worker process (plugin_process.h),
// so that one that crashes or hangs as it loads cannot take the host with
// it, and enters this process only if a criterion asks to run it here. A
// file that fails is recorded with the reason; it stops nothing unless a
// criterion needs it.
//
//   PluginRegistry registry;
//   registry.load_folder(bundled_plugin_dir(), PluginOrigin::Bundled);
//   if (const LoadedPlugin* field = registry.find("field")) ...
//   for (const PluginLoadFailure& f : registry.failures()) std::cerr << f.to_string();
#pragma once

#include <shortlist/plugin.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/diagnostic.h"

namespace shortlist {

enum class PluginOrigin { Bundled, External };

struct LoadedPlugin {
  std::string name;
  std::string version;
  std::string description;
  std::vector<std::string> measures;  // first is the default
  std::filesystem::path file;
  std::string sha256;  // of the file as loaded
  PluginOrigin origin = PluginOrigin::Bundled;
  uint16_t abi_major = 0;
  uint16_t abi_minor = 0;  // the oldest host minor version it works with
  bool has_corpus_pass = false;
  // The host's copy of the plugin's descriptor (copy_descriptor), valid for
  // the process's life once the plugin is in this process; nullptr for a
  // plugin from elsewhere until then (load_in_process).
  const sl_plugin_descriptor* descriptor = nullptr;
};

// A plugin file read: the plugin, or why it is refused (its `file` set) and
// the name it gave, if it gave one.
struct PluginFileRead {
  LoadedPlugin plugin;
  std::string refused;
  std::string name;
};

// Loads `file` into this process and reads its descriptor.
PluginFileRead read_plugin_here(const std::filesystem::path& file);

struct PluginLoadFailure {
  std::filesystem::path file;
  std::string name;  // when the descriptor could be read
  std::string reason;

  std::string to_string() const { return file.string() + ": " + reason; }
};

class PluginRegistry {
 public:
  // Loads every *.so directly in `folder`, in name order. A missing folder is
  // a failure of its own.
  void load_folder(const std::filesystem::path& folder, PluginOrigin origin);
  // Reads one file (in a worker when it is External); returns the plugin, or
  // nullptr after recording why not.
  const LoadedPlugin* load_file(const std::filesystem::path& file, PluginOrigin origin);
  // The same, loading the file into this process whatever its origin: for
  // the processes that are themselves the isolation (a worker, a check).
  const LoadedPlugin* load_file_here(const std::filesystem::path& file, PluginOrigin origin);
  // How long a worker may take to load an External plugin (60 s by default);
  // one that takes longer is a load failure.
  void set_load_limit(std::chrono::milliseconds limit) { load_limit_ = limit; }

  // The first plugin loaded of that name.
  const LoadedPlugin* find(std::string_view name) const;
  // Every plugin of that name: more than one when two folders each hold
  // one, and then a criterion must say which file it means.
  std::vector<const LoadedPlugin*> all_named(std::string_view name) const;
  // Their files, for a message: "a/x.so, b/x.so and c/x.so".
  std::string files_named(std::string_view name) const;
  // "two plugins are named 'x': A and B; ..." for each name loaded twice.
  std::vector<std::string> duplicate_warnings() const;
  // Stable addresses: a LoadedPlugin* stays valid as more plugins load.
  const std::deque<LoadedPlugin>& plugins() const { return plugins_; }
  const std::vector<PluginLoadFailure>& failures() const { return failures_; }
  // The failure of the file that would have provided `name`: the descriptor
  // said so, or the file is called <name>.so.
  const PluginLoadFailure* failure_for(std::string_view name) const;

 private:
  // Keeps the plugin read unless it was refused; a second of one name
  // among the duplicates.
  const LoadedPlugin* add(PluginFileRead read, PluginOrigin origin);

  std::deque<LoadedPlugin> plugins_;
  std::deque<LoadedPlugin> duplicates_;  // a name already in plugins_
  std::vector<PluginLoadFailure> failures_;
  std::chrono::milliseconds load_limit_{60000};
};

// The descriptor of `plugin` in this process, loading its file now if it
// was described by a worker; refused if the file changed since.
Expected<const sl_plugin_descriptor*> load_in_process(const LoadedPlugin& plugin);

// The descriptor as this host reads it, as OBS's obs_register_source_s
// does: the plugin's `struct_size` bytes of it, or as many as this host
// knows when the plugin's header was newer, into a zeroed descriptor; only
// the head (size and versions) when the major version is not this host's.
sl_plugin_descriptor copy_descriptor(const sl_plugin_descriptor& plugin);

// Why a plugin that declares this ABI version (major, and the oldest host
// minor it works with) is refused here, or "" when this host can run it.
std::string check_abi_version(unsigned major, unsigned minor);

// Checks a descriptor copied by copy_descriptor against this host; returns
// the reason it is refused, or "" when it is acceptable.
std::string check_descriptor(const sl_plugin_descriptor& descriptor);

}  // namespace shortlist
