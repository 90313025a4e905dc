#include "core/text/analysis.h"

#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <unordered_map>

#include "core/text/tokens.h"
#include "core/util/parallel.h"

namespace shortlist::text {
namespace {

constexpr std::uint32_t kMagic = 0x41544c53;  // "SLTA"
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kHeaderWords = 8;

// Proposals analysed side by side, then merged into the batch's table; in
// chunks, so that the per-proposal tables never all exist at once.
constexpr std::size_t kChunk = 512;

int script_of(std::string_view utf8) {
  const auto* data = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(data, i, length, c);
    if (c < 0) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_SUCCESS(status) && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) return script;
  }
  return USCRIPT_COMMON;
}

// One proposal's words, with ids into its own small table.
struct ProposalWords {
  std::vector<std::string> strings;
  std::vector<AnalysedPart> parts;  // first_word relative to `words`
  std::vector<AnalysedWord> words;
};

ProposalWords analyse(const Proposal& proposal) {
  ProposalWords out;
  std::unordered_map<std::string, std::uint32_t> ids;
  auto id = [&](std::string_view s) {
    auto [it, added] = ids.try_emplace(std::string(s), static_cast<std::uint32_t>(ids.size()));
    if (added) out.strings.push_back(it->first);
    return it->second;
  };
  const std::size_t parts = kFirstSectionPart + proposal.sections.size();
  for (std::size_t p = 0; p < parts; ++p) {
    const std::string_view language = part_language(proposal, p);
    AnalysedPart part{static_cast<std::uint32_t>(out.words.size()), 0, 0, id(language)};
    std::size_t last_sentence = 0;
    bool any = false;
    for_each_word(part_text(proposal, p), language, [&](const WordForms& w) {
      // Sentences numbered over those with words only.
      if (!any || w.sentence != last_sentence) ++part.sentences;
      any = true;
      last_sentence = w.sentence;
      out.words.push_back({static_cast<std::uint32_t>(w.offset),
                           static_cast<std::uint32_t>(w.length), id(w.folded), id(w.stem),
                           part.sentences - 1});
    });
    part.word_count = static_cast<std::uint32_t>(out.words.size() - part.first_word);
    out.parts.push_back(part);
  }
  return out;
}

}  // namespace

std::string_view part_language(const Proposal& proposal, std::size_t part) {
  if (part >= kFirstSectionPart && part - kFirstSectionPart < proposal.sections.size()) {
    const std::string& own = proposal.sections[part - kFirstSectionPart].language;
    if (!own.empty() && own != "und") return own;
  }
  return proposal.language;
}

std::string_view part_text(const Proposal& proposal, std::size_t part) {
  if (part == kTitlePart) return proposal.title;
  if (part == kSummaryPart) return proposal.summary;
  const std::size_t section = part - kFirstSectionPart;
  return section < proposal.sections.size() ? std::string_view(proposal.sections[section].text)
                                            : std::string_view();
}

TextAnalysis TextAnalysis::of(const std::vector<const Proposal*>& proposals, unsigned threads) {
  TextAnalysis a;
  std::unordered_map<std::string_view, std::uint32_t> ids;
  std::deque<std::string> strings;
  a.own_first_part_.push_back(0);
  for (std::size_t from = 0; from < proposals.size(); from += kChunk) {
    const std::size_t to = std::min(proposals.size(), from + kChunk);
    std::vector<ProposalWords> chunk(to - from);
    parallel_for_each(chunk.size(), threads,
                      [&](std::size_t i) { chunk[i] = analyse(*proposals[from + i]); });
    for (ProposalWords& words : chunk) {
      std::vector<std::uint32_t> global(words.strings.size());
      for (std::size_t i = 0; i < words.strings.size(); ++i) {
        auto found = ids.find(words.strings[i]);
        if (found == ids.end()) {
          strings.push_back(std::move(words.strings[i]));
          found = ids.emplace(strings.back(), static_cast<std::uint32_t>(ids.size())).first;
        }
        global[i] = found->second;
      }
      const auto base = static_cast<std::uint32_t>(a.own_words_.size());
      for (AnalysedPart part : words.parts) {
        part.first_word += base;
        part.language = global[part.language];
        a.own_parts_.push_back(part);
      }
      for (AnalysedWord word : words.words) {
        word.folded = global[word.folded];
        word.stem = global[word.stem];
        a.own_words_.push_back(word);
      }
      a.own_first_part_.push_back(static_cast<std::uint32_t>(a.own_parts_.size()));
    }
  }
  a.own_string_offsets_.reserve(strings.size() + 1);
  a.own_scripts_.reserve(strings.size());
  for (const std::string& s : strings) {
    a.own_string_offsets_.push_back(static_cast<std::uint32_t>(a.own_strings_.size()));
    a.own_scripts_.push_back(script_of(s));
    a.own_strings_.insert(a.own_strings_.end(), s.begin(), s.end());
    a.own_strings_.push_back('\0');
  }
  a.own_string_offsets_.push_back(static_cast<std::uint32_t>(a.own_strings_.size()));
  a.proposal_count_ = proposals.size();
  a.point_at_owned();
  return a;
}

TextAnalysis TextAnalysis::borrow(const TextAnalysis& other) {
  TextAnalysis a;
  a.proposal_count_ = other.proposal_count_;
  a.part_total_ = other.part_total_;
  a.word_count_ = other.word_count_;
  a.string_count_ = other.string_count_;
  a.first_part_ = other.first_part_;
  a.parts_ = other.parts_;
  a.words_ = other.words_;
  a.string_offsets_ = other.string_offsets_;
  a.scripts_ = other.scripts_;
  a.strings_ = other.strings_;
  a.string_bytes_ = other.string_bytes_;
  return a;
}

void TextAnalysis::point_at_owned() {
  part_total_ = own_parts_.size();
  word_count_ = own_words_.size();
  string_count_ = own_scripts_.size();
  first_part_ = own_first_part_.data();
  parts_ = own_parts_.data();
  words_ = own_words_.data();
  string_offsets_ = own_string_offsets_.data();
  scripts_ = own_scripts_.data();
  strings_ = own_strings_.data();
  string_bytes_ = own_strings_.size();
}

std::size_t TextAnalysis::part_count(std::size_t proposal) const {
  return proposal < proposal_count_ ? first_part_[proposal + 1] - first_part_[proposal] : 0;
}

const AnalysedPart* TextAnalysis::part(std::size_t proposal, std::size_t part) const {
  if (part >= part_count(proposal)) return nullptr;
  return &parts_[first_part_[proposal] + part];
}

std::span<const AnalysedWord> TextAnalysis::words(const AnalysedPart& part) const {
  return {words_ + part.first_word, part.word_count};
}

std::string_view TextAnalysis::string(std::uint32_t id) const {
  if (id >= string_count_) return {};
  return {strings_ + string_offsets_[id], string_offsets_[id + 1] - string_offsets_[id] - 1};
}

int TextAnalysis::script(std::uint32_t id) const {
  return id < string_count_ ? scripts_[id] : USCRIPT_COMMON;
}

namespace {

bool write_bytes(int fd, const void* data, std::size_t size) {
  const char* at = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = ::write(fd, at, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    at += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

std::size_t padded(std::size_t bytes) { return (bytes + 3) / 4 * 4; }

}  // namespace

// The layout: a header of eight numbers (magic, version, proposals, parts,
// words, strings, string bytes, 0), then each proposal's first part (and
// one past the last), the parts, the words, each string's offset (and one
// past the last), the strings' scripts, and the strings' bytes padded to 4.
bool TextAnalysis::write_to(int fd) const {
  const std::uint32_t header[kHeaderWords] = {kMagic,
                                              kVersion,
                                              static_cast<std::uint32_t>(proposal_count_),
                                              static_cast<std::uint32_t>(part_total_),
                                              static_cast<std::uint32_t>(word_count_),
                                              static_cast<std::uint32_t>(string_count_),
                                              static_cast<std::uint32_t>(string_bytes_),
                                              0};
  const char padding[4] = {};
  return write_bytes(fd, header, sizeof header) &&
         write_bytes(fd, first_part_, (proposal_count_ + 1) * 4) &&
         write_bytes(fd, parts_, part_total_ * sizeof(AnalysedPart)) &&
         write_bytes(fd, words_, word_count_ * sizeof(AnalysedWord)) &&
         write_bytes(fd, string_offsets_, (string_count_ + 1) * 4) &&
         write_bytes(fd, scripts_, string_count_ * 4) && write_bytes(fd, strings_, string_bytes_) &&
         write_bytes(fd, padding, padded(string_bytes_) - string_bytes_);
}

std::optional<TextAnalysis> TextAnalysis::view(std::string_view bytes) {
  if (bytes.size() < kHeaderWords * 4 || reinterpret_cast<std::uintptr_t>(bytes.data()) % 4 != 0) {
    return std::nullopt;
  }
  std::uint32_t header[kHeaderWords];
  std::memcpy(header, bytes.data(), sizeof header);
  if (header[0] != kMagic || header[1] != kVersion) return std::nullopt;
  TextAnalysis a;
  a.proposal_count_ = header[2];
  a.part_total_ = header[3];
  a.word_count_ = header[4];
  a.string_count_ = header[5];
  a.string_bytes_ = header[6];
  const std::size_t expected = sizeof header + (a.proposal_count_ + 1) * 4 +
                               a.part_total_ * sizeof(AnalysedPart) +
                               a.word_count_ * sizeof(AnalysedWord) + (a.string_count_ + 1) * 4 +
                               a.string_count_ * 4 + padded(a.string_bytes_);
  if (bytes.size() != expected) return std::nullopt;
  const char* at = bytes.data() + sizeof header;
  auto take = [&](std::size_t size) {
    const char* here = at;
    at += size;
    return here;
  };
  a.first_part_ = reinterpret_cast<const std::uint32_t*>(take((a.proposal_count_ + 1) * 4));
  a.parts_ = reinterpret_cast<const AnalysedPart*>(take(a.part_total_ * sizeof(AnalysedPart)));
  a.words_ = reinterpret_cast<const AnalysedWord*>(take(a.word_count_ * sizeof(AnalysedWord)));
  a.string_offsets_ = reinterpret_cast<const std::uint32_t*>(take((a.string_count_ + 1) * 4));
  a.scripts_ = reinterpret_cast<const std::int32_t*>(take(a.string_count_ * 4));
  a.strings_ = take(a.string_bytes_);
  // What the accessors trust: indices within their arrays, in order.
  for (std::size_t p = 0; p < a.proposal_count_; ++p) {
    if (a.first_part_[p] > a.first_part_[p + 1]) return std::nullopt;
  }
  if (a.first_part_[0] != 0 || a.first_part_[a.proposal_count_] != a.part_total_) {
    return std::nullopt;
  }
  for (std::size_t p = 0; p < a.part_total_; ++p) {
    const AnalysedPart& part = a.parts_[p];
    if (part.first_word > a.word_count_ || part.word_count > a.word_count_ - part.first_word) {
      return std::nullopt;
    }
  }
  for (std::size_t s = 0; s < a.string_count_; ++s) {
    if (a.string_offsets_[s] >= a.string_offsets_[s + 1]) return std::nullopt;
  }
  if (a.string_count_ > 0 &&
      (a.string_offsets_[0] != 0 || a.string_offsets_[a.string_count_] != a.string_bytes_)) {
    return std::nullopt;
  }
  return a;
}

}  // namespace shortlist::text
