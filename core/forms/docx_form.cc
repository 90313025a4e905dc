// The application form as a Word document: WordprocessingML written by
// hand (a handful of parts) and zipped with Poco::Zip, with a fixed date so
// that the same form gives the same bytes.
#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>

#include <sstream>

#include "core/forms/application_form.h"

namespace shortlist::forms {
namespace {

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* const kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>)";

const char* const kPackageRelationships =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>)";

const char* const kDocumentRelationships =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)";

// Normal text in a font every office suite has, Arabic in one that has it.
const char* const kStyles =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:eastAsia="Arial"/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
</w:styles>)";

// The properties of a form's document: no title of its own, so that an
// applicant's filled form is titled by the title field alone.
const char* const kCoreProperties =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:creator>shortlist forms</dc:creator>
</cp:coreProperties>)";

// How a run looks. WordprocessingML wants the elements of run and
// paragraph properties in the schema's order, which Word checks.
struct RunStyle {
  bool bold = false;
  bool italic = false;
  std::string color;  // RRGGBB
  int half_points = 0;
};

struct ParagraphStyle {
  int after = 80;  // twentieths of a point after it
  bool keep_next = false;
  bool rule_below = false;
  bool box = false;  // a field's box: a thin border and grey shading
};

class Body {
 public:
  explicit Body(bool rtl) : rtl_(rtl) {}

  void paragraph(const std::string& text, const RunStyle& run, const ParagraphStyle& style) {
    xml_ += "<w:p>" + paragraph_properties(style) + run_xml(text, run) + "</w:p>\n";
  }

  // A block content control tagged with the field's path, showing the
  // placeholder until the applicant writes in it.
  void control(const FormField& field, const std::string& placeholder, int id) {
    xml_ += "<w:sdt><w:sdtPr><w:alias w:val=\"" + xml_escaped(field.label) + "\"/><w:tag w:val=\"" +
            xml_escaped(field.path) + "\"/><w:id w:val=\"" + std::to_string(id) +
            "\"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent>\n";
    const int lines = field.kind == FieldKind::Text ? 4 : 1;
    ParagraphStyle box;
    box.after = 0;
    box.box = true;
    RunStyle gray;
    gray.color = "808080";
    for (int i = 0; i < lines; ++i) {
      xml_ += "<w:p>" + paragraph_properties(box) + (i == 0 ? run_xml(placeholder, gray) : "") +
              "</w:p>\n";
    }
    xml_ += "</w:sdtContent></w:sdt>\n";
    ParagraphStyle gap;
    gap.after = 120;
    paragraph("", {}, gap);
  }

  std::string document() const {
    return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
)" + xml_ +
           "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" "
           "w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" "
           "w:footer=\"567\" w:gutter=\"0\"/>" +
           (rtl_ ? "<w:bidi/>" : "") + "</w:sectPr></w:body></w:document>\n";
  }

 private:
  std::string paragraph_properties(const ParagraphStyle& style) const {
    std::string out = "<w:pPr>";
    if (style.keep_next) out += "<w:keepNext/>";
    if (style.box) {
      out += "<w:pBdr>";
      for (const char* side : {"top", "left", "bottom", "right"}) {
        out += std::string("<w:") + side +
               " w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"A6A6A6\"/>";
      }
      out += "</w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>";
    }
    if (style.rule_below) {
      out +=
          "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" "
          "w:color=\"1F3864\"/></w:pBdr>";
    }
    if (rtl_) out += "<w:bidi/>";
    out += "<w:spacing w:after=\"" + std::to_string(style.after) + "\"/></w:pPr>";
    return out;
  }

  std::string run_xml(const std::string& text, const RunStyle& run) const {
    if (text.empty()) return "";
    // Right-to-left text takes its weight, slant and size as complex script.
    std::string properties;
    if (run.bold) properties += rtl_ ? "<w:b/><w:bCs/>" : "<w:b/>";
    if (run.italic) properties += rtl_ ? "<w:i/><w:iCs/>" : "<w:i/>";
    if (!run.color.empty()) properties += "<w:color w:val=\"" + run.color + "\"/>";
    if (run.half_points > 0) {
      const std::string size = std::to_string(run.half_points);
      properties += "<w:sz w:val=\"" + size + "\"/>";
      if (rtl_) properties += "<w:szCs w:val=\"" + size + "\"/>";
    }
    if (rtl_) properties += "<w:rtl/><w:lang w:bidi=\"ar\"/>";
    return "<w:r>" + (properties.empty() ? "" : "<w:rPr>" + properties + "</w:rPr>") +
           "<w:t xml:space=\"preserve\">" + xml_escaped(text) + "</w:t></w:r>";
  }

  bool rtl_;
  std::string xml_;
};

}  // namespace

std::string write_docx_form(const ApplicationForm& form) {
  Body body(form.right_to_left);
  const RunStyle title{true, false, "1F3864", 32};
  const RunStyle subtitle{true, false, "404040", 26};
  const RunStyle heading{true, false, "1F3864", 26};
  const RunStyle label{true, false, "", 0};
  const RunStyle help{false, true, "595959", 18};
  body.paragraph(form.call, title, {60, false, false, false});
  body.paragraph(form.heading, subtitle, {160, false, false, false});
  body.paragraph(form.intro, {false, false, "", 20}, {240, false, false, false});
  int id = 1;
  for (const FormGroup& group : form.groups) {
    body.paragraph(group.heading, heading, {120, true, true, false});
    for (const FormField& field : group.fields) {
      body.paragraph(field.label, label, {field.help.empty() ? 40 : 0, true, false, false});
      if (!field.help.empty()) body.paragraph(field.help, help, {40, true, false, false});
      body.control(field, form.placeholder, id++);
    }
  }

  std::ostringstream out;
  Poco::Zip::Compress zip(out, true);
  const Poco::DateTime fixed(2026, 1, 1);
  auto add = [&](const std::string& name, const std::string& content) {
    std::istringstream in(content);
    zip.addFile(in, fixed, Poco::Path(name, Poco::Path::PATH_UNIX),
                Poco::Zip::ZipCommon::CM_DEFLATE, Poco::Zip::ZipCommon::CL_MAXIMUM);
  };
  add("[Content_Types].xml", kContentTypes);
  add("_rels/.rels", kPackageRelationships);
  add("word/_rels/document.xml.rels", kDocumentRelationships);
  add("word/document.xml", body.document());
  add("word/styles.xml", kStyles);
  add("docProps/core.xml", kCoreProperties);
  zip.close();
  return out.str();
}

}  // namespace shortlist::forms
