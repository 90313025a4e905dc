// Reading a zip archive held in memory, defensively: applicants' archives
// and every .docx are zips, and a hostile one must not exhaust memory or
// reach outside the archive. Entries are decompressed into memory only —
// nothing is ever written to disk — and each guard refuses with the reason:
//   - a path that is absolute or climbs out (`../`), or uses `\` or a drive;
//   - an encrypted entry;
//   - an entry larger than the per-entry limit, counted while decompressing
//     (declared sizes can lie);
//   - a compression ratio above the limit (the signature of an archive bomb);
//   - more than the total bytes or the number of entries allowed, the
//     total counting archives inside an archive with it.
//
//   Expected<ArchiveContents> zip = read_zip(bytes, limits);
//   for (ArchiveEntry& e : zip->entries) use(e.name, e.bytes);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/diagnostic.h"

namespace shortlist::ingest {

struct ArchiveLimits {
  std::uintmax_t max_entry_bytes = 10u << 20;   // as a file's limit
  std::uintmax_t max_total_bytes = 200u << 20;  // everything decompressed
  double max_ratio = 100;                       // uncompressed / compressed
  std::size_t max_entries = 10000;
  // Counted against max_total_bytes already: what the archives enclosing
  // this one expanded to.
  std::uintmax_t already_expanded = 0;
};

struct ArchiveEntry {
  std::string name;   // path inside the archive
  std::string bytes;  // decompressed
};

struct ArchiveContents {
  std::vector<ArchiveEntry> entries;                         // files, in archive order
  std::vector<std::pair<std::string, std::string>> refused;  // entry name, reason
};

// Fails whole when the bytes are not a readable zip archive.
Expected<ArchiveContents> read_zip(std::string_view bytes, const ArchiveLimits& limits);

}  // namespace shortlist::ingest
