// Application form fields: the values an applicant typed into the call's
// Word or PDF form (content controls and AcroForm fields named by their
// field path, `applicant.country`, `budget.requested`, `sections.activities`,
// `fields.partners`), or into a two-column table of labels and values, put
// into a Document where a YAML submission would have written them, so that
// ProposalBuilder checks them the same way.
//
//   std::vector<FormValue> values = {{"budget.requested", "120 000"}};
//   apply_form_values(document, values);  // budget: {requested: 120000}
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/document.h"

namespace shortlist::ingest {

struct FormValue {
  std::string path;   // "applicant.country"
  std::string value;  // as typed
};

// The most form fields one document may hold: a form written for a call
// has a few dozen; beyond this it is refused, not read.
inline constexpr std::size_t kMaxFormFields = 1000;

// Whether `path` names a submission field a form may carry: title, summary,
// language, applicant.{name,type,country,email}, budget.{total,requested,
// currency}, beneficiaries.NAME, sections.NAME, fields.NAME[.NAME...].
bool is_form_path(std::string_view path);

// The number a person typed, as plain digits: spaces (also no-break and
// thin), apostrophes and thousands separators out, a decimal comma made a
// point ("120 000" -> "120000", "1.500,50" -> "1500.50", "12,5" -> "12.5").
// Arabic-Indic digits and separators count as theirs ("١٢٠٬٠٠٠" -> "120000").
// A separator followed by exactly three digits, alone of its kind, groups
// thousands. Nothing when it is not a number so written.
std::optional<std::string> plain_number_text(std::string_view typed);

// Puts each non-empty value at its path in `document.root` (a mapping),
// replacing what the rest of the document gave there. Amounts and counts
// (budget.total, budget.requested, beneficiaries.*) and fields.* are plain
// values, numbers when they spell one, so that the builder checks them as
// it checks YAML; the rest is text.
void apply_form_values(Document& document, const std::vector<FormValue>& values);

// The form's labels in every language it is written in, for reading a
// two-column table of labels and values: a label, compared without case,
// spacing, a trailing colon or asterisk -> the field path.
class FormLabels {
 public:
  void add(std::string_view label, std::string path);
  // The path a table's first cell names: one of the labels, or a field
  // path written as such.
  std::optional<std::string> path_of(std::string_view label) const;
  bool empty() const { return paths_.empty(); }

 private:
  std::map<std::string, std::string, std::less<>> paths_;
};

// The key a label is compared by.
std::string label_key(std::string_view label);

}  // namespace shortlist::ingest
