#include "core/ingest/submission_reader.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/ingest/document.h"
#include "core/ingest/proposal_builder.h"
#include "core/text/unicode.h"

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

SourcePosition position_of_offset(std::string_view text, std::size_t offset) {
  SourcePosition position{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++position.column;
    }
  }
  return position;
}

Expected<Proposal> read_file(const fs::path& path, const ReadLimits& limits) {
  const std::string source = path.string();
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) return Diagnostic{source, {}, "cannot read: " + error.message()};
  if (size > limits.max_file_bytes) {
    return Diagnostic{source,
                      {},
                      "file is " + std::to_string(size) + " bytes, over the limit of " +
                          std::to_string(limits.max_file_bytes)};
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in) return Diagnostic{source, {}, "cannot read the file"};
  std::string text = buffer.str();
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Diagnostic{source, {}, "the file is empty"};
  }
  if (auto bad = text::first_invalid_utf8(text)) {
    return Diagnostic{source, position_of_offset(text, *bad),
                      "not valid UTF-8 (byte " + std::to_string(*bad) + ")"};
  }
  const std::string extension = lower_extension(path);
  Expected<Document> document =
      extension == ".json" ? read_json_document(text, source) : read_yaml_document(text, source);
  if (!document) return std::move(document).take_problems();
  return build_proposal(*document, path.stem().string());
}

void collect(const fs::path& path, std::vector<fs::path>& files, Submissions& out) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    std::vector<fs::path> entries;
    for (const fs::directory_entry& entry : fs::directory_iterator(path, error)) {
      if (!is_hidden(entry.path())) entries.push_back(entry.path());
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

Submissions read_submissions(const std::vector<fs::path>& paths, const ReadLimits& limits) {
  Submissions out;
  std::vector<fs::path> files;
  for (const fs::path& path : paths) collect(path, files, out);

  std::map<std::string, std::string> source_of_id;
  for (const fs::path& file : files) {
    const std::string extension = lower_extension(file);
    if (extension != ".json" && extension != ".yaml" && extension != ".yml") {
      out.excluded.push_back(
          {file.string(),
           "unsupported file type '" + extension + "' (supported: .json, .yaml, .yml)",
           {},
           {},
           {}});
      continue;
    }
    Expected<Proposal> proposal = read_file(file, limits);
    if (!proposal) {
      out.excluded.push_back({file.string(), join_located(proposal.problems()), {}, {}, {}});
      continue;
    }
    auto [it, inserted] = source_of_id.emplace(proposal->id, proposal->source);
    if (!inserted) {
      out.excluded.push_back({file.string(),
                              "id '" + proposal->id + "' is already used by " + it->second,
                              proposal->id, proposal->title, proposal->language});
      continue;
    }
    out.proposals.push_back(std::move(proposal).value());
  }
  return out;
}

}  // namespace shortlist::ingest
