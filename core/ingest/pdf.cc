#include "core/ingest/pdf.h"

#include <podofo/podofo.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "core/ingest/form_fields.h"
#include "core/ingest/pdf_filters.h"

namespace shortlist::ingest {
namespace {

// Text as extracted, less the bidirectional embedding controls (U+202A to
// U+202E) that the extraction wraps around runs of right-to-left text: they
// come from the page layout, not from the applicant.
std::string utf8_of(const poppler::ustring& text) {
  const poppler::byte_array bytes = text.to_utf8();
  std::string out(bytes.begin(), bytes.end());
  for (std::size_t at = out.find("\xE2\x80"); at != std::string::npos;
       at = out.find("\xE2\x80", at)) {
    const auto third = static_cast<unsigned char>(at + 2 < out.size() ? out[at + 2] : 0);
    if (third >= 0xAA && third <= 0xAE) {
      out.erase(at, 3);
    } else {
      at += 3;
    }
  }
  return out;
}

constexpr std::size_t kMaxFilters = 4;

// What the streams of a PDF decode to, every filter of a stream applied
// (pdf_filters.h), counted until it passes `limit`. Found by their
// keywords, as a repairing reader would: a stream's dictionary lies
// between the `obj` that opens it and `stream`. Empty when within the
// limit, else why not.
std::string decoded_beyond(std::string_view bytes, std::uintmax_t limit,
                           const std::string& limit_name) {
  std::uintmax_t total = 0;
  for (std::size_t at = bytes.find("stream"); at != std::string_view::npos;
       at = bytes.find("stream", at + 6)) {
    std::size_t start = at + 6;
    if (at >= 3 && bytes.substr(at - 3, 3) == "end") continue;
    if (start < bytes.size() && bytes[start] == '\r') ++start;
    if (start >= bytes.size() || bytes[start] != '\n') continue;
    ++start;
    const std::size_t opened = bytes.rfind("obj", at);
    const std::string_view dictionary =
        bytes.substr(opened == std::string_view::npos ? 0 : opened, at - opened);
    const std::vector<pdf::Filter> filters = pdf::filters_named(dictionary);
    if (filters.empty()) continue;
    if (filters.size() > kMaxFilters) {
      return "a stream is compressed or encoded " + std::to_string(filters.size()) +
             " times over (at most " + std::to_string(kMaxFilters) + " is read)";
    }
    const std::size_t end = std::min(bytes.find("endstream", start), bytes.size());
    total += pdf::decoded_size(bytes.substr(start, end - start), filters, limit - total);
    if (total > limit) {
      return "its compressed streams expand beyond " + std::to_string(limit) + " bytes (" +
             limit_name + "): a decompression bomb is not read";
    }
  }
  return "";
}

// A field tree nested deeper than this is not a form anyone filled in.
constexpr int kMaxFieldDepth = 16;

// What a PDF's AcroForm holds: each terminal field's fully qualified name
// (its ancestors' /T joined with dots, so "applicant" > "country" is
// applicant.country) and value, and the pages its widgets are on.
struct PdfForm {
  std::vector<FormValue> fields;
  std::set<int> pages;  // 0-based
  std::string problem;  // why the form could not be read, if it could not
};

std::string text_of(const PoDoFo::PdfObject* value) {
  if (value == nullptr) return "";
  if (value->IsString() || value->IsHexString()) return value->GetString().GetStringUtf8();
  if (value->IsArray()) {
    std::string joined;
    for (const PoDoFo::PdfObject& item : value->GetArray()) {
      if (item.IsString() || item.IsHexString()) {
        joined += (joined.empty() ? "" : "\n") + item.GetString().GetStringUtf8();
      }
    }
    return joined;
  }
  return "";  // a name (a check box's state) or nothing
}

void collect_fields(PoDoFo::PdfMemDocument& pdf, const PoDoFo::PdfObject* field,
                    const std::string& parent, int depth, std::set<PoDoFo::PdfReference>& seen,
                    PdfForm& form) {
  if (field == nullptr || !field->IsDictionary() || !form.problem.empty()) return;
  // Only indirect objects can make a loop of /Kids.
  if (field->Reference().IsIndirect() && !seen.insert(field->Reference()).second) return;
  if (depth > kMaxFieldDepth) {
    form.problem = "its form fields nest deeper than " + std::to_string(kMaxFieldDepth) + " levels";
    return;
  }
  const PoDoFo::PdfDictionary& dictionary = field->GetDictionary();
  std::string name = parent;
  if (const PoDoFo::PdfObject* t = dictionary.GetKey("T");
      t && (t->IsString() || t->IsHexString())) {
    const std::string part = t->GetString().GetStringUtf8();
    name = parent.empty() ? part : parent + "." + part;
  }
  bool has_child_fields = false;
  if (const PoDoFo::PdfObject* kids = field->GetIndirectKey("Kids"); kids && kids->IsArray()) {
    for (const PoDoFo::PdfObject& kid : kids->GetArray()) {
      const PoDoFo::PdfObject* child =
          kid.IsReference() ? pdf.GetObjects().GetObject(kid.GetReference()) : &kid;
      if (child == nullptr || !child->IsDictionary()) continue;
      if (child->GetDictionary().HasKey("T")) {
        has_child_fields = true;
        collect_fields(pdf, child, name, depth + 1, seen, form);
      }
    }
  }
  if (has_child_fields || name.empty()) return;
  if (form.fields.size() >= kMaxFormFields) {
    form.problem = "more than " + std::to_string(kMaxFormFields) + " form fields";
    return;
  }
  form.fields.push_back({name, text_of(field->GetIndirectKey("V"))});
}

PdfForm read_pdf_form(std::string_view bytes) {
  static const bool quiet = [] {
    PoDoFo::PdfError::EnableLogging(false);
    PoDoFo::PdfError::EnableDebug(false);
    return true;
  }();
  (void)quiet;
  // Files are read on several threads, and PoDoFo is not safe on them: a
  // new document stamps its creation date through localtime(), whose time
  // zone state is shared (ThreadSanitizer found the race). One document
  // at a time; poppler, which reads the text, is not held by this.
  static std::mutex podofo;
  const std::lock_guard<std::mutex> lock(podofo);
  PdfForm form;
  try {
    PoDoFo::PdfMemDocument pdf;
    pdf.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
    const PoDoFo::PdfObject* acro_form = pdf.GetCatalog()->GetIndirectKey("AcroForm");
    if (acro_form == nullptr || !acro_form->IsDictionary()) return form;
    const PoDoFo::PdfObject* fields = acro_form->GetIndirectKey("Fields");
    if (fields == nullptr || !fields->IsArray()) return form;
    std::set<PoDoFo::PdfReference> seen;
    for (const PoDoFo::PdfObject& entry : fields->GetArray()) {
      const PoDoFo::PdfObject* field =
          entry.IsReference() ? pdf.GetObjects().GetObject(entry.GetReference()) : &entry;
      collect_fields(pdf, field, "", 0, seen, form);
    }
    for (int i = 0; i < pdf.GetPageCount(); ++i) {
      const PoDoFo::PdfPage* page = pdf.GetPage(i);  // null in a damaged page tree
      if (page == nullptr) continue;
      const PoDoFo::PdfObject* annots = page->GetObject()->GetIndirectKey("Annots");
      if (annots == nullptr || !annots->IsArray()) continue;
      for (const PoDoFo::PdfObject& entry : annots->GetArray()) {
        const PoDoFo::PdfObject* annotation =
            entry.IsReference() ? pdf.GetObjects().GetObject(entry.GetReference()) : &entry;
        if (annotation != nullptr && annotation->IsDictionary() &&
            annotation->GetIndirectKeyAsName("Subtype") == PoDoFo::PdfName("Widget")) {
          form.pages.insert(i);
          break;
        }
      }
    }
  } catch (const PoDoFo::PdfError&) {
    // A file PoDoFo cannot parse (a damaged cross-reference table, which
    // poppler repairs) is read for its text, as it was before forms.
    form = PdfForm{};
  }
  return form;
}

}  // namespace

Expected<Document> read_pdf_document(std::string_view bytes, const std::string& source,
                                     const ArchiveLimits& limits) {
  const double by_ratio =
      limits.max_ratio * static_cast<double>(std::max<std::size_t>(bytes.size(), 1));
  const bool ratio_binds = by_ratio < static_cast<double>(limits.max_total_bytes);
  const std::uintmax_t limit =
      ratio_binds ? static_cast<std::uintmax_t>(by_ratio) : limits.max_total_bytes;
  char ratio[48];
  std::snprintf(ratio, sizeof ratio, "%.0f times the file's size", limits.max_ratio);
  if (std::string why = decoded_beyond(bytes, limit, ratio_binds ? ratio : "--max-archive-bytes");
      !why.empty()) {
    return Diagnostic{source, {}, why};
  }
  // poppler would print its own complaints; the one reported is ours.
  static const bool quiet = [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    return true;
  }();
  (void)quiet;
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) return Diagnostic{source, {}, "not a readable PDF"};
  if (pdf->is_locked()) return Diagnostic{source, {}, "the PDF is password-protected"};
  // The call's form names its fields by their path; a PDF with a form of
  // some other kind is read as text alone. Only a PDF that says it has a
  // form, or may hide it in a compressed object stream, is parsed for it.
  std::vector<FormValue> values;
  std::set<int> form_pages;
  if (bytes.find("/AcroForm") != std::string_view::npos ||
      bytes.find("/ObjStm") != std::string_view::npos) {
    PdfForm form = read_pdf_form(bytes);
    if (!form.problem.empty()) return Diagnostic{source, {}, form.problem};
    for (FormValue& field : form.fields) {
      if (is_form_path(field.path)) values.push_back(std::move(field));
    }
    if (!values.empty()) form_pages = std::move(form.pages);
  }
  const bool is_form = !values.empty();
  const bool blank = is_form && std::all_of(values.begin(), values.end(), [](const FormValue& v) {
                       return v.value.find_first_not_of(" \t\r\n") == std::string::npos;
                     });
  std::string text;
  for (int i = 0; i < pdf->pages(); ++i) {
    // The form's pages print its labels and help; the answers are its fields.
    if (form_pages.count(i) > 0) continue;
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) continue;
    text += utf8_of(page->text()) + "\n";
  }
  if (is_form) {
    Document document{source, {}};
    document.root.kind = Node::Kind::Map;
    if (text.find_first_not_of(" \t\r\n\f") != std::string::npos) {
      Node sections;
      sections.kind = Node::Kind::Map;
      sections.members.emplace_back("text", Node::text(text));
      document.root.members.emplace_back("sections", std::move(sections));
    }
    document.blank_form = blank;
    apply_form_values(document, values);
    return document;
  }
  if (text.find_first_not_of(" \t\r\n\f") == std::string::npos) {
    return Diagnostic{source, {}, "the PDF has no text (a scan needs text recognition first)"};
  }
  std::string title = utf8_of(pdf->info_key("Title"));
  std::string body = text;
  if (title.find_first_not_of(" \t") == std::string::npos) {
    const std::size_t start = text.find_first_not_of(" \t\r\n\f");
    const std::size_t end = text.find('\n', start);
    title = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    body = end == std::string::npos ? "" : text.substr(end + 1);
  }
  Document document{source, {}};
  document.root.kind = Node::Kind::Map;
  document.root.members.emplace_back("title", Node::text(title));
  if (body.find_first_not_of(" \t\r\n\f") != std::string::npos) {
    Node sections;
    sections.kind = Node::Kind::Map;
    sections.members.emplace_back("text", Node::text(body));
    document.root.members.emplace_back("sections", std::move(sections));
  }
  return document;
}

}  // namespace shortlist::ingest
