// What a PDF stream decodes to, measured before poppler decodes it. A stream
// names its filters in its dictionary (`/Filter /FlateDecode`, or a chain:
// `/Filter [/ASCII85Decode /FlateDecode]`); the ones that can expand data
// (Flate, LZW, run length) and the ASCII encodings around them are decoded
// here as poppler decodes them, leniently: damaged data ends a layer, and
// what came before the damage is kept and passed on, since poppler shows it.
// Nothing is kept but the count, and memory stays the same whatever the
// data expands to.
//
//   if (auto filters = pdf::filters_named(dictionary))
//     if (pdf::decoded_size(data, *filters, limit) > limit) refuse();
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace shortlist::ingest::pdf {

enum class Filter { Flate, Lzw, RunLength, AsciiHex, Ascii85 };

// The filters of a stream dictionary's /Filter entry, in the order they
// apply, up to the first this reader does not decode (the image codecs:
// DCT, JPX, JBIG2, CCITT fax; and Crypt). Empty when there is no /Filter.
std::vector<Filter> filters_named(std::string_view dictionary);

// The most bytes any layer of decoding `data` through `filters` gives,
// counted until one passes `limit`: usually what the last layer gives, but
// a layer of Flate that expands to a gigabyte of spaces an ASCII layer
// then skips costs as much to decode as a gigabyte of text.
std::uintmax_t decoded_size(std::string_view data, const std::vector<Filter>& filters,
                            std::uintmax_t limit);

}  // namespace shortlist::ingest::pdf
