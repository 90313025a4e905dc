// The call's application forms (`shortlist forms`) in Word and PDF: written,
// filled in as an applicant's word processor or PDF reader would (the
// content controls' XML edited, the AcroForm fields' values set), read back
// by ingestion and ranked with every field read; blank forms skipped with a
// note; bad values and hostile forms refused naming the file and the field.
#include <Poco/DateTime.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <podofo/podofo.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/cli/data_paths.h"
#include "core/forms/application_form.h"
#include "core/ingest/submission_reader.h"
#include "test_support.h"

namespace shortlist {
namespace {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::read_file;
using testing::run_shortlist;
using testing::TempDir;

const char* const kCriteria = "criteria/digital-champions-plugins.yaml";

using Values = std::map<std::string, std::string>;

// --- Word: the parts of a .docx, and its content controls' XML ----------

std::map<std::string, std::string> unzip(const std::string& bytes) {
  std::map<std::string, std::string> parts;
  std::istringstream in(bytes);
  Poco::Zip::ZipArchive archive(in);
  for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
    if (it->second.isDirectory()) continue;
    std::istringstream again(bytes);
    Poco::Zip::ZipInputStream entry(again, it->second, true);
    std::ostringstream content;
    content << entry.rdbuf();
    parts[it->first] = content.str();
  }
  return parts;
}

std::string zip(const std::map<std::string, std::string>& parts) {
  std::ostringstream out;
  Poco::Zip::Compress compress(out, true);
  for (const auto& [name, content] : parts) {
    std::istringstream in(content);
    compress.addFile(in, Poco::DateTime(2026, 1, 1), Poco::Path(name, Poco::Path::PATH_UNIX));
  }
  compress.close();
  return out.str();
}

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

std::vector<std::string> docx_tags(const std::string& docx) {
  const std::string xml = unzip(docx).at("word/document.xml");
  std::vector<std::string> tags;
  static const std::regex kTag(R"re(<w:tag w:val="([^"]+)"/>)re");
  for (std::sregex_iterator it(xml.begin(), xml.end(), kTag), end; it != end; ++it) {
    tags.push_back((*it)[1]);
  }
  return tags;
}

// What Word does when a person types into a content control: the
// placeholder flag goes, and the control holds their paragraphs.
std::string fill_docx(const std::string& docx, const Values& values) {
  std::map<std::string, std::string> parts = unzip(docx);
  std::string& xml = parts.at("word/document.xml");
  for (const auto& [path, value] : values) {
    const std::size_t tag = xml.find("<w:tag w:val=\"" + path + "\"/>");
    if (tag == std::string::npos) continue;
    const std::size_t properties_end = xml.find("</w:sdtPr>", tag);
    const std::size_t placeholder = xml.find("<w:showingPlcHdr/>", tag);
    if (placeholder < properties_end)
      xml.erase(placeholder, std::string("<w:showingPlcHdr/>").size());
    const std::size_t open = xml.find("<w:sdtContent>", tag) + std::string("<w:sdtContent>").size();
    const std::size_t close = xml.find("</w:sdtContent>", open);
    std::string paragraphs;
    std::istringstream lines(value);
    for (std::string line; std::getline(lines, line);) {
      paragraphs +=
          "<w:p><w:r><w:t xml:space=\"preserve\">" + xml_escaped(line) + "</w:t></w:r></w:p>";
    }
    xml.replace(open, close - open, paragraphs);
  }
  return zip(parts);
}

// --- PDF: the AcroForm's fields by their fully qualified names ---------

template <typename Visit>
void each_pdf_field(PoDoFo::PdfMemDocument& pdf, PoDoFo::PdfObject* field,
                    const std::string& parent, Visit visit) {
  std::string name = parent;
  if (const PoDoFo::PdfObject* t = field->GetDictionary().GetKey("T")) {
    name = (parent.empty() ? "" : parent + ".") + t->GetString().GetStringUtf8();
  }
  bool kids = false;
  if (PoDoFo::PdfObject* list = field->GetIndirectKey("Kids")) {
    for (PoDoFo::PdfObject& kid : list->GetArray()) {
      PoDoFo::PdfObject* child = pdf.GetObjects().GetObject(kid.GetReference());
      if (child->GetDictionary().HasKey("T")) {
        kids = true;
        each_pdf_field(pdf, child, name, visit);
      }
    }
  }
  if (!kids) visit(name, field);
}

template <typename Visit>
void each_pdf_field(PoDoFo::PdfMemDocument& pdf, Visit visit) {
  PoDoFo::PdfObject* fields = pdf.GetAcroForm(false)->GetObject()->GetIndirectKey("Fields");
  for (PoDoFo::PdfObject& entry : fields->GetArray()) {
    each_pdf_field(pdf, pdf.GetObjects().GetObject(entry.GetReference()), "", visit);
  }
}

// PoDoFo prints what it parses unless told not to.
const bool kQuietPodofo = [] {
  PoDoFo::PdfError::EnableDebug(false);
  PoDoFo::PdfError::EnableLogging(false);
  return true;
}();

PoDoFo::PdfString pdf_text(const std::string& utf8) {
  return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(utf8.c_str()));
}

std::string written(PoDoFo::PdfMemDocument& pdf) {
  std::ostringstream out;
  PoDoFo::PdfOutputDevice device(&out);
  pdf.Write(&device);
  return out.str();
}

std::map<std::string, std::string> pdf_tooltips(const std::string& bytes) {
  PoDoFo::PdfMemDocument pdf;
  pdf.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
  std::map<std::string, std::string> tooltips;
  each_pdf_field(pdf, [&](const std::string& name, PoDoFo::PdfObject* field) {
    const PoDoFo::PdfObject* tu = field->GetDictionary().GetKey("TU");
    tooltips[name] = tu ? tu->GetString().GetStringUtf8() : "";
  });
  return tooltips;
}

// What a PDF reader does when a person fills a field in: its value is set.
std::string fill_pdf(const std::string& bytes, const Values& values) {
  PoDoFo::PdfMemDocument pdf;
  pdf.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
  each_pdf_field(pdf, [&](const std::string& name, PoDoFo::PdfObject* field) {
    if (auto it = values.find(name); it != values.end()) {
      field->GetDictionary().AddKey("V", pdf_text(it->second));
    }
  });
  return written(pdf);
}

// --- The forms and what fills them -------------------------------------

std::string written_form(const TempDir& dir, const std::string& language,
                         const std::string& format) {
  const fs::path output = dir.path() / ("form-" + language + "." + format);
  testing::RunResult run = run_shortlist({"forms", "--criteria", kCriteria, "--language", language,
                                          "--format", format, "--output", output.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return read_file(output);
}

std::vector<std::string> form_paths(const std::string& form, const std::string& format) {
  if (format == "docx") return docx_tags(form);
  std::vector<std::string> paths;
  for (const auto& [name, tooltip] : pdf_tooltips(form)) paths.push_back(name);
  return paths;
}

std::string number_text(double value, bool grouped) {
  std::string digits = std::to_string(static_cast<long long>(value));
  if (!grouped) return digits;
  // As a French applicant writes it: 120 000.
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
    digits.insert(static_cast<std::size_t>(at), " ");
  return digits;
}

// A bundled proposal's values for the form's fields, as an applicant would
// type them.
Values values_of(const Proposal& proposal, const std::vector<std::string>& paths, bool grouped) {
  Values values;
  for (const std::string& path : paths) {
    if (path == "title") values[path] = proposal.title;
    if (path == "summary") values[path] = proposal.summary;
    if (path.rfind("sections.", 0) == 0) {
      // The French and Spanish samples name their sections in their
      // language, as the call's completeness criterion allows.
      static const std::map<std::string, std::string> kAliases = {
          {"contexte", "context"},
          {"contexto", "context"},
          {"objectifs", "objectives"},
          {"objetivos", "objectives"},
          {"activites", "activities"},
          {"actividades", "activities"},
          {"durabilite", "sustainability"},
          {"sostenibilidad", "sustainability"},
          {"justification_budget", "budget_justification"},
          {"justificacion_presupuesto", "budget_justification"}};
      for (const Section& section : proposal.sections) {
        auto alias = kAliases.find(section.name);
        const std::string name = alias == kAliases.end() ? section.name : alias->second;
        if ("sections." + name == path) values[path] = section.text;
      }
    }
    if (auto it = proposal.fields.find(path); it != proposal.fields.end()) {
      if (const double* number = std::get_if<double>(&it->second)) {
        values[path] = number_text(*number, grouped);
      } else {
        values[path] = std::get<std::string>(it->second);
      }
    }
  }
  return values;
}

Proposal bundled(const std::string& name) {
  ingest::Submissions batch =
      ingest::read_submissions({testing::source_dir() / "submissions" / name});
  EXPECT_EQ(batch.proposals.size(), 1u);
  return batch.proposals.at(0);
}

struct Case {
  std::string format;
  std::string language;
  std::string proposal;
};

class FilledForm : public ::testing::TestWithParam<Case> {};

TEST_P(FilledForm, IsReadWithEveryFieldAsTheProposalItWasFilledFrom) {
  const Case& c = GetParam();
  TempDir dir;
  const std::string form = written_form(dir, c.language, c.format);
  const std::vector<std::string> paths = form_paths(form, c.format);
  const Proposal source = bundled(c.proposal);
  const Values values = values_of(source, paths, c.language == "fr");
  // Every field the call reads has a value in the bundled proposal.
  for (const std::string& path : paths) EXPECT_TRUE(values.count(path)) << path;
  const fs::path filled = dir.write(
      "filled." + c.format, c.format == "docx" ? fill_docx(form, values) : fill_pdf(form, values));
  ingest::Submissions batch = ingest::read_submissions({filled});
  ASSERT_EQ(batch.proposals.size(), 1u) << (batch.excluded.empty() ? "" : batch.excluded[0].reason);
  const Proposal& read = batch.proposals[0];
  EXPECT_EQ(read.title, source.title);
  EXPECT_EQ(read.summary, source.summary);
  EXPECT_EQ(read.language, source.language);
  for (const std::string& path : paths) {
    if (path.rfind("sections.", 0) == 0) {
      const std::string name = path.substr(9);
      auto section = std::find_if(read.sections.begin(), read.sections.end(),
                                  [&](const Section& s) { return s.name == name; });
      ASSERT_NE(section, read.sections.end()) << path;
      EXPECT_EQ(section->text, values.at(path)) << path;
    } else if (path != "title" && path != "summary") {
      ASSERT_TRUE(read.fields.count(path)) << path;
      EXPECT_EQ(read.fields.at(path), source.fields.at(path)) << path;
    }
  }
  // Only the form's fields: its labels and help are not read as text.
  EXPECT_EQ(read.sections.size(), 5u);
}

INSTANTIATE_TEST_SUITE_P(WordAndPdf, FilledForm,
                         ::testing::Values(Case{"docx", "en", "jo-amman-mletr.yaml"},
                                           Case{"docx", "fr", "sn-femmes-ecommerce.yaml"},
                                           Case{"pdf", "en", "ke-kisumu-chamber-ecert.yaml"},
                                           Case{"pdf", "fr", "ci-abidjan-mobile-money.yaml"}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.format + "_" + info.param.language;
                         });

// Each criterion's raw value, by proposal title, of an evaluation of `folder`.
std::map<std::string, std::map<std::string, double>> raw_values(const fs::path& folder,
                                                                std::set<std::string>* languages) {
  testing::RunResult run = run_shortlist(
      {"evaluate", "--criteria", kCriteria, "--submissions", folder.string(), "--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  Object::Ptr report = testing::parse_json_object(run.out);
  EXPECT_EQ(report->getArray("excluded")->size(), 0u) << run.out;
  std::map<std::string, std::map<std::string, double>> raw;
  Array::Ptr ranking = report->getArray("ranking");
  for (std::size_t i = 0; i < ranking->size(); ++i) {
    Object::Ptr entry = ranking->getObject(static_cast<unsigned>(i));
    if (languages != nullptr) languages->insert(entry->getValue<std::string>("language"));
    Object::Ptr criteria = entry->getObject("criteria");
    for (const std::string& id : criteria->getNames()) {
      raw[entry->getValue<std::string>("title")][id] =
          criteria->getObject(id)->getValue<double>("raw");
    }
  }
  return raw;
}

// Filled in Word and PDF, in English and French, the forms rank as the
// bundled proposals they were filled from: every criterion reads the same
// value from the form as from the YAML file.
TEST(ApplicationForms, FilledInWordAndPdfInTwoLanguagesRankAsTheProposalsTheyHold) {
  TempDir dir;
  for (const Case& c :
       {Case{"docx", "en", "jo-amman-mletr.yaml"}, Case{"docx", "fr", "sn-femmes-ecommerce.yaml"},
        Case{"pdf", "en", "ke-kisumu-chamber-ecert.yaml"},
        Case{"pdf", "fr", "ci-abidjan-mobile-money.yaml"}}) {
    TempDir scratch;
    const std::string form = written_form(scratch, c.language, c.format);
    const Values values =
        values_of(bundled(c.proposal), form_paths(form, c.format), c.language == "fr");
    dir.write("forms/" + fs::path(c.proposal).stem().string() + "." + c.format,
              c.format == "docx" ? fill_docx(form, values) : fill_pdf(form, values));
    dir.write("yaml/" + c.proposal, read_file(testing::source_dir() / "submissions" / c.proposal));
  }
  std::set<std::string> languages;
  const auto from_forms = raw_values(dir.path() / "forms", &languages);
  const auto from_yaml = raw_values(dir.path() / "yaml", nullptr);
  ASSERT_EQ(from_forms.size(), 4u);
  EXPECT_EQ(languages, (std::set<std::string>{"en", "fr"}));
  for (const auto& [title, criteria] : from_yaml) {
    ASSERT_TRUE(from_forms.count(title)) << title;
    EXPECT_EQ(criteria.size(), 5u) << title;
    for (const auto& [id, value] : criteria) {
      EXPECT_NEAR(from_forms.at(title).at(id), value, 1e-9) << title << ": " << id;
    }
  }
}

TEST(ApplicationForms, BlankFormsBesideTheProposalsAreSkippedWithANote) {
  TempDir dir;
  written_form(dir, "en", "docx");
  written_form(dir, "es", "pdf");
  fs::copy_file(testing::source_dir() / "submissions" / "jo-amman-mletr.yaml",
                dir.path() / "jo-amman-mletr.yaml");
  testing::RunResult run = run_shortlist({"evaluate", "--criteria", kCriteria, "--submissions",
                                          dir.path().string(), "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Object::Ptr report = testing::parse_json_object(run.out);
  EXPECT_EQ(report->getArray("ranking")->size(), 1u);
  EXPECT_EQ(report->getArray("excluded")->size(), 0u);
  EXPECT_THAT(run.err, HasSubstr("note: 2 application forms with no field filled in (blank "
                                 "forms): not proposals, skipped: " +
                                 (dir.path() / "form-en.docx").string() + ", " +
                                 (dir.path() / "form-es.pdf").string() + "\n"));
}

TEST(ApplicationForms, ABudgetThatIsNotANumberNamesTheFileAndTheField) {
  TempDir dir;
  for (const std::string format : {"docx", "pdf"}) {
    const std::string form = written_form(dir, "en", format);
    Values values = values_of(bundled("jo-amman-mletr.yaml"), form_paths(form, format), false);
    values["budget.requested"] = "about a hundred thousand";
    values["budget.total"] = "160.000,50";  // a decimal comma: read as 160000.5
    const fs::path filled = dir.write(
        "bad." + format, format == "docx" ? fill_docx(form, values) : fill_pdf(form, values));
    ingest::Submissions batch = ingest::read_submissions({filled});
    ASSERT_EQ(batch.excluded.size(), 1u) << format;
    EXPECT_EQ(batch.excluded[0].source, filled.string());
    EXPECT_EQ(batch.excluded[0].reason,
              "budget.requested must be a number, got 'about a hundred thousand'");
  }
}

TEST(ApplicationForms, AmountsAreReadAsPeopleWriteThem) {
  TempDir dir;
  const std::string form = written_form(dir, "fr", "docx");
  Values values = values_of(bundled("sn-femmes-ecommerce.yaml"), form_paths(form, "docx"), true);
  values["budget.total"] = "160.000,50";
  values["budget.requested"] =
      "120\xC2\xA0"
      "000";
  const fs::path filled = dir.write("amounts.docx", fill_docx(form, values));
  ingest::Submissions batch = ingest::read_submissions({filled});
  ASSERT_EQ(batch.proposals.size(), 1u);
  EXPECT_EQ(std::get<double>(batch.proposals[0].fields.at("budget.total")), 160000.5);
  EXPECT_EQ(std::get<double>(batch.proposals[0].fields.at("budget.requested")), 120000);
}

// A Word document of the applicant's own, with the form's labels in a
// table: in Spanish, and in Arabic with its colon.
TEST(ApplicationForms, AWordTableOfTheFormsLabelsIsReadInAnyOfItsLanguages) {
  const ingest::FormLabels labels = forms::form_labels(cli::bundled_messages_dir());
  TempDir dir;
  auto table = [](const std::vector<std::pair<std::string, std::string>>& rows) {
    std::string xml =
        R"(<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)"
        "<w:p><w:r><w:t>Nuestra propuesta</w:t></w:r></w:p><w:tbl>";
    for (const auto& [label, value] : rows) {
      xml += "<w:tr><w:tc><w:p><w:r><w:t>" + label +
             "</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>" + value +
             "</w:t></w:r></w:p></w:tc></w:tr>";
    }
    return zip({{"word/document.xml", xml + "</w:tbl></w:body></w:document>"}});
  };
  const fs::path spanish =
      dir.write("es.docx", table({{"Título del proyecto", "Pagos digitales para cooperativas"},
                                  {"País:", "CO"},
                                  {"Tipo de organización", "chamber_of_commerce"},
                                  {"Subvención solicitada", "95.000"},
                                  {"MIPYME alcanzadas dirigidas por mujeres", "40"},
                                  {"fields.partners", "Cámara de Comercio de Cali"}}));
  const fs::path arabic =
      dir.write("ar.docx", table({{"عنوان المشروع:", "سندات الشحن الإلكترونية للمصدرين الصغار"},
                                  {"البلد", "JO"},
                                  {"المنحة المطلوبة", "120000"}}));
  ingest::Submissions batch = ingest::read_submissions({spanish, arabic}, {}, nullptr, &labels);
  ASSERT_EQ(batch.proposals.size(), 2u) << (batch.excluded.empty() ? "" : batch.excluded[0].reason);
  const Proposal& es = batch.proposals[0];
  const Proposal& ar = batch.proposals[1];
  EXPECT_EQ(es.title, "Pagos digitales para cooperativas");
  EXPECT_EQ(std::get<std::string>(es.fields.at("applicant.country")), "CO");
  EXPECT_EQ(std::get<std::string>(es.fields.at("applicant.type")), "chamber_of_commerce");
  EXPECT_EQ(std::get<double>(es.fields.at("budget.requested")), 95000);
  EXPECT_EQ(std::get<double>(es.fields.at("beneficiaries.women_led")), 40);
  EXPECT_EQ(std::get<std::string>(es.fields.at("fields.partners")), "Cámara de Comercio de Cali");
  EXPECT_EQ(es.summary, "Nuestra propuesta");  // the rest of the document, read as today
  EXPECT_EQ(ar.title, "سندات الشحن الإلكترونية للمصدرين الصغار");
  EXPECT_EQ(std::get<std::string>(ar.fields.at("applicant.country")), "JO");
  EXPECT_EQ(std::get<double>(ar.fields.at("budget.requested")), 120000);
}

TEST(ApplicationForms, AreWrittenInEachLanguageWithLabelsAndHelpInIt) {
  TempDir dir;
  const std::map<std::string, std::string> country = {
      {"en", "Country"}, {"fr", "Pays"}, {"es", "País"}, {"ar", "البلد"}};
  for (const auto& [language, label] : country) {
    const std::map<std::string, std::string> tooltips =
        pdf_tooltips(written_form(dir, language, "pdf"));
    ASSERT_TRUE(tooltips.count("applicant.country")) << language;
    EXPECT_EQ(tooltips.at("applicant.country").rfind(label + " — ", 0), 0u)
        << language << ": " << tooltips.at("applicant.country");
    const std::string docx = unzip(written_form(dir, language, "docx")).at("word/document.xml");
    EXPECT_THAT(
        docx, HasSubstr("<w:alias w:val=\"" + label + "\"/><w:tag w:val=\"applicant.country\"/>"));
    EXPECT_EQ(docx.find("<w:bidi/>") != std::string::npos, language == "ar") << language;
  }
  // The fields the call's criteria read, in the order of the form.
  EXPECT_EQ(docx_tags(written_form(dir, "en", "docx")),
            (std::vector<std::string>{"applicant.name", "applicant.type", "applicant.country",
                                      "applicant.email", "title", "summary", "sections.context",
                                      "sections.objectives", "sections.activities",
                                      "sections.sustainability", "sections.budget_justification",
                                      "budget.total", "budget.requested", "budget.currency",
                                      "beneficiaries.msmes", "beneficiaries.women_led"}));
}

TEST(ApplicationForms, RefuseAnUnknownLanguageOrFormatAsBadUsage) {
  testing::RunResult language =
      run_shortlist({"forms", "--language", "xx", "--format", "pdf", "--output", "/dev/null"});
  EXPECT_EQ(language.exit_code, 2);
  EXPECT_THAT(language.err, HasSubstr("--language must be one of en, fr, es, ar, not 'xx'"));
  testing::RunResult format =
      run_shortlist({"forms", "--language", "en", "--format", "odt", "--output", "/dev/null"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_THAT(format.err, HasSubstr("--format must be docx or pdf, not 'odt'"));
}

// The forms under submissions/forms/ are what the command writes today:
// the Word forms byte for byte, the PDF forms field for field (a PDF
// carries the moment it was written).
TEST(ApplicationForms, ShippedFormsAreWhatTheCommandWritesToday) {
  TempDir dir;
  const fs::path shipped = testing::source_dir() / "submissions" / "forms";
  for (const std::string language : {"en", "fr", "es", "ar"}) {
    const std::string name = "application-form-" + language;
    const fs::path output = dir.path() / name;
    for (const std::string format : {"docx", "pdf"}) {
      testing::RunResult run = run_shortlist({"forms", "--language", language, "--format", format,
                                              "--output", output.string() + "." + format});
      ASSERT_EQ(run.exit_code, 0) << run.err;
      const std::string today = read_file(output.string() + "." + format);
      const std::string kept = read_file(shipped / (name + "." + format));
      if (format == "docx") {
        EXPECT_TRUE(today == kept) << name << ".docx differs: regenerate submissions/forms/ "
                                   << "(docs/submissions.md)";
      } else {
        EXPECT_EQ(pdf_tooltips(today), pdf_tooltips(kept)) << name << ".pdf";
      }
    }
  }
}

TEST(ApplicationForms, HostileFormsStayWithinTheDocumentLimits) {
  TempDir dir;
  // Thousands of tagged controls.
  std::string xml =
      R"(<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)";
  for (int i = 0; i < 1500; ++i) {
    xml += "<w:sdt><w:sdtPr><w:tag w:val=\"fields.f" + std::to_string(i) +
           "\"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>1</w:t></w:r></w:p></w:sdtContent></w:sdt>";
  }
  const fs::path many_controls =
      dir.write("many.docx", zip({{"word/document.xml", xml + "</w:body></w:document>"}}));
  // A form whose summary is larger than a proposal's text may be.
  const std::string form = written_form(dir, "en", "pdf");
  Values values = values_of(bundled("jo-amman-mletr.yaml"), form_paths(form, "pdf"), false);
  values["summary"] = std::string(2u << 20, 'a');
  const fs::path huge = dir.write("huge.pdf", fill_pdf(form, values));
  // Thousands of AcroForm fields.
  PoDoFo::PdfMemDocument pdf;
  PoDoFo::PdfPage* page =
      pdf.CreatePage(PoDoFo::PdfPage::CreateStandardPageSize(PoDoFo::ePdfPageSize_A4));
  PoDoFo::PdfAcroForm* acro_form =
      pdf.GetAcroForm(true, PoDoFo::ePdfAcroFormDefaultAppearance_None);
  for (int i = 0; i < 1500; ++i) {
    PoDoFo::PdfTextField field(page, PoDoFo::PdfRect(10, 10, 5, 5), acro_form);
    field.SetFieldName(PoDoFo::PdfString(("f" + std::to_string(i)).c_str()));
    field.SetText(PoDoFo::PdfString("1"));
  }
  const fs::path many_fields = dir.write("many.pdf", written(pdf));

  ingest::Submissions batch = ingest::read_submissions({many_controls, huge, many_fields});
  ASSERT_EQ(batch.excluded.size(), 3u);
  EXPECT_EQ(batch.excluded[0].reason,
            "more than 1000 tagged content controls: not an application form, not read");
  EXPECT_EQ(batch.excluded[1].source, huge.string());
  EXPECT_THAT(batch.excluded[1].reason, HasSubstr("over the limit of 1048576 (--max-text-bytes)"));
  EXPECT_EQ(batch.excluded[2].source, many_fields.string());
  EXPECT_EQ(batch.excluded[2].reason, "more than 1000 form fields");
}

}  // namespace
}  // namespace shortlist
