// PluginRegistry: finds scoring plugins (*.so) in folders, loads them with
// Boost.DLL, checks their descriptor against the host's ABI, and keeps them
// loaded for the life of the process. A file that fails is recorded with the
// reason; it stops nothing unless a criterion needs it.
//
//   PluginRegistry registry;
//   registry.load_folder(bundled_plugin_dir(), PluginOrigin::Bundled);
//   if (const LoadedPlugin* field = registry.find("field")) ...
//   for (const PluginLoadFailure& f : registry.failures()) std::cerr << f.to_string();
#pragma once

#include <shortlist/plugin.h>

#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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
  uint16_t abi_minor = 0;
  bool has_corpus_pass = false;
  const sl_plugin_descriptor* descriptor = nullptr;  // valid for the process's life
};

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
  // Loads one file; returns the plugin, or nullptr after recording why not.
  const LoadedPlugin* load_file(const std::filesystem::path& file, PluginOrigin origin);

  const LoadedPlugin* find(std::string_view name) const;
  // Stable addresses: a LoadedPlugin* stays valid as more plugins load.
  const std::deque<LoadedPlugin>& plugins() const { return plugins_; }
  const std::vector<PluginLoadFailure>& failures() const { return failures_; }
  // The failure of the file that would have provided `name`: the descriptor
  // said so, or the file is called <name>.so.
  const PluginLoadFailure* failure_for(std::string_view name) const;

 private:
  std::deque<LoadedPlugin> plugins_;
  std::vector<PluginLoadFailure> failures_;
};

// Checks a descriptor against this host; returns the reason it is refused,
// or "" when it is acceptable. Exposed for tests and `plugins check`.
std::string check_descriptor(const sl_plugin_descriptor& descriptor);

}  // namespace shortlist
