#include "core/cli/output_file.h"

#include <fstream>

namespace shortlist::cli {

namespace fs = std::filesystem;

bool write_atomically(const fs::path& path, const std::string& content, std::ostream& err) {
  fs::path temporary = path;
  temporary += ".partial";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << content;
    file.flush();
    if (!file) {
      err << "shortlist: cannot write " << path.string() << "\n";
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return false;
    }
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    err << "shortlist: cannot write " << path.string() << ": " << error.message() << "\n";
    fs::remove(temporary, error);
    return false;
  }
  return true;
}

}  // namespace shortlist::cli
