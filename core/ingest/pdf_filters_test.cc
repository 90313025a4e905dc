// The PDF filters the decompression guard decodes, each on a known example,
// and the leniency poppler has with damaged data.
#include "core/ingest/pdf_filters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace shortlist::ingest::pdf {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::uintmax_t kNoLimit = 1u << 30;

std::string deflated(const std::string& text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(size, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
           static_cast<uLong>(text.size()));
  out.resize(size);
  return out;
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out + ">";
}

TEST(PdfFilters, NamesOneFilterOrAChainAndStopsAtOneItDoesNotDecode) {
  EXPECT_THAT(filters_named("<< /Length 12 /Filter /FlateDecode >>"), ElementsAre(Filter::Flate));
  EXPECT_THAT(filters_named("<</Filter[/ASCII85Decode/LZWDecode]/Length 9>>"),
              ElementsAre(Filter::Ascii85, Filter::Lzw));
  EXPECT_THAT(filters_named("<< /Filter [ /AHx /Fl /RL ] >>"),
              ElementsAre(Filter::AsciiHex, Filter::Flate, Filter::RunLength));
  EXPECT_THAT(filters_named("<< /Filter [/FlateDecode /DCTDecode] >>"), ElementsAre(Filter::Flate));
  EXPECT_THAT(filters_named("<< /Filter /DCTDecode >>"), IsEmpty());
  EXPECT_THAT(filters_named("<< /Length 3 >>"), IsEmpty());
  EXPECT_THAT(filters_named("<< /FilterX /FlateDecode >>"), IsEmpty());
}

TEST(PdfFilters, DecodeEachFilterToItsSize) {
  const std::string text(5000, 'a');
  EXPECT_EQ(decoded_size(deflated(text), {Filter::Flate}, kNoLimit), 5000u);
  EXPECT_EQ(decoded_size("48 65 6c6C6F>", {Filter::AsciiHex}, kNoLimit), 5u);  // Hello
  EXPECT_EQ(decoded_size("4>", {Filter::AsciiHex}, kNoLimit), 1u);
  EXPECT_EQ(decoded_size("87cURD]i,\"Ebo7~>", {Filter::Ascii85}, kNoLimit), 11u);  // Hello World
  EXPECT_EQ(decoded_size("zz~>", {Filter::Ascii85}, kNoLimit), 8u);
  // The PDF reference's example: "-----A---B", 9-bit codes with early change.
  EXPECT_EQ(decoded_size("\x80\x0B\x60\x50\x22\x0C\x0C\x85\x01", {Filter::Lzw}, kNoLimit), 10u);
  // "abc" copied, then 'x' repeated 257 - 254 times, then the end marker.
  EXPECT_EQ(decoded_size(std::string("\x02"
                                     "abc\xFEx\x80"
                                     "ignored",
                                     13),
                         {Filter::RunLength}, kNoLimit),
            6u);
}

TEST(PdfFilters, DecodeAChainInTheOrderItIsNamed) {
  const std::string text(100000, 'q');
  EXPECT_EQ(decoded_size(hex(deflated(deflated(text))),
                         {Filter::AsciiHex, Filter::Flate, Filter::Flate}, kNoLimit),
            100000u);
}

TEST(PdfFilters, KeepWhatADamagedLayerGaveBeforeTheDamage) {
  const std::string inner = deflated(std::string(1'000'000, ' '));
  std::string outer = deflated(inner);
  outer.resize(outer.size() / 2);
  outer += std::string(200, '\xFF');
  const std::uintmax_t size = decoded_size(outer, {Filter::Flate, Filter::Flate}, kNoLimit);
  // Half the inner stream inflates to tens of kilobytes of its megabyte; a
  // guard that dropped a damaged layer whole would count nothing.
  EXPECT_GT(size, 10'000u);
  EXPECT_LT(size, 1'000'000u);
}

TEST(PdfFilters, CountTheLargestLayerNotOnlyTheLast) {
  // A megabyte of spaces that the hex layer skips gives no bytes in the end,
  // but costs a megabyte to inflate.
  const std::string spaces = deflated(std::string(1'000'000, ' ') + "41>");
  EXPECT_GE(decoded_size(spaces, {Filter::Flate, Filter::AsciiHex}, kNoLimit), 1'000'000u);
}

TEST(PdfFilters, StopCountingOncePastTheLimit) {
  const std::string bomb = deflated(deflated(std::string(50'000'000, 'a')));
  const std::uintmax_t size = decoded_size(bomb, {Filter::Flate, Filter::Flate}, 1'000'000);
  EXPECT_GT(size, 1'000'000u);
  EXPECT_LT(size, 2'000'000u);
}

}  // namespace
}  // namespace shortlist::ingest::pdf
