// Reads submission files and folders into Proposals. A file (or CSV row)
// that cannot be read or is invalid becomes an Exclusion with the reason;
// the rest of the batch goes on.
//
//   Submissions batch = read_submissions({"submissions/"});
//   for (const Exclusion& e : batch.excluded) std::cerr << e.source << ": " << e.reason;
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/ingest/form_fields.h"
#include "core/model/proposal.h"

namespace shortlist::ingest {

// Whose fault an exclusion is: the submission's own (unreadable, invalid, a
// gate it fails, a value it lacks), or a plugin's that failed on it (an
// error, a crash, a timeout, a plugin disabled for the run): a proposal lost
// rather than judged.
enum class ExclusionKind { Submission, PluginFailure };

// A submission left out, and why.
struct Exclusion {
  std::string source;  // the file, or "file#row=N"
  std::string reason;
  std::string id;  // where known
  std::string title;
  std::string language;
  std::string gate = {};  // the eligibility gate it failed, if that is why
  // Set when the file was read but its content is invalid, so that it can be
  // stored as an invalid submission: the applicant as written, and the
  // SHA-256 of the bytes (of the file, and the row for a CSV row).
  std::string applicant = {};
  std::string country = {};
  std::string content_hash = {};
  ExclusionKind kind = ExclusionKind::Submission;
};

// One version of a proposal that a batch holds, valid or not. Files with
// the same id are versions of one proposal, applied oldest file first (by
// modification time, then path), so that the newest is the current one.
struct Version {
  enum class Kind {
    Current,   // proposals[index]: the newest version of its id
    Replaced,  // replaced[index]: valid, but a newer file has its id
    Invalid,   // excluded[index]: read but invalid (it has a content hash)
  };
  Kind kind = Kind::Current;
  std::size_t index = 0;
  std::size_t listed = 0;  // Replaced: where excluded lists it
};

struct Submissions {
  std::vector<Proposal> proposals;  // the current versions, in path order
  std::vector<Exclusion> excluded;  // in path order, replaced versions too
  std::vector<Proposal> replaced;   // valid versions a newer file replaced
  std::vector<Version> versions;    // every version, in the order they apply
  // Application forms with nothing filled in (the call's blank Word or PDF
  // form, as shipped beside the proposals): not proposals, so neither
  // ranked nor excluded; each with a note saying so.
  std::vector<Exclusion> skipped;
};

// Every limit is reported when hit, naming the option that raises it.
struct ReadLimits {
  std::uintmax_t max_file_bytes = 10u << 20;      // --max-file-bytes
  std::size_t max_text_bytes = 1u << 20;          // --max-text-bytes, per proposal
  std::size_t max_sections = 100;                 // --max-sections
  std::size_t max_csv_rows = 100000;              // --max-csv-rows, per file
  std::uintmax_t max_archive_bytes = 200u << 20;  // --max-archive-bytes, decompressed
  double max_compression_ratio = 100;             // an archive bomb's signature
  std::size_t max_archive_depth = 2;              // archives inside archives
  unsigned threads = 0;                           // files read at once; 0: every core
};

// The extensions read, lower-case: .json .yaml .yml .md .markdown .txt .csv
// .docx .pdf .zip
const std::vector<std::string>& supported_extensions();

// Reads each path: a file, or a folder walked recursively in name order.
// Hidden files and folders are skipped and listed as such; files of other
// types are excluded with the reason. Files holding the same id are versions
// of one proposal: the newest file's is current (it is ranked, or excluded
// when invalid), each older one is excluded naming it. A proposal whose text
// is the same as an older file's (a resubmission) is excluded naming that
// file. Each accepted proposal gets a tracking code.
// Called after each file with (files done, files in all); may be empty.
using Progress = std::function<void(std::size_t done, std::size_t total)>;

// `form_labels`: the application form's labels in its languages, for Word
// documents that give the form's fields in a two-column table (docx.h).
Submissions read_submissions(const std::vector<std::filesystem::path>& paths,
                             const ReadLimits& limits = {}, const Progress& progress = nullptr,
                             const FormLabels* form_labels = nullptr);

}  // namespace shortlist::ingest
