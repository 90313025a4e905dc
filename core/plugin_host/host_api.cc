#include "core/plugin_host/host_api.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "core/text/tokens.h"
#include "core/text/unicode.h"

namespace shortlist::plugin_host {
namespace {

std::atomic<int> g_log_level{SL_LOG_WARNING};

// Follows a dotted path through objects (and list indices); "" is the root.
Poco::Dynamic::Var lookup(const sl_params* params, const char* path) {
  if (params == nullptr || params->root.isNull()) return {};
  Poco::Dynamic::Var current = params->root;
  std::string_view rest(path == nullptr ? "" : path);
  while (!rest.empty()) {
    const std::size_t dot = rest.find('.');
    const std::string part(rest.substr(0, dot));
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    if (current.type() == typeid(Poco::JSON::Object::Ptr)) {
      auto object = current.extract<Poco::JSON::Object::Ptr>();
      if (!object->has(part)) return {};
      current = object->get(part);
    } else if (current.type() == typeid(Poco::JSON::Array::Ptr)) {
      auto array = current.extract<Poco::JSON::Array::Ptr>();
      std::size_t index = 0;
      try {
        index = std::stoul(part);
      } catch (const std::exception&) {
        return {};
      }
      if (index >= array->size()) return {};
      current = array->get(static_cast<unsigned>(index));
    } else {
      return {};
    }
  }
  return current;
}

const char* keep(const sl_params* params, std::string value) {
  params->strings.push_back(std::move(value));
  return params->strings.back().c_str();
}

void log(sl_call* call, sl_log_level level, const char* message) {
  if (level < g_log_level.load()) return;
  static const char* const kNames[] = {"debug", "info", "warning", "error"};
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::cerr << "plugin " << (call ? call->plugin : std::string_view("?")) << ": "
            << kNames[std::clamp<int>(level, 0, 3)] << ": " << (message ? message : "") << '\n';
}

void report_error(sl_call* call, const char* message) {
  if (call == nullptr) return;
  call->error = message ? message : "unspecified error";
  if (text::first_invalid_utf8(call->error)) call->error = "error message is not valid UTF-8";
}

int param_number(const sl_params* params, const char* path, double* out) {
  Poco::Dynamic::Var value = lookup(params, path);
  if (value.isEmpty()) return 0;
  if (!value.isNumeric() || value.isBoolean()) return -1;
  *out = value.convert<double>();
  return 1;
}

const char* param_text(const sl_params* params, const char* path) {
  Poco::Dynamic::Var value = lookup(params, path);
  if (value.isEmpty() || !value.isString()) return nullptr;
  return keep(params, value.extract<std::string>());
}

size_t param_size(const sl_params* params, const char* path) {
  Poco::Dynamic::Var value = lookup(params, path);
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    return value.extract<Poco::JSON::Object::Ptr>()->size();
  }
  if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    return value.extract<Poco::JSON::Array::Ptr>()->size();
  }
  return 0;
}

const char* param_key(const sl_params* params, const char* path, size_t index) {
  Poco::Dynamic::Var value = lookup(params, path);
  if (value.type() != typeid(Poco::JSON::Object::Ptr)) return nullptr;
  // getNames() keeps the written order; iterating the object would sort.
  const std::vector<std::string> names = value.extract<Poco::JSON::Object::Ptr>()->getNames();
  return index < names.size() ? keep(params, names[index]) : nullptr;
}

const char* proposal_id(const sl_proposal* p) { return p->proposal->id.c_str(); }
const char* proposal_title(const sl_proposal* p) { return p->proposal->title.c_str(); }
const char* proposal_language(const sl_proposal* p) { return p->proposal->language.c_str(); }

int field_number(const sl_proposal* p, const char* path, double* out) {
  if (path == nullptr) return 0;
  if (std::optional<double> value = p->proposal->number(path)) {
    *out = *value;
    return 1;
  }
  return p->proposal->has(path) ? -1 : 0;
}

const char* field_text(const sl_proposal* p, const char* path) {
  if (path == nullptr) return nullptr;
  std::optional<std::string_view> value = p->proposal->text(path);
  // Every text of a Proposal is a whole std::string, so data() ends in NUL.
  return value ? value->data() : nullptr;
}

size_t section_count(const sl_proposal* p) { return p->proposal->sections.size(); }

const char* section_name(const sl_proposal* p, size_t index) {
  const auto& sections = p->proposal->sections;
  return index < sections.size() ? sections[index].name.c_str() : nullptr;
}

const char* section_text(const sl_proposal* p, size_t index) {
  const auto& sections = p->proposal->sections;
  return index < sections.size() ? sections[index].text.c_str() : nullptr;
}

size_t count_words(const char* utf8, size_t length, const char* language) {
  if (utf8 == nullptr) return 0;
  std::string_view text(utf8, length);
  if (text::first_invalid_utf8(text)) return 0;
  return text::count_words(text, language ? language : "");
}

void score_set_value(sl_score* score, double value) {
  ++score->values_set;
  if (!std::isfinite(value)) {
    score->misuse = "score value is not a finite number";
    return;
  }
  score->result.raw = value;
}

// Text from a plugin reaches the jury only if it is valid UTF-8.
bool accept_text(sl_score* score, std::string_view utf8, const char* what) {
  if (auto bad = text::first_invalid_utf8(utf8)) {
    score->misuse = std::string(what) + " is not valid UTF-8 (byte " + std::to_string(*bad) + ")";
    return false;
  }
  return true;
}

// A plugin's text as a view, "" for a null pointer.
std::string_view text_of(const char* utf8) { return utf8 == nullptr ? "" : utf8; }

void score_set_missing(sl_score* score, const char* reason) {
  ++score->values_set;
  score->result.raw.reset();
  const std::string_view text = text_of(reason);
  score->result.missing_reason =
      accept_text(score, text, "missing reason") && !text.empty() ? text::to_nfc(text) : "no value";
}

void score_set_explanation(sl_score* score, const char* utf8) {
  const std::string_view text = text_of(utf8);
  if (accept_text(score, text, "explanation")) score->result.explanation = text::to_nfc(text);
}

void score_add_evidence(sl_score* score, const char* label, const char* utf8) {
  if (label == nullptr || utf8 == nullptr) return;
  const std::string_view label_text = text_of(label), text = text_of(utf8);
  if (accept_text(score, label_text, "evidence label") && accept_text(score, text, "evidence")) {
    score->result.evidence.push_back({text::to_nfc(label_text), text::to_nfc(text)});
  }
}

size_t tokenize(const char* utf8, size_t length, const char* language,
                void (*visit)(void*, const char*, const char*, size_t, size_t), void* context) {
  if (utf8 == nullptr) return 0;
  const std::string_view input(utf8, length);
  if (text::first_invalid_utf8(input)) return 0;
  const std::vector<text::Token> tokens = text::tokenize(input, language ? language : "");
  if (visit != nullptr) {
    for (const text::Token& t : tokens) {
      visit(context, t.folded.c_str(), t.stem.c_str(), t.offset, t.length);
    }
  }
  return tokens.size();
}

const char* section_language(const sl_proposal* p, size_t index) {
  const auto& sections = p->proposal->sections;
  return index < sections.size() ? sections[index].language.c_str() : nullptr;
}

const char* language_share(const sl_proposal* p, size_t section, size_t rank, int* percent) {
  const Proposal& proposal = *p->proposal;
  const std::vector<LanguageShare>* shares = &proposal.languages;
  if (section != SL_WHOLE_PROPOSAL) {
    if (section >= proposal.sections.size()) return nullptr;
    shares = &proposal.sections[section].languages;
  }
  if (rank >= shares->size()) return nullptr;
  if (percent != nullptr) *percent = (*shares)[rank].percent;
  return (*shares)[rank].code.c_str();
}

size_t count_sentences(const char* utf8, size_t length, const char* language) {
  if (utf8 == nullptr) return 0;
  const std::string_view input(utf8, length);
  if (text::first_invalid_utf8(input)) return 0;
  return text::count_sentences(input, language ? language : "");
}

// The analysis that holds p's words, and p's place in it.
const text::TextAnalysis* analysis_of(const sl_proposal* p, std::uint32_t& index) {
  if (!text_analysis_enabled()) return nullptr;
  if (p->analysis != nullptr) {
    const text::TextAnalysis* batch = p->analysis->analysis();
    if (batch != nullptr && p->index < batch->proposal_count()) {
      index = p->index;
      return batch;
    }
  }
  if (!p->own) p->own.emplace(text::TextAnalysis::of(*p->proposal));
  index = 0;
  return &*p->own;
}

int text_words(const sl_proposal* p, size_t part, sl_text_words* out) {
  if (p == nullptr || out == nullptr) return 0;
  std::size_t which = part == SL_PART_TITLE     ? text::kTitlePart
                      : part == SL_PART_SUMMARY ? text::kSummaryPart
                                                : part + text::kFirstSectionPart;
  if (part != SL_PART_TITLE && part != SL_PART_SUMMARY && part >= p->proposal->sections.size()) {
    return 0;
  }
  std::uint32_t index = 0;
  const text::TextAnalysis* analysis = analysis_of(p, index);
  if (analysis == nullptr) return 0;
  const text::AnalysedPart* found = analysis->part(index, which);
  if (found == nullptr) return 0;
  static_assert(sizeof(sl_word) == sizeof(text::AnalysedWord));
  const std::span<const text::AnalysedWord> words = analysis->words(*found);
  const std::string_view content = text::part_text(*p->proposal, which);
  out->words = reinterpret_cast<const sl_word*>(words.data());
  out->count = words.size();
  out->text = content.data();
  out->text_length = content.size();
  out->language = analysis->string(found->language).data();
  out->sentences = found->sentences;
  return 1;
}

const char* word_string(const sl_proposal* p, uint32_t id, size_t* length, int* script) {
  if (p == nullptr) return nullptr;
  std::uint32_t index = 0;
  const text::TextAnalysis* analysis = analysis_of(p, index);
  if (analysis == nullptr || id >= analysis->string_count()) return nullptr;
  const std::string_view s = analysis->string(id);
  if (length != nullptr) *length = s.size();
  if (script != nullptr) *script = analysis->script(id);
  return s.data();
}

}  // namespace

bool text_analysis_enabled() {
  static const bool enabled = [] {
    const char* setting = std::getenv("SHORTLIST_TEXT_ANALYSIS");
    return setting == nullptr || std::string_view(setting) != "off";
  }();
  return enabled;
}

const sl_host_api* host_api() {
  static const sl_host_api api = [] {
    sl_host_api table{};
    table.struct_size = sizeof(sl_host_api);
    table.abi_major = SL_ABI_MAJOR;
    table.abi_minor = SL_ABI_MINOR;
    table.log = &log;
    table.report_error = &report_error;
    table.param_number = &param_number;
    table.param_text = &param_text;
    table.param_size = &param_size;
    table.param_key = &param_key;
    table.proposal_id = &proposal_id;
    table.proposal_title = &proposal_title;
    table.proposal_language = &proposal_language;
    table.field_number = &field_number;
    table.field_text = &field_text;
    table.section_count = &section_count;
    table.section_name = &section_name;
    table.section_text = &section_text;
    table.count_words = &count_words;
    table.score_set_value = &score_set_value;
    table.score_set_missing = &score_set_missing;
    table.score_set_explanation = &score_set_explanation;
    table.score_add_evidence = &score_add_evidence;
    table.tokenize = &tokenize;
    table.section_language = &section_language;
    table.count_sentences = &count_sentences;
    table.language_share = &language_share;
    table.text_words = &text_words;
    table.word_string = &word_string;
    return table;
  }();
  return &api;
}

sl_params make_params(const std::string& json) {
  sl_params params;
  try {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    Poco::Dynamic::Var root = parser.parse(json);
    if (root.type() == typeid(Poco::JSON::Object::Ptr)) {
      params.root = root.extract<Poco::JSON::Object::Ptr>();
    }
  } catch (const Poco::Exception&) {
    params.root = nullptr;
  }
  return params;
}

void set_plugin_log_level(sl_log_level level) { g_log_level.store(level); }

}  // namespace shortlist::plugin_host
