// What a use-case of core/app/ tells while it works, printed for a person:
// warnings and notes as "warning: ..." and "note: ..." lines on standard error, and the progress of
// reading files as a bar when there is one.
//
//   ProgressBar bar(err, isatty(STDERR_FILENO) != 0);
//   PrintedObserver printed(err, bar.callback());
//   app::ingest_batch(request, nullptr, printed);
#pragma once

#include <ostream>
#include <string>

#include "core/app/observer.h"
#include "core/ingest/submission_reader.h"

namespace shortlist::cli {

class PrintedObserver : public app::Observer {
 public:
  explicit PrintedObserver(std::ostream& err, ingest::Progress progress = nullptr)
      : err_(err), progress_(std::move(progress)) {}
  void warning(const std::string& message) override { err_ << "warning: " << message << "\n"; }
  void note(const std::string& message) override { err_ << "note: " << message << "\n"; }
  void reading(std::size_t done, std::size_t total) override {
    if (progress_) progress_(done, total);
  }

 private:
  std::ostream& err_;
  ingest::Progress progress_;
};

}  // namespace shortlist::cli
