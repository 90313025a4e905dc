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
// after the host has started to shut down. The host's copy of each
// descriptor lives as long.
const sl_plugin_descriptor* keep_loaded(boost::dll::shared_library library,
                                        const sl_plugin_descriptor& descriptor) {
  static std::mutex mutex;
  static auto* libraries = new std::vector<boost::dll::shared_library>();
  static auto* descriptors = new std::deque<sl_plugin_descriptor>();
  std::lock_guard lock(mutex);
  libraries->push_back(std::move(library));
  descriptors->push_back(descriptor);
  return &descriptors->back();
}

std::string abi(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

const std::string kHostAbi = abi(SL_ABI_MAJOR, SL_ABI_MINOR);

// The fields every version shares, which say how to read the rest.
constexpr std::size_t kDescriptorHead = offsetof(sl_plugin_descriptor, name);

}  // namespace

std::string check_abi_version(unsigned major, unsigned minor) {
  if (major != SL_ABI_MAJOR) {
    return "built for plugin ABI " + abi(major, minor) + ", but this host speaks " + kHostAbi +
           " (the major version must match)";
  }
  if (minor > SL_ABI_MINOR) {
    return "needs plugin ABI " + abi(major, minor) + ", newer than this host's " + kHostAbi +
           ": update Shortlist";
  }
  return "";
}

sl_plugin_descriptor copy_descriptor(const sl_plugin_descriptor& plugin) {
  sl_plugin_descriptor copy{};
  std::memcpy(&copy, &plugin, kDescriptorHead);
  // Of another major version, nothing past the head is known to mean the same.
  if (copy.abi_major != SL_ABI_MAJOR) return copy;
  const std::size_t known = std::min<std::size_t>(copy.struct_size, sizeof(sl_plugin_descriptor));
  if (known > kDescriptorHead) std::memcpy(&copy, &plugin, known);
  return copy;
}

std::string check_descriptor(const sl_plugin_descriptor& d) {
  if (std::string reason = check_abi_version(d.abi_major, d.abi_minor); !reason.empty()) {
    return reason;
  }
  if (d.struct_size < SL_DESCRIPTOR_SIZE_1_0) {
    return "descriptor is " + std::to_string(d.struct_size) + " bytes, smaller than the " +
           std::to_string(SL_DESCRIPTOR_SIZE_1_0) +
           " bytes of an ABI 1.0 descriptor, which every plugin of major version 1 has";
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

  // The host reads its own copy: what the plugin's header had of the
  // fields this host knows, the rest zero (not provided).
  const sl_plugin_descriptor copy = copy_descriptor(*descriptor);
  const bool has_name =
      copy.abi_major == SL_ABI_MAJOR && copy.struct_size >= offsetof(sl_plugin_descriptor, version);
  const std::string name = has_name && copy.name ? copy.name : "";
  if (std::string reason = check_descriptor(copy); !reason.empty()) return fail(reason, name);

  LoadedPlugin& plugin = out.plugin;
  plugin.name = name;
  plugin.version = copy.version;
  plugin.description = copy.description ? copy.description : "";
  for (const char* const* measure = copy.measures; *measure != nullptr; ++measure) {
    plugin.measures.emplace_back(*measure);
  }
  plugin.file = file;
  plugin.sha256 = sha256_file(file).value_or("");
  plugin.abi_major = copy.abi_major;
  plugin.abi_minor = copy.abi_minor;
  plugin.has_corpus_pass = copy.corpus_observe != nullptr;
  plugin.descriptor = keep_loaded(std::move(library), copy);
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
