#include "core/criteria/call_config.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/ingest/node_reader.h"
#include "core/util/suggest.h"

namespace shortlist {

using ingest::Node;
using ingest::NodeReader;

std::string LocalizedText::in(const std::string& language) const {
  if (auto it = by_language.find(language); it != by_language.end()) return it->second;
  if (auto it = by_language.find("en"); it != by_language.end()) return it->second;
  if (auto it = by_language.find(""); it != by_language.end()) return it->second;
  return by_language.empty() ? std::string() : by_language.begin()->second;
}

std::string_view to_string(Method method) {
  switch (method) {
    case Method::WeightedSum:
      return "weighted_sum";
  }
  return "?";
}

std::string_view to_string(Direction direction) {
  return direction == Direction::Max ? "max" : "min";
}

namespace {

const std::vector<std::string_view> kTopLevelKeys = {"call", "method", "criteria", "shortlist"};
const std::vector<std::string_view> kCriterionKeys = {
    "id", "label", "description", "weight", "direction", "plugin", "measure", "params"};
const std::vector<std::string_view> kShortlistKeys = {"size"};
// Parts of the criteria language that a later version of Shortlist brings.
const std::set<std::string_view> kNotYetSupported = {"gates", "quotas", "preference", "missing"};

void check_keys(NodeReader& reader, const Node& map, std::vector<std::string_view> known,
                std::string_view where) {
  for (const auto& [key, value] : map.members) {
    if (kNotYetSupported.count(key) != 0) {
      reader.problem_at(value.key_position,
                        "'" + key + "' is not supported by this version of Shortlist");
    }
  }
  known.insert(known.end(), kNotYetSupported.begin(), kNotYetSupported.end());
  reader.unknown_keys(map, known, "key", "", where);
}

std::optional<LocalizedText> localized(NodeReader& reader, const Node& node,
                                       std::string_view what) {
  LocalizedText out;
  if (node.kind == Node::Kind::Scalar) {
    out.by_language[""] = node.scalar;
    return out;
  }
  if (node.kind != Node::Kind::Map) {
    reader.problem(node, std::string(what) + " must be text or a mapping of language to text");
    return std::nullopt;
  }
  static const std::regex kLanguage("[a-z]{2,3}(-[A-Za-z0-9]+)*");
  for (const auto& [language, value] : node.members) {
    if (!std::regex_match(language, kLanguage)) {
      reader.problem_at(value.key_position, std::string(what) + ": '" + language +
                                                "' is not a language code (such as en, fr, es)");
    } else if (auto text = reader.text(value, std::string(what) + "." + language)) {
      out.by_language[language] = *text;
    }
  }
  return out;
}

Poco::Dynamic::Var to_json(const Node& node) {
  switch (node.kind) {
    case Node::Kind::Null:
      return Poco::Dynamic::Var();
    case Node::Kind::Scalar: {
      if (node.quoted) return node.scalar;
      if (node.scalar == "true") return true;
      if (node.scalar == "false") return false;
      if (node.scalar == "null" || node.scalar == "~") return Poco::Dynamic::Var();
      if (std::optional<double> value = ingest::plain_number(node)) return *value;
      return node.scalar;
    }
    case Node::Kind::List: {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
      for (const Node& item : node.items) array->add(to_json(item));
      return array;
    }
    case Node::Kind::Map: {
      Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      for (const auto& [key, value] : node.members) object->set(key, to_json(value));
      return object;
    }
  }
  return {};
}

std::optional<Criterion> read_criterion(NodeReader& reader, const Node& node, std::size_t index) {
  const std::string where = "criterion " + std::to_string(index + 1);
  if (node.kind != Node::Kind::Map) {
    reader.problem(node, where + " must be a mapping with id, weight, plugin, ...");
    return std::nullopt;
  }
  check_keys(reader, node, kCriterionKeys, " of " + where);
  Criterion criterion;
  criterion.position = node.position;
  bool complete = true;
  auto required = [&](std::string_view key) -> const Node* {
    const Node* value = node.find(key);
    if (value == nullptr) {
      reader.problem(node, where + " is missing '" + std::string(key) + "'");
      complete = false;
    }
    return value;
  };

  if (const Node* id = required("id")) {
    if (auto text = reader.text(*id, "id")) {
      static const std::regex kId("[a-z][a-z0-9_]{0,63}");
      if (!std::regex_match(*text, kId)) {
        reader.problem(*id,
                       "criterion id '" + *text +
                           "' must be lower-case letters, digits and '_', starting with a letter");
        complete = false;
      }
      criterion.id = *text;
    }
  }
  if (const Node* weight = required("weight")) {
    if (auto value = reader.number(*weight, "weight")) {
      if (*value < 0) {
        reader.problem(*weight, "weight must not be negative");
        complete = false;
      }
      criterion.weight = *value;
    } else {
      complete = false;
    }
  }
  if (const Node* plugin = required("plugin")) {
    if (auto text = reader.text(*plugin, "plugin")) criterion.plugin = *text;
    criterion.plugin_position = plugin->position;
  }
  if (const Node* direction = node.find("direction")) {
    if (auto text = reader.text(*direction, "direction")) {
      if (*text == "max") {
        criterion.direction = Direction::Max;
      } else if (*text == "min") {
        criterion.direction = Direction::Min;
      } else {
        reader.problem(*direction, "direction must be 'max' or 'min', not '" + *text + "'");
      }
    }
  }
  if (const Node* measure = node.find("measure")) {
    if (auto text = reader.text(*measure, "measure")) criterion.measure = *text;
  }
  if (const Node* label = node.find("label")) {
    if (auto text = localized(reader, *label, "label")) criterion.label = *text;
  }
  if (criterion.label.empty()) criterion.label.by_language[""] = criterion.id;
  if (const Node* description = node.find("description")) {
    if (auto text = localized(reader, *description, "description")) criterion.description = *text;
  }
  criterion.params_position = node.position;
  criterion.params_json = "{}";
  if (const Node* params = node.find("params")) {
    criterion.params_position = params->position;
    if (params->kind == Node::Kind::Map) {
      std::ostringstream json;
      Poco::JSON::Stringifier::stringify(to_json(*params), json);
      criterion.params_json = json.str();
    } else if (params->kind != Node::Kind::Null) {
      reader.problem(*params, "params must be a mapping, not " + std::string(params->kind_name()));
    }
  }
  if (!complete) return std::nullopt;
  return criterion;
}

}  // namespace

Expected<CallConfig> parse_call_config(std::string_view text, const std::string& source) {
  Expected<ingest::Document> document = ingest::read_yaml_document(text, source);
  if (!document) return std::move(document).take_problems();
  const Node& root = document->root;
  NodeReader reader(source);
  if (root.kind != Node::Kind::Map) {
    return Diagnostic{source, root.position,
                      "a criteria file must be a mapping with call, method, criteria"};
  }
  check_keys(reader, root, kTopLevelKeys, "");

  CallConfig config;
  config.source = source;
  config.content = std::string(text);
  if (const Node* call = root.find("call")) {
    if (auto name = localized(reader, *call, "call")) config.call = *name;
  } else {
    reader.problem(root, "missing 'call' (the name of the call)");
  }
  if (const Node* method = root.find("method")) {
    if (auto name = reader.text(*method, "method")) {
      if (*name == "weighted_sum") {
        config.method = Method::WeightedSum;
      } else if (*name == "topsis" || *name == "promethee2") {
        reader.problem(*method,
                       "method '" + *name + "' is not supported by this version of Shortlist");
      } else {
        reader.problem(*method, "unknown method '" + *name + "' (known: weighted_sum)" +
                                    did_you_mean(*name, {"weighted_sum"}));
      }
    }
  }
  const Node* criteria = root.find("criteria");
  if (criteria == nullptr) {
    reader.problem(root, "missing 'criteria' (the list of criteria)");
  } else if (criteria->kind != Node::Kind::List || criteria->items.empty()) {
    reader.problem(*criteria, "criteria must be a non-empty list");
  } else {
    std::map<std::string, SourcePosition> seen;
    for (std::size_t i = 0; i < criteria->items.size(); ++i) {
      std::optional<Criterion> criterion = read_criterion(reader, criteria->items[i], i);
      if (!criterion) continue;
      auto [it, inserted] = seen.emplace(criterion->id, criterion->position);
      if (!inserted) {
        reader.problem(criteria->items[i], "duplicate criterion id '" + criterion->id +
                                               "' (first at line " +
                                               std::to_string(it->second.line) + ")");
        continue;
      }
      config.criteria.push_back(std::move(*criterion));
    }
    double total = 0;
    for (const Criterion& criterion : config.criteria) total += criterion.weight;
    if (!config.criteria.empty() && total <= 0) {
      reader.problem(*criteria,
                     "all weights are zero: at least one criterion must weigh something");
    }
  }
  if (const Node* shortlist = root.find("shortlist")) {
    if (shortlist->kind != Node::Kind::Map) {
      reader.problem(*shortlist, "shortlist must be a mapping with size");
    } else {
      check_keys(reader, *shortlist, kShortlistKeys, " in shortlist");
      if (const Node* size = shortlist->find("size")) {
        if (auto value = reader.number(*size, "shortlist.size")) {
          if (*value < 1 || *value != std::floor(*value)) {
            reader.problem(*size, "shortlist.size must be a whole number of at least 1");
          } else {
            config.shortlist_size = static_cast<std::size_t>(*value);
          }
        }
      }
    }
  }
  Diagnostics problems = reader.take_problems();
  if (!problems.empty()) {
    sort_by_position(problems);
    return problems;
  }
  return config;
}

Expected<CallConfig> load_call_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Diagnostic{path.string(), {}, "cannot open the criteria file"};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_call_config(buffer.str(), path.string());
}

}  // namespace shortlist
