// Unicode text services built on ICU, shared by ingestion, plugins (through
// the host API) and reports.
//
//   if (auto bad = first_invalid_utf8(bytes)) report("invalid UTF-8 at byte", *bad);
//   std::string stored = to_nfc(bytes);
//   std::size_t words = count_words("数字贸易培训", "zh");  // dictionary segmentation
//   std::string cell = fit_to_width(title, 40);               // for aligned tables
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace shortlist::text {

// Byte offset of the first invalid UTF-8 sequence, or nullopt when valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view bytes);

// Unicode NFC. The input must be valid UTF-8.
std::string to_nfc(std::string_view utf8);

// Number of words as ICU's word break rules for `language` see them: runs of
// letters, digits, kana or ideographs; punctuation and spaces are not words.
std::size_t count_words(std::string_view utf8, std::string_view language);

// Columns a terminal uses to show the text: East Asian wide and fullwidth
// characters take two, combining marks and format characters none.
std::size_t display_width(std::string_view utf8);

// The text cut at a grapheme boundary so that it fits in `width` columns
// (ending in "…" when cut), then padded with spaces to exactly `width`.
std::string fit_to_width(std::string_view utf8, std::size_t width);

}  // namespace shortlist::text
