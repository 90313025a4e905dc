#include "core/model/proposal.h"

namespace shortlist {

std::optional<double> Proposal::number(std::string_view path) const {
  auto it = fields.find(path);
  if (it == fields.end()) return std::nullopt;
  if (const double* value = std::get_if<double>(&it->second)) return *value;
  return std::nullopt;
}

std::optional<std::string_view> Proposal::text(std::string_view path) const {
  if (path == "id") return id;
  if (path == "title") return title;
  if (path == "language") return language;
  if (path == "summary") return summary;
  if (path == "tracking_code") return tracking_code;
  if (path == "submitted_at") return submitted_at;
  auto it = fields.find(path);
  if (it == fields.end()) return std::nullopt;
  if (const std::string* value = std::get_if<std::string>(&it->second)) return *value;
  return std::nullopt;
}

bool Proposal::has(std::string_view path) const {
  if (path == "summary") return !summary.empty();
  if (path == "tracking_code") return !tracking_code.empty();
  if (path == "submitted_at") return !submitted_at.empty();
  return text(path).has_value() || fields.find(path) != fields.end();
}

std::string Proposal::full_text(
    std::vector<std::pair<std::size_t, std::size_t>>* section_spans) const {
  std::string out = title;
  auto append = [&out](std::string_view part) {
    if (part.empty()) return out.size();
    out += "\n\n";
    const std::size_t at = out.size();
    out += part;
    return at;
  };
  append(summary);
  for (const Section& section : sections) {
    const std::size_t at = append(section.text);
    if (section_spans) section_spans->emplace_back(at, section.text.size());
  }
  return out;
}

}  // namespace shortlist
