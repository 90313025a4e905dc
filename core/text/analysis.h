// TextAnalysis: every proposal of a batch cut into words once — each word's
// place in its text, folded form, stem and sentence, in its text's language
// — for every plugin to read instead of breaking and stemming the text again
// (the host hands it out through `text_words` of <shortlist/plugin.h>).
//
//   TextAnalysis analysis = TextAnalysis::of(proposals, threads);
//   const AnalysedPart* summary = analysis.part(0, kSummaryPart);
//   for (const AnalysedWord& w : analysis.words(*summary))
//     use(proposals[0]->summary.substr(w.offset, w.length), analysis.string(w.stem));
//
// It is compact: a word is five numbers, and its folded form and stem are ids
// into one string table for the batch, where each distinct form is kept
// once. It is written out as one flat buffer (write_to), which worker
// processes map read-only (TextAnalysis::view) instead of each getting a
// copy.
//
// A proposal's parts are its title, its summary and its sections in order.
// Title and summary are read in the proposal's language, a section in its
// own, or the proposal's when its own is unknown ("und"); words and stems are
// exactly those `tokenize` gives for that text and language.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/proposal.h"

namespace shortlist::text {

// Laid out as sl_word of <shortlist/plugin.h>.
struct AnalysedWord {
  std::uint32_t offset;    // bytes into its part's text
  std::uint32_t length;    // in bytes
  std::uint32_t folded;    // string id of the NFKC case-folded word
  std::uint32_t stem;      // string id of its stem (the folded id where there is no stemmer)
  std::uint32_t sentence;  // its sentence in the part, from 0, counting those with words
};

struct AnalysedPart {
  std::uint32_t first_word;  // into the batch's words
  std::uint32_t word_count;
  std::uint32_t sentences;  // sentences with words
  std::uint32_t language;   // string id of the language it was read in
};

inline constexpr std::size_t kTitlePart = 0;
inline constexpr std::size_t kSummaryPart = 1;
inline constexpr std::size_t kFirstSectionPart = 2;

// The language a part is read in (see above).
std::string_view part_language(const Proposal& proposal, std::size_t part);
// The text of a part; "" past the last.
std::string_view part_text(const Proposal& proposal, std::size_t part);

class TextAnalysis {
 public:
  // Analyses the proposals, on up to `threads` threads (0: every core).
  // Texts must be valid UTF-8, as ingestion leaves them.
  static TextAnalysis of(const std::vector<const Proposal*>& proposals, unsigned threads = 1);
  static TextAnalysis of(const Proposal& proposal) { return of({&proposal}); }
  // Reads the bytes another analysis wrote (write_to), without copying them:
  // they must outlive the view. Nullopt when they are not an analysis.
  static std::optional<TextAnalysis> view(std::string_view bytes);
  // The same analysis without owning it: `other` must outlive it.
  static TextAnalysis borrow(const TextAnalysis& other);

  std::size_t proposal_count() const { return proposal_count_; }
  std::size_t part_count(std::size_t proposal) const;
  // Nullptr past the last proposal or part.
  const AnalysedPart* part(std::size_t proposal, std::size_t part) const;
  std::span<const AnalysedWord> words(const AnalysedPart& part) const;

  std::size_t string_count() const { return string_count_; }
  // The string with that id ("" for an unknown id); it ends in a NUL.
  std::string_view string(std::uint32_t id) const;
  // The ICU script (UScriptCode) of a string: that of its first letter of
  // a script other than Common and Inherited, else Common (0).
  int script(std::uint32_t id) const;

  // Writes the whole analysis to a file descriptor, as view() reads it;
  // false when writing failed.
  bool write_to(int fd) const;

  // Moving keeps the vectors' buffers, so the pointers stay right.
  TextAnalysis(TextAnalysis&&) noexcept = default;
  TextAnalysis& operator=(TextAnalysis&&) noexcept = default;
  TextAnalysis(const TextAnalysis&) = delete;
  TextAnalysis& operator=(const TextAnalysis&) = delete;
  ~TextAnalysis() = default;

 private:
  TextAnalysis() = default;
  void point_at_owned();  // sets the pointers below to the vectors

  // What an analysis made here owns; empty for a view.
  std::vector<std::uint32_t> own_first_part_;
  std::vector<AnalysedPart> own_parts_;
  std::vector<AnalysedWord> own_words_;
  std::vector<std::uint32_t> own_string_offsets_;
  std::vector<std::int32_t> own_scripts_;
  std::vector<char> own_strings_;  // not a std::string: a short one moves its bytes
  std::size_t proposal_count_ = 0, part_total_ = 0, word_count_ = 0, string_count_ = 0;
  const std::uint32_t* first_part_ = nullptr;  // per proposal, and one past
  const AnalysedPart* parts_ = nullptr;
  const AnalysedWord* words_ = nullptr;
  const std::uint32_t* string_offsets_ = nullptr;  // per string, and one past
  const std::int32_t* scripts_ = nullptr;
  const char* strings_ = nullptr;
  std::size_t string_bytes_ = 0;
};

}  // namespace shortlist::text
