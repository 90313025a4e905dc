// Language-aware text processing for matching: ICU word segmentation, NFKC
// case folding, Snowball stemming (libstemmer) for the languages it has,
// light stemming rules of our own for Arabic and Russian (light_stem.h), and
// the clean-up applied to everything stored.
//
//   for (const Token& t : tokenize("Les exportatrices numérisent", "fr"))
//     use(t.folded /* "exportatrices" */, t.stem /* "exportatric" */);
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace shortlist::text {

struct Token {
  std::string folded;      // NFKC case-folded: "Ｅ-Commerce" and "e-commerce" match
  std::string stem;        // stem of `folded`, or `folded` where there is no stemmer
  std::size_t offset = 0;  // byte offset of the word in the input
  std::size_t length = 0;  // its length in bytes
};

// Word tokens (letters, digits, kana, ideographs; not punctuation or space).
std::vector<Token> tokenize(std::string_view utf8, std::string_view language);

// The same words without a copy of each: `visit` sees each word's folded
// form and stem (valid during the call), its place in the input and the
// ICU sentence it is in (counted from 0 over every sentence, with words or
// not). What the host's text analysis (analysis.h) is made of.
struct WordForms {
  std::string_view folded, stem;
  std::size_t offset = 0, length = 0;
  std::size_t sentence = 0;
};
void for_each_word(std::string_view utf8, std::string_view language,
                   const std::function<void(const WordForms&)>& visit);

// NFKC case folding, for matching only; what is shown stays as written.
std::string fold_case(std::string_view utf8);

bool has_stemmer(std::string_view language);

std::size_t count_sentences(std::string_view utf8, std::string_view language);

// What is stored and shown: control characters removed (line breaks and tabs
// kept as spacing), spaces and tabs runs collapsed, lines trimmed, at most
// one blank line in a row, CRLF as LF, NFC. Format characters such as the
// bidirectional marks are kept.
std::string clean_text(std::string_view utf8);

}  // namespace shortlist::text
