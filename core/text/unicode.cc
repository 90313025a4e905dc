#include "core/text/unicode.h"

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>

#include "core/text/internal/icu.h"

namespace shortlist::text {
namespace {

using internal::break_iterator;
using internal::Breaks;
using internal::to_unicode;
using internal::to_utf8;

int code_point_width(UChar32 c) {
  const int8_t category = static_cast<int8_t>(u_charType(c));
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR ||
      category == U_CONTROL_CHAR) {
    return 0;
  }
  const int width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return (width == U_EA_WIDE || width == U_EA_FULLWIDTH) ? 2 : 1;
}

// How many bytes `text` starts with below 0x80, eight at a time.
std::size_t ascii_prefix(std::string_view text) {
  std::size_t at = 0;
  for (; at + 8 <= text.size(); at += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + at, 8);
    if (word & 0x8080808080808080u) break;
  }
  while (at < text.size() && (text[at] & 0x80) == 0) ++at;
  return at;
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view bytes) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  auto offset = static_cast<int32_t>(ascii_prefix(bytes));
  while (offset < length) {
    const int32_t start = offset;
    UChar32 c = 0;
    U8_NEXT(data, offset, length, c);
    if (c < 0) return static_cast<std::size_t>(start);
  }
  return std::nullopt;
}

std::string to_nfc(std::string_view utf8) {
  // ASCII is NFC as it stands: the common case (explanations, field names)
  // skips ICU altogether.
  if (ascii_prefix(utf8) == utf8.size()) return std::string(utf8);
  // Made once by ICU, thread-safely; the static makes that visible to
  // ThreadSanitizer, which cannot see inside ICU.
  static const icu::Normalizer2* const nfc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* made = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normaliser unavailable");
    return made;
  }();
  UErrorCode status = U_ZERO_ERROR;
  // Most text already is NFC: check it as UTF-8, without converting.
  const icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
  if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normalisation failed");
  return out;
}

std::size_t count_words(std::string_view utf8, std::string_view language) {
  // Converting to UTF-16 first is faster than iterating UTF-8 through a
  // UText (measured: about a third faster on mixed-script text).
  icu::UnicodeString text = to_unicode(utf8);
  icu::BreakIterator& words = break_iterator(language, Breaks::Words);
  words.setText(text);
  std::size_t count = 0;
  for (int32_t end = words.next(); end != icu::BreakIterator::DONE; end = words.next()) {
    if (words.getRuleStatus() != UBRK_WORD_NONE) ++count;
  }
  return count;
}

std::size_t display_width(std::string_view utf8) {
  const auto* data = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  std::size_t width = 0;
  for (int32_t offset = 0; offset < length;) {
    UChar32 c = 0;
    U8_NEXT(data, offset, length, c);
    width += c < 0 ? 1 : static_cast<std::size_t>(code_point_width(c));
  }
  return width;
}

std::string fit_to_width(std::string_view utf8, std::size_t width) {
  std::size_t full = display_width(utf8);
  if (full <= width) return std::string(utf8) + std::string(width - full, ' ');
  if (width == 0) return {};
  // Keep whole graphemes up to width - 1 columns, then the ellipsis.
  icu::UnicodeString text = to_unicode(utf8);
  icu::BreakIterator& graphemes = break_iterator("", Breaks::Characters);
  graphemes.setText(text);
  std::size_t used = 0;
  int32_t keep = 0;
  for (int32_t start = 0, end = graphemes.next(); end != icu::BreakIterator::DONE;
       start = end, end = graphemes.next()) {
    std::size_t grapheme = display_width(to_utf8(text.tempSubStringBetween(start, end)));
    if (used + grapheme > width - 1) break;
    used += grapheme;
    keep = end;
  }
  std::string out = to_utf8(text.tempSubStringBetween(0, keep)) + "…";
  return out + std::string(width - used - 1, ' ');
}

}  // namespace shortlist::text
