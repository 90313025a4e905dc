// Turning the bytes an applicant sent into UTF-8, or saying why not.
//
// A byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE). Without one,
// valid UTF-8 is taken as UTF-8; anything else goes to ICU's charset detector
// and is converted with ICU, strictly: a byte the detected encoding cannot
// map is a failure, never a replacement character, so mojibake is never
// stored.
//
//   Expected<DecodedText> text = decode_to_utf8(bytes);
//   if (text) use(text->utf8, text->encoding, text->confidence);
#pragma once

#include <string>
#include <string_view>

#include "core/util/diagnostic.h"

namespace shortlist::text {

struct DecodedText {
  std::string utf8;
  std::string encoding;  // "UTF-8", "UTF-16LE", "windows-1252", "Shift_JIS", ...
  int confidence = 0;    // 100 for a BOM or valid UTF-8; ICU's 0-100 otherwise
};

// Detections less confident than this are refused rather than guessed.
inline constexpr int kMinimumConfidence = 10;

// Problems carry only a message.
Expected<DecodedText> decode_to_utf8(std::string_view bytes);

}  // namespace shortlist::text
