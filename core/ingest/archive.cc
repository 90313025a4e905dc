#include "core/ingest/archive.h"

#include <Poco/Checksum.h>
#include <Poco/Exception.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <cstdint>
#include <cstdio>
#include <sstream>

namespace shortlist::ingest {
namespace {

std::string unsafe_path(const std::string& name) {
  if (name.empty()) return "it has no name";
  if (name.front() == '/') return "its path is absolute";
  if (name.find('\\') != std::string::npos) return "its path uses '\\'";
  if (name.size() > 1 && name[1] == ':') return "its path names a drive";
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    if (name.compare(start, end - start, "..") == 0)
      return "its path climbs out of the archive ('..')";
    start = end + 1;
  }
  return "";
}

std::string ratio_text(double ratio) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f:1", ratio);
  return buffer;
}

// Inflating damaged data may stop early or yield garbage without an error;
// the size and CRC-32 the archive records for the entry tell.
bool intact(const Poco::Zip::ZipLocalFileHeader& header, const std::string& data) {
  if (data.size() != header.getUncompressedSize()) return false;
  Poco::Checksum crc(Poco::Checksum::TYPE_CRC32);
  crc.update(data.data(), static_cast<unsigned>(data.size()));
  return crc.checksum() == header.getCRC();
}

// Poco allocates a ZIP64 end record's extensible data by the size the
// record gives, before reading it: a size beyond the archive is refused
// first. (Archives within Shortlist's limits never need ZIP64; a record's
// signature met by chance inside compressed data is refused only if the
// eight bytes after it also read as a size beyond the archive.)
std::string oversized_zip64_record(std::string_view bytes) {
  const std::string_view signature("PK\x06\x06", 4);
  for (std::size_t at = bytes.find(signature); at != std::string_view::npos;
       at = bytes.find(signature, at + 1)) {
    if (at + 12 > bytes.size()) break;
    std::uint64_t size = 0;
    for (int i = 7; i >= 0; --i) size = (size << 8) | static_cast<unsigned char>(bytes[at + 4 + i]);
    if (size > bytes.size() - at - 12) {
      return "a ZIP64 end record claims " + std::to_string(size) +
             " bytes, more than the archive holds";
    }
  }
  return "";
}

}  // namespace

Expected<ArchiveContents> read_zip(std::string_view bytes, const ArchiveLimits& limits) {
  // A local file header, or the end record of an empty archive.
  if (bytes.substr(0, 4) != std::string_view("PK\x03\x04", 4) &&
      bytes.substr(0, 4) != std::string_view("PK\x05\x06", 4)) {
    return Diagnostic{"", {}, "not a zip archive (it does not begin with a zip signature)"};
  }
  if (std::string why = oversized_zip64_record(bytes); !why.empty()) {
    return Diagnostic{"", {}, "not a readable zip archive: " + why};
  }
  std::istringstream in(std::string(bytes), std::ios::binary);
  ArchiveContents contents;
  try {
    Poco::Zip::ZipArchive archive(in);
    std::uintmax_t total = limits.already_expanded;
    std::size_t count = 0;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
      const Poco::Zip::ZipLocalFileHeader& header = it->second;
      const std::string& name = header.getFileName();
      auto refuse = [&](std::string reason) {
        contents.refused.emplace_back(name, std::move(reason));
      };
      if (name.empty()) {  // before isDirectory(), which reads its last character
        refuse("refused: an entry without a name");
        continue;
      }
      if (header.isDirectory()) continue;
      if (++count > limits.max_entries) {
        refuse("more than " + std::to_string(limits.max_entries) +
               " entries: the rest are not read");
        break;
      }
      if (std::string why = unsafe_path(name); !why.empty()) {
        refuse("refused: " + why);
        continue;
      }
      if (header.isEncrypted()) {
        refuse("encrypted entries are not read");
        continue;
      }
      const double compressed =
          static_cast<double>(std::max<Poco::UInt64>(1, header.getCompressedSize()));
      const double declared_ratio = static_cast<double>(header.getUncompressedSize()) / compressed;
      if (declared_ratio > limits.max_ratio) {
        refuse("compression ratio " + ratio_text(declared_ratio) + " is above " +
               ratio_text(limits.max_ratio) + ": an archive bomb is not expanded");
        continue;
      }
      // Decompress in chunks, stopping as soon as a limit is passed.
      Poco::Zip::ZipInputStream zip(in, header, true);
      std::string data;
      char chunk[65536];
      std::string problem;
      while (zip.read(chunk, sizeof chunk) || zip.gcount() > 0) {
        data.append(chunk, static_cast<std::size_t>(zip.gcount()));
        if (data.size() > limits.max_entry_bytes) {
          problem = "expands beyond " + std::to_string(limits.max_entry_bytes) + " bytes";
          break;
        }
        if (static_cast<double>(data.size()) / compressed > limits.max_ratio) {
          problem = "expands beyond a compression ratio of " + ratio_text(limits.max_ratio) +
                    ": an archive bomb is not expanded";
          break;
        }
        if (total + data.size() > limits.max_total_bytes) {
          problem = "the archive expands beyond " + std::to_string(limits.max_total_bytes) +
                    " bytes in all (--max-archive-bytes); the rest is not read";
          break;
        }
      }
      if (problem.empty() && !intact(header, data))
        problem = "damaged: its data does not match the archive's checksum";
      if (!problem.empty()) {
        refuse(problem);
        if (total + data.size() > limits.max_total_bytes) break;
        continue;
      }
      total += data.size();
      contents.entries.push_back({name, std::move(data)});
    }
  } catch (const Poco::Exception& e) {
    return Diagnostic{"", {}, "not a readable zip archive: " + e.displayText()};
  } catch (const std::exception& e) {
    return Diagnostic{"", {}, std::string("not a readable zip archive: ") + e.what()};
  }
  return contents;
}

}  // namespace shortlist::ingest
