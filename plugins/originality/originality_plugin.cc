// originality: how much of a proposal's text also appears in another
// proposal of the same call — reused or copied passages, found across the
// whole corpus in the corpus pass.
//
//   plugin: originality
//   measure: originality        # 1 - reuse (default), or: reuse
//   params: {shingle: 5, flag_above: 0.2, common_in: 0.05, common_max: 50}
//
// Each proposal's words (case-folded by the host, in its language) are cut
// into overlapping shingles of `shingle` words. Shingles that many
// proposals share (more than `common_in` of them or more than `common_max`,
// and more than 3) are the call's own phrasing and are ignored. MinHash signatures (128 hashes)
// banded for locality-sensitive hashing (64 bands of 2) propose candidate
// pairs; each candidate is confirmed exactly: the reuse of A from B is the
// share of A's shingles that also occur in B.
//
// Of two proposals that share text, the one submitted first is the
// original: only the later one is charged. A proposal's reuse is its largest
// from a proposal submitted before it, and the explanation names that
// proposal by title and tracking code and quotes the longest passage they
// share; the original's explanation names the later copy, at no cost to it.
// "Before" is by the host's `submitted_at` (when the store first received
// the proposal, else its file's modification time), and where the two times
// are equal or unknown, by the order of the corpus pass.
// It reads the host's analysis of the text where the host has one (ABI
// 1.3), and cannot do without the host's tokens (ABI 1.1) otherwise: an
// older host refuses it.
#define SL_PLUGIN_MIN_HOST_MINOR 1

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <shortlist/plugin.hpp>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace sdk = shortlist::sdk;

namespace {

constexpr std::size_t kHashes = 128, kBands = 64, kRows = kHashes / kBands;

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 1469598103934665603ULL) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string percent(double share) { return std::to_string(std::lround(100 * share)) + "%"; }

// What the corpus pass keeps of a proposal: its shingles as a sorted set,
// about 8 bytes a word. The text is rebuilt from the proposal when a
// passage is quoted.
struct Document {
  std::string id;
  std::string name;                     // how an explanation names it: title and tracking code
  std::string submitted_at;             // ISO 8601 UTC; "" when the host does not say
  std::vector<std::uint64_t> distinct;  // sorted; after end(), without the call's common phrases
  std::size_t best = SIZE_MAX;          // the earlier proposal it reuses most from
  double reuse = 0;
  std::size_t copied_by = SIZE_MAX;  // the later proposal that reuses most of it
  double copied = 0;                 // the share of its text found in that one
};

// "“Title” (tracking code 7Q2M-KD4X-9TBW)": a title and a code an organiser
// can look up, never the bare id a generator made up. Without a code (a host
// older than this plugin's rule), the id stands in.
std::string name_of(const sdk::Proposal& proposal) {
  const std::optional<std::string_view> code = proposal.text("tracking_code");
  std::string name = "\u201c" + std::string(proposal.title()) + "\u201d";
  if (code && !code->empty()) return name + " (tracking code " + std::string(*code) + ")";
  return name + " (id " + std::string(proposal.id()) + ")";
}

// A proposal's text as one string (title, summary, sections), cut into
// shingles in reading order, each with its byte span.
struct Shingled {
  std::string text;
  std::vector<std::uint64_t> shingles;
  std::vector<std::pair<std::size_t, std::size_t>> spans;
};

class Originality {
 public:
  Originality(const sdk::Params& params, std::string_view measure)
      : reuse_measure_(measure == "reuse"),
        shingle_(static_cast<std::size_t>(params.number_or("shingle", 5))),
        flag_above_(params.number_or("flag_above", 0.2)),
        common_in_(params.number_or("common_in", 0.05)),
        common_max_(params.number_or("common_max", 50)) {
    for (const std::string& key : params.keys("")) {
      if (key != "shingle" && key != "flag_above" && key != "common_in" && key != "common_max") {
        throw sdk::Error("unknown param '" + key +
                         "' (known: shingle, flag_above, common_in, common_max)");
      }
    }
    if (common_max_ < 3 || common_max_ != std::floor(common_max_))
      throw sdk::Error("common_max must be a whole number of proposals, 3 or more");
    if (shingle_ < 2 || shingle_ > 20) throw sdk::Error("shingle must be from 2 to 20 words");
    if (flag_above_ < 0 || flag_above_ > 1) throw sdk::Error("flag_above must be from 0 to 1");
    if (common_in_ <= 0 || common_in_ > 1) throw sdk::Error("common_in must be above 0, at most 1");
  }

  void begin(std::size_t count) { documents_.reserve(count); }

  void observe(const sdk::Proposal& proposal) {
    Document d;
    d.id = proposal.id();
    d.name = name_of(proposal);
    d.submitted_at = proposal.text("submitted_at").value_or("");
    d.distinct = shingle(proposal).shingles;
    std::sort(d.distinct.begin(), d.distinct.end());
    d.distinct.erase(std::unique(d.distinct.begin(), d.distinct.end()), d.distinct.end());
    d.distinct.shrink_to_fit();
    index_[d.id] = documents_.size();
    documents_.push_back(std::move(d));
  }

  void end() {
    // The call's own phrasing: shingles in many proposals. They are counted
    // a sixteenth of the hash range at a time (each proposal's sorted set
    // holds that range in one stretch), laid end to end and sorted: counting
    // takes half a byte per shingle of the corpus, not eight.
    const double limit =
        std::max(3.0, std::min(common_max_, common_in_ * static_cast<double>(documents_.size())));
    std::vector<std::uint64_t> common;
    std::vector<std::uint64_t> part;
    for (std::uint64_t range = 0; range < 16; ++range) {
      const std::uint64_t low = range << 60;
      part.clear();
      for (const Document& d : documents_) {
        auto from = std::lower_bound(d.distinct.begin(), d.distinct.end(), low);
        auto to = range == 15 ? d.distinct.end()
                              : std::lower_bound(from, d.distinct.end(), (range + 1) << 60);
        part.insert(part.end(), from, to);
      }
      std::sort(part.begin(), part.end());
      for (std::size_t i = 0, j; i < part.size(); i = j) {
        for (j = i + 1; j < part.size() && part[j] == part[i];) ++j;
        if (static_cast<double>(j - i) > limit) common.push_back(part[i]);
      }
    }
    std::vector<std::uint64_t>().swap(part);
    for (Document& d : documents_) {
      std::erase_if(d.distinct, [&](std::uint64_t s) {
        return std::binary_search(common.begin(), common.end(), s);
      });
    }
    // MinHash signatures and LSH bands: candidates share a whole band. Each
    // band key of each document is one entry; sorting them groups a bucket.
    struct Entry {
      std::uint64_t band, key;
      std::uint32_t document;
      bool operator<(const Entry& o) const {
        return std::tie(band, key, document) < std::tie(o.band, o.key, o.document);
      }
    };
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < documents_.size(); ++i) {
      if (documents_[i].distinct.empty()) continue;
      std::vector<std::uint64_t> signature(kHashes, UINT64_MAX);
      for (std::uint64_t s : documents_[i].distinct) {
        for (std::size_t h = 0; h < kHashes; ++h) {
          signature[h] = std::min(signature[h], mix(s ^ (0x5bd1e995ULL * (h + 1))));
        }
      }
      for (std::size_t band = 0; band < kBands; ++band) {
        std::uint64_t key = 1469598103934665603ULL;
        for (std::size_t r = 0; r < kRows; ++r) key = mix(key ^ signature[band * kRows + r]);
        entries.push_back({band, key, static_cast<std::uint32_t>(i)});
      }
    }
    std::sort(entries.begin(), entries.end());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> candidates;
    for (std::size_t first = 0, last; first < entries.size(); first = last) {
      last = first + 1;
      while (last < entries.size() && entries[last].band == entries[first].band &&
             entries[last].key == entries[first].key)
        ++last;
      for (std::size_t a = first; a < last; ++a) {
        for (std::size_t b = a + 1; b < last; ++b)
          candidates.emplace_back(entries[a].document, entries[b].document);
      }
    }
    std::vector<Entry>().swap(entries);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    // Exact confirmation: the share of each one's shingles found in the other
    // (both sorted, so one merge).
    for (const auto& [a, b] : candidates) {
      Document& x = documents_[a];
      Document& y = documents_[b];
      std::size_t shared = 0;
      for (auto i = x.distinct.begin(), j = y.distinct.begin();
           i != x.distinct.end() && j != y.distinct.end();) {
        if (*i < *j)
          ++i;
        else if (*j < *i)
          ++j;
        else
          ++shared, ++i, ++j;
      }
      if (shared == 0) continue;
      const bool x_first = submitted_before(a, b);
      Document& original = x_first ? x : y;
      Document& copy = x_first ? y : x;
      const double of_copy =
          static_cast<double>(shared) / static_cast<double>(copy.distinct.size());
      const double of_original =
          static_cast<double>(shared) / static_cast<double>(original.distinct.size());
      if (of_copy > copy.reuse) copy.reuse = of_copy, copy.best = x_first ? a : b;
      if (of_original > original.copied)
        original.copied = of_original, original.copied_by = x_first ? b : a;
    }
  }

  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    const auto it = index_.find(std::string(proposal.id()));
    if (it == index_.end()) return score.missing("the proposal was not in the corpus pass");
    const Document& d = documents_[it->second];
    if (d.distinct.empty()) {
      return score.missing("the text is shorter than " + std::to_string(shingle_) + " words");
    }
    score.value(reuse_measure_ ? d.reuse : 1 - d.reuse);
    if (d.best == SIZE_MAX) {
      if (d.copied_by == SIZE_MAX) {
        return score.explain("no passage of " + std::to_string(shingle_) +
                             " words or more in common with another proposal, beyond the "
                             "call's common phrases");
      }
      return score.explain("nothing in common with a proposal submitted before it; " +
                           percent(d.copied) + " of its text appears in " +
                           documents_[d.copied_by].name +
                           ", submitted after it, which is charged with the reuse");
    }
    const Document& other = documents_[d.best];
    if (d.reuse <= flag_above_) {
      return score.explain("at most " + percent(d.reuse) + " of its text also appears in " +
                           other.name + ", submitted before it, under the " + percent(flag_above_) +
                           " that flags reuse");
    }
    const std::string passage = longest_shared(shingle(proposal), d, other);
    score.explain(percent(d.reuse) + " of its text also appears in " + other.name +
                  ", submitted before it, for instance: \u201c" + passage + "\u201d");
    score.evidence(other.name, passage);
  }

 private:
  Shingled shingle(const sdk::Proposal& proposal) const {
    Shingled s;
    s.text =
        std::string(proposal.title()) + "\n" + std::string(proposal.text("summary").value_or(""));
    for (const sdk::Proposal::Section& section : proposal.sections()) {
      s.text += "\n" + std::string(section.text);
    }
    std::vector<sdk::Proposal::Token> tokens;  // what the words point into, on an older host
    const std::vector<Word> words = words_of(proposal, s.text, tokens);
    for (std::size_t i = 0; i + shingle_ <= words.size(); ++i) {
      std::uint64_t hash = 1469598103934665603ULL;
      for (std::size_t k = 0; k < shingle_; ++k) {
        hash = fnv1a(words[i + k].folded, hash);
        hash = fnv1a(" ", hash);
      }
      s.shingles.push_back(hash);
      const Word& last = words[i + shingle_ - 1];
      s.spans.push_back({words[i].offset, last.offset + last.length});
    }
    return s;
  }

  struct Word {
    std::string_view folded;
    std::size_t offset, length;  // in the joined text
  };

  // The folded words of `text`, which joins title, summary and sections
  // with a line break (where words always break): from the host's analysis
  // of each part where it has one (ABI 1.3), else its tokens of the whole.
  static std::vector<Word> words_of(const sdk::Proposal& proposal, const std::string& text,
                                    std::vector<sdk::Proposal::Token>& tokens) {
    std::vector<Word> out;
    const std::size_t sections = proposal.sections().size();
    std::size_t at = 0;  // where the part starts in `text`
    bool analysed = true;
    for (std::size_t p = 0; p < sections + 2 && analysed; ++p) {
      const std::size_t part = p == 0   ? sdk::Proposal::title_part
                               : p == 1 ? sdk::Proposal::summary_part
                                        : p - 2;
      const std::optional<sdk::Proposal::Words> words = proposal.words(part);
      analysed = words.has_value();
      if (!analysed) break;
      for (const sl_word& w : *words) out.push_back({words->folded(w), at + w.offset, w.length});
      at += words->text().size() + 1;
    }
    if (analysed && at == text.size() + 1) return out;
    out.clear();
    tokens = proposal.tokens(text);
    for (const sdk::Proposal::Token& t : tokens) out.push_back({t.folded, t.offset, t.length});
    return out;
  }

  // Whether documents_[a] was submitted before documents_[b]: by their
  // times where both are known and differ, else by the corpus pass's order.
  bool submitted_before(std::size_t a, std::size_t b) const {
    const std::string& at_a = documents_[a].submitted_at;
    const std::string& at_b = documents_[b].submitted_at;
    if (!at_a.empty() && !at_b.empty() && at_a != at_b) return at_a < at_b;
    return a < b;
  }

  static bool has(const Document& d, std::uint64_t shingle) {
    return std::binary_search(d.distinct.begin(), d.distinct.end(), shingle);
  }

  // The longest run of consecutive shingles of `d` (as `s` cuts its text)
  // that `other` also has, as written in `d`, cut at about 300 bytes on a
  // word boundary.
  static std::string longest_shared(const Shingled& s, const Document& d, const Document& other) {
    std::size_t best_start = 0, best_length = 0;
    for (std::size_t i = 0; i < s.shingles.size();) {
      if (!has(other, s.shingles[i]) || !has(d, s.shingles[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < s.shingles.size() && has(other, s.shingles[j])) ++j;
      if (j - i > best_length) best_start = i, best_length = j - i;
      i = j;
    }
    if (best_length == 0) return "";
    const std::size_t from = s.spans[best_start].first;
    std::size_t to = s.spans[best_start + best_length - 1].second;
    std::string passage = s.text.substr(from, to - from);
    if (passage.size() > 300) {
      std::size_t cut = passage.rfind(' ', 300);
      passage = passage.substr(0, cut == std::string::npos ? 300 : cut) + " \u2026";
    }
    for (char& c : passage) {
      if (c == '\n') c = ' ';
    }
    return passage;
  }

  bool reuse_measure_;
  std::size_t shingle_;
  double flag_above_;
  double common_in_;
  double common_max_;
  std::vector<Document> documents_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace

SHORTLIST_PLUGIN(Originality, "originality", "1.2.0",
                 "Text reused from other proposals of the call: MinHash and LSH over word "
                 "shingles, confirmed exactly",
                 "originality", "reuse")
