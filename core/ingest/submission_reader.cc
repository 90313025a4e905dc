#include "core/ingest/submission_reader.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <regex>
#include <sstream>
#include <tuple>

#include "core/ingest/archive.h"
#include "core/ingest/csv.h"
#include "core/ingest/document.h"
#include "core/ingest/docx.h"
#include "core/ingest/markdown.h"
#include "core/ingest/pdf.h"
#include "core/ingest/plain_text.h"
#include "core/ingest/proposal_builder.h"
#include "core/ingest/tracking_code.h"
#include "core/text/encoding.h"
#include "core/util/digest.h"
#include "core/util/parallel.h"

namespace shortlist::ingest {
namespace fs = std::filesystem;
namespace {

bool is_hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

// A file's modification time as the store writes times (ISO 8601 UTC, to
// the millisecond), so that the two compare as text; "" when unknown.
std::string iso_time(fs::file_time_type modified) {
  if (modified == fs::file_time_type::min()) return "";
  const auto since_epoch = std::chrono::floor<std::chrono::microseconds>(
      std::chrono::file_clock::to_sys(modified).time_since_epoch());
  return Poco::DateTimeFormatter::format(Poco::Timestamp(since_epoch.count()),
                                         "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::string lower_extension(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// What one file gives: one result per proposal it holds.
struct Read {
  std::string source;
  Expected<Proposal> proposal;
  Exclusion invalid = {};   // identity of a document that parsed but is invalid
  bool blank_form = false;  // a form with nothing filled in: skipped
};

const char* const kBlankForm =
    "an application form with no field filled in (the blank form): not a proposal, skipped";

// What an invalid document says of itself, as written, for storing it as an
// invalid submission the applicant can look up.
Exclusion identity_of(const Document& document, const std::string& default_id) {
  auto scalar = [](const Node* node) {
    return node != nullptr && node->kind == Node::Kind::Scalar ? node->scalar : std::string();
  };
  const Node& root = document.root;
  Exclusion out;
  static const std::regex kId("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  out.id = scalar(root.find("id"));
  if (!std::regex_match(out.id, kId)) out.id = default_id;
  out.title = scalar(root.find("title"));
  out.language = scalar(root.find("language"));
  if (const Node* applicant = root.find("applicant")) {
    out.applicant = scalar(applicant->find("name"));
    out.country = scalar(applicant->find("country"));
  }
  return out;
}

std::string limit_problem(const Proposal& p, const ReadLimits& limits) {
  const std::size_t bytes = p.full_text().size();
  if (bytes > limits.max_text_bytes) {
    return "the text is " + std::to_string(bytes) + " bytes, over the limit of " +
           std::to_string(limits.max_text_bytes) + " (--max-text-bytes)";
  }
  if (p.sections.size() > limits.max_sections) {
    return std::to_string(p.sections.size()) + " sections, over the limit of " +
           std::to_string(limits.max_sections) + " (--max-sections)";
  }
  return "";
}

bool is_hidden_entry(const std::string& name) {
  std::size_t start = 0;
  while (start < name.size()) {
    if (name[start] == '.' || name.compare(start, 8, "__MACOSX") == 0) return true;
    const std::size_t slash = name.find('/', start);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return false;
}

bool supported(const std::string& extension) {
  const auto& all = supported_extensions();
  return std::find(all.begin(), all.end(), extension) != all.end();
}

std::string unsupported(const std::string& extension) {
  return "unsupported file type '" + extension +
         "' (supported: .json, .yaml, .yml, .md, .markdown, .txt, .csv, .docx, .pdf, .zip)";
}

std::string too_large(std::uintmax_t size, const ReadLimits& limits) {
  return "the file is " + std::to_string(size) + " bytes, over the limit of " +
         std::to_string(limits.max_file_bytes) + " (--max-file-bytes)";
}

// Reads one file's bytes, or one archive entry's, named `source`.
// `expanded`: bytes the archives enclosing it have expanded to, so that
// archives inside an archive count against its limit.
void read_bytes(const std::string& source, const std::string& extension, std::string_view bytes,
                const ReadLimits& limits, const FormLabels* labels, std::size_t depth,
                std::uintmax_t& expanded, std::vector<Read>& reads) {
  auto fail = [&](std::string message) {
    reads.push_back({source, Diagnostic{source, {}, std::move(message)}});
  };
  if (bytes.size() > limits.max_file_bytes) return fail(too_large(bytes.size(), limits));
  const ArchiveLimits archive_limits{limits.max_file_bytes, limits.max_archive_bytes,
                                     limits.max_compression_ratio, 10000, expanded};
  if (extension == ".zip") {
    if (depth >= limits.max_archive_depth) {
      return fail("an archive nested more than " + std::to_string(limits.max_archive_depth) +
                  " deep is not opened");
    }
    Expected<ArchiveContents> zip = read_zip(bytes, archive_limits);
    if (!zip) return fail(zip.problems()[0].message);
    if (zip->entries.empty() && zip->refused.empty()) return fail("the archive holds no files");
    for (const ArchiveEntry& entry : zip->entries) expanded += entry.bytes.size();
    for (const auto& [name, reason] : zip->refused) {
      reads.push_back({source + "!" + name, Diagnostic{source + "!" + name, {}, reason}});
    }
    for (const ArchiveEntry& entry : zip->entries) {
      const std::string inner = source + "!" + entry.name;
      const std::string inner_extension = lower_extension(fs::path(entry.name));
      if (is_hidden_entry(entry.name)) {
        reads.push_back({inner, Diagnostic{inner, {}, "hidden, not read"}});
      } else if (!supported(inner_extension)) {
        reads.push_back({inner, Diagnostic{inner, {}, unsupported(inner_extension)}});
      } else {
        read_bytes(inner, inner_extension, entry.bytes, limits, labels, depth + 1, expanded, reads);
      }
    }
    return;
  }

  const std::string stem = fs::path(source.substr(source.rfind('!') + 1)).stem().string();
  std::string encoding = "UTF-8";
  int confidence = 100;
  auto build = [&](const std::string& from, Expected<Document> document, const std::string& id) {
    if (!document) {
      reads.push_back({from, std::move(document).take_problems()});
      return;
    }
    if (document->blank_form) {
      reads.push_back({from, Diagnostic{from, {}, kBlankForm}, {}, true});
      return;
    }
    Expected<Proposal> proposal = build_proposal(*document, id);
    if (!proposal) {
      Read read{from, std::move(proposal), identity_of(*document, id)};
      read.invalid.content_hash = sha256_hex(
          std::string(bytes) + (from.size() > source.size() ? from.substr(source.size()) : ""));
      reads.push_back(std::move(read));
      return;
    }
    proposal->encoding = encoding;
    proposal->encoding_confidence = confidence;
    proposal->tracking_code = new_tracking_code();  // random: no order to keep
    if (std::string problem = limit_problem(*proposal, limits); !problem.empty()) {
      proposal = Diagnostic{from, {}, problem};
    }
    reads.push_back({from, std::move(proposal)});
  };
  // Binary formats carry their own encoding.
  if (extension == ".docx") {
    return build(source, read_docx_document(bytes, source, archive_limits, labels), stem);
  }
  if (extension == ".pdf")
    return build(source, read_pdf_document(bytes, source, archive_limits), stem);

  Expected<text::DecodedText> decoded = text::decode_to_utf8(bytes);
  if (!decoded) return fail("cannot be decoded: " + decoded.problems()[0].message);
  encoding = decoded->encoding;
  confidence = decoded->confidence;
  const std::string& text = decoded->utf8;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return fail("the file is empty");
  if (extension == ".csv") {
    Expected<std::vector<CsvRow>> rows =
        read_csv_documents(text, source, stem, limits.max_csv_rows);
    if (!rows) {
      reads.push_back({source, std::move(rows).take_problems()});
      return;
    }
    if (rows->empty()) return fail("a header and no rows: no proposal in it");
    for (CsvRow& row : *rows) build(row.source, std::move(row.document), row.default_id);
  } else if (extension == ".json") {
    build(source, read_json_document(text, source), stem);
  } else if (extension == ".md" || extension == ".markdown") {
    build(source, read_markdown_document(text, source), stem);
  } else if (extension == ".txt") {
    build(source, read_text_document(text, source), stem);
  } else {
    build(source, read_yaml_document(text, source), stem);
  }
}

std::vector<Read> read_file(const fs::path& path, const ReadLimits& limits,
                            const FormLabels* labels) {
  const std::string source = path.string();
  std::vector<Read> reads;
  auto fail = [&](std::string message) {
    reads.push_back({source, Diagnostic{source, {}, std::move(message)}});
    return reads;
  };
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) return fail("cannot read: " + error.message());
  if (size > limits.max_file_bytes) return fail(too_large(size, limits));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in && size > 0) return fail("cannot read the file");
  std::uintmax_t expanded = 0;
  read_bytes(source, lower_extension(path), buffer.str(), limits, labels, 0, expanded, reads);
  return reads;
}

void collect(const fs::path& path, std::vector<fs::path>& files, Submissions& out) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    std::vector<fs::path> entries;
    for (const fs::directory_entry& entry : fs::directory_iterator(path, error)) {
      if (is_hidden(entry.path())) {
        out.excluded.push_back({entry.path().string(), "hidden, not read", {}, {}, {}});
      } else {
        entries.push_back(entry.path());
      }
    }
    if (error) {
      out.excluded.push_back(
          {path.string(), "cannot list the folder: " + error.message(), {}, {}, {}});
      return;
    }
    std::sort(entries.begin(), entries.end());
    for (const fs::path& entry : entries) collect(entry, files, out);
  } else if (fs::exists(path, error)) {
    files.push_back(path);
  } else {
    out.excluded.push_back({path.string(), "no such file or folder", {}, {}, {}});
  }
}

}  // namespace

const std::vector<std::string>& supported_extensions() {
  static const std::vector<std::string> kExtensions = {
      ".json", ".yaml", ".yml", ".md", ".markdown", ".txt", ".csv", ".docx", ".pdf", ".zip"};
  return kExtensions;
}

Submissions read_submissions(const std::vector<fs::path>& paths, const ReadLimits& limits,
                             const Progress& progress, const FormLabels* form_labels) {
  Submissions out;
  std::vector<fs::path> files;
  for (const fs::path& path : paths) collect(path, files, out);

  // Files are read and parsed in parallel; what follows in one file may
  // depend on an earlier one (ids, resubmissions), so the merge below goes
  // in file order and the result does not depend on the threads.
  std::vector<std::vector<Read>> reads(files.size());
  std::atomic<std::size_t> done{0};
  std::mutex reporting;
  parallel_for_each(files.size(), limits.threads, [&](std::size_t i) {
    const std::string extension = lower_extension(files[i]);
    if (supported(extension)) {
      reads[i] = read_file(files[i], limits, form_labels);
    } else {
      reads[i].push_back(
          {files[i].string(), Diagnostic{files[i].string(), {}, unsupported(extension)}});
    }
    const std::size_t finished = ++done;
    if (progress) {
      std::lock_guard lock(reporting);
      progress(finished, files.size());
    }
  });

  // Versions of one proposal apply oldest file first, by modification time
  // then path: never by folder order or by which thread finished first.
  std::vector<fs::file_time_type> modified(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::error_code error;
    modified[i] = fs::last_write_time(files[i], error);
    if (error) modified[i] = fs::file_time_type::min();
  }
  std::vector<std::size_t> applied(files.size());
  std::iota(applied.begin(), applied.end(), std::size_t{0});
  std::stable_sort(applied.begin(), applied.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(modified[a], files[a]) < std::tie(modified[b], files[b]);
  });

  // Each read's outcome, in the order applied; `at` is its place in path
  // order, where the results are listed.
  struct Outcome {
    std::pair<std::size_t, std::size_t> at;
    std::optional<Proposal> proposal;  // valid
    Exclusion exclusion;               // otherwise, or a replaced version's listing
    bool version = false;              // a version of its id (valid, or read but invalid)
    bool replaced = false;
  };
  std::vector<Outcome> outcomes;
  std::map<std::string, std::size_t> newest_of_id;  // id -> its newest version so far
  std::map<std::string, std::string> source_of_text;
  std::vector<std::pair<std::pair<std::size_t, std::size_t>, Exclusion>> skipped;
  auto add_version = [&](const std::string& id, const std::string& source) {
    if (auto it = newest_of_id.find(id); it != newest_of_id.end()) {
      Outcome& older = outcomes[it->second];
      if (older.proposal) {
        older.replaced = true;
        older.exclusion = {older.proposal->source,
                           "replaced by a later version of '" + id + "': " + source, id,
                           older.proposal->title, older.proposal->language};
      }
    }
    newest_of_id[id] = outcomes.size() - 1;
  };
  for (std::size_t file : applied) {
    for (std::size_t r = 0; r < reads[file].size(); ++r) {
      Read& read = reads[file][r];
      if (read.blank_form) {
        Exclusion note;
        note.source = read.source;
        note.reason = kBlankForm;
        skipped.emplace_back(std::make_pair(file, r), std::move(note));
        continue;
      }
      Outcome& outcome = outcomes.emplace_back();
      outcome.at = {file, r};
      if (!read.proposal) {
        outcome.exclusion = std::move(read.invalid);
        outcome.exclusion.source = read.source;
        outcome.exclusion.reason = join_located(read.proposal.problems());
        outcome.version = !outcome.exclusion.content_hash.empty();
        if (outcome.version) add_version(outcome.exclusion.id, read.source);
        continue;
      }
      Proposal& proposal = *read.proposal;
      proposal.source = read.source;
      proposal.submitted_at = iso_time(modified[file]);
      if (auto [it, fresh] = source_of_text.emplace(proposal.content_hash, read.source); !fresh) {
        outcome.exclusion = {read.source,
                             "the same text as " + it->second + ": a resubmission is counted once",
                             proposal.id, proposal.title, proposal.language};
        continue;
      }
      outcome.proposal = std::move(proposal);
      outcome.version = true;
      add_version(outcome.proposal->id, read.source);
    }
  }

  std::vector<std::size_t> listed(outcomes.size());
  std::iota(listed.begin(), listed.end(), std::size_t{0});
  std::sort(listed.begin(), listed.end(),
            [&](std::size_t a, std::size_t b) { return outcomes[a].at < outcomes[b].at; });
  std::vector<Version> version_of(outcomes.size());
  for (std::size_t i : listed) {
    Outcome& outcome = outcomes[i];
    if (outcome.proposal && !outcome.replaced) {
      version_of[i] = {Version::Kind::Current, out.proposals.size()};
      out.proposals.push_back(std::move(*outcome.proposal));
      continue;
    }
    if (outcome.replaced) {
      version_of[i] = {Version::Kind::Replaced, out.replaced.size(), out.excluded.size()};
      out.replaced.push_back(std::move(*outcome.proposal));
    } else {
      version_of[i] = {Version::Kind::Invalid, out.excluded.size()};
    }
    out.excluded.push_back(std::move(outcome.exclusion));
  }
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].version) out.versions.push_back(version_of[i]);
  }
  std::sort(skipped.begin(), skipped.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [at, note] : skipped) out.skipped.push_back(std::move(note));
  return out;
}

}  // namespace shortlist::ingest
