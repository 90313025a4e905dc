#include "core/text/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <memory>

#include "core/text/unicode.h"

namespace shortlist::text {
namespace {

struct Bom {
  std::string_view bytes;
  const char* encoding;
};

// UTF-32 LE before UTF-16 LE: its mark begins with the same two bytes.
constexpr Bom kBoms[] = {{"\xEF\xBB\xBF", "UTF-8"},
                         {std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE"},
                         {std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE"},
                         {"\xFF\xFE", "UTF-16LE"},
                         {"\xFE\xFF", "UTF-16BE"}};

// Converts strictly: the first unmappable or illegal byte stops it.
Expected<std::string> convert(std::string_view bytes, const char* encoding) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open(encoding, &status),
                                                               ucnv_close);
  if (U_FAILURE(status)) {
    return Diagnostic{"", {}, std::string("no converter for ") + encoding};
  }
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), converter.get(),
                          status);
  if (U_FAILURE(status)) {
    return Diagnostic{"", {}, std::string("the bytes are not valid ") + encoding};
  }
  std::string utf8;
  text.toUTF8String(utf8);
  return utf8;
}

}  // namespace

Expected<DecodedText> decode_to_utf8(std::string_view bytes) {
  for (const Bom& bom : kBoms) {
    if (bytes.substr(0, bom.bytes.size()) != bom.bytes) continue;
    Expected<std::string> utf8 = convert(bytes.substr(bom.bytes.size()), bom.encoding);
    if (!utf8) return std::move(utf8).take_problems();
    return DecodedText{std::move(*utf8), bom.encoding, 100};
  }
  if (!first_invalid_utf8(bytes)) return DecodedText{std::string(bytes), "UTF-8", 100};
  if (bytes.find('\0') != std::string_view::npos) {
    return Diagnostic{
        "", {}, "binary content, not text (it contains NUL bytes and no byte-order mark)"};
  }

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status),
                                                                      ucsdet_close);
  ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
  if (U_FAILURE(status) || match == nullptr) {
    return Diagnostic{"", {}, "the text is not UTF-8 and its encoding cannot be recognised"};
  }
  const char* name = ucsdet_getName(match, &status);
  const int confidence = ucsdet_getConfidence(match, &status);
  if (U_FAILURE(status) || name == nullptr || confidence < kMinimumConfidence) {
    return Diagnostic{"",
                      {},
                      "the text is not UTF-8 and its encoding cannot be recognised with "
                      "confidence (best guess " +
                          std::string(name ? name : "none") + ", " + std::to_string(confidence) +
                          "%)"};
  }
  Expected<std::string> utf8 = convert(bytes, name);
  if (!utf8) {
    return Diagnostic{"",
                      {},
                      "the text is not UTF-8, and not valid " + std::string(name) +
                          " either (detected with " + std::to_string(confidence) + "% confidence)"};
  }
  return DecodedText{std::move(*utf8), name, confidence};
}

}  // namespace shortlist::text
