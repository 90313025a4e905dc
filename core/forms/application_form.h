// ApplicationForm: the fields a call's applicants fill in, in one language,
// as `shortlist forms` writes them into a Word or PDF form. The fields are
// those the call reads: the applicant, title and summary, the sections its
// completeness criterion requires, the budget and beneficiaries, and every
// other field path a criterion, gate, quota or tie-break names. Each field
// is named by its path (`applicant.country`, `sections.activities`), which
// is how ingestion reads it back (core/ingest/form_fields.h).
//
//   Expected<Messages> fr = Messages::open(bundled_messages_dir(), "fr");
//   forms::ApplicationForm form = forms::application_form(config, *fr);
//   std::string docx = forms::write_docx_form(form);
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/criteria/call_config.h"
#include "core/ingest/form_fields.h"
#include "core/messages/messages.h"
#include "core/util/diagnostic.h"

namespace shortlist::forms {

enum class FieldKind {
  Line,  // a name, a code, an address: one line
  Text,  // prose: paragraphs
  Number
};

struct FormField {
  std::string path;  // "budget.requested"
  FieldKind kind = FieldKind::Line;
  std::string label;  // in the form's language
  std::string help;   // what to write, in the form's language; may be empty
};

struct FormGroup {
  std::string heading;
  std::vector<FormField> fields;
};

struct ApplicationForm {
  std::string language;  // "fr"
  bool right_to_left = false;
  std::string call;     // the call's name
  std::string heading;  // "Application form"
  std::string intro;    // how to fill it in
  std::string placeholder;
  std::vector<FormGroup> groups;
};

// The languages a form can be written in: those the messages speak.
const std::vector<std::string>& form_languages();

ApplicationForm application_form(const CallConfig& call, const Messages& messages);

// The labels of every field the form may hold, in every form language, for
// reading a two-column table of labels and values (docx.h).
ingest::FormLabels form_labels(const std::filesystem::path& messages_dir);

// A .docx (Office Open XML) whose fields are block content controls
// (w:sdt) tagged with the field's path, titled with its label, each after
// its label and help. The same form gives the same bytes.
std::string write_docx_form(const ApplicationForm& form);

// A fillable PDF: each field an AcroForm text field named by its path (as a
// hierarchy: "country" under "applicant"), with its label as tooltip (/TU),
// under its label and help printed in `font` (a TrueType font with the
// form language's glyphs, embedded as a subset).
Expected<std::string> write_pdf_form(const ApplicationForm& form,
                                     const std::filesystem::path& font);

// The font the PDF form is printed in: DejaVu Sans, which has Latin, Greek,
// Cyrillic and Arabic (Debian's fonts-dejavu-core).
std::filesystem::path default_form_font();

}  // namespace shortlist::forms
