// shortlist_corpus: writes N realistic proposals for benchmarks and
// robustness tests, the same bytes for the same seed and options.
//
//   shortlist_corpus --count 10000 --seed 7 --out /tmp/corpus [--manifest FILE]
//                    [--languages en=30,fr=15,...] [--formats json=30,yaml=20,...]
//                    [--near-duplicates 0.03] [--malformed 0.02]
//
// Each proposal is put together from real sentences written for this call in
// seven languages (bench/gen/text/<language>.yaml), with places, sectors and
// numbers drawn for it; its length is drawn between 1 and 20 KB (log-uniform,
// so most are short). Every submission format is written: JSON, YAML,
// Markdown with front matter, plain text, CSV (up to 40 proposals a file),
// Word, PDF and ZIP archives holding a few of the others. Some proposals are
// near-duplicates of an earlier one (another applicant, one sentence
// changed); some files are malformed in one of several ways. The manifest
// lists every file with its format, language and kind, so that a test can
// check what ingestion made of each.
#include <Poco/DateTime.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Zip/Compress.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/cli/command_line.h"
#include "core/report/html_text.h"

namespace {

namespace fs = std::filesystem;
using shortlist::cli::CommandLine;
using shortlist::cli::UsageError;

const std::vector<std::string> kSections = {"context", "objectives", "activities", "sustainability",
                                            "budget_justification"};
const std::vector<std::string> kApplicantTypes = {"chamber_of_commerce", "industry_association",
                                                  "ngo"};

// One language's phrases, as read from its YAML file.
struct Phrases {
  std::string language;
  std::vector<std::string> countries, places, sectors, organisations, titles, summary;
  std::map<std::string, std::string> headings;
  std::map<std::string, std::vector<std::string>> sentences;  // by section
};

std::vector<std::string> strings(const YAML::Node& node, const std::string& key,
                                 const fs::path& file) {
  const YAML::Node list = node[key];
  if (!list.IsSequence() || list.size() == 0)
    throw std::runtime_error(file.string() + ": '" + key + "' must be a non-empty list");
  return list.as<std::vector<std::string>>();
}

Phrases read_phrases(const fs::path& file, const std::string& language) {
  const YAML::Node root = YAML::LoadFile(file.string());
  Phrases p;
  p.language = language;
  p.countries = strings(root, "countries", file);
  p.places = strings(root, "places", file);
  p.sectors = strings(root, "sectors", file);
  p.organisations = strings(root, "organisations", file);
  p.titles = strings(root, "titles", file);
  p.summary = strings(root, "summary", file);
  for (const std::string& section : kSections) p.sentences[section] = strings(root, section, file);
  p.headings = root["headings"].as<std::map<std::string, std::string>>();
  for (const std::string& section : kSections)
    if (!p.headings.count(section))
      throw std::runtime_error(file.string() + ": no heading for '" + section + "'");
  return p;
}

// Deterministic draws: only the engine's raw output is used, so that the
// corpus does not depend on how a standard library implements distributions.
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : engine_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  long between(long low, long high) { return low + static_cast<long>(below(high - low + 1)); }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }
  // An index by weight.
  std::size_t weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = unit() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  std::mt19937_64 engine_;
};

struct Proposal {
  std::string id, title, language, applicant, type, country, email, summary;
  std::vector<std::pair<std::string, std::string>> sections;  // in kSections order
  long total = 0, requested = 0, msmes = 0, women_led = 0, digital_share = 0, before = 0,
       months = 0;
  const Phrases* phrases = nullptr;
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at))
    text.replace(at, from.size(), to), at += to.size();
  return text;
}

std::string fill(const std::string& pattern, const std::string& place, const std::string& sector,
                 Draw& draw) {
  std::string text = replace_all(pattern, "{place}", place);
  text = replace_all(text, "{sector}", sector);
  text = replace_all(text, "{n}", std::to_string(draw.between(40, 3000)));
  return replace_all(text, "{m}", std::to_string(draw.between(10, 900)));
}

std::string separator(const std::string& language) { return language == "zh" ? "" : " "; }

Proposal make_proposal(const Phrases& p, std::size_t index, std::uint64_t seed, Draw& draw) {
  Proposal r;
  r.phrases = &p;
  r.language = p.language;
  r.id = "gen-" + std::to_string(seed) + "-" + std::to_string(index);
  const std::string& place = draw.pick(p.places);
  const std::string& sector = draw.pick(p.sectors);
  r.title = fill(draw.pick(p.titles), place, sector, draw);
  r.applicant = fill(draw.pick(p.organisations), place, sector, draw);
  r.type = draw.pick(kApplicantTypes);
  r.country = draw.pick(p.countries);
  r.email = "projects" + std::to_string(index) + "@applicant.example.org";
  r.summary = fill(draw.pick(p.summary), place, sector, draw) + separator(p.language) +
              fill(draw.pick(p.summary), place, sector, draw);
  // 1 to 20 KB, log-uniform.
  const double target = 1024.0 * std::exp(draw.unit() * std::log(20.0));
  for (const std::string& section : kSections) r.sections.emplace_back(section, "");
  std::size_t bytes = r.title.size() + r.summary.size();
  for (std::size_t s = 0; bytes < target; s = (s + 1) % kSections.size()) {
    auto& [name, text] = r.sections[s];
    const std::string sentence = fill(draw.pick(p.sentences.at(name)), place, sector, draw);
    text += (text.empty() ? "" : separator(p.language)) + sentence;
    bytes += sentence.size() + 1;
  }
  r.total = draw.between(20, 400) * 1000;
  r.requested = std::min<long>(r.total * draw.between(40, 95) / 100, 150000);
  r.msmes = draw.between(40, 3000);
  r.women_led = r.msmes * draw.between(10, 70) / 100;
  r.digital_share = draw.between(20, 95);
  r.before = draw.between(0, 5000);
  r.months = draw.between(6, 36);
  return r;
}

// Another applicant sending an earlier proposal with one sentence changed.
Proposal near_duplicate(const Proposal& original, std::size_t index, std::uint64_t seed,
                        Draw& draw) {
  Proposal r = original;
  r.id = "gen-" + std::to_string(seed) + "-" + std::to_string(index);
  const Phrases& p = *original.phrases;
  const std::string& place = draw.pick(p.places);
  r.applicant = fill(draw.pick(p.organisations), place, draw.pick(p.sectors), draw);
  r.email = "projects" + std::to_string(index) + "@applicant.example.org";
  auto& [name, text] = r.sections[draw.below(r.sections.size())];
  text = fill(draw.pick(p.sentences.at(name)), place, draw.pick(p.sectors), draw) +
         separator(r.language) + text;
  // Its own contribution in kind, so that two near-duplicates of the same
  // proposal never end up with the same text (that would be a resubmission).
  for (const std::string& pattern : p.sentences.at("budget_justification")) {
    if (pattern.find("{m}") == std::string::npos) continue;
    r.sections.back().second +=
        separator(r.language) +
        fill(replace_all(pattern, "{m}", std::to_string(1000 + index)), place, "", draw);
    break;
  }
  r.requested = std::max<long>(1000, r.requested - draw.between(1, 50) * 100);
  return r;
}

// Writers, one per format. Each returns the file's bytes.

Poco::JSON::Object::Ptr object() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::JSON::Object::Ptr as_json(const Proposal& r) {
  auto o = object();
  o->set("id", r.id);
  o->set("title", r.title);
  o->set("language", r.language);
  auto applicant = object();
  applicant->set("name", r.applicant);
  applicant->set("type", r.type);
  applicant->set("country", r.country);
  applicant->set("email", r.email);
  o->set("applicant", applicant);
  o->set("summary", r.summary);
  auto sections = object();
  for (const auto& [name, text] : r.sections) sections->set(name, text);
  o->set("sections", sections);
  auto budget = object();
  budget->set("total", r.total);
  budget->set("requested", r.requested);
  budget->set("currency", "USD");
  o->set("budget", budget);
  auto beneficiaries = object();
  beneficiaries->set("msmes", r.msmes);
  beneficiaries->set("women_led", r.women_led);
  o->set("beneficiaries", beneficiaries);
  auto fields = object();
  fields->set("digital_budget_share", r.digital_share);
  fields->set("msmes_supported_before", r.before);
  fields->set("duration_months", r.months);
  o->set("fields", fields);
  return o;
}

std::string json_file(const Proposal& r) {
  std::ostringstream out;
  as_json(r)->stringify(out, 2);
  return out.str() + "\n";
}

void emit_fields(YAML::Emitter& y, const Proposal& r) {
  y << YAML::Key << "id" << YAML::Value << r.id;
  y << YAML::Key << "title" << YAML::Value << r.title;
  y << YAML::Key << "language" << YAML::Value << r.language;
  y << YAML::Key << "applicant" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "name" << YAML::Value << r.applicant << YAML::Key << "type" << YAML::Value
    << r.type << YAML::Key << "country" << YAML::Value << r.country << YAML::Key << "email"
    << YAML::Value << r.email << YAML::EndMap;
  y << YAML::Key << "budget" << YAML::Value << YAML::Flow << YAML::BeginMap;
  y << YAML::Key << "total" << YAML::Value << r.total << YAML::Key << "requested" << YAML::Value
    << r.requested << YAML::Key << "currency" << YAML::Value << "USD" << YAML::EndMap;
  y << YAML::Key << "beneficiaries" << YAML::Value << YAML::Flow << YAML::BeginMap;
  y << YAML::Key << "msmes" << YAML::Value << r.msmes << YAML::Key << "women_led" << YAML::Value
    << r.women_led << YAML::EndMap;
  y << YAML::Key << "fields" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "digital_budget_share" << YAML::Value << r.digital_share << YAML::Key
    << "msmes_supported_before" << YAML::Value << r.before << YAML::Key << "duration_months"
    << YAML::Value << r.months << YAML::EndMap;
}

std::string yaml_file(const Proposal& r) {
  YAML::Emitter y;
  y.SetOutputCharset(YAML::EmitNonAscii);
  y << YAML::BeginMap;
  emit_fields(y, r);
  y << YAML::Key << "summary" << YAML::Value << r.summary;
  y << YAML::Key << "sections" << YAML::Value << YAML::BeginMap;
  for (const auto& [name, text] : r.sections) y << YAML::Key << name << YAML::Value << text;
  y << YAML::EndMap << YAML::EndMap;
  return std::string(y.c_str()) + "\n";
}

std::string markdown_file(const Proposal& r) {
  YAML::Emitter y;
  y.SetOutputCharset(YAML::EmitNonAscii);
  y << YAML::BeginMap;
  emit_fields(y, r);
  y << YAML::EndMap;
  std::string md =
      "---\n" + std::string(y.c_str()) + "\n---\n\n# " + r.title + "\n\n" + r.summary + "\n";
  for (const auto& [name, text] : r.sections)
    md += "\n## " + r.phrases->headings.at(name) + "\n\n" + text + "\n";
  return md;
}

std::string text_file(const Proposal& r) {
  std::string text = r.title + "\n\n" + r.summary + "\n";
  for (const auto& [name, body] : r.sections)
    text += "\n" + r.phrases->headings.at(name) + "\n" + body + "\n";
  return text;
}

std::string csv_cell(const std::string& value) {
  return "\"" + replace_all(value, "\"", "\"\"") + "\"";
}

const char* kCsvHeader =
    "id,title,language,applicant.name,applicant.type,applicant.country,applicant.email,summary,"
    "sections.context,sections.objectives,sections.activities,sections.sustainability,"
    "sections.budget_justification,budget.total,budget.requested,budget.currency,"
    "beneficiaries.msmes,beneficiaries.women_led,fields.digital_budget_share,"
    "fields.msmes_supported_before,fields.duration_months\r\n";

std::string csv_row(const Proposal& r) {
  std::string row;
  for (const std::string* s :
       {&r.id, &r.title, &r.language, &r.applicant, &r.type, &r.country, &r.email, &r.summary})
    row += csv_cell(*s) + ",";
  for (const auto& [name, text] : r.sections) row += csv_cell(text) + ",";
  row += std::to_string(r.total) + "," + std::to_string(r.requested) + ",USD," +
         std::to_string(r.msmes) + "," + std::to_string(r.women_led) + "," +
         std::to_string(r.digital_share) + "," + std::to_string(r.before) + "," +
         std::to_string(r.months) + "\r\n";
  return row;
}

// A ZIP archive of named parts, dated the same each time so that the bytes
// depend on the seed only.
std::string zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  std::ostringstream out;
  Poco::Zip::Compress compress(out, true);
  for (const auto& [name, bytes] : parts) {
    std::istringstream in(bytes);
    compress.addFile(in, Poco::DateTime(2026, 3, 1), Poco::Path(name, Poco::Path::PATH_UNIX));
  }
  compress.close();
  return out.str();
}

std::string docx_file(const Proposal& r) {
  auto paragraph = [](const std::string& style, const std::string& text) {
    std::string p = "<w:p>";
    if (!style.empty()) p += "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>";
    return p + "<w:r><w:t xml:space=\"preserve\">" + shortlist::report::escape_html(text) +
           "</w:t></w:r></w:p>";
  };
  const std::string ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  std::string body = paragraph("Title", r.title) + paragraph("", r.summary);
  for (const auto& [name, text] : r.sections)
    body += paragraph("Heading1", r.phrases->headings.at(name)) + paragraph("", text);
  const std::string document =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<w:document xmlns:w=\"" +
      ns + "\"><w:body>" + body + "</w:body></w:document>";
  const std::string styles =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:styles xmlns:w=\"" + ns +
      "\"><w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
      "</w:style></w:styles>";
  const std::string types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\""
      "http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\""
      " ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default "
      "Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\""
      " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document."
      "main+xml\"/></Types>";
  const std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\""
      "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
      "officeDocument\" Target=\"word/document.xml\"/></Relationships>";
  return zip({{"[Content_Types].xml", types},
              {"_rels/.rels", rels},
              {"word/document.xml", document},
              {"word/styles.xml", styles}});
}

std::size_t code_point_length(unsigned char lead) {
  return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

// UTF-8 to UTF-16BE code units, as hex (the proposals' text is in the BMP).
std::string utf16_hex(const std::string& utf8) {
  std::string hex;
  char buffer[8];
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    unsigned code = c;
    int extra = 0;
    if (c >= 0xF0)
      code = c & 0x07, extra = 3;
    else if (c >= 0xE0)
      code = c & 0x0F, extra = 2;
    else if (c >= 0xC0)
      code = c & 0x1F, extra = 1;
    for (int k = 1; k <= extra && i + k < utf8.size(); ++k)
      code = (code << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += 1 + extra;
    if (code > 0xFFFF) code = 0xFFFD;
    std::snprintf(buffer, sizeof buffer, "%04X", code);
    hex += buffer;
  }
  return hex;
}

// Lines of at most `width` characters, broken at spaces where there are any.
std::vector<std::string> wrap(const std::string& paragraph, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t chars = 0;
  std::size_t last_space = std::string::npos;
  for (std::size_t i = 0; i < paragraph.size();) {
    const std::size_t len = code_point_length(static_cast<unsigned char>(paragraph[i]));
    if (paragraph[i] == ' ') last_space = line.size();
    line += paragraph.substr(i, len);
    i += len;
    if (++chars >= width) {
      if (last_space != std::string::npos) {
        lines.push_back(line.substr(0, last_space));
        line = line.substr(last_space + 1);
      } else {
        lines.push_back(line);
        line.clear();
      }
      chars = 0;  // an estimate is enough for a page
      last_space = std::string::npos;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// A right-to-left line as a PDF lays it out: glyphs in visual order, left to
// right on the page, so the characters reversed except runs of digits and
// Latin letters, which read left to right within.
std::string visual_order(const std::string& line) {
  std::vector<std::string> chars;
  for (std::size_t i = 0; i < line.size();) {
    const std::size_t len = code_point_length(static_cast<unsigned char>(line[i]));
    chars.push_back(line.substr(i, len));
    i += len;
  }
  std::reverse(chars.begin(), chars.end());
  auto left_to_right = [](const std::string& c) {
    return c.size() == 1 && (std::isalnum(static_cast<unsigned char>(c[0])) || c[0] == '.');
  };
  for (auto run = chars.begin(); run != chars.end();) {
    if (!left_to_right(*run)) {
      ++run;
      continue;
    }
    auto end = std::find_if_not(run, chars.end(), left_to_right);
    std::reverse(run, end);
    run = end;
  }
  std::string out;
  for (const std::string& c : chars) out += c;
  return out;
}

// A PDF whose text poppler can extract in any script: a Type0 font with
// Identity-H encoding, the text as UTF-16 code units, and a ToUnicode map
// from each code to itself. The font is not embedded (a reader without it
// shows boxes); its Title is the proposal's title.
std::string pdf_file(const Proposal& r) {
  std::vector<std::string> lines;
  auto add = [&](const std::string& paragraph) {
    for (const std::string& line : wrap(paragraph, r.language == "zh" ? 40 : 85))
      lines.push_back(r.language == "ar" ? visual_order(line) : line);
    lines.emplace_back();
  };
  add(r.title);
  add(r.summary);
  for (const auto& [name, text] : r.sections) {
    add(r.phrases->headings.at(name));
    add(text);
  }
  constexpr std::size_t kLinesPerPage = 50;
  const std::size_t pages = (lines.size() + kLinesPerPage - 1) / kLinesPerPage;

  std::vector<std::string> objects;  // object i + 1
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (std::size_t p = 0; p < pages; ++p) kids += std::to_string(7 + 2 * p) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
  objects.push_back(
      "<< /Type /Font /Subtype /Type0 /BaseFont /NotoSans /Encoding /Identity-H "
      "/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>");
  objects.push_back(
      "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoSans /CIDSystemInfo "
      "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>");
  std::string cmap =
      "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry "
      "(Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 "
      "def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n";
  char range[40];
  for (int block = 0; block < 256; block += 64) {
    cmap += "64 beginbfrange\n";
    for (int hi = block; hi < block + 64; ++hi) {
      std::snprintf(range, sizeof range, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
      cmap += range;
    }
    cmap += "endbfrange\n";
  }
  cmap += "endcmap CMapName currentdict /CMap defineresource pop end end\n";
  objects.push_back("<< /Length " + std::to_string(cmap.size()) + " >>\nstream\n" + cmap +
                    "endstream");
  objects.push_back("<< /Title <FEFF" + utf16_hex(r.title) + "> /Producer (Shortlist corpus) >>");
  for (std::size_t p = 0; p < pages; ++p) {
    std::string content = "BT /F1 10 Tf 14 TL 50 800 Td\n";
    for (std::size_t l = p * kLinesPerPage; l < std::min(lines.size(), (p + 1) * kLinesPerPage);
         ++l)
      content += "<" + utf16_hex(lines[l]) + "> Tj T*\n";
    content += "ET\n";
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
        "<< /F1 3 0 R >> >> /Contents " +
        std::to_string(8 + 2 * p) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "endstream");
  }
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  char entry[24];
  for (std::size_t offset : offsets) {
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer << /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R /Info 6 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

enum class Format { json, yaml, md, txt, csv, docx, pdf, zip };
const std::vector<std::string> kFormatNames = {"json", "yaml", "md",  "txt",
                                               "csv",  "docx", "pdf", "zip"};

std::string write_as(Format format, const Proposal& r) {
  switch (format) {
    case Format::json:
      return json_file(r);
    case Format::yaml:
      return yaml_file(r);
    case Format::md:
      return markdown_file(r);
    case Format::txt:
      return text_file(r);
    case Format::docx:
      return docx_file(r);
    case Format::pdf:
      return pdf_file(r);
    case Format::csv:
    case Format::zip:
      break;
  }
  throw std::logic_error("write_as: not a single-proposal format");
}

// Ways a file goes wrong, each one ingestion must refuse with a reason.
const std::vector<std::string> kMalformed = {
    "truncated_json",  // cut in the middle of a string
    "yaml_syntax",     // an unclosed list
    "missing_title",   // valid JSON without a title
    "bad_budget",      // a budget that is not a number
    "truncated_pdf",   // the first half of a PDF
    "docx_not_zip",    // a .docx that is not a ZIP archive
    "corrupt_zip",     // a ZIP whose compressed data is damaged
    "invalid_utf8",    // bytes that are no encoding ICU recognises
};

std::pair<std::string, std::string> malformed_file(const std::string& kind, const Proposal& r) {
  if (kind == "truncated_json") {
    const std::string json = json_file(r);
    return {"json", json.substr(0, json.size() / 2)};
  }
  if (kind == "yaml_syntax")
    return {"yaml", "id: " + r.id + "\ntitle: \"" + r.title + "\"\nsummary: [" + r.summary +
                        "\nbudget: {total: " + std::to_string(r.total) + "}\n"};
  if (kind == "missing_title") {
    auto o = as_json(r);
    o->remove("title");
    std::ostringstream out;
    o->stringify(out, 2);
    return {"json", out.str()};
  }
  if (kind == "bad_budget") {
    std::string yaml = yaml_file(r);
    return {"yaml", replace_all(yaml, "total: " + std::to_string(r.total), "total: lots")};
  }
  if (kind == "truncated_pdf") {
    const std::string pdf = pdf_file(r);
    return {"pdf", pdf.substr(0, pdf.size() / 2)};
  }
  if (kind == "docx_not_zip") return {"docx", text_file(r)};
  if (kind == "corrupt_zip") {
    std::string archive = zip({{r.id + ".json", json_file(r)}});
    for (std::size_t i = 60; i < archive.size() / 2; i += 7)
      archive[i] = static_cast<char>(~archive[i]);
    return {"zip", archive};
  }
  std::string bytes = "title: ";  // invalid_utf8
  for (int i = 0; i < 64; ++i) bytes += static_cast<char>(0x80 + (i * 7) % 64), bytes += '\0';
  return {"txt", bytes};
}

std::map<std::string, double> shares(const std::string& spec, const std::string& option,
                                     const std::vector<std::string>& allowed) {
  std::map<std::string, double> result;
  std::istringstream in(spec);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto eq = item.find('=');
    const std::string name = item.substr(0, eq);
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      throw UsageError("--" + option + ": unknown '" + name + "'");
    double weight = 1;
    try {
      if (eq != std::string::npos) weight = std::stod(item.substr(eq + 1));
    } catch (const std::exception&) {
      throw UsageError("--" + option + ": '" + item + "' is not NAME=WEIGHT");
    }
    if (!(weight >= 0)) throw UsageError("--" + option + ": a weight must be 0 or more");
    result[name] = weight;
  }
  if (result.empty()) throw UsageError("--" + option + ": nothing given");
  return result;
}

double fraction(const std::optional<std::string>& value, double fallback,
                const std::string& option) {
  if (!value) return fallback;
  try {
    const double x = std::stod(*value);
    if (x >= 0 && x < 1) return x;
  } catch (const std::exception&) {
  }
  throw UsageError("--" + option + " must be a fraction in [0, 1)");
}

struct Options {
  std::size_t count = 0;
  std::uint64_t seed = 1;
  fs::path out, manifest, text_dir;
  std::map<std::string, double> languages, formats;
  double near_duplicates = 0.03, malformed = 0.02;
};

class Generator {
 public:
  explicit Generator(const Options& options) : options_(options), draw_(options.seed) {
    for (const auto& [language, weight] : options.languages) {
      phrases_.push_back(read_phrases(options.text_dir / (language + ".yaml"), language));
      language_weights_.push_back(weight);
    }
    for (const std::string& name : kFormatNames)
      format_weights_.push_back(options.formats.count(name) ? options.formats.at(name) : 0);
    manifest_ = new Poco::JSON::Array;
  }

  void run() {
    fs::create_directories(options_.out);
    for (std::size_t i = 0; i < options_.count; ++i) one(i);
    flush_csv();
    flush_zip();
    auto m = object();
    m->set("seed", options_.seed);
    m->set("count", options_.count);
    m->set("bytes", bytes_);
    m->set("files", manifest_);
    if (!options_.manifest.empty()) {
      std::ofstream out(options_.manifest);
      m->stringify(out, 1);
      if (!out) throw std::runtime_error(options_.manifest.string() + ": cannot write");
    }
    std::cout << "wrote " << options_.count << " proposals in " << manifest_->size() << " files ("
              << bytes_ << " bytes) to " << options_.out.string() << "\n";
  }

 private:
  void one(std::size_t i) {
    const Phrases& p = phrases_[draw_.weighted(language_weights_)];
    const auto format = static_cast<Format>(draw_.weighted(format_weights_));
    const double kind = draw_.unit();
    if (kind < options_.malformed) {
      const std::string& what = draw_.pick(kMalformed);
      const auto [extension, bytes] =
          malformed_file(what, make_proposal(p, i, options_.seed, draw_));
      write(path(i, extension), bytes, extension, p.language, "malformed:" + what, {});
      return;
    }
    Proposal r;
    std::string what = "proposal";
    if (kind < options_.malformed + options_.near_duplicates && !recent_.empty()) {
      r = near_duplicate(recent_[draw_.below(recent_.size())], i, options_.seed, draw_);
      what = "near_duplicate";
    } else {
      r = make_proposal(p, i, options_.seed, draw_);
      if (recent_.size() < 64)
        recent_.push_back(r);
      else
        recent_[draw_.below(recent_.size())] = r;
    }
    if (format == Format::csv) {
      csv_ += csv_row(r);
      csv_ids_.push_back({r.id, r.language, what});
      if (csv_ids_.size() == 40) flush_csv();
    } else if (format == Format::zip) {
      const Format inner =
          std::vector<Format>{Format::json, Format::yaml, Format::docx, Format::md}[draw_.below(4)];
      zip_parts_.push_back(
          {r.id + "." + kFormatNames[static_cast<int>(inner)], write_as(inner, r)});
      zip_ids_.push_back({r.id, r.language, what});
      if (zip_ids_.size() == 4) flush_zip();
    } else {
      const std::string& extension = kFormatNames[static_cast<int>(format)];
      write(path(i, extension), write_as(format, r), extension, r.language, what,
            {{r.id, r.language, what}});
    }
  }

  struct Entry {
    std::string id, language, kind;
  };

  fs::path path(std::size_t i, const std::string& extension) {
    char folder[24];
    std::snprintf(folder, sizeof folder, "%04zu", i / 1000);
    return options_.out / folder / ("p" + std::to_string(i) + "." + extension);
  }

  void flush_csv() {
    if (csv_ids_.empty()) return;
    write(path(files_, "csv"), kCsvHeader + csv_, "csv", "", "proposals", csv_ids_);
    csv_.clear();
    csv_ids_.clear();
  }

  void flush_zip() {
    if (zip_ids_.empty()) return;
    write(path(files_, "zip"), zip(zip_parts_), "zip", "", "proposals", zip_ids_);
    zip_parts_.clear();
    zip_ids_.clear();
  }

  void write(const fs::path& file, const std::string& bytes, const std::string& format,
             const std::string& language, const std::string& kind,
             const std::vector<Entry>& proposals) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << bytes;
    if (!out) throw std::runtime_error(file.string() + ": cannot write");
    bytes_ += bytes.size();
    ++files_;
    auto f = object();
    f->set("path", fs::relative(file, options_.out).generic_string());
    f->set("format", format);
    f->set("bytes", bytes.size());
    if (!language.empty()) f->set("language", language);
    f->set("kind", kind);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const Entry& e : proposals) {
      auto p = object();
      p->set("id", e.id);
      p->set("language", e.language);
      p->set("kind", e.kind);
      list->add(p);
    }
    f->set("proposals", list);
    manifest_->add(f);
  }

  const Options& options_;
  Draw draw_;
  std::vector<Phrases> phrases_;
  std::vector<double> language_weights_, format_weights_;
  std::vector<Proposal> recent_;  // near-duplicates copy one of these
  std::string csv_;
  std::vector<Entry> csv_ids_, zip_ids_;
  std::vector<std::pair<std::string, std::string>> zip_parts_;
  std::size_t files_ = 0, bytes_ = 0;
  Poco::JSON::Array::Ptr manifest_;
};

const char* kUsage = "usage: shortlist_corpus --count N --out DIR [options]\n\n";

int run(const std::vector<std::string>& args) {
  CommandLine line(args);
  line.option("count", "n", "N", "proposals to write")
      .option("out", "o", "DIR", "folder to write them to (created)")
      .option("seed", "s", "N", "the seed (default 1): same seed, same bytes")
      .option("languages", "", "LIST",
              "weights, e.g. en=30,fr=15 (default en=30,fr=15,es=15,ar=10,zh=10,ru=10,pt=10)")
      .option("formats", "", "LIST",
              "weights (default json=25,yaml=20,md=10,txt=5,csv=15,docx=10,pdf=10,zip=5)")
      .option("near-duplicates", "", "F", "share of near-duplicate proposals (default 0.03)")
      .option("malformed", "", "F", "share of malformed files (default 0.02)")
      .option("manifest", "m", "FILE", "also write what each file holds as JSON")
      .option("text", "", "DIR", "the phrases (default: bench/gen/text beside the sources)")
      .option("help", "h", "", "show this help");
  const auto parsed = line.parse();
  if (parsed.flag("help")) {
    std::cout << kUsage << line.help();
    return 0;
  }
  Options o;
  const auto count = parsed.last("count");
  const auto out = parsed.last("out");
  if (!count || !out) throw UsageError("--count and --out are required");
  try {
    o.count = std::stoul(*count);
    o.seed = std::stoull(parsed.last("seed").value_or("1"));
  } catch (const std::exception&) {
    throw UsageError("--count and --seed take whole numbers");
  }
  o.out = *out;
  o.manifest = parsed.last("manifest").value_or("");
  o.text_dir = parsed.last("text").value_or(SHORTLIST_CORPUS_TEXT_DIR);
  const std::vector<std::string> languages = {"en", "fr", "es", "ar", "zh", "ru", "pt"};
  o.languages =
      shares(parsed.last("languages").value_or("en=30,fr=15,es=15,ar=10,zh=10,ru=10,pt=10"),
             "languages", languages);
  o.formats = shares(
      parsed.last("formats").value_or("json=25,yaml=20,md=10,txt=5,csv=15,docx=10,pdf=10,zip=5"),
      "formats", kFormatNames);
  o.near_duplicates =
      fraction(parsed.last("near-duplicates"), o.near_duplicates, "near-duplicates");
  o.malformed = fraction(parsed.last("malformed"), o.malformed, "malformed");
  Generator(o).run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const UsageError& e) {
    std::cerr << "shortlist_corpus: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "shortlist_corpus: " << e.what() << "\n";
    return 1;
  }
}
