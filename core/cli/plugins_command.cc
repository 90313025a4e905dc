// `shortlist plugins list`: what plugins this host finds, and what failed;
// `plugins check` is in plugin_check.cc.
#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/plugin_host/plugin_process.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/text/unicode.h"

namespace shortlist::cli {

int run_plugins(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() >= 2 && args[0] == "worker") {
    // The process an isolated plugin runs in (plugin_process.h); not for people.
    std::size_t memory_mb = 4096;
    if (args.size() == 4 && args[2] == "--memory-limit") memory_mb = std::stoul(args[3]);
    return run_plugin_worker(args[1], memory_mb);
  }
  if (!args.empty() && args[0] == "check") {
    return run_plugin_check({args.begin() + 1, args.end()}, out, err);
  }
  CommandLine line(args);
  line.option("plugins", "p", "DIR", "another folder of plugins to load (repeatable)", true)
      .option("timeout", "", "SECONDS",
              "time limit for each plugin from a --plugins folder to load (default 60)")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  std::chrono::milliseconds load_limit{60000};
  try {
    options = line.parse(1);
    if (options.flag("help")) {
      out << "usage: shortlist plugins list [options]\n\n" << line.help();
      return 0;
    }
    if (options.positional.empty() || options.positional[0] != "list") {
      throw UsageError("expected 'list' or 'check FILE.so'");
    }
    if (auto given = options.last("timeout")) {
      double seconds = 0;
      try {
        seconds = std::stod(*given);
      } catch (const std::exception&) {
      }
      if (!(seconds > 0)) throw UsageError("--timeout takes seconds above 0");
      load_limit = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    }
  } catch (const UsageError& e) {
    err << "shortlist plugins: " << e.what()
        << "\nusage: shortlist plugins list [--plugins DIR]... [--timeout SECONDS]\n"
           "       shortlist plugins check FILE.so [options]   (--help for them)\n";
    return 2;
  }
  PluginRegistry registry;
  registry.set_load_limit(load_limit);
  registry.load_folder(bundled_plugin_dir(), PluginOrigin::Bundled);
  for (const std::string& dir : options.all("plugins"))
    registry.load_folder(dir, PluginOrigin::External);

  // Measures are the keys a criterion's `measure:` may name; the SHA-256
  // identifies the exact file an evaluation run records.
  out << text::fit_to_width("Name", 16) << "  " << text::fit_to_width("Version", 9) << "  ABI  "
      << text::fit_to_width("Measures", 24) << "  " << text::fit_to_width("SHA-256", 16)
      << "  File\n";
  for (const LoadedPlugin& plugin : registry.plugins()) {
    std::string measures;
    for (const std::string& m : plugin.measures) measures += (measures.empty() ? "" : ",") + m;
    out << text::fit_to_width(plugin.name, 16) << "  " << text::fit_to_width(plugin.version, 9)
        << "  " << plugin.abi_major << "." << plugin.abi_minor << "  "
        << text::fit_to_width(measures, 24) << "  " << plugin.sha256.substr(0, 16) << "  "
        << plugin.file.string() << "\n";
  }
  for (const PluginLoadFailure& failure : registry.failures()) {
    err << "failed: " << failure.to_string() << "\n";
  }
  for (const std::string& warning : registry.duplicate_warnings()) {
    err << "warning: " << warning << "\n";
  }
  return registry.failures().empty() ? 0 : 1;
}

}  // namespace shortlist::cli
