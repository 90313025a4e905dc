#include "core/text/tokens.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "core/text/internal/icu.h"
#include "core/text/light_stem.h"
#include "core/text/unicode.h"

namespace shortlist::text {
namespace {

using internal::break_iterator;
using internal::Breaks;
using internal::to_unicode;
using internal::to_utf8;

// Stemmers are not thread-safe: each thread keeps its own, one per language.
sb_stemmer* stemmer(std::string_view language) {
  struct Free {
    void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
  };
  thread_local std::map<std::string, std::unique_ptr<sb_stemmer, Free>, std::less<>> cache;
  auto it = cache.find(language);
  if (it == cache.end()) {
    // libstemmer knows ISO 639-1 codes ("fr", "ar", "ru") as algorithm names.
    sb_stemmer* made = language.empty() || language == "und"
                           ? nullptr
                           : sb_stemmer_new(std::string(language).c_str(), "UTF_8");
    it = cache.emplace(std::string(language), std::unique_ptr<sb_stemmer, Free>(made)).first;
  }
  return it->second.get();
}

// ICU makes its normalisers once, thread-safely; asking through a
// function-local static makes that order visible to ThreadSanitizer too,
// which cannot see inside ICU.
const icu::Normalizer2& nfkc_casefold() {
  static const icu::Normalizer2* const folding = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* made = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC case folding unavailable");
    return made;
  }();
  return *folding;
}

}  // namespace

std::string fold_case(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = nfkc_casefold().normalize(to_unicode(utf8), status);
  return U_SUCCESS(status) ? to_utf8(folded) : std::string(utf8);
}

bool has_stemmer(std::string_view language) { return stemmer(language) != nullptr; }

namespace {

// Where Snowball is too weak for matching, rules of our own (light_stem.h).
using LightStemmer = std::string (*)(std::string_view);
LightStemmer light_stemmer(std::string_view language) {
  if (language == "ar") return &arabic_light_stem;
  if (language == "ru") return &russian_light_stem;
  return nullptr;
}

// French elides the article, some prepositions and pronouns before a vowel
// ("l'hameçonnage", "d’origine", "qu'une"); Snowball stems the word with
// them attached, so a term written without them would not match. The
// elided word is left out of the stem, as Lucene's ElisionFilter does for
// French.
std::string_view without_elision(std::string_view folded, std::string_view language) {
  if (language != "fr") return folded;
  static constexpr std::string_view kElided[] = {
      "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};
  for (const std::string_view apostrophe : {std::string_view("'"), std::string_view("\u2019")}) {
    const std::size_t at = folded.find(apostrophe);
    if (at == std::string_view::npos || at + apostrophe.size() >= folded.size()) continue;
    const std::string_view before = folded.substr(0, at);
    for (const std::string_view elided : kElided) {
      if (before == elided) return folded.substr(at + apostrophe.size());
    }
  }
  return folded;
}

struct FoldedWord {
  std::string folded, stem;
};

// A word's folded form and stem, as `tokenize` makes them. Words recur (a
// call's vocabulary is a few thousand words), so each thread keeps those it
// has made, per language, up to a bound.
const FoldedWord& folded_word(const std::string& piece, std::string_view language,
                              sb_stemmer* stem) {
  constexpr std::size_t kKept = 200000;
  thread_local std::map<std::string, std::unordered_map<std::string, FoldedWord>, std::less<>> kept;
  auto by_language = kept.find(language);
  if (by_language == kept.end()) by_language = kept.emplace(std::string(language), 0).first;
  auto& words = by_language->second;
  if (auto it = words.find(piece); it != words.end()) return it->second;
  if (words.size() >= kKept) words.clear();
  FoldedWord word;
  word.folded = fold_case(piece);
  word.stem = word.folded;
  if (const LightStemmer light = light_stemmer(language)) {
    word.stem = light(word.folded);
  } else if (stem != nullptr) {
    const std::string_view bare = without_elision(word.folded, language);
    word.stem = bare;
    const sb_symbol* stemmed = sb_stemmer_stem(
        stem, reinterpret_cast<const sb_symbol*>(bare.data()), static_cast<int>(bare.size()));
    if (stemmed != nullptr) {
      word.stem.assign(reinterpret_cast<const char*>(stemmed),
                       static_cast<std::size_t>(sb_stemmer_length(stem)));
    }
  }
  return words.emplace(piece, std::move(word)).first->second;
}

}  // namespace

std::vector<Token> tokenize(std::string_view utf8, std::string_view language) {
  const icu::UnicodeString text = to_unicode(utf8);
  icu::BreakIterator& words = break_iterator(language, Breaks::Words);
  words.setText(text);
  sb_stemmer* stem = stemmer(language);
  std::vector<Token> tokens;
  std::size_t byte = 0;  // UTF-8 offset of `start`
  for (int32_t start = words.first(), end = words.next(); end != icu::BreakIterator::DONE;
       start = end, end = words.next()) {
    const std::string piece = to_utf8(text.tempSubStringBetween(start, end));
    if (words.getRuleStatus() != UBRK_WORD_NONE) {
      const FoldedWord& word = folded_word(piece, language, stem);
      Token token;
      token.folded = word.folded;
      token.offset = byte;
      token.length = piece.size();
      token.stem = word.stem;
      tokens.push_back(std::move(token));
    }
    byte += piece.size();
  }
  return tokens;
}

void for_each_word(std::string_view utf8, std::string_view language,
                   const std::function<void(const WordForms&)>& visit) {
  const icu::UnicodeString text = to_unicode(utf8);
  // Sentence ends first (UTF-16 positions), so that each word can say which
  // sentence it is in as the word iterator passes.
  std::vector<int32_t> sentence_ends;
  icu::BreakIterator& sentences = break_iterator(language, Breaks::Sentences);
  sentences.setText(text);
  for (int32_t end = sentences.next(); end != icu::BreakIterator::DONE; end = sentences.next()) {
    sentence_ends.push_back(end);
  }
  icu::BreakIterator& words = break_iterator(language, Breaks::Words);
  words.setText(text);
  sb_stemmer* stem = stemmer(language);
  std::size_t byte = 0, sentence = 0;
  std::string piece;
  for (int32_t start = words.first(), end = words.next(); end != icu::BreakIterator::DONE;
       start = end, end = words.next()) {
    piece.clear();
    text.tempSubStringBetween(start, end).toUTF8String(piece);
    if (words.getRuleStatus() != UBRK_WORD_NONE) {
      while (sentence < sentence_ends.size() && sentence_ends[sentence] <= start) ++sentence;
      const FoldedWord& word = folded_word(piece, language, stem);
      visit(WordForms{word.folded, word.stem, byte, piece.size(), sentence});
    }
    byte += piece.size();
  }
}

std::size_t count_sentences(std::string_view utf8, std::string_view language) {
  const icu::UnicodeString text = to_unicode(utf8);
  icu::BreakIterator& sentences = break_iterator(language, Breaks::Sentences);
  sentences.setText(text);
  std::size_t count = 0;
  for (int32_t start = sentences.first(), end = sentences.next(); end != icu::BreakIterator::DONE;
       start = end, end = sentences.next()) {
    for (int32_t i = start; i < end; i = text.moveIndex32(i, 1)) {
      if (u_isalnum(text.char32At(i))) {
        ++count;
        break;
      }
    }
  }
  return count;
}

std::string clean_text(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  // Spacing is decided when the next visible character comes: pending
  // spaces collapse to one, pending line breaks to one or two.
  bool pending_space = false;
  int pending_breaks = 0;
  auto visible = [&](const char* bytes, std::size_t length) {
    if (!out.empty()) {
      if (pending_breaks > 0) {
        out += pending_breaks > 1 ? "\n\n" : "\n";
      } else if (pending_space) {
        out += ' ';
      }
    }
    pending_space = false;
    pending_breaks = 0;
    out.append(bytes, length);
  };
  auto line_break = [&] {
    pending_space = false;
    ++pending_breaks;
  };
  const auto* data = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    const uint8_t byte = data[i];
    if (byte < 0x80) {  // ASCII, most of most texts
      ++i;
      if (byte == '\n') {
        line_break();
      } else if (byte == '\r') {
        if (i >= length || data[i] != '\n') line_break();
      } else if (byte == ' ' || byte == '\t') {
        pending_space = true;
      } else if (byte == 0x0B || byte == 0x0C) {
        line_break();
      } else if (byte >= 0x20 && byte != 0x7F) {
        visible(utf8.data() + i - 1, 1);
      }
      continue;
    }
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(data, i, length, c);
    if (c < 0) continue;  // invalid bytes cannot be stored
    if (c == 0x2028 || c == 0x2029 || c == 0x85) {
      line_break();
    } else if (u_isUWhiteSpace(c)) {
      pending_space = true;
    } else if (u_charType(c) != U_CONTROL_CHAR) {
      visible(utf8.data() + start, static_cast<std::size_t>(i - start));
    }
  }
  return to_nfc(out);
}

}  // namespace shortlist::text
