#include "core/ingest/document.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <tuple>

#include "core/ingest/json_positions.h"

namespace shortlist::ingest {

Node::Node() = default;
Node::Node(const Node&) = default;
Node::Node(Node&&) noexcept = default;
Node& Node::operator=(const Node&) = default;
Node& Node::operator=(Node&&) noexcept = default;
Node::~Node() = default;

Node Node::text(std::string value, SourcePosition at) {
  Node node;
  node.kind = Kind::Scalar;
  node.quoted = true;
  node.scalar = std::move(value);
  node.position = at;
  node.key_position = at;
  return node;
}

const Node* Node::find(std::string_view key) const {
  for (const auto& [name, value] : members) {
    if (name == key) return &value;
  }
  return nullptr;
}

std::string_view Node::kind_name() const {
  switch (kind) {
    case Kind::Null:
      return "nothing";
    case Kind::Scalar:
      return quoted ? "text" : "a plain value";
    case Kind::List:
      return "a list";
    case Kind::Map:
      return "a mapping";
  }
  return "?";
}

namespace {

constexpr int kMaxDepth = 64;

// yaml-cpp shares an anchored node between its aliases, but the tree made
// here copies it at each use: ten levels of nine aliases (a few hundred
// bytes) would be 9^10 values. No honest proposal, criteria or juror file
// comes near this many.
constexpr std::size_t kMaxYamlValues = 100000;

// What a YAML document may still cost while it is copied.
struct YamlBudget {
  std::size_t values = 0;
  bool exceeded = false;
  // The furthest place read: a copy made through an alias carries the
  // anchor's place, earlier in the file than the alias that made it.
  SourcePosition furthest;
};

SourcePosition position_of(const YAML::Mark& mark, int first_line) {
  if (mark.line < 0) return {};
  return {mark.line + first_line, mark.column + 1};
}

Node from_yaml(const YAML::Node& yaml, const std::string& source, int first_line, int depth,
               YamlBudget& budget, Diagnostics& problems) {
  Node node;
  if (budget.exceeded) return node;
  node.position = position_of(yaml.Mark(), first_line);
  if (std::tie(node.position.line, node.position.column) >
      std::tie(budget.furthest.line, budget.furthest.column)) {
    budget.furthest = node.position;
  }
  if (++budget.values > kMaxYamlValues) {
    budget.exceeded = true;
    problems.push_back({source, budget.furthest,
                        "more than " + std::to_string(kMaxYamlValues) +
                            " values once its aliases are expanded (the limit of a YAML "
                            "document): refused as an alias bomb"});
    return node;
  }
  if (depth > kMaxDepth) {
    problems.push_back({source, node.position, "nesting deeper than 64 levels"});
    return node;
  }
  switch (yaml.Type()) {
    case YAML::NodeType::Scalar:
      node.kind = Node::Kind::Scalar;
      node.scalar = yaml.Scalar();
      node.quoted = yaml.Tag() == "!";
      break;
    case YAML::NodeType::Sequence:
      node.kind = Node::Kind::List;
      for (const YAML::Node& item : yaml) {
        if (budget.exceeded) break;
        node.items.push_back(from_yaml(item, source, first_line, depth + 1, budget, problems));
      }
      break;
    case YAML::NodeType::Map:
      node.kind = Node::Kind::Map;
      for (const auto& member : yaml) {
        if (budget.exceeded) break;
        const SourcePosition key_position = position_of(member.first.Mark(), first_line);
        if (!member.first.IsScalar()) {
          problems.push_back({source, key_position, "a key must be plain text"});
          continue;
        }
        std::string key = member.first.Scalar();
        if (const Node* earlier = node.find(key)) {
          problems.push_back({source, key_position,
                              "duplicate key '" + key + "' (first written at line " +
                                  std::to_string(earlier->position.line) + ")"});
          continue;
        }
        Node value = from_yaml(member.second, source, first_line, depth + 1, budget, problems);
        value.key_position = key_position;
        node.members.emplace_back(std::move(key), std::move(value));
      }
      break;
    default:
      break;
  }
  return node;
}

Node from_json(const Poco::Dynamic::Var& value, const JsonPositions& positions,
               const std::string& path) {
  Node node;
  const JsonPositions::Entry* entry = positions.find(path);
  if (entry != nullptr) {
    node.position = entry->position;
    node.key_position = entry->position;
  }
  if (value.isEmpty()) return node;
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    node.kind = Node::Kind::Map;
    auto object = value.extract<Poco::JSON::Object::Ptr>();
    // getNames() keeps the written order; iterating the object would sort.
    for (const std::string& key : object->getNames()) {
      node.members.emplace_back(key, from_json(object->get(key), positions, path + "/" + key));
    }
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    node.kind = Node::Kind::List;
    auto array = value.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      node.items.push_back(from_json(array->get(static_cast<unsigned>(i)), positions,
                                     path + "/" + std::to_string(i)));
    }
  } else {
    node.kind = Node::Kind::Scalar;
    node.quoted = value.isString();
    // Numbers keep the digits as written, not a re-formatted double.
    node.scalar = (!node.quoted && entry) ? entry->literal : value.convert<std::string>();
  }
  return node;
}

}  // namespace

Expected<Document> read_yaml_document(std::string_view text, const std::string& source,
                                      int first_line) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Diagnostic{source, position_of(e.mark, first_line), "invalid YAML: " + e.msg};
  }
  Diagnostics problems;
  YamlBudget budget;
  Document document{source, from_yaml(root, source, first_line, 0, budget, problems)};
  if (!problems.empty()) return problems;
  return document;
}

Expected<Document> read_json_document(std::string_view text, const std::string& source) {
  JsonPositions positions = JsonPositions::scan(text, kMaxDepth);
  Poco::Dynamic::Var root;
  try {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(/*preserveObjectOrder=*/true));
    root = parser.parse(std::string(text));
  } catch (const Poco::Exception& e) {
    return Diagnostic{source, positions.error_position(), "invalid JSON: " + e.message()};
  }
  // Poco decides what is valid JSON; the scanner only locates.
  return Document{source, from_json(root, positions, "")};
}

}  // namespace shortlist::ingest
