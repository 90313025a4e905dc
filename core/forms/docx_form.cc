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
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
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

class Body {
 public:
  explicit Body(bool rtl) : rtl_(rtl) {}

  // One paragraph of one run. `run` is extra run properties.
  void paragraph(const std::string& text, const std::string& run, int after = 80,
                 const std::string& paragraph_properties = "") {
    xml_ += "<w:p><w:pPr>" + std::string(rtl_ ? "<w:bidi/>" : "") + paragraph_properties +
            "<w:spacing w:after=\"" + std::to_string(after) + "\"/></w:pPr>" + run_xml(text, run) +
            "</w:p>\n";
  }

  // A block content control tagged with the field's path, showing the
  // placeholder until the applicant writes in it.
  void control(const FormField& field, const std::string& placeholder, int id) {
    const std::string shading =
        "<w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"A6A6A6\"/>"
        "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"A6A6A6\"/>"
        "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"A6A6A6\"/>"
        "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"A6A6A6\"/></w:pBdr>"
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>";
    xml_ += "<w:sdt><w:sdtPr><w:alias w:val=\"" + xml_escaped(field.label) + "\"/><w:tag w:val=\"" +
            xml_escaped(field.path) + "\"/><w:id w:val=\"" + std::to_string(id) +
            "\"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent>\n";
    const int lines = field.kind == FieldKind::Text ? 4 : 1;
    for (int i = 0; i < lines; ++i) {
      xml_ += "<w:p><w:pPr>" + std::string(rtl_ ? "<w:bidi/>" : "") + shading +
              "<w:spacing w:after=\"0\"/></w:pPr>" +
              (i == 0 ? run_xml(placeholder, "<w:color w:val=\"808080\"/>") : "") + "</w:p>\n";
    }
    xml_ += "</w:sdtContent></w:sdt>\n";
    paragraph("", "", 120);
  }

  std::string document() const {
    return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
)" + xml_ +
           "<w:sectPr>" + (rtl_ ? "<w:bidi/>" : "") +
           "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" "
           "w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" "
           "w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n";
  }

 private:
  std::string run_xml(const std::string& text, const std::string& run) const {
    if (text.empty()) return "";
    // Right-to-left runs carry their script's size and weight as complex script.
    std::string properties = run;
    if (rtl_) {
      properties += "<w:rtl/><w:lang w:bidi=\"ar\"/>";
      if (run.find("<w:b/>") != std::string::npos) properties += "<w:bCs/>";
      if (run.find("<w:i/>") != std::string::npos) properties += "<w:iCs/>";
      const std::size_t size = run.find("<w:sz w:val=\"");
      if (size != std::string::npos) {
        const std::size_t end = run.find('"', size + 13);
        properties += "<w:szCs w:val=\"" + run.substr(size + 13, end - size - 13) + "\"/>";
      }
    }
    return "<w:r><w:rPr>" + properties + "</w:rPr><w:t xml:space=\"preserve\">" +
           xml_escaped(text) + "</w:t></w:r>";
  }

  bool rtl_;
  std::string xml_;
};

}  // namespace

std::string write_docx_form(const ApplicationForm& form) {
  Body body(form.right_to_left);
  body.paragraph(form.call, "<w:b/><w:sz w:val=\"32\"/><w:color w:val=\"1F3864\"/>", 60);
  body.paragraph(form.heading, "<w:b/><w:sz w:val=\"26\"/><w:color w:val=\"404040\"/>", 160);
  body.paragraph(form.intro, "<w:sz w:val=\"20\"/>", 240);
  int id = 1;
  for (const FormGroup& group : form.groups) {
    body.paragraph(group.heading, "<w:b/><w:sz w:val=\"26\"/><w:color w:val=\"1F3864\"/>", 120,
                   "<w:keepNext/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" "
                   "w:color=\"1F3864\"/></w:pBdr>");
    for (const FormField& field : group.fields) {
      body.paragraph(field.label, "<w:b/>", field.help.empty() ? 40 : 0, "<w:keepNext/>");
      if (!field.help.empty()) {
        body.paragraph(field.help, "<w:i/><w:sz w:val=\"18\"/><w:color w:val=\"595959\"/>", 40,
                       "<w:keepNext/>");
      }
      body.control(field, form.placeholder, id++);
    }
  }

  std::ostringstream out;
  Poco::Zip::Compress zip(out, true);
  const Poco::DateTime fixed(2026, 1, 1);
  auto add = [&](const std::string& name, const std::string& content) {
    std::istringstream in(content);
    zip.addFile(in, fixed, Poco::Path(name, Poco::Path::PATH_UNIX), Poco::Zip::ZipCommon::CM_DEFLATE,
                Poco::Zip::ZipCommon::CL_MAXIMUM);
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
