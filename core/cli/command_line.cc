#include "core/cli/command_line.h"

#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>

#include <sstream>

namespace shortlist::cli {

std::optional<std::string> ParsedOptions::last(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedOptions::all(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

CommandLine& CommandLine::option(const std::string& name, const std::string& short_name,
                                 const std::string& argument, const std::string& help,
                                 bool repeatable) {
  Poco::Util::Option option(name, short_name, help, false);
  if (!argument.empty()) option.argument(argument, true);
  option.repeatable(repeatable);
  options_.addOption(option);
  return *this;
}

ParsedOptions CommandLine::parse(std::size_t max_positional) const {
  ParsedOptions parsed;
  Poco::Util::OptionProcessor processor(options_);
  processor.setUnixStyle(true);
  try {
    for (const std::string& arg : args_) {
      std::string name;
      std::string value;
      if (processor.process(arg, name, value)) {
        if (!name.empty()) parsed.values[name].push_back(value);
        continue;
      }
      if (!arg.empty() && arg[0] == '-' && arg != "-")
        throw UsageError("unknown option '" + arg + "'");
      parsed.positional.push_back(arg);
    }
    processor.checkRequired();
  } catch (const Poco::Util::OptionException& e) {
    throw UsageError(e.displayText());
  }
  if (parsed.positional.size() > max_positional) {
    throw UsageError("unexpected argument '" + parsed.positional[max_positional] + "'");
  }
  return parsed;
}

std::string CommandLine::help() const {
  std::ostringstream out;
  for (const Poco::Util::Option& option : options_) {
    std::string left = "  ";
    left += option.shortName().empty() ? "    " : "-" + option.shortName() + ", ";
    left += "--" + option.fullName();
    if (option.takesArgument()) left += " " + option.argumentName();
    out << left << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << option.description()
        << "\n";
  }
  return out.str();
}

}  // namespace shortlist::cli
