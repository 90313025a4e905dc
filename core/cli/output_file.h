// Writing a command's output file whole or not at all: through a temporary
// file renamed into place, so that a failed run never leaves half a file.
//
//   if (!write_atomically("shortlist.html", html, std::cerr)) return 1;
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace shortlist::cli {

// Problems are printed to `err`; false then.
bool write_atomically(const std::filesystem::path& path, const std::string& content,
                      std::ostream& err);

}  // namespace shortlist::cli
