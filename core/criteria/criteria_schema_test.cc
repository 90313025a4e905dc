// docs/criteria.schema.json must describe exactly the keys the loader accepts.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "core/criteria/call_config.h"
#include "test_support.h"

namespace shortlist {
namespace {

using Poco::JSON::Object;

std::set<std::string> properties(Object::Ptr object) {
  std::set<std::string> out;
  for (const auto& [key, value] : *object->getObject("properties")) out.insert(key);
  return out;
}

std::set<std::string> keys(std::string_view part) {
  const auto& list = criteria_file_keys(part);
  return {list.begin(), list.end()};
}

TEST(CriteriaSchema, ListsExactlyTheKeysTheLoaderAccepts) {
  std::ifstream in(testing::source_dir() / "docs" / "criteria.schema.json");
  ASSERT_TRUE(in);
  Poco::JSON::Parser parser;
  Object::Ptr schema = parser.parse(in).extract<Object::Ptr>();
  Object::Ptr defs = schema->getObject("$defs");
  EXPECT_EQ(properties(schema), keys(""));
  EXPECT_EQ(properties(defs->getObject("criterion")), keys("criterion"));
  EXPECT_EQ(properties(defs->getObject("preference")), keys("preference"));
  EXPECT_EQ(properties(defs->getObject("gate")), keys("gate"));
  EXPECT_EQ(properties(defs->getObject("quota")), keys("quota"));
  EXPECT_EQ(properties(defs->getObject("tie")->getArray("oneOf")->getObject(1)), keys("tie"));
  EXPECT_EQ(properties(schema->getObject("properties")->getObject("shortlist")), keys("shortlist"));
  EXPECT_EQ(properties(schema->getObject("properties")->getObject("sensitivity")),
            keys("sensitivity"));
  EXPECT_EQ(properties(defs->getObject("jury_criterion")), keys("jury_criterion"));
  Object::Ptr jury = schema->getObject("properties")->getObject("jury");
  EXPECT_EQ(properties(jury), keys("jury"));
  EXPECT_EQ(properties(jury->getObject("properties")->getObject("conflicts")),
            keys("jury_conflicts"));
  EXPECT_EQ(properties(schema->getObject("properties")->getObject("submission")),
            keys("submission"));
}

}  // namespace
}  // namespace shortlist
