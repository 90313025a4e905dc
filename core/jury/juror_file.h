// Reads the jury roster an organiser keeps: a YAML file with a `jurors` list,
// or a CSV file with one juror per row (docs/jury.md shows both). Every
// problem is reported, each with its file and line (or CSV row); a roster
// with any problem is refused as a whole, so a typo cannot silently drop a
// juror or their declared conflicts.
//
//   Expected<std::vector<Juror>> jurors = load_jurors("jury/jurors.yaml");
//   if (!jurors) for (const Diagnostic& d : jurors.problems()) std::cerr << d << '\n';
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/jury/juror.h"
#include "core/util/diagnostic.h"

namespace shortlist::jury {

Expected<std::vector<Juror>> load_jurors(const std::filesystem::path& path);
// `source` names the file in messages; CSV when it ends in ".csv".
Expected<std::vector<Juror>> parse_jurors(std::string_view text, const std::string& source);

}  // namespace shortlist::jury
