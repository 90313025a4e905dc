#include "core/criteria/call_config.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Timestamp.h>
#include <unicode/uloc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
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

std::string TieRule::describe() const {
  switch (kind) {
    case Kind::Criterion:
      return "criterion '" + name + "'";
    case Kind::Field:
      return std::string(direction == Direction::Max ? "higher " : "lower ") + name;
    case Kind::Lottery:
      return "seeded lottery";
  }
  return "?";
}

std::string Quota::describe() const {
  std::string what = value ? by + " = " + *value : "each " + by;
  std::string out;
  if (min) out += "at least " + std::to_string(*min);
  if (max) out += std::string(out.empty() ? "" : " and ") + "at most " + std::to_string(*max);
  return out + (value ? " with " : " for ") + what;
}

std::vector<CriterionModel> CallConfig::models() const {
  std::vector<CriterionModel> out;
  for (const Criterion& c : criteria) {
    out.push_back({c.weight, c.direction, c.normalization, c.preference, c.id});
  }
  return out;
}

namespace {

const std::vector<std::string_view> kTopLevelKeys = {
    "call", "method",    "normalization", "criteria", "weights", "gates",
    "ties", "shortlist", "sensitivity",   "seed",     "jury",    "submission"};
const std::vector<std::string_view> kCriterionKeys = {
    "id",     "label",         "description", "weight",  "direction", "plugin",    "measure",
    "params", "normalization", "preference",  "missing", "source",    "isolation", "file"};
const std::vector<std::string_view> kJuryCriterionKeys = {
    "id", "label", "description", "weight", "source", "scale", "guidance", "comment"};
const std::vector<std::string_view> kJuryKeys = {"reviewers", "min_level",   "blind",
                                                 "conflicts", "calibration", "disagreement"};
const std::vector<std::string_view> kJuryConflictKeys = {"same_organisation", "same_country",
                                                         "partners"};
const std::vector<std::string_view> kPreferenceKeys = {"function", "q", "p", "s"};
const std::vector<std::string_view> kGateKeys = {
    "id", "label", "field", "min", "max", "in", "plugin", "measure", "params", "isolation", "file"};
const std::vector<std::string_view> kTieKeys = {"criterion", "field", "direction", "lottery"};
const std::vector<std::string_view> kShortlistKeys = {"size", "quotas"};
const std::vector<std::string_view> kQuotaKeys = {"by", "value", "min", "max"};
const std::vector<std::string_view> kSensitivityKeys = {"samples", "concentration",
                                                        "fragile_below"};
const std::vector<std::string_view> kSubmissionKeys = {"opens", "closes", "languages",
                                                       "max_attachment_bytes", "labels"};

}  // namespace

const std::vector<std::string_view>& criteria_file_keys(std::string_view part) {
  static const std::vector<std::string_view> kNone;
  if (part.empty()) return kTopLevelKeys;
  if (part == "criterion") return kCriterionKeys;
  if (part == "preference") return kPreferenceKeys;
  if (part == "gate") return kGateKeys;
  if (part == "tie") return kTieKeys;
  if (part == "shortlist") return kShortlistKeys;
  if (part == "quota") return kQuotaKeys;
  if (part == "sensitivity") return kSensitivityKeys;
  if (part == "jury") return kJuryKeys;
  if (part == "jury_criterion") return kJuryCriterionKeys;
  if (part == "jury_conflicts") return kJuryConflictKeys;
  if (part == "submission") return kSubmissionKeys;
  return kNone;
}

namespace {

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

// The value `node` names from `names`, or a problem listing them.
template <class E, std::size_t N>
std::optional<E> one_of(NodeReader& reader, const Node& node, std::string_view what,
                        const EnumName<E> (&names)[N]) {
  std::optional<std::string> text = reader.text(node, what);
  if (!text) return std::nullopt;
  if (std::optional<E> value = parse_name(names, *text)) return value;
  const std::vector<std::string_view> known = all_names(names);
  std::string list;
  for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
  reader.problem(node, "unknown " + std::string(what) + " '" + *text + "' (known: " + list + ")" +
                           did_you_mean(*text, known));
  return std::nullopt;
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

std::optional<std::size_t> whole_number(NodeReader& reader, const Node& node, std::string_view what,
                                        double at_least) {
  std::optional<double> value = reader.number(node, what);
  if (!value) return std::nullopt;
  if (*value < at_least || *value != std::floor(*value)) {
    reader.problem(
        node, std::string(what) + " must be a whole number of at least " + number_text(at_least));
    return std::nullopt;
  }
  constexpr double kLargest = 9007199254740992.0;  // 2^53: every whole number below is exact
  if (*value > kLargest) {
    reader.problem(node, std::string(what) + " must be a whole number of at most 9007199254740992");
    return std::nullopt;
  }
  return static_cast<std::size_t>(*value);
}

std::optional<bool> flag(NodeReader& reader, const Node& node, std::string_view what) {
  if (node.kind == Node::Kind::Scalar && !node.quoted) {
    if (node.scalar == "true") return true;
    if (node.scalar == "false") return false;
  }
  reader.problem(node, std::string(what) + " must be true or false");
  return std::nullopt;
}

bool is_list(NodeReader& reader, const Node& node, std::string_view what) {
  if (node.kind == Node::Kind::List) return true;
  reader.problem(node, std::string(what) + " must be a list, not " + std::string(node.kind_name()));
  return false;
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

// `plugin`, `measure` and `params` of a criterion or a gate.
PluginUse read_plugin_use(NodeReader& reader, const Node& node, const Node& plugin) {
  PluginUse use;
  if (auto text = reader.text(plugin, "plugin")) use.plugin = *text;
  use.plugin_position = plugin.position;
  if (const Node* measure = node.find("measure")) {
    if (auto text = reader.text(*measure, "measure")) use.measure = *text;
  }
  if (const Node* file = node.find("file")) {
    if (auto text = reader.text(*file, "file")) use.file = *text;
    use.file_position = file->position;
  }
  if (const Node* isolation = node.find("isolation")) {
    std::optional<std::string> text = reader.text(*isolation, "isolation");
    if (text == "process") {
      use.isolation = Isolation::Process;
    } else if (text == "in_process") {
      use.isolation = Isolation::InProcess;
    } else if (text) {
      reader.problem(*isolation, "isolation must be process or in_process, not '" + *text + "'");
    }
  }
  use.params_position = node.position;
  use.params_json = "{}";
  if (const Node* params = node.find("params")) {
    use.params_position = params->position;
    if (params->kind == Node::Kind::Map) {
      std::ostringstream json;
      Poco::JSON::Stringifier::stringify(to_json(*params), json);
      use.params_json = json.str();
    } else if (params->kind != Node::Kind::Null) {
      reader.problem(*params, "params must be a mapping, not " + std::string(params->kind_name()));
    }
  }
  return use;
}

std::optional<PreferenceFunction> read_preference(NodeReader& reader, const Node& node) {
  if (!reader.is_map(node, "preference")) return std::nullopt;
  reader.unknown_keys(node, kPreferenceKeys, "key", "", " of preference");
  PreferenceFunction f;
  const Node* function = node.find("function");
  if (function == nullptr) {
    reader.problem(
        node, "preference needs a function (usual, u_shape, v_shape, level, linear, gaussian)");
    return std::nullopt;
  }
  std::optional<PreferenceShape> shape =
      one_of(reader, *function, "preference function", kPreferenceShapeNames);
  if (!shape) return std::nullopt;
  f.shape = *shape;
  const std::string name(to_string(f.shape));
  const std::string needed(needed_thresholds(f.shape));
  for (std::string_view key : {"q", "p", "s"}) {
    const Node* value = node.find(key);
    const bool wanted = needed.find(key) != std::string::npos;
    if (value == nullptr) {
      if (wanted) {
        reader.problem(node, "preference function " + name + " needs " + needed + " (missing " +
                                 std::string(key) + ")");
        return std::nullopt;
      }
      continue;
    }
    if (!wanted) {
      reader.problem_at(value->key_position,
                        "preference function " + name + " does not use " + std::string(key));
      continue;
    }
    std::optional<double> number =
        reader.number(*value, std::string("preference.") + std::string(key));
    if (!number) return std::nullopt;
    (key == "q" ? f.q : key == "p" ? f.p : f.s) = *number;
  }
  if (std::string problem = check_thresholds(f); !problem.empty()) {
    reader.problem(node, "preference function " + problem);
    return std::nullopt;
  }
  return f;
}

class ConfigParser {
 public:
  ConfigParser(const Node& root, std::string source) : root_(root), reader_(std::move(source)) {}

  Expected<CallConfig> parse(std::string_view text) {
    config_.source = reader_.source();
    config_.content = std::string(text);
    if (root_.kind != Node::Kind::Map) {
      return Diagnostic{config_.source, root_.position,
                        "a criteria file must be a mapping with call, method, criteria"};
    }
    reader_.unknown_keys(root_, kTopLevelKeys, "key", "");
    if (const Node* call = root_.find("call")) {
      if (auto name = localized(reader_, *call, "call")) config_.call = *name;
    } else {
      reader_.problem(root_, "missing 'call' (the name of the call)");
    }
    if (const Node* method = root_.find("method")) {
      if (auto value = one_of(reader_, *method, "method", kMethodNames)) config_.method = *value;
    }
    if (const Node* normalization = root_.find("normalization")) {
      default_normalization_ = read_normalization(*normalization);
    }
    if (const Node* seed = root_.find("seed")) {
      if (auto value = whole_number(reader_, *seed, "seed", 0)) config_.seed = *value;
    }
    read_criteria();
    if (const Node* weights = root_.find("weights")) read_ahp(*weights);
    check_weights();
    if (const Node* gates = root_.find("gates")) read_gates(*gates);
    if (const Node* ties = root_.find("ties")) read_ties(*ties);
    if (const Node* shortlist = root_.find("shortlist")) read_shortlist(*shortlist);
    if (const Node* sensitivity = root_.find("sensitivity")) read_sensitivity(*sensitivity);
    if (const Node* jury = root_.find("jury")) read_jury(*jury);
    if (const Node* submission = root_.find("submission")) read_submission(*submission);

    Diagnostics problems = reader_.take_problems();
    if (!problems.empty()) {
      sort_by_position(problems);
      return problems;
    }
    return std::move(config_);
  }

 private:
  Normalization read_normalization(const Node& node) {
    return one_of(reader_, node, "normalization", kNormalizationNames)
        .value_or(Normalization::MinMax);
  }

  void read_criteria() {
    const Node* criteria = root_.find("criteria");
    if (criteria == nullptr) {
      reader_.problem(root_, "missing 'criteria' (the list of criteria)");
      return;
    }
    if (criteria->kind != Node::Kind::List || criteria->items.empty()) {
      reader_.problem(*criteria, "criteria must be a non-empty list");
      return;
    }
    criteria_node_ = criteria;
    std::map<std::string, SourcePosition> seen;
    auto first_use = [&](const std::string& id, const Node& item) {
      auto [it, inserted] = seen.emplace(id, item.position);
      if (!inserted) {
        reader_.problem(item, "duplicate criterion id '" + id + "' (first at line " +
                                  std::to_string(it->second.line) + ")");
      }
      return inserted;
    };
    for (std::size_t i = 0; i < criteria->items.size(); ++i) {
      const Node& item = criteria->items[i];
      if (scored_by_jury(item)) {
        std::optional<JuryCriterion> criterion = read_jury_criterion(item, i);
        if (criterion && first_use(criterion->id, item)) {
          config_.jury.criteria.push_back(std::move(*criterion));
        }
        continue;
      }
      std::optional<Criterion> criterion = read_criterion(item, i);
      if (criterion && first_use(criterion->id, item)) {
        config_.criteria.push_back(std::move(*criterion));
      }
    }
    if (config_.criteria.empty() && !config_.jury.criteria.empty()) {
      reader_.problem(*criteria,
                      "at least one criterion must be scored by a plugin: the automatic scores "
                      "pre-rank the proposals the jury reads");
    }
  }

  // `source: jury`, or a problem when `source` is neither jury nor plugin.
  bool scored_by_jury(const Node& item) {
    const Node* source = item.kind == Node::Kind::Map ? item.find("source") : nullptr;
    if (source == nullptr) return false;
    std::optional<std::string> text = reader_.text(*source, "source");
    if (text == "jury") return true;
    if (text && *text != "plugin") {
      reader_.problem(*source, "unknown source '" + *text + "' (known: plugin, jury)");
    }
    return false;
  }

  std::optional<std::string> read_id(const Node& id) {
    std::optional<std::string> text = reader_.text(id, "id");
    static const std::regex kId("[a-z][a-z0-9_]{0,63}");
    if (text && !std::regex_match(*text, kId)) {
      reader_.problem(id, "criterion id '" + *text +
                              "' must be lower-case letters, digits and '_', starting with a "
                              "letter");
      return std::nullopt;
    }
    return text;
  }

  std::optional<JuryCriterion> read_jury_criterion(const Node& node, std::size_t index) {
    const std::string where = "criterion " + std::to_string(index + 1);
    reader_.unknown_keys(node, kJuryCriterionKeys, "key", "", " of jury " + where);
    JuryCriterion criterion;
    criterion.position = node.position;
    bool complete = true;
    const Node* id = node.find("id");
    const Node* weight = node.find("weight");
    if (id == nullptr || weight == nullptr) {
      reader_.problem(node, where + " needs 'id' and 'weight'");
      return std::nullopt;
    }
    if (auto text = read_id(*id)) {
      criterion.id = *text;
    } else {
      complete = false;
    }
    if (auto value = reader_.number(*weight, "weight"); value && *value >= 0) {
      criterion.weight = *value;
    } else {
      if (value) reader_.problem(*weight, "weight must not be negative");
      complete = false;
    }
    if (const Node* scale = node.find("scale")) {
      reader_.unknown_keys(*scale, {"min", "max"}, "key", "", " of scale");
      const Node* min = scale->find("min");
      const Node* max = scale->find("max");
      const double low = min ? reader_.number(*min, "scale.min").value_or(NAN) : NAN;
      const double high = max ? reader_.number(*max, "scale.max").value_or(NAN) : NAN;
      if (!(low < high)) {
        reader_.problem(*scale, "scale must be {min: LOW, max: HIGH} with LOW below HIGH");
        complete = false;
      } else {
        criterion.scale_min = low;
        criterion.scale_max = high;
      }
    }
    if (const Node* comment = node.find("comment")) {
      std::optional<std::string> text = reader_.text(*comment, "comment");
      if (text == "required" || text == "optional") {
        criterion.comment_required = text == "required";
      } else {
        reader_.problem(*comment, "comment must be required or optional");
      }
    }
    if (const Node* label = node.find("label")) {
      if (auto text = localized(reader_, *label, "label")) criterion.label = *text;
    }
    if (criterion.label.empty()) criterion.label.by_language[""] = criterion.id;
    if (const Node* description = node.find("description")) {
      if (auto text = localized(reader_, *description, "description")) {
        criterion.description = *text;
      }
    }
    if (const Node* guidance = node.find("guidance")) {
      if (auto text = localized(reader_, *guidance, "guidance")) criterion.guidance = *text;
    }
    if (!complete) return std::nullopt;
    return criterion;
  }

  std::optional<Criterion> read_criterion(const Node& node, std::size_t index) {
    const std::string where = "criterion " + std::to_string(index + 1);
    if (node.kind != Node::Kind::Map) {
      reader_.problem(node, where + " must be a mapping with id, weight, plugin, ...");
      return std::nullopt;
    }
    reader_.unknown_keys(node, kCriterionKeys, "key", "", " of " + where);
    Criterion criterion;
    criterion.position = node.position;
    criterion.normalization = default_normalization_;
    bool complete = true;
    auto required = [&](std::string_view key) -> const Node* {
      const Node* value = node.find(key);
      if (value == nullptr) {
        reader_.problem(node, where + " is missing '" + std::string(key) + "'");
        complete = false;
      }
      return value;
    };

    if (const Node* id = required("id")) {
      if (auto text = read_id(*id)) {
        criterion.id = *text;
      } else {
        complete = false;
      }
    }
    // With AHP the weights come from the comparison matrix instead.
    if (const Node* weight = root_.find("weights") ? node.find("weight") : required("weight")) {
      if (root_.find("weights") != nullptr) {
        reader_.problem(*weight,
                        "weight is given by the AHP comparison under 'weights'; remove it here");
      } else if (auto value = reader_.number(*weight, "weight")) {
        if (*value < 0) {
          reader_.problem(*weight, "weight must not be negative");
          complete = false;
        }
        criterion.weight = *value;
      } else {
        complete = false;
      }
    }
    if (const Node* plugin = required("plugin")) {
      criterion.scorer = read_plugin_use(reader_, node, *plugin);
    }
    if (const Node* direction = node.find("direction")) {
      if (auto value = one_of(reader_, *direction, "direction", kDirectionNames)) {
        criterion.direction = *value;
      }
    }
    if (const Node* normalization = node.find("normalization")) {
      if (config_.method != Method::WeightedSum) {
        reader_.problem_at(normalization->key_position,
                           "normalization applies to method weighted_sum only (" +
                               std::string(to_string(config_.method)) + " has its own)");
      }
      criterion.normalization = read_normalization(*normalization);
    }
    if (const Node* preference = node.find("preference")) {
      if (config_.method != Method::Promethee2) {
        reader_.problem_at(preference->key_position,
                           "preference applies to method promethee2 only");
      } else if (auto f = read_preference(reader_, *preference)) {
        criterion.preference = *f;
      }
    }
    if (const Node* missing = node.find("missing")) {
      if (auto value = one_of(reader_, *missing, "missing policy", kMissingPolicyNames)) {
        criterion.missing = *value;
      }
    }
    if (const Node* label = node.find("label")) {
      if (auto text = localized(reader_, *label, "label")) criterion.label = *text;
    }
    if (criterion.label.empty()) criterion.label.by_language[""] = criterion.id;
    if (const Node* description = node.find("description")) {
      if (auto text = localized(reader_, *description, "description"))
        criterion.description = *text;
    }
    if (!complete) return std::nullopt;
    return criterion;
  }

  // weights: {ahp: {order: [ids], matrix: [[...], ...]}}
  void read_ahp(const Node& node) {
    if (!reader_.is_map(node, "weights")) return;
    reader_.unknown_keys(node, {"ahp"}, "key", "", " of weights");
    const Node* ahp = node.find("ahp");
    if (ahp == nullptr) {
      reader_.problem(node, "weights needs 'ahp' with order and matrix");
      return;
    }
    if (!reader_.is_map(*ahp, "weights.ahp")) return;
    reader_.unknown_keys(*ahp, {"order", "matrix"}, "key", "", " of weights.ahp");
    const Node* order = ahp->find("order");
    const Node* matrix = ahp->find("matrix");
    if (order == nullptr || matrix == nullptr) {
      reader_.problem(*ahp, "weights.ahp needs 'order' (criterion ids) and 'matrix'");
      return;
    }
    if (!is_list(reader_, *order, "weights.ahp.order") ||
        !is_list(reader_, *matrix, "weights.ahp.matrix")) {
      return;
    }
    std::vector<std::size_t> columns;
    for (const Node& item : order->items) {
      std::optional<std::string> id = reader_.text(item, "weights.ahp.order");
      if (!id) return;
      auto found = std::find_if(config_.criteria.begin(), config_.criteria.end(),
                                [&](const Criterion& c) { return c.id == *id; });
      if (found == config_.criteria.end()) {
        reader_.problem(item, "weights.ahp.order names '" + *id + "', which is not a criterion");
        return;
      }
      columns.push_back(static_cast<std::size_t>(found - config_.criteria.begin()));
    }
    if (columns.size() != config_.criteria.size()) {
      reader_.problem(*order, "weights.ahp.order must list every criterion once (" +
                                  std::to_string(config_.criteria.size()) + ")");
      return;
    }
    std::vector<std::vector<double>> values;
    for (const Node& row : matrix->items) {
      if (!is_list(reader_, row, "a row of weights.ahp.matrix")) return;
      values.emplace_back();
      for (const Node& cell : row.items) {
        std::optional<double> value = judgement(cell);
        if (!value) return;
        values.back().push_back(*value);
      }
    }
    Expected<AhpWeights> weights = ahp_weights(values);
    if (!weights) {
      reader_.problem(*matrix, "weights.ahp.matrix: " + weights.problems()[0].message);
      return;
    }
    if (weights->consistency_ratio > kMaxConsistencyRatio) {
      char text[200];
      std::snprintf(text, sizeof text,
                    "weights.ahp.matrix is too inconsistent: consistency ratio %.3f is above "
                    "%.2f; revise the comparisons",
                    weights->consistency_ratio, kMaxConsistencyRatio);
      reader_.problem(*matrix, text);
      return;
    }
    for (std::size_t k = 0; k < columns.size(); ++k) {
      config_.criteria[columns[k]].weight = weights->weights[k];
    }
    config_.ahp = *weights;
  }

  // A judgement is a number or a fraction such as 1/3.
  std::optional<double> judgement(const Node& cell) {
    if (cell.kind == Node::Kind::Scalar) {
      static const std::regex kFraction(R"(\s*([0-9.]+)\s*/\s*([0-9.]+)\s*)");
      std::smatch match;
      if (std::regex_match(cell.scalar, match, kFraction)) {
        const double denominator = std::stod(match[2]);
        if (denominator > 0) return std::stod(match[1]) / denominator;
      }
    }
    return reader_.number(cell, "a comparison (a number or a fraction such as 1/3)");
  }

  void check_weights() {
    if (criteria_node_ == nullptr || config_.criteria.empty()) return;
    double total = 0;
    for (const Criterion& criterion : config_.criteria) total += criterion.weight;
    if (total <= 0 && !config_.ahp && root_.find("weights") == nullptr) {
      reader_.problem(*criteria_node_,
                      "all weights are zero: at least one criterion must weigh something");
    }
  }

  void read_gates(const Node& node) {
    if (!is_list(reader_, node, "gates")) return;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      const Node& item = node.items[i];
      const std::string where = "gate " + std::to_string(i + 1);
      if (!reader_.is_map(item, where)) continue;
      reader_.unknown_keys(item, kGateKeys, "key", "", " of " + where);
      Gate gate;
      gate.position = item.position;
      const Node* id = item.find("id");
      if (id == nullptr) {
        reader_.problem(item, where + " is missing 'id'");
        continue;
      }
      if (auto text = reader_.text(*id, "id")) gate.id = *text;
      if (!ids.insert(gate.id).second) reader_.problem(*id, "duplicate gate id '" + gate.id + "'");
      if (const Node* label = item.find("label")) {
        if (auto text = localized(reader_, *label, "label")) gate.label = *text;
      }
      const Node* field = item.find("field");
      const Node* plugin = item.find("plugin");
      if ((field == nullptr) == (plugin == nullptr)) {
        reader_.problem(item,
                        where + " needs either 'field' (a condition) or 'plugin' (a verdict)");
        continue;
      }
      if (plugin != nullptr) {
        gate.plugin = read_plugin_use(reader_, item, *plugin);
        config_.gates.push_back(std::move(gate));
        continue;
      }
      if (auto path = reader_.text(*field, "field")) gate.field = *path;
      if (const Node* min = item.find("min")) gate.min = reader_.number(*min, "min");
      if (const Node* max = item.find("max")) gate.max = reader_.number(*max, "max");
      if (const Node* in = item.find("in")) {
        if (is_list(reader_, *in, "in")) {
          for (const Node& value : in->items) {
            if (auto text = reader_.text(value, "in")) gate.one_of.push_back(*text);
          }
        }
      }
      if (gate.min && gate.max && *gate.min > *gate.max) {
        reader_.problem(item, where + ": min " + number_text(*gate.min) + " is above max " +
                                  number_text(*gate.max));
      }
      config_.gates.push_back(std::move(gate));
    }
  }

  void read_ties(const Node& node) {
    if (!is_list(reader_, node, "ties")) return;
    for (const Node& item : node.items) {
      TieRule rule;
      rule.position = item.position;
      if (item.kind == Node::Kind::Scalar && item.scalar == "lottery") {
        config_.ties.push_back(rule);
        continue;
      }
      if (!reader_.is_map(item, "a tie-break rule")) continue;
      reader_.unknown_keys(item, kTieKeys, "key", "", " of a tie-break rule");
      if (const Node* criterion = item.find("criterion")) {
        rule.kind = TieRule::Kind::Criterion;
        if (auto id = reader_.text(*criterion, "criterion")) rule.name = *id;
        const bool known = std::any_of(config_.criteria.begin(), config_.criteria.end(),
                                       [&](const Criterion& c) { return c.id == rule.name; });
        if (!known) {
          reader_.problem(*criterion, "ties: '" + rule.name + "' is not a criterion");
          continue;
        }
      } else if (const Node* field = item.find("field")) {
        rule.kind = TieRule::Kind::Field;
        if (auto path = reader_.text(*field, "field")) rule.name = *path;
        if (const Node* direction = item.find("direction")) {
          if (auto value = one_of(reader_, *direction, "direction", kDirectionNames)) {
            rule.direction = *value;
          }
        }
      } else if (item.find("lottery") == nullptr) {
        reader_.problem(item,
                        "a tie-break rule is {criterion: ID}, {field: PATH, direction: "
                        "max|min} or lottery");
        continue;
      }
      config_.ties.push_back(rule);
    }
  }

  void read_shortlist(const Node& node) {
    if (!reader_.is_map(node, "shortlist")) return;
    reader_.unknown_keys(node, kShortlistKeys, "key", "", " in shortlist");
    if (const Node* size = node.find("size")) {
      if (auto value = whole_number(reader_, *size, "shortlist.size", 1))
        config_.shortlist_size = *value;
    }
    const Node* quotas = node.find("quotas");
    if (quotas == nullptr || !is_list(reader_, *quotas, "shortlist.quotas")) return;
    for (const Node& item : quotas->items) {
      if (!reader_.is_map(item, "a quota")) continue;
      reader_.unknown_keys(item, kQuotaKeys, "key", "", " of a quota");
      Quota quota;
      quota.position = item.position;
      const Node* by = item.find("by");
      if (by == nullptr) {
        reader_.problem(item,
                        "a quota needs 'by' (a field such as applicant.country, or language)");
        continue;
      }
      if (auto text = reader_.text(*by, "by")) quota.by = *text;
      if (const Node* value = item.find("value")) quota.value = reader_.text(*value, "value");
      if (const Node* min = item.find("min")) quota.min = whole_number(reader_, *min, "min", 0);
      if (const Node* max = item.find("max")) quota.max = whole_number(reader_, *max, "max", 0);
      if (!quota.min && !quota.max) {
        reader_.problem(item, "a quota needs 'min' or 'max'");
        continue;
      }
      if (quota.min && !quota.value) {
        reader_.problem(item, "a 'min' quota needs the 'value' it guarantees places for");
        continue;
      }
      config_.quotas.push_back(std::move(quota));
    }
  }

  void read_sensitivity(const Node& node) {
    if (!reader_.is_map(node, "sensitivity")) return;
    reader_.unknown_keys(node, kSensitivityKeys, "key", "", " in sensitivity");
    SensitivitySettings& s = config_.sensitivity;
    if (const Node* samples = node.find("samples")) {
      if (auto value = whole_number(reader_, *samples, "sensitivity.samples", 0))
        s.samples = *value;
    }
    if (const Node* concentration = node.find("concentration")) {
      if (auto value = reader_.number(*concentration, "sensitivity.concentration")) {
        if (*value <= 0)
          reader_.problem(*concentration, "sensitivity.concentration must be above 0");
        s.concentration = *value;
      }
    }
    if (const Node* fragile = node.find("fragile_below")) {
      if (auto value = reader_.number(*fragile, "sensitivity.fragile_below")) {
        if (*value < 0 || *value > 1) {
          reader_.problem(*fragile, "sensitivity.fragile_below must be between 0 and 1");
        }
        s.fragile_below = *value;
      }
    }
  }

  void read_jury(const Node& node) {
    if (!reader_.is_map(node, "jury")) return;
    reader_.unknown_keys(node, kJuryKeys, "key", "", " in jury");
    JurySettings& jury = config_.jury;
    if (const Node* reviewers = node.find("reviewers")) {
      if (auto value = whole_number(reader_, *reviewers, "jury.reviewers", 1)) {
        jury.reviewers = *value;
      }
    }
    if (const Node* level = node.find("min_level")) {
      if (auto value = one_of(reader_, *level, "language level", jury::kLanguageLevelNames)) {
        jury.min_level = *value;
      }
    }
    if (const Node* blind = node.find("blind")) {
      if (auto value = flag(reader_, *blind, "jury.blind")) jury.blind = *value;
    }
    if (const Node* calibration = node.find("calibration")) {
      if (auto value = one_of(reader_, *calibration, "calibration", kJuryCalibrationNames)) {
        jury.calibration = *value;
      }
    }
    if (const Node* disagreement = node.find("disagreement")) {
      if (auto value = reader_.number(*disagreement, "jury.disagreement")) {
        if (*value <= 0) reader_.problem(*disagreement, "jury.disagreement must be above 0");
        jury.disagreement = *value;
      }
    }
    if (const Node* conflicts = node.find("conflicts")) {
      if (!reader_.is_map(*conflicts, "jury.conflicts")) return;
      reader_.unknown_keys(*conflicts, kJuryConflictKeys, "key", "", " in jury.conflicts");
      const std::pair<std::string_view, bool*> rules[] = {
          {"same_organisation", &jury.conflicts.same_organisation},
          {"same_country", &jury.conflicts.same_country},
          {"partners", &jury.conflicts.partners}};
      for (const auto& [key, target] : rules) {
        if (const Node* value = conflicts->find(key)) {
          if (auto on = flag(reader_, *value, "jury.conflicts." + std::string(key))) *target = *on;
        }
      }
    }
  }

  std::optional<std::chrono::system_clock::time_point> read_time(const Node& node,
                                                                 const std::string& what) {
    std::optional<std::string> text = reader_.text(node, what);
    if (!text) return std::nullopt;
    std::optional<std::chrono::system_clock::time_point> at = parse_rfc3339(*text);
    if (!at) {
      reader_.problem(node, what + " '" + *text +
                                "' is not an RFC 3339 date and time with its offset, between the "
                                "years 1900 and 2200 (such as 2026-03-01T00:00:00Z or "
                                "2026-05-31T23:59:59-04:00)");
    }
    return at;
  }

  void read_submission(const Node& node) {
    if (!reader_.is_map(node, "submission")) return;
    reader_.unknown_keys(node, kSubmissionKeys, "key", "", " in submission");
    SubmissionWindow window;
    window.position = node.position;
    const Node* opens = node.find("opens");
    const Node* closes = node.find("closes");
    if (opens == nullptr) reader_.problem(node, "missing 'opens' in submission (when it opens)");
    if (closes == nullptr) reader_.problem(node, "missing 'closes' in submission (the deadline)");
    std::optional<std::chrono::system_clock::time_point> from, to;
    if (opens != nullptr && (from = read_time(*opens, "submission.opens"))) {
      window.opens = *from;
      window.opens_text = opens->scalar;
    }
    if (closes != nullptr && (to = read_time(*closes, "submission.closes"))) {
      window.closes = *to;
      window.closes_text = closes->scalar;
    }
    if (from && to && *to <= *from) {
      reader_.problem(*closes, "submission.closes (" + closes->scalar +
                                   ") must be after submission.opens (" + opens->scalar + ")");
    }
    if (const Node* languages = node.find("languages");
        languages != nullptr && is_list(reader_, *languages, "submission.languages")) {
      static const std::set<std::string, std::less<>> known = [] {
        std::set<std::string, std::less<>> codes;
        for (const char* const* code = uloc_getISOLanguages(); *code != nullptr; ++code) {
          if (std::strlen(*code) == 2) codes.emplace(*code);
        }
        return codes;
      }();
      for (const Node& item : languages->items) {
        std::optional<std::string> code = reader_.text(item, "a language of submission.languages");
        if (!code) continue;
        if (known.count(*code) == 0) {
          reader_.problem(item, "unknown language '" + *code +
                                    "' in submission.languages (an ISO 639-1 code such as en, "
                                    "fr, es, ar)");
        } else if (std::find(window.languages.begin(), window.languages.end(), *code) !=
                   window.languages.end()) {
          reader_.problem(item, "language '" + *code + "' is listed twice in submission.languages");
        } else {
          window.languages.push_back(*code);
        }
      }
    }
    if (const Node* bytes = node.find("max_attachment_bytes")) {
      if (auto value = whole_number(reader_, *bytes, "submission.max_attachment_bytes", 1)) {
        window.max_attachment_bytes = *value;
      }
    }
    if (const Node* labels = node.find("labels");
        labels != nullptr && reader_.is_map(*labels, "submission.labels")) {
      static const std::regex kPath(
          "(title|summary|applicant\\.(name|type|country|email)|budget\\.(total|requested|"
          "currency)|(beneficiaries|sections|fields)\\.[A-Za-z0-9_.-]+)");
      for (const auto& [path, value] : labels->members) {
        if (!std::regex_match(path, kPath)) {
          reader_.problem_at(value.key_position,
                             "submission.labels: '" + path +
                                 "' is not a field of the application (such as "
                                 "sections.activities, fields.partners, budget.requested)");
        } else if (auto text = localized(reader_, value, "submission.labels." + path)) {
          window.labels[path] = std::move(*text);
        }
      }
    }
    config_.submission = std::move(window);
  }

  const Node& root_;
  NodeReader reader_;
  CallConfig config_;
  Normalization default_normalization_ = Normalization::MinMax;
  const Node* criteria_node_ = nullptr;
};

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text) {
  static const std::regex kTime(
      "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,9})?(?:([Zz])|([+-])(\\d{"
      "2}):(\\d{2}))");
  std::smatch m;
  if (!std::regex_match(text, m, kTime)) return std::nullopt;
  auto number = [&](int i) { return std::stoi(m[i].str()); };
  const std::chrono::year_month_day day{std::chrono::year(number(1)),
                                        std::chrono::month(static_cast<unsigned>(number(2))),
                                        std::chrono::day(static_cast<unsigned>(number(3)))};
  // The clock counts nanoseconds in 64 bits: years past 2262 do not fit.
  if (!day.ok() || number(1) < 1900 || number(1) > 2200 || number(4) > 23 || number(5) > 59 ||
      number(6) > 59) {
    return std::nullopt;
  }
  std::chrono::seconds offset{0};
  if (!m[8].matched) {
    if (number(10) > 23 || number(11) > 59) return std::nullopt;
    offset = std::chrono::hours(number(10)) + std::chrono::minutes(number(11));
    if (m[9].str() == "-") offset = -offset;
  }
  std::chrono::system_clock::time_point at =
      std::chrono::sys_days(day) + std::chrono::hours(number(4)) + std::chrono::minutes(number(5)) +
      std::chrono::seconds(number(6)) - offset;
  if (m[7].matched) {
    std::string digits = m[7].str().substr(1);
    digits.resize(6, '0');
    at += std::chrono::microseconds(std::stoi(digits));
  }
  return at;
}

std::string utc_text(std::chrono::system_clock::time_point at) {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
  return Poco::DateTimeFormatter::format(Poco::Timestamp(micros), "%Y-%m-%dT%H:%M:%SZ");
}

Expected<CallConfig> parse_call_config(std::string_view text, const std::string& source) {
  Expected<ingest::Document> document = ingest::read_yaml_document(text, source);
  if (!document) return std::move(document).take_problems();
  return ConfigParser(document->root, source).parse(text);
}

Expected<CallConfig> load_call_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Diagnostic{path.string(), {}, "cannot open the criteria file"};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_call_config(buffer.str(), path.string());
}

}  // namespace shortlist
