// Option parsing shared by the sub-commands, on Poco::Util's OptionSet and
// OptionProcessor (Unix style: --name VALUE, --name=VALUE, -n VALUE).
//
//   CommandLine line(args);
//   line.option("criteria", "c", "FILE", "criteria YAML file");
//   ParsedOptions parsed = line.parse();   // throws UsageError
//   parsed.last("criteria");               // std::optional<std::string>
#pragma once

#include <Poco/Util/OptionSet.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace shortlist::cli {

// Bad usage: exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ParsedOptions {
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> positional;

  std::optional<std::string> last(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
  bool flag(const std::string& name) const { return values.count(name) != 0; }
};

class CommandLine {
 public:
  explicit CommandLine(std::vector<std::string> args) : args_(std::move(args)) {}

  // An option with an argument when `argument` is not empty, a flag otherwise.
  CommandLine& option(const std::string& name, const std::string& short_name,
                      const std::string& argument, const std::string& help,
                      bool repeatable = false);
  ParsedOptions parse(std::size_t max_positional = 0) const;
  // "  -c, --criteria FILE   criteria YAML file" lines.
  std::string help() const;

 private:
  std::vector<std::string> args_;
  Poco::Util::OptionSet options_;
};

}  // namespace shortlist::cli
