#include "core/text/encoding.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace shortlist::text {
namespace {

const std::filesystem::path kDir = testing::source_dir() / "tests" / "data" / "encodings";

// Every sample decodes to exactly the text that was encoded.
TEST(DecodeToUtf8, RecoversTextFromEveryLegacyEncodingAndByteOrderMark) {
  Poco::JSON::Object::Ptr expected =
      testing::parse_json_object(testing::read_file(kDir / "expected.json"));
  ASSERT_GE(expected->size(), 9u);
  for (const auto& [file, text] : *expected) {
    Expected<DecodedText> decoded = decode_to_utf8(testing::read_file(kDir / file));
    ASSERT_TRUE(decoded) << file << ": " << decoded.problems()[0].message;
    EXPECT_EQ(decoded->utf8, text.extract<std::string>())
        << file << " read as " << decoded->encoding;
    EXPECT_GE(decoded->confidence, kMinimumConfidence) << file;
  }
}

TEST(DecodeToUtf8, NamesTheEncodingItFound) {
  EXPECT_EQ(decode_to_utf8(testing::read_file(kDir / "ru.koi8-r.txt"))->encoding, "KOI8-R");
  EXPECT_EQ(decode_to_utf8(testing::read_file(kDir / "ja.shift_jis.txt"))->encoding, "Shift_JIS");
  EXPECT_EQ(decode_to_utf8(testing::read_file(kDir / "ar.utf-16le-bom.txt"))->encoding, "UTF-16LE");
  EXPECT_EQ(decode_to_utf8(testing::read_file(kDir / "hi.utf-32be-bom.txt"))->encoding, "UTF-32BE");
  EXPECT_EQ(decode_to_utf8("déjà vu")->encoding, "UTF-8");
  EXPECT_EQ(decode_to_utf8("\xEF\xBB\xBFtitle")->utf8, "title");
}

TEST(DecodeToUtf8, RefusesBinaryContentAndBrokenMarkedText) {
  Expected<DecodedText> binary = decode_to_utf8(testing::read_file(kDir / "binary.txt"));
  ASSERT_FALSE(binary);
  EXPECT_EQ(binary.problems()[0].message,
            "binary content, not text (it contains NUL bytes and no byte-order mark)");
  // A UTF-16 mark followed by an unpaired surrogate.
  Expected<DecodedText> broken = decode_to_utf8(std::string("\xFF\xFE\x00\xD8\x41\x00", 6));
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.problems()[0].message, "the bytes are not valid UTF-16LE");
}

}  // namespace
}  // namespace shortlist::text
