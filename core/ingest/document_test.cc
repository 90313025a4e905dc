// The YAML and JSON document readers: positions, and the bounds that keep a
// hostile file from costing more than an honest one.
#include "core/ingest/document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace shortlist::ingest {
namespace {

using ::testing::HasSubstr;

// Ten levels of nine aliases each, 443 bytes that name 9^10 values once
// every alias is copied: the fuzz targets' seed.
std::string alias_bomb() {
  return shortlist::testing::read_file(shortlist::testing::source_dir() /
                                       "tests/fuzz/seeds/yaml/alias-bomb.yaml");
}

TEST(ReadYamlDocument, RefusesAnAliasBombNamingTheBoundAndWhereItWasReached) {
  const std::string text = alias_bomb();
  ASSERT_LT(text.size(), 600u);
  Expected<Document> document = read_yaml_document(text, "bomb.yaml");
  ASSERT_FALSE(document);
  ASSERT_EQ(document.problems().size(), 1u);
  const Diagnostic& problem = document.problems()[0];
  EXPECT_EQ(problem.source, "bomb.yaml");
  // Where the value whose copies passed the bound is written: the sixth
  // level (line 7), 9^6 values on top of the 74,000 before it.
  EXPECT_EQ(problem.position.line, 7);
  EXPECT_EQ(problem.position.column, 4);
  EXPECT_THAT(problem.message, HasSubstr("100000 values"));
}

TEST(ReadYamlDocument, ExpandsAnAliasUsedWithinTheBound) {
  Expected<Document> document =
      read_yaml_document("title: T\nbase: &b {x: 1}\nagain: *b\n", "small.yaml");
  ASSERT_TRUE(document) << document.problems()[0].message;
  const Node* again = document->root.find("again");
  ASSERT_NE(again, nullptr);
  ASSERT_NE(again->find("x"), nullptr);
  EXPECT_EQ(again->find("x")->scalar, "1");
}

}  // namespace
}  // namespace shortlist::ingest
