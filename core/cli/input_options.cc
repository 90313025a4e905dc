#include "core/cli/input_options.h"

#include <charconv>

#include "core/util/parallel.h"

namespace shortlist::cli {
namespace {

std::size_t positive(const ParsedOptions& options, const std::string& name, std::size_t fallback) {
  std::optional<std::string> text = options.last(name);
  if (!text) return fallback;
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value == 0) {
    throw UsageError("--" + name + " needs a whole number of at least 1, not '" + *text + "'");
  }
  return value;
}

}  // namespace

void add_input_limit_options(CommandLine& line) {
  const ingest::ReadLimits defaults;
  line.option("max-file-bytes", "", "N",
              "largest file read (default " + std::to_string(defaults.max_file_bytes) + ")")
      .option("max-text-bytes", "", "N",
              "most text in one proposal (default " + std::to_string(defaults.max_text_bytes) + ")")
      .option(
          "max-sections", "", "N",
          "most sections in one proposal (default " + std::to_string(defaults.max_sections) + ")")
      .option("max-csv-rows", "", "N",
              "most rows read from one CSV file (default " + std::to_string(defaults.max_csv_rows) +
                  ")")
      .option("max-archive-bytes", "", "N",
              "most bytes one archive may expand to (default " +
                  std::to_string(defaults.max_archive_bytes) + ")")
      .option("threads", "j", "N", "files read at once (default: one per core)");
}

ingest::ReadLimits input_limits(const ParsedOptions& options) {
  ingest::ReadLimits limits;
  limits.max_file_bytes = positive(options, "max-file-bytes", limits.max_file_bytes);
  limits.max_text_bytes = positive(options, "max-text-bytes", limits.max_text_bytes);
  limits.max_sections = positive(options, "max-sections", limits.max_sections);
  limits.max_csv_rows = positive(options, "max-csv-rows", limits.max_csv_rows);
  limits.max_archive_bytes = positive(options, "max-archive-bytes", limits.max_archive_bytes);
  limits.threads = static_cast<unsigned>(positive(options, "threads", default_threads()));
  return limits;
}

ingest::Progress ProgressBar::callback() {
  if (!enabled_) return nullptr;
  return [this](std::size_t done, std::size_t total) { draw(done, total); };
}

void ProgressBar::draw(std::size_t done, std::size_t total) {
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = total == 0 ? kWidth : kWidth * done / total;
  out_ << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] " << done
       << "/" << total << " files" << std::flush;
  drawn_ = true;
}

void ProgressBar::finish() {
  if (drawn_) out_ << "\r" << std::string(60, ' ') << "\r" << std::flush;
}

}  // namespace shortlist::cli
