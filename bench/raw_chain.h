// The raw chain, the baseline ingestion and evaluation are measured against:
// read a file, ICU NFC normalisation, ICU word breaking and CLD2 language
// detection over its bytes, once each, and nothing else.
//
//   RawChain chain;                          // one per thread
//   std::size_t words = chain.file(path);
#pragma once

#include <cld2/public/compact_lang_det.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

namespace shortlist::bench {

class RawChain {
 public:
  RawChain() {
    UErrorCode status = U_ZERO_ERROR;
    nfc_ = icu::Normalizer2::getNFCInstance(status);
    words_.reset(icu::BreakIterator::createWordInstance(icu::Locale(""), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU: " + std::string(u_errorName(status)));
  }

  // The words in the file; its language is detected and dropped.
  std::size_t file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return text(buffer.str());
  }

  std::size_t text(const std::string& bytes) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString text = nfc_->normalize(icu::UnicodeString::fromUTF8(bytes), status);
    words_->setText(text);
    std::size_t count = 0;
    for (int32_t end = words_->next(); end != icu::BreakIterator::DONE; end = words_->next())
      count += words_->getRuleStatus() != UBRK_WORD_NONE;
    bool reliable = false;
    language_ = CLD2::DetectLanguage(bytes.data(), static_cast<int>(bytes.size()), true, &reliable);
    return count;
  }

 private:
  const icu::Normalizer2* nfc_ = nullptr;
  std::unique_ptr<icu::BreakIterator> words_;
  CLD2::Language language_ = CLD2::UNKNOWN_LANGUAGE;
};

}  // namespace shortlist::bench
