// `shortlist forms --criteria FILE --language L --format docx|pdf --output F`:
// the call's application form, for applicants to fill in and send back as
// a submission (docs/submissions.md).
#include <algorithm>

#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/cli/output_file.h"
#include "core/forms/application_form.h"

namespace shortlist::cli {
namespace {

const char* const kUsage =
    "usage: shortlist forms [--criteria FILE] --language L --format docx|pdf --output FILE\n";

}  // namespace

int run_forms(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("criteria", "c", "FILE", "the call's criteria (default: the bundled call)")
      .option("language", "l", "LANG", "the form's language: en, fr, es or ar")
      .option("format", "f", "FORMAT", "docx (Word content controls) or pdf (fillable PDF)")
      .option("output", "o", "FILE", "where to write the form")
      .option("font", "", "FILE",
              "a TrueType font for the PDF form (default: DejaVu Sans, fonts-dejavu-core)")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  try {
    options = line.parse(0);
    if (options.flag("help")) {
      out << kUsage
          << "\nWrites the call's application form in one language: the fields its criteria\n"
             "read, each named by its field path (applicant.country, budget.requested,\n"
             "sections.activities, ...), with labels and help. A filled form is a submission.\n\n"
          << line.help();
      return 0;
    }
    if (!options.last("language")) throw UsageError("--language is required");
    if (!options.last("format")) throw UsageError("--format is required (docx or pdf)");
    if (!options.last("output")) throw UsageError("--output is required");
    const std::string format = *options.last("format");
    if (format != "docx" && format != "pdf") {
      throw UsageError("--format must be docx or pdf, not '" + format + "'");
    }
    const auto& languages = forms::form_languages();
    if (std::find(languages.begin(), languages.end(), *options.last("language")) ==
        languages.end()) {
      throw UsageError("--language must be one of en, fr, es, ar, not '" +
                       *options.last("language") + "'");
    }
  } catch (const UsageError& e) {
    err << "shortlist forms: " << e.what() << "\n" << kUsage;
    return 2;
  }
  std::optional<CallConfig> config = read_criteria(options, err);
  if (!config) return 2;
  Expected<Messages> messages = Messages::open(bundled_messages_dir(), *options.last("language"));
  if (!messages) {
    err << "shortlist forms: " << messages.problems()[0].message << "\n";
    return 1;
  }
  const forms::ApplicationForm form = forms::application_form(*config, *messages);
  std::string bytes;
  if (*options.last("format") == "docx") {
    bytes = forms::write_docx_form(form);
  } else {
    Expected<std::string> pdf = forms::write_pdf_form(
        form, options.last("font").value_or(forms::default_form_font().string()));
    if (!pdf) {
      for (const Diagnostic& d : pdf.problems()) err << "shortlist forms: " << d << "\n";
      return 1;
    }
    bytes = std::move(*pdf);
  }
  return write_atomically(*options.last("output"), bytes, err) ? 0 : 1;
}

}  // namespace shortlist::cli
