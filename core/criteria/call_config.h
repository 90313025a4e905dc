// CallConfig: a call's evaluation rules as the organiser wrote them in a
// criteria YAML file (docs/criteria.md): which criteria, their weights and
// directions, which plugin measures each, the ranking method and the
// shortlist size.
//
//   Expected<CallConfig> config = load_call_config("criteria/digital-champions.yaml");
//   if (!config) { for (auto& d : config.problems()) std::cerr << d << '\n'; return 2; }
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/util/diagnostic.h"

namespace shortlist {

// Text given once, or per language ({en: ..., fr: ...}).
struct LocalizedText {
  std::map<std::string, std::string> by_language;  // "" holds a text given once

  // The text in `language`, else English, else the first one given.
  std::string in(const std::string& language) const;
  bool empty() const { return by_language.empty(); }
};

enum class Direction { Max, Min };
enum class Method { WeightedSum };

struct Criterion {
  std::string id;
  LocalizedText label;
  LocalizedText description;
  double weight = 0;  // as written; ranking normalises
  Direction direction = Direction::Max;
  std::string plugin;
  std::string measure;             // empty: the plugin's first
  std::string params_json;         // the params mapping as a JSON object
  SourcePosition position;         // of the criterion entry
  SourcePosition plugin_position;  // of its `plugin` value
  SourcePosition params_position;  // of its `params` value (or the entry)
};

struct CallConfig {
  std::string source;  // the file
  LocalizedText call;
  Method method = Method::WeightedSum;
  std::vector<Criterion> criteria;
  std::size_t shortlist_size = 10;
  std::string content;  // the file as read, for hashing and snapshots
};

Expected<CallConfig> load_call_config(const std::filesystem::path& path);
Expected<CallConfig> parse_call_config(std::string_view text, const std::string& source);

std::string_view to_string(Method method);
std::string_view to_string(Direction direction);

}  // namespace shortlist
