// The application form as a fillable PDF, written with PoDoFo: pages of
// labels and help printed in an embedded TrueType subset, and under each
// label an AcroForm text field named by its path. Arabic is shaped and
// ordered for display with ICU (PoDoFo draws glyphs in the order given).
#include <podofo/podofo.h>
#include <unicode/ubidi.h>
#include <unicode/unistr.h>
#include <unicode/ushape.h>

#include <map>
#include <memory>
#include <sstream>
#include <vector>

#include "core/forms/application_form.h"

namespace shortlist::forms {
namespace {

using namespace PoDoFo;

constexpr double kPageWidth = 595.28;  // A4, in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56;
constexpr double kWidth = kPageWidth - 2 * kMargin;

// A line as it is drawn, left to right: Arabic letters in the forms they
// take in context, runs of right-to-left text reversed.
std::string visual(const std::string& logical, bool rtl) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(logical);
  UErrorCode status = U_ZERO_ERROR;
  std::vector<UChar> shaped(static_cast<std::size_t>(text.length()) * 2 + 8);
  const int32_t length = u_shapeArabic(
      text.getBuffer(), text.length(), shaped.data(), static_cast<int32_t>(shaped.size()),
      U_SHAPE_LETTERS_SHAPE | U_SHAPE_TEXT_DIRECTION_LOGICAL | U_SHAPE_LENGTH_GROW_SHRINK, &status);
  if (U_FAILURE(status)) return logical;
  std::unique_ptr<UBiDi, decltype(&ubidi_close)> bidi(ubidi_open(), ubidi_close);
  // A line takes the direction of its first strong letter (an English call
  // name in an Arabic form reads left to right), else the form's.
  ubidi_setPara(bidi.get(), shaped.data(), length, rtl ? UBIDI_DEFAULT_RTL : UBIDI_DEFAULT_LTR,
                nullptr, &status);
  std::vector<UChar> ordered(static_cast<std::size_t>(length) * 2 + 8);
  const int32_t written =
      ubidi_writeReordered(bidi.get(), ordered.data(), static_cast<int32_t>(ordered.size()),
                           UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS, &status);
  if (U_FAILURE(status)) return logical;
  std::string out;
  icu::UnicodeString(ordered.data(), written).toUTF8String(out);
  return out;
}

PdfString pdf_text(const std::string& utf8) {
  return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str()));
}

class FormWriter {
 public:
  FormWriter(PdfMemDocument& pdf, PdfFont* font, bool rtl) : pdf_(pdf), font_(font), rtl_(rtl) {
    new_page();
  }

  ~FormWriter() { painter_.FinishPage(); }

  // Text wrapped to the page's width, each line `size` points high.
  void text(const std::string& text, double size, double gray, double space_after) {
    font_->SetFontSize(static_cast<float>(size));
    painter_.SetFont(font_);
    const std::vector<std::string> lines = wrap(text, size);
    for (const std::string& line : lines) {
      need(size * 1.35);
      y_ -= size * 1.35;
      painter_.SetColor(gray, gray, gray);
      const std::string shown = visual(line, rtl_);
      const double width = font_->GetFontMetrics()->StringWidth(pdf_text(shown));
      painter_.DrawText(rtl_ ? kMargin + kWidth - width : kMargin, y_ + size * 0.3,
                        pdf_text(shown));
    }
    y_ -= space_after;
  }

  void rule() {
    painter_.SetStrokingColor(0.12, 0.22, 0.39);
    painter_.DrawLine(kMargin, y_ - 2, kMargin + kWidth, y_ - 2);
    y_ -= 8;
  }

  // Keeps what follows (`height` points) on one page.
  void need(double height) {
    if (y_ - height < kMargin) new_page();
  }

  // A text field named by the last part of the path, under a field per
  // part before it: "country" under "applicant".
  void field(const FormField& field, double height) {
    need(height + 10);
    y_ -= height;
    PdfTextField text_field(page_, PdfRect(kMargin, y_, kWidth, height), &pdf_);
    const std::size_t dot = field.path.rfind('.');
    // Field paths are ASCII: written as such, not as UTF-16.
    const std::string name = dot == std::string::npos ? field.path : field.path.substr(dot + 1);
    text_field.SetFieldName(PdfString(name.c_str()));
    text_field.SetAlternateName(
        pdf_text(field.help.empty() ? field.label : field.label + " — " + field.help));
    text_field.SetMultiLine(field.kind == FieldKind::Text);
    text_field.SetBackgroundColor(0.95);
    text_field.SetBorderColor(0.6);
    PdfObject* object = text_field.GetFieldObject();
    object->GetDictionary().AddKey("DA", PdfString("/Helv 10 Tf 0 g"));
    if (rtl_) object->GetDictionary().AddKey("Q", static_cast<pdf_int64>(2));
    if (dot != std::string::npos) nest(object, field.path.substr(0, dot));
    y_ -= 12;
  }

 private:
  void new_page() {
    if (page_ != nullptr) painter_.FinishPage();
    page_ = pdf_.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
    painter_.SetPage(page_);
    y_ = kPageHeight - kMargin;
  }

  std::vector<std::string> wrap(const std::string& text, double size) {
    (void)size;
    std::vector<std::string> lines;
    std::string line;
    std::istringstream words(text);
    for (std::string word; words >> word;) {
      const std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() &&
          font_->GetFontMetrics()->StringWidth(pdf_text(visual(candidate, rtl_))) > kWidth) {
        lines.push_back(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
  }

  // Moves a field from the form's top level under its parent (made once).
  void nest(PdfObject* field, const std::string& parent_name) {
    PdfObject* form = pdf_.GetAcroForm()->GetObject();
    PdfArray& fields = form->GetDictionary().GetKey("Fields")->GetArray();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      if (it->IsReference() && it->GetReference() == field->Reference()) {
        fields.erase(it);
        break;
      }
    }
    PdfObject*& parent = parents_[parent_name];
    if (parent == nullptr) {
      parent = pdf_.GetObjects().CreateObject();
      parent->GetDictionary().AddKey("T", PdfString(parent_name.c_str()));
      parent->GetDictionary().AddKey("Kids", PdfArray());
      fields.push_back(parent->Reference());
    }
    parent->GetDictionary().GetKey("Kids")->GetArray().push_back(field->Reference());
    field->GetDictionary().AddKey("Parent", parent->Reference());
  }

  PdfMemDocument& pdf_;
  PdfFont* font_;
  bool rtl_;
  PdfPainter painter_;
  PdfPage* page_ = nullptr;
  double y_ = 0;
  std::map<std::string, PdfObject*> parents_;
};

}  // namespace

Expected<std::string> write_pdf_form(const ApplicationForm& form,
                                     const std::filesystem::path& font_file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(font_file, error)) {
    return Diagnostic{
        font_file.string(), {}, "the font for PDF forms is missing (install fonts-dejavu-core)"};
  }
  try {
    PdfError::EnableLogging(false);
    PdfError::EnableDebug(false);
    // The encoding outlives the document that uses it.
    PdfIdentityEncoding encoding(0, 0xffff, false);
    PdfMemDocument pdf;
    PdfFont* font =
        pdf.CreateFontSubset("DejaVu Sans", false, false, false, &encoding, font_file.c_str());
    if (font == nullptr) return Diagnostic{font_file.string(), {}, "cannot load the font"};
    PdfAcroForm* acro_form = pdf.GetAcroForm(true, ePdfAcroFormDefaultAppearance_None);
    acro_form->SetNeedAppearances(true);
    // The fields' own font: Helvetica, which every reader has; a reader
    // shows other scripts typed in a field with a font of its own.
    PdfObject* helvetica = pdf.GetObjects().CreateObject("Font");
    helvetica->GetDictionary().AddKey("Subtype", PdfName("Type1"));
    helvetica->GetDictionary().AddKey("BaseFont", PdfName("Helvetica"));
    helvetica->GetDictionary().AddKey("Encoding", PdfName("WinAnsiEncoding"));
    PdfDictionary fonts;
    fonts.AddKey("Helv", helvetica->Reference());
    PdfDictionary resources;
    resources.AddKey("Font", fonts);
    acro_form->GetObject()->GetDictionary().AddKey("DR", resources);
    acro_form->GetObject()->GetDictionary().AddKey("DA", PdfString("/Helv 10 Tf 0 g"));

    {
      FormWriter writer(pdf, font, form.right_to_left);
      writer.text(form.call, 16, 0.12, 2);
      writer.text(form.heading, 13, 0.25, 8);
      writer.text(form.intro, 9.5, 0.1, 14);
      for (const FormGroup& group : form.groups) {
        // A group's heading stays with its first field.
        writer.need(group.fields.empty() || group.fields[0].kind != FieldKind::Text ? 110 : 190);
        writer.text(group.heading, 13, 0.12, 0);
        writer.rule();
        for (const FormField& field : group.fields) {
          const double height = field.kind == FieldKind::Text ? 110 : 20;
          writer.need(height + 40);
          writer.text(field.label, 10.5, 0, 1);
          if (!field.help.empty()) writer.text(field.help, 8.5, 0.35, 2);
          writer.field(field, height);
        }
      }
    }
    pdf.GetInfo()->SetCreator(PdfString("shortlist forms"));
    pdf.GetInfo()->SetProducer(PdfString("shortlist forms"));
    pdf.GetInfo()->SetTitle(pdf_text(form.call + " — " + form.heading));
    std::ostringstream out;
    PdfOutputDevice device(&out);
    pdf.Write(&device);
    return out.str();
  } catch (const PdfError& e) {
    return Diagnostic{
        font_file.string(),
        {},
        std::string("cannot write the PDF form: ") + PdfError::ErrorMessage(e.GetError())};
  }
}

}  // namespace shortlist::forms
