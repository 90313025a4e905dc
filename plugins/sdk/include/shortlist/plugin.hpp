// shortlist/plugin.hpp — the C++ way to write a Shortlist scoring plugin.
//
// Write one class with a constructor taking the criterion's params and a
// `score` member, then name it in SHORTLIST_PLUGIN. Everything that crosses
// into the host is converted to the C ABI of <shortlist/plugin.h>; any
// exception thrown by your code is caught here and reported to the host.
//
//   #include <shortlist/plugin.hpp>
//   namespace sdk = shortlist::sdk;
//
//   class SummaryLength {
//    public:
//     SummaryLength(const sdk::Params& params, std::string_view /*measure*/)
//         : cap_(params.number_or("cap", 300)) {}
//     void score(const sdk::Proposal& p, sdk::Score& s) {
//       double words = double(p.count_words(p.text("summary").value_or("")));
//       s.value(words < cap_ ? words : cap_);
//       s.explain(std::to_string(int(words)) + " words in the summary");
//     }
//    private:
//     double cap_;
//   };
//   SHORTLIST_PLUGIN(SummaryLength, "summary_length", "1.0.0",
//                    "Words in the summary, capped", "words")
//
// A class that also declares `observe(const sdk::Proposal&)` (and optionally
// `begin(std::size_t)` and `end()`) gets the corpus pass: the host shows it
// every proposal before the first `score`.
//
// The plugin runs on any host of ABI 1.0 or later unless it defines
// SL_PLUGIN_MIN_HOST_MINOR before including this header. What a later minor
// added is offered on an older host as "not available": `languages()` is
// nullopt before 1.2, `words()` nullopt before 1.3 (use `tokens()` then), and
// `tokens()` and `count_sentences()` throw before 1.1
// (a plugin that cannot do without them defines SL_PLUGIN_MIN_HOST_MINOR 1,
// and an older host refuses it as it loads instead).
#ifndef SHORTLIST_PLUGIN_HPP
#define SHORTLIST_PLUGIN_HPP

#include <shortlist/plugin.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shortlist::sdk {

// Throw this (or any std::exception) from a constructor or `score` to fail
// with a message; the host shows it with the plugin's name.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// True when the host's function table is recent enough to have `member`.
#define SHORTLIST_HOST_HAS(host, member) SL_HOST_HAS(host, member)

// The criterion's params, read by dotted path.
class Params {
 public:
  Params(const sl_host_api* host, const sl_params* params, std::string_view json)
      : host_(host), params_(params), json_(json) {}

  // The number at path; nullopt when absent; throws Error when not a number.
  std::optional<double> number(const std::string& path) const {
    double out = 0;
    switch (host_->param_number(params_, path.c_str(), &out)) {
      case 1:
        return out;
      case 0:
        return std::nullopt;
      default:
        throw Error("param '" + path + "' must be a number");
    }
  }
  double number_or(const std::string& path, double fallback) const {
    return number(path).value_or(fallback);
  }
  std::optional<std::string> text(const std::string& path) const {
    const char* value = host_->param_text(params_, path.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  }
  std::size_t size(const std::string& path) const {
    return host_->param_size(params_, path.c_str());
  }
  // Keys of the object at path, in the order they were written.
  std::vector<std::string> keys(const std::string& path) const {
    std::vector<std::string> result;
    for (std::size_t i = 0, n = size(path); i < n; ++i) {
      const char* key = host_->param_key(params_, path.c_str(), i);
      if (key != nullptr) result.emplace_back(key);
    }
    return result;
  }
  bool has(const std::string& path) const {
    double ignored = 0;
    return host_->param_number(params_, path.c_str(), &ignored) == 1 ||
           host_->param_text(params_, path.c_str()) != nullptr || size(path) > 0;
  }
  // The raw JSON, for plugins that prefer their own parser.
  std::string_view json() const { return json_; }

 private:
  const sl_host_api* host_;
  const sl_params* params_;
  std::string_view json_;
};

// One proposal, read-only, valid during the callback.
class Proposal {
 public:
  struct LanguageShare {
    std::string_view code;
    int percent;  // of the text
  };

  struct Section {
    std::string_view name;
    std::string_view text;
    std::string_view language;  // "und" when unknown, or with a host older than ABI 1.1
    // Largest first; nullopt with a host older than ABI 1.2.
    std::optional<std::vector<LanguageShare>> languages;
  };

  struct Token {
    std::string folded;  // case-folded word
    std::string stem;    // its stem, or the folded word where there is no stemmer
    std::size_t offset;  // bytes into the text
    std::size_t length;
  };

  // The host's analysis of one part of the proposal (ABI 1.3): its words
  // with their place in the text, folded form and stem as ids into the
  // host's string table, and sentence. Valid during the callback.
  //
  //   if (auto words = proposal.words(sdk::Proposal::summary_part))
  //     for (const sl_word& w : *words) use(words->stem(w));
  class Words {
   public:
    Words(const sl_host_api* host, const sl_proposal* proposal, const sl_text_words& words)
        : host_(host), proposal_(proposal), words_(words) {}
    const sl_word* begin() const { return words_.words; }
    const sl_word* end() const { return words_.words + words_.count; }
    std::size_t size() const { return words_.count; }
    bool empty() const { return words_.count == 0; }
    const sl_word& operator[](std::size_t i) const { return words_.words[i]; }
    std::string_view text() const { return {words_.text, words_.text_length}; }
    std::string_view language() const { return words_.language; }
    std::size_t sentences() const { return words_.sentences; }
    // The word as written.
    std::string_view written(const sl_word& w) const { return text().substr(w.offset, w.length); }
    std::string_view folded(const sl_word& w) const { return string(w.folded); }
    std::string_view stem(const sl_word& w) const { return string(w.stem); }
    // The string an id stands for; "" for an unknown id.
    std::string_view string(std::uint32_t id) const {
      std::size_t length = 0;
      const char* s = host_->word_string(proposal_, id, &length, nullptr);
      return s == nullptr ? std::string_view() : std::string_view(s, length);
    }
    // The ICU script (UScriptCode) of the string an id stands for.
    int script(std::uint32_t id) const {
      int out = 0;
      host_->word_string(proposal_, id, nullptr, &out);
      return out;
    }

   private:
    const sl_host_api* host_;
    const sl_proposal* proposal_;
    sl_text_words words_;
  };
  // Parts other than sections (0, 1, ...) for `words`.
  static constexpr std::size_t title_part = SL_PART_TITLE;
  static constexpr std::size_t summary_part = SL_PART_SUMMARY;

  Proposal(const sl_host_api* host, const sl_proposal* proposal)
      : host_(host), proposal_(proposal) {}

  // The words of a part as the host analysed them once for every plugin;
  // nullopt with a host older than ABI 1.3 or one that offers no analysis
  // (then `tokens`), or past the last section.
  std::optional<Words> words(std::size_t part) const {
    if (!SHORTLIST_HOST_HAS(host_, word_string)) return std::nullopt;
    sl_text_words out{};
    if (host_->text_words(proposal_, part, &out) != 1) return std::nullopt;
    return Words(host_, proposal_, out);
  }

  std::string_view id() const { return host_->proposal_id(proposal_); }
  std::string_view title() const { return host_->proposal_title(proposal_); }
  std::string_view language() const { return host_->proposal_language(proposal_); }

  // Field by dotted path; nullopt when absent; throws Error when not a number.
  std::optional<double> number(const std::string& path) const {
    double out = 0;
    switch (host_->field_number(proposal_, path.c_str(), &out)) {
      case 1:
        return out;
      case 0:
        return std::nullopt;
      default:
        throw Error("field '" + path + "' of proposal '" + std::string(id()) + "' is not a number");
    }
  }
  std::optional<std::string_view> text(const std::string& path) const {
    const char* value = host_->field_text(proposal_, path.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string_view(value);
  }
  std::vector<Section> sections() const {
    std::vector<Section> result;
    const std::size_t n = host_->section_count(proposal_);
    result.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const char* language = SHORTLIST_HOST_HAS(host_, section_language)
                                 ? host_->section_language(proposal_, i)
                                 : "und";
      result.push_back({host_->section_name(proposal_, i), host_->section_text(proposal_, i),
                        language, shares(i)});
    }
    return result;
  }
  // Every language found in the proposal, largest share first ("zh" 58,
  // "en" 40); nullopt with a host older than ABI 1.2, which cannot say.
  std::optional<std::vector<LanguageShare>> languages() const { return shares(SL_WHOLE_PROPOSAL); }
  // The host's ABI minor version, for a plugin that adapts to it.
  unsigned host_minor() const { return host_->abi_minor; }
  // Words in text, segmented for this proposal's language.
  std::size_t count_words(std::string_view text) const {
    return host_->count_words(text.data(), text.size(), host_->proposal_language(proposal_));
  }
  // Words of text, folded and stemmed, in `language` (this proposal's by
  // default). Throws Error on a host older than ABI 1.1.
  std::vector<Token> tokens(std::string_view text, std::string_view language = {}) const {
    if (!SHORTLIST_HOST_HAS(host_, tokenize)) throw older_host("tokens", 1);
    const std::string lang(language.empty() ? this->language() : language);
    std::vector<Token> out;
    host_->tokenize(
        text.data(), text.size(), lang.c_str(),
        [](void* context, const char* folded, const char* stem, std::size_t offset,
           std::size_t length) {
          static_cast<std::vector<Token>*>(context)->push_back({folded, stem, offset, length});
        },
        &out);
    return out;
  }
  std::size_t count_sentences(std::string_view text) const {
    if (!SHORTLIST_HOST_HAS(host_, count_sentences)) throw older_host("count_sentences", 1);
    return host_->count_sentences(text.data(), text.size(), host_->proposal_language(proposal_));
  }

 private:
  Error older_host(const char* what, unsigned minor) const {
    return Error(std::string(what) + " needs a host with plugin ABI 1." + std::to_string(minor) +
                 ", and this one speaks 1." + std::to_string(host_->abi_minor));
  }
  std::optional<std::vector<LanguageShare>> shares(std::size_t section) const {
    if (!SHORTLIST_HOST_HAS(host_, language_share)) return std::nullopt;
    std::vector<LanguageShare> out;
    int percent = 0;
    for (std::size_t rank = 0;; ++rank) {
      const char* code = host_->language_share(proposal_, section, rank, &percent);
      if (code == nullptr) return out;
      out.push_back({code, percent});
    }
  }

  const sl_host_api* host_;
  const sl_proposal* proposal_;
};

// Where `score` writes its result.
class Score {
 public:
  Score(const sl_host_api* host, sl_score* score) : host_(host), score_(score) {}
  void value(double v) { host_->score_set_value(score_, v); }
  // The proposal has no value for this criterion; the reason is shown.
  void missing(const std::string& reason) { host_->score_set_missing(score_, reason.c_str()); }
  void explain(const std::string& text) { host_->score_set_explanation(score_, text.c_str()); }
  void evidence(const std::string& label, const std::string& text) {
    host_->score_add_evidence(score_, label.c_str(), text.c_str());
  }

 private:
  const sl_host_api* host_;
  sl_score* score_;
};

namespace internal {

template <class T>
struct Instance {
  const sl_host_api* host;
  std::unique_ptr<T> scorer;
};

// Runs f, turning any exception into a reported error.
template <class F>
sl_status guarded(const sl_host_api* host, sl_call* call, F&& f) noexcept {
  try {
    f();
    return SL_OK;
  } catch (const std::exception& e) {
    host->report_error(call, e.what());
  } catch (...) {
    host->report_error(call, "unknown exception");
  }
  return SL_ERROR;
}

template <class T>
concept HasObserve = requires(T& t, const Proposal& p) {
  t.observe(p);
};
template <class T>
concept HasBegin = requires(T& t, std::size_t n) {
  t.begin(n);
};
template <class T>
concept HasEnd = requires(T& t) {
  t.end();
};

template <class T>
sl_status create(const sl_host_api* host, sl_call* call, const char* measure,
                 const char* params_json, const sl_params* params, void** out) {
  return guarded(host, call, [&] {
    Params p(host, params, params_json == nullptr ? "" : params_json);
    auto* instance = new Instance<T>{host, nullptr};
    try {
      instance->scorer = std::make_unique<T>(p, std::string_view(measure ? measure : ""));
    } catch (...) {
      delete instance;
      throw;
    }
    *out = instance;
  });
}

template <class T>
void destroy(void* instance) {
  delete static_cast<Instance<T>*>(instance);
}

template <class T>
sl_status score(void* instance, sl_call* call, const sl_proposal* proposal, sl_score* score) {
  auto* self = static_cast<Instance<T>*>(instance);
  return guarded(self->host, call, [&] {
    Score s(self->host, score);
    self->scorer->score(Proposal(self->host, proposal), s);
  });
}

template <class T>
sl_status corpus_begin(void* instance, sl_call* call, std::size_t count) {
  auto* self = static_cast<Instance<T>*>(instance);
  return guarded(self->host, call, [&] {
    if constexpr (HasBegin<T>) self->scorer->begin(count);
  });
}

template <class T>
sl_status corpus_observe(void* instance, sl_call* call, const sl_proposal* proposal) {
  auto* self = static_cast<Instance<T>*>(instance);
  return guarded(self->host, call, [&] { self->scorer->observe(Proposal(self->host, proposal)); });
}

template <class T>
sl_status corpus_end(void* instance, sl_call* call) {
  auto* self = static_cast<Instance<T>*>(instance);
  return guarded(self->host, call, [&] {
    if constexpr (HasEnd<T>) self->scorer->end();
  });
}

template <class T>
constexpr sl_plugin_descriptor describe(const char* name, const char* version,
                                        const char* description, const char* const* measures) {
  sl_plugin_descriptor d{};
  d.struct_size = sizeof(sl_plugin_descriptor);
  d.abi_major = SL_ABI_MAJOR;
  d.abi_minor = SL_PLUGIN_MIN_HOST_MINOR;
  d.name = name;
  d.version = version;
  d.description = description;
  d.measures = measures;
  d.create = &create<T>;
  d.destroy = &destroy<T>;
  d.score = &score<T>;
  if constexpr (HasObserve<T>) {
    d.corpus_begin = &corpus_begin<T>;
    d.corpus_observe = &corpus_observe<T>;
    d.corpus_end = &corpus_end<T>;
  }
  return d;
}

}  // namespace internal
}  // namespace shortlist::sdk

// Exports the entry symbol for Class. The trailing arguments are the measures
// (criteria keys) the plugin can score, first one the default.
#define SHORTLIST_PLUGIN(Class, name, version, description, ...)                           \
  SL_PLUGIN_EXPORT const sl_plugin_descriptor* shortlist_plugin_entry(void) {              \
    static const char* const measures[] = {__VA_ARGS__, nullptr};                          \
    static const sl_plugin_descriptor descriptor =                                         \
        ::shortlist::sdk::internal::describe<Class>(name, version, description, measures); \
    return &descriptor;                                                                    \
  }

#endif  // SHORTLIST_PLUGIN_HPP
