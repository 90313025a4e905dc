// ICU plumbing shared by the text services; not for use outside core/text/.
#pragma once

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <string>
#include <string_view>

namespace shortlist::text::internal {

icu::UnicodeString to_unicode(std::string_view utf8);
std::string to_utf8(const icu::UnicodeString& text);

enum class Breaks { Characters, Words, Sentences };

// This thread's break iterator for a language and kind. Break iterators are
// costly to build; each thread keeps one per language and kind.
icu::BreakIterator& break_iterator(std::string_view language, Breaks kind);

}  // namespace shortlist::text::internal
