// Options shared by the commands that read submissions: the input limits,
// and a progress bar for long runs on a terminal.
//
//   add_input_limit_options(line);
//   ingest::ReadLimits limits = input_limits(line.parse());
//   ProgressBar bar(std::cerr, isatty(2));
//   read_submissions(paths, limits, bar.callback());
#pragma once

#include <chrono>
#include <ostream>

#include "core/cli/command_line.h"
#include "core/ingest/submission_reader.h"

namespace shortlist::cli {

void add_input_limit_options(CommandLine& line);
// Throws UsageError for a value that is not a positive whole number.
ingest::ReadLimits input_limits(const ParsedOptions& options);

// "[#######.......]  120/400 files" on one line, redrawn at most ten times a
// second; silent when not on a terminal.
class ProgressBar {
 public:
  ProgressBar(std::ostream& out, bool enabled) : out_(out), enabled_(enabled) {}
  ingest::Progress callback();
  void finish();

 private:
  void draw(std::size_t done, std::size_t total);

  std::ostream& out_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace shortlist::cli
