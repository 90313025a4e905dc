#include "core/ingest/tracking_code.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace shortlist::ingest {
namespace {

TEST(TrackingCode, HasTwelveUnambiguousSymbolsInThreeGroups) {
  static const std::regex kShape(
      "[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string code = new_tracking_code();
    EXPECT_TRUE(std::regex_match(code, kShape)) << code;
    EXPECT_EQ(normalize_tracking_code(code), code);
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 2000u) << "55 random bits do not repeat in 2,000 draws";
}

TEST(TrackingCode, AcceptsWhatPeopleTypeAndRejectsMistakes) {
  const std::string code = new_tracking_code();
  std::string typed;
  for (char c : code) {
    if (c == '0') c = 'o';
    if (c == '1') c = 'l';
    if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  EXPECT_EQ(normalize_tracking_code(" " + typed + " "), code);

  // Every single-symbol mistake is caught by the check symbol.
  const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  for (std::size_t at : {0u, 5u, 13u}) {
    for (char wrong : alphabet) {
      if (wrong == code[at]) continue;
      std::string mistyped = code;
      mistyped[at] = wrong;
      EXPECT_FALSE(normalize_tracking_code(mistyped)) << mistyped;
    }
  }
  EXPECT_FALSE(normalize_tracking_code("K7QM-3XJD"));
  EXPECT_FALSE(normalize_tracking_code("K7QM-3XJD-9TB!"));
  EXPECT_FALSE(normalize_tracking_code(""));
}

}  // namespace
}  // namespace shortlist::ingest
