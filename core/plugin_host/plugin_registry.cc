#include "core/plugin_host/plugin_registry.h"

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <regex>

#include "core/plugin_host/plugin_call_record.h"
#include "core/plugin_host/plugin_process.h"
#include "core/util/digest.h"

namespace shortlist {
namespace fs = std::filesystem;
namespace {

// Plugins are never unloaded while the process runs: descriptors, strings
// and code they handed out stay valid, and no destructor of a plugin runs
// after the host has started to shut down.
void keep_loaded(boost::dll::shared_library library) {
  static std::mutex mutex;
  static auto* libraries = new std::vector<boost::dll::shared_library>();
  std::lock_guard lock(mutex);
  libraries->push_back(std::move(library));
}

std::string abi(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

const std::string kHostAbi = abi(SL_ABI_MAJOR, SL_ABI_MINOR);

}  // namespace

std::string check_descriptor(const sl_plugin_descriptor& d) {
  if (d.abi_major != SL_ABI_MAJOR) {
    return "built for plugin ABI " + abi(d.abi_major, d.abi_minor) + ", but this host speaks " +
           kHostAbi + " (the major version must match)";
  }
  if (d.abi_minor > SL_ABI_MINOR) {
    return "built for plugin ABI " + abi(d.abi_major, d.abi_minor) + ", newer than this host's " +
           kHostAbi + ": update Shortlist";
  }
  if (d.struct_size > sizeof(sl_plugin_descriptor)) {
    return "descriptor is " + std::to_string(d.struct_size) + " bytes, larger than the " +
           std::to_string(sizeof(sl_plugin_descriptor)) + " bytes this host knows for ABI " +
           kHostAbi + ": the plugin was built against a different header";
  }
  if (d.struct_size < sizeof(sl_plugin_descriptor)) {
    return "descriptor is " + std::to_string(d.struct_size) + " bytes, smaller than the " +
           std::to_string(sizeof(sl_plugin_descriptor)) + " bytes of ABI " + kHostAbi;
  }
  static const std::regex kName("[a-z0-9][a-z0-9_-]{0,63}");
  if (d.name == nullptr || !std::regex_match(d.name, kName)) {
    return "descriptor has no valid name (lower-case letters, digits, '_' and '-')";
  }
  if (d.version == nullptr || *d.version == '\0') return "descriptor has no version";
  if (d.create == nullptr || d.destroy == nullptr || d.score == nullptr) {
    return "descriptor lacks create, destroy or score";
  }
  if (d.measures == nullptr || d.measures[0] == nullptr) {
    return "descriptor lists no measures (criteria keys)";
  }
  const bool any_corpus = d.corpus_begin || d.corpus_observe || d.corpus_end;
  const bool all_corpus = d.corpus_begin && d.corpus_observe && d.corpus_end;
  if (any_corpus && !all_corpus) {
    return "descriptor sets only part of the corpus pass (begin, observe, end go together)";
  }
  return "";
}

void PluginRegistry::load_folder(const fs::path& folder, PluginOrigin origin) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    failures_.push_back({folder, "", "plugin folder does not exist"});
    return;
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
    if (entry.path().extension() == ".so" && entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) load_file(file, origin);
}

PluginFileRead read_plugin_here(const fs::path& file) {
  PluginFileRead out;
  out.plugin.file = file;
  auto fail = [&](std::string reason, std::string name = "") {
    out.refused = std::move(reason);
    out.name = std::move(name);
    return out;
  };
  boost::dll::shared_library library;
  PluginCallRecord record("", file, "loading");
  try {
    library.load(file.string(),
                 boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return fail(std::string("cannot load: ") + e.what());
  }
  if (!library.has(SL_ENTRY_SYMBOL)) {
    return fail("no entry symbol '" SL_ENTRY_SYMBOL "': not a Shortlist plugin");
  }
  auto entry = library.get<const sl_plugin_descriptor*()>(SL_ENTRY_SYMBOL);
  const sl_plugin_descriptor* descriptor = entry();
  if (descriptor == nullptr) return fail("entry symbol returned no descriptor");

  // Read only what every version shares before trusting the size.
  sl_plugin_descriptor header{};
  std::memcpy(&header, descriptor, offsetof(sl_plugin_descriptor, name));
  if (header.abi_major == SL_ABI_MAJOR && header.struct_size == sizeof(sl_plugin_descriptor)) {
    header = *descriptor;
  }
  const std::string name = header.name ? header.name : "";
  if (std::string reason = check_descriptor(header); !reason.empty()) return fail(reason, name);

  LoadedPlugin& plugin = out.plugin;
  plugin.name = name;
  plugin.version = descriptor->version;
  plugin.description = descriptor->description ? descriptor->description : "";
  for (const char* const* measure = descriptor->measures; *measure != nullptr; ++measure) {
    plugin.measures.emplace_back(*measure);
  }
  plugin.file = file;
  plugin.sha256 = sha256_file(file).value_or("");
  plugin.abi_major = descriptor->abi_major;
  plugin.abi_minor = descriptor->abi_minor;
  plugin.has_corpus_pass = descriptor->corpus_observe != nullptr;
  plugin.descriptor = descriptor;
  keep_loaded(std::move(library));
  return out;
}

const LoadedPlugin* PluginRegistry::load_file(const fs::path& file, PluginOrigin origin) {
  if (origin == PluginOrigin::Bundled) return load_file_here(file, origin);
  return add(PluginProcess::describe(file, load_limit_), origin);
}

const LoadedPlugin* PluginRegistry::load_file_here(const fs::path& file, PluginOrigin origin) {
  return add(read_plugin_here(file), origin);
}

const LoadedPlugin* PluginRegistry::add(PluginFileRead read, PluginOrigin origin) {
  if (!read.refused.empty()) {
    failures_.push_back({read.plugin.file, std::move(read.name), std::move(read.refused)});
    return nullptr;
  }
  LoadedPlugin& plugin = read.plugin;
  plugin.origin = origin;
  std::deque<LoadedPlugin>& into = find(plugin.name) ? duplicates_ : plugins_;
  into.push_back(std::move(plugin));
  return &into.back();
}

std::vector<const LoadedPlugin*> PluginRegistry::all_named(std::string_view name) const {
  std::vector<const LoadedPlugin*> out;
  for (const std::deque<LoadedPlugin>* list : {&plugins_, &duplicates_}) {
    for (const LoadedPlugin& plugin : *list) {
      if (plugin.name == name) out.push_back(&plugin);
    }
  }
  return out;
}

std::string PluginRegistry::files_named(std::string_view name) const {
  const std::vector<const LoadedPlugin*> named = all_named(name);
  std::string files;
  for (std::size_t i = 0; i < named.size(); ++i) {
    files += (i == 0 ? "" : i + 1 == named.size() ? " and " : ", ") + named[i]->file.string();
  }
  return files;
}

std::vector<std::string> PluginRegistry::duplicate_warnings() const {
  std::vector<std::string> out;
  for (const LoadedPlugin& plugin : plugins_) {
    const std::size_t named = all_named(plugin.name).size();
    if (named < 2) continue;
    out.push_back(std::to_string(named) + " plugins are named '" + plugin.name +
                  "': " + files_named(plugin.name) + "; a criterion that uses '" + plugin.name +
                  "' must name its file (file: ...)");
  }
  return out;
}

Expected<const sl_plugin_descriptor*> load_in_process(const LoadedPlugin& plugin) {
  if (plugin.descriptor != nullptr) return plugin.descriptor;
  const PluginFileRead read = read_plugin_here(plugin.file);
  if (!read.refused.empty()) {
    return Diagnostic{"", {}, "cannot load " + plugin.file.string() + ": " + read.refused};
  }
  if (read.plugin.sha256 != plugin.sha256 || read.plugin.name != plugin.name) {
    return Diagnostic{"", {}, plugin.file.string() + " changed after it was first read"};
  }
  return read.plugin.descriptor;
}

const LoadedPlugin* PluginRegistry::find(std::string_view name) const {
  for (const LoadedPlugin& plugin : plugins_) {
    if (plugin.name == name) return &plugin;
  }
  return nullptr;
}

const PluginLoadFailure* PluginRegistry::failure_for(std::string_view name) const {
  for (const PluginLoadFailure& failure : failures_) {
    if (failure.name == name || (failure.name.empty() && failure.file.stem() == name)) {
      return &failure;
    }
  }
  return nullptr;
}

}  // namespace shortlist
