#include "core/cli/version.h"

#include <Poco/Environment.h>
#include <cld2/public/compact_lang_det.h>
#include <libpq-fe.h>
#include <openssl/crypto.h>
#include <poppler-version.h>
#include <shortlist/plugin.h>
#include <sqlite3.h>
#include <unicode/uversion.h>
#include <zlib.h>

#include <boost/version.hpp>
#include <cstdio>  // before CLD2's header, which uses FILE without it
#include <string>

#ifndef SHORTLIST_VERSION
#error "SHORTLIST_VERSION must be defined by the build (the project() version)"
#endif
#ifndef SHORTLIST_YAML_CPP_VERSION
#error "SHORTLIST_YAML_CPP_VERSION must be defined by the build (find_package(yaml-cpp))"
#endif

namespace shortlist::cli {
namespace {

std::string icu_version() {
  UVersionInfo info;
  u_getVersion(info);
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(info, text);
  return text;
}

// Poco packs its version as 0xAABBCCDD: major, minor, revision, patch.
std::string poco_version() {
  const unsigned long v = Poco::Environment::libraryVersion();
  std::string text = std::to_string((v >> 24) & 0xFF) + "." + std::to_string((v >> 16) & 0xFF) +
                     "." + std::to_string((v >> 8) & 0xFF);
  if ((v & 0xFF) != 0) text += "p" + std::to_string(v & 0xFF);
  return text;
}

// libpq says 150005 for 15.5 (and 90624 for 9.6.24, before PostgreSQL 10).
std::string libpq_version() {
  const int v = PQlibVersion();
  if (v >= 100000) return std::to_string(v / 10000) + "." + std::to_string(v % 10000);
  return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." +
         std::to_string(v % 100);
}

std::string boost_version() {
  return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) +
         "." + std::to_string(BOOST_VERSION % 100);
}

}  // namespace

std::vector<LibraryVersion> linked_library_versions() {
  return {
      {"ICU", icu_version(), ""},
      {"Poco", poco_version(), ""},
      {"CLD2", CLD2::DetectLanguageVersion(), ""},
      {"poppler", poppler::version_string(), ""},
      {"SQLite", sqlite3_libversion(), ""},
      {"libpq", libpq_version(), ""},
      {"OpenSSL", OpenSSL_version(OPENSSL_FULL_VERSION_STRING), ""},
      {"zlib", zlibVersion(), ""},
      {"yaml-cpp", SHORTLIST_YAML_CPP_VERSION, "as built: yaml-cpp does not report its version"},
      {"Boost", boost_version(), "as built: Boost does not report its version"},
  };
}

void print_version(std::ostream& out) {
  out << "shortlist " << SHORTLIST_VERSION << "\n";
  out << "plugin ABI " << SL_ABI_MAJOR << "." << SL_ABI_MINOR << " (loads plugins built for "
      << SL_ABI_MAJOR << ".0 to " << SL_ABI_MAJOR << "." << SL_ABI_MINOR << ")\n";
  out << "linked with:\n";
  for (const LibraryVersion& library : linked_library_versions()) {
    out << "  " << library.name << std::string(10 - library.name.size(), ' ') << library.version;
    if (!library.note.empty()) out << " (" << library.note << ")";
    out << "\n";
  }
}

}  // namespace shortlist::cli
