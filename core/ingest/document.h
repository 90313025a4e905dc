// Document: a parsed submission file as a tree that remembers where each
// value was written, so that every complaint about a value names its line
// and column. Each format reader produces one; ProposalBuilder turns it into
// a Proposal.
//
//   Expected<Document> doc = read_yaml_document(text, "submissions/a.yaml");
//   const Node* total = doc->root.find("budget");
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/diagnostic.h"

namespace shortlist::ingest {

struct Node {
  enum class Kind { Null, Scalar, List, Map };

  Kind kind = Kind::Null;
  SourcePosition position;
  SourcePosition key_position;  // for a mapping member: where its key was written
  std::string scalar;           // Scalar: the text as written (numbers unparsed)
  bool quoted = false;          // Scalar: written as a string ("12" in JSON, '12' in YAML)
  std::vector<Node> items;      // List
  std::vector<std::pair<std::string, Node>> members;  // Map, in written order

  // Defined where Node is complete: a member holding pairs of Node needs
  // that for its destructor with every compiler.
  Node();
  Node(const Node&);
  Node(Node&&) noexcept;
  Node& operator=(const Node&);
  Node& operator=(Node&&) noexcept;
  ~Node();

  // A text value at a place; prose is text even when it looks like a number.
  static Node text(std::string value, SourcePosition at = {});

  const Node* find(std::string_view key) const;
  // "text", "number", "list", "map" or "nothing", for messages.
  std::string_view kind_name() const;
};

struct Document {
  std::string source;
  Node root;
  // An application form with no field filled in: the template itself, not
  // a proposal.
  bool blank_form = false;
};

// Both take valid UTF-8 without a byte-order mark (the file reader checks
// and strips it). A YAML alias is copied where it is used, each copy
// counted: a document of more than 100,000 values so counted (an alias
// bomb) is refused, naming the place where the count passed the bound.
Expected<Document> read_yaml_document(std::string_view text, const std::string& source,
                                      int first_line = 1);
Expected<Document> read_json_document(std::string_view text, const std::string& source);

}  // namespace shortlist::ingest
