#include "core/ingest/submission_reader.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/ingest/csv.h"
#include "core/ingest/document.h"
#include "core/ingest/markdown.h"
#include "core/ingest/proposal_builder.h"
#include "core/ingest/tracking_code.h"
#include "core/text/encoding.h"

namespace shortlist::ingest {
namespace fs = std::filesystem;
namespace {

bool is_hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

std::string lower_extension(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// A plain text file: its first non-empty line is the title, the rest one
// section called "text".
Document text_document(std::string_view text, const std::string& source) {
  Document document{source, {}};
  document.root.kind = Node::Kind::Map;
  std::size_t start = 0;
  int line = 1;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view current = text.substr(start, end - start);
    if (current.find_first_not_of(" \t\r") != std::string_view::npos) {
      Node title;
      title.kind = Node::Kind::Scalar;
      title.quoted = true;
      title.scalar = std::string(current);
      title.position = {line, 1};
      document.root.members.emplace_back("title", std::move(title));
      const std::string_view rest = end < text.size() ? text.substr(end + 1) : std::string_view();
      if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) {
        Node body;
        body.kind = Node::Kind::Scalar;
        body.quoted = true;
        body.scalar = std::string(rest);
        body.position = {line + 1, 1};
        Node sections;
        sections.kind = Node::Kind::Map;
        sections.position = body.position;
        sections.members.emplace_back("text", std::move(body));
        document.root.members.emplace_back("sections", std::move(sections));
      }
      break;
    }
    start = end + 1;
    ++line;
  }
  return document;
}

// What one file gives: one result per proposal it holds.
struct Read {
  std::string source;
  Expected<Proposal> proposal;
};

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

std::vector<Read> read_file(const fs::path& path, const ReadLimits& limits) {
  const std::string source = path.string();
  auto failed = [&](std::string message) {
    std::vector<Read> out;
    out.push_back({source, Diagnostic{source, {}, std::move(message)}});
    return out;
  };
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) return failed("cannot read: " + error.message());
  if (size > limits.max_file_bytes) {
    return failed("the file is " + std::to_string(size) + " bytes, over the limit of " +
                  std::to_string(limits.max_file_bytes) + " (--max-file-bytes)");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in && size > 0) return failed("cannot read the file");
  Expected<text::DecodedText> decoded = text::decode_to_utf8(buffer.str());
  if (!decoded) return failed("cannot be decoded: " + decoded.problems()[0].message);
  const std::string& text = decoded->utf8;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return failed("the file is empty");

  std::vector<Read> reads;
  auto build = [&](const std::string& from, Expected<Document> document, const std::string& id) {
    if (!document) {
      reads.push_back({from, std::move(document).take_problems()});
      return;
    }
    Expected<Proposal> proposal = build_proposal(*document, id);
    if (proposal) {
      proposal->encoding = decoded->encoding;
      proposal->encoding_confidence = decoded->confidence;
      if (std::string problem = limit_problem(*proposal, limits); !problem.empty()) {
        proposal = Diagnostic{from, {}, problem};
      }
    }
    reads.push_back({from, std::move(proposal)});
  };
  const std::string extension = lower_extension(path);
  const std::string stem = path.stem().string();
  if (extension == ".csv") {
    Expected<std::vector<CsvRow>> rows =
        read_csv_documents(text, source, stem, limits.max_csv_rows);
    if (!rows) {
      reads.push_back({source, std::move(rows).take_problems()});
      return reads;
    }
    for (CsvRow& row : *rows) build(row.source, std::move(row.document), row.default_id);
  } else if (extension == ".json") {
    build(source, read_json_document(text, source), stem);
  } else if (extension == ".md" || extension == ".markdown") {
    build(source, read_markdown_document(text, source), stem);
  } else if (extension == ".txt") {
    build(source, text_document(text, source), stem);
  } else {
    build(source, read_yaml_document(text, source), stem);
  }
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
  static const std::vector<std::string> kExtensions = {".json",     ".yaml", ".yml", ".md",
                                                       ".markdown", ".txt",  ".csv"};
  return kExtensions;
}

Submissions read_submissions(const std::vector<fs::path>& paths, const ReadLimits& limits,
                             const Progress& progress) {
  Submissions out;
  std::vector<fs::path> files;
  for (const fs::path& path : paths) collect(path, files, out);

  std::map<std::string, std::string> source_of_id;
  std::map<std::string, std::string> source_of_text;
  for (std::size_t done = 0; done < files.size(); ++done) {
    if (progress) progress(done, files.size());
    const fs::path& file = files[done];
    const std::string extension = lower_extension(file);
    const auto& supported = supported_extensions();
    if (std::find(supported.begin(), supported.end(), extension) == supported.end()) {
      out.excluded.push_back({file.string(),
                              "unsupported file type '" + extension +
                                  "' (supported: .json, .yaml, .yml, .md, .markdown, .txt, .csv)",
                              {},
                              {},
                              {}});
      continue;
    }
    for (Read& read : read_file(file, limits)) {
      if (!read.proposal) {
        out.excluded.push_back({read.source, join_located(read.proposal.problems()), {}, {}, {}});
        continue;
      }
      Proposal& proposal = *read.proposal;
      proposal.source = read.source;
      auto exclude = [&](std::string reason) {
        out.excluded.push_back(
            {read.source, std::move(reason), proposal.id, proposal.title, proposal.language});
      };
      if (auto [it, fresh] = source_of_text.emplace(proposal.content_hash, read.source); !fresh) {
        exclude("the same text as " + it->second + ": a resubmission is counted once");
        continue;
      }
      if (auto [it, fresh] = source_of_id.emplace(proposal.id, read.source); !fresh) {
        exclude("id '" + proposal.id + "' is already used by " + it->second);
        continue;
      }
      proposal.tracking_code = new_tracking_code();
      out.proposals.push_back(std::move(proposal));
    }
  }
  if (progress) progress(files.size(), files.size());
  return out;
}

}  // namespace shortlist::ingest
