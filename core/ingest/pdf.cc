#include "core/ingest/pdf.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "core/ingest/pdf_filters.h"

namespace shortlist::ingest {
namespace {

// Text as extracted, less the bidirectional embedding controls (U+202A to
// U+202E) that the extraction wraps around runs of right-to-left text: they
// come from the page layout, not from the applicant.
std::string utf8_of(const poppler::ustring& text) {
  const poppler::byte_array bytes = text.to_utf8();
  std::string out(bytes.begin(), bytes.end());
  for (std::size_t at = out.find("\xE2\x80"); at != std::string::npos;
       at = out.find("\xE2\x80", at)) {
    const auto third = static_cast<unsigned char>(at + 2 < out.size() ? out[at + 2] : 0);
    if (third >= 0xAA && third <= 0xAE) {
      out.erase(at, 3);
    } else {
      at += 3;
    }
  }
  return out;
}

constexpr std::size_t kMaxFilters = 4;

// What the streams of a PDF decode to, every filter of a stream applied
// (pdf_filters.h), counted until it passes `limit`. Found by their
// keywords, as a repairing reader would: a stream's dictionary lies
// between the `obj` that opens it and `stream`. Empty when within the
// limit, else why not.
std::string decoded_beyond(std::string_view bytes, std::uintmax_t limit,
                           const std::string& limit_name) {
  std::uintmax_t total = 0;
  for (std::size_t at = bytes.find("stream"); at != std::string_view::npos;
       at = bytes.find("stream", at + 6)) {
    std::size_t start = at + 6;
    if (at >= 3 && bytes.substr(at - 3, 3) == "end") continue;
    if (start < bytes.size() && bytes[start] == '\r') ++start;
    if (start >= bytes.size() || bytes[start] != '\n') continue;
    ++start;
    const std::size_t opened = bytes.rfind("obj", at);
    const std::string_view dictionary =
        bytes.substr(opened == std::string_view::npos ? 0 : opened, at - opened);
    const std::vector<pdf::Filter> filters = pdf::filters_named(dictionary);
    if (filters.empty()) continue;
    if (filters.size() > kMaxFilters) {
      return "a stream is compressed or encoded " + std::to_string(filters.size()) +
             " times over (at most " + std::to_string(kMaxFilters) + " is read)";
    }
    const std::size_t end = std::min(bytes.find("endstream", start), bytes.size());
    total += pdf::decoded_size(bytes.substr(start, end - start), filters, limit - total);
    if (total > limit) {
      return "its compressed streams expand beyond " + std::to_string(limit) + " bytes (" +
             limit_name + "): a decompression bomb is not read";
    }
  }
  return "";
}

}  // namespace

Expected<Document> read_pdf_document(std::string_view bytes, const std::string& source,
                                     const ArchiveLimits& limits) {
  const double by_ratio =
      limits.max_ratio * static_cast<double>(std::max<std::size_t>(bytes.size(), 1));
  const bool ratio_binds = by_ratio < static_cast<double>(limits.max_total_bytes);
  const std::uintmax_t limit =
      ratio_binds ? static_cast<std::uintmax_t>(by_ratio) : limits.max_total_bytes;
  char ratio[48];
  std::snprintf(ratio, sizeof ratio, "%.0f times the file's size", limits.max_ratio);
  if (std::string why = decoded_beyond(bytes, limit, ratio_binds ? ratio : "--max-archive-bytes");
      !why.empty()) {
    return Diagnostic{source, {}, why};
  }
  // poppler would print its own complaints; the one reported is ours.
  static const bool quiet = [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    return true;
  }();
  (void)quiet;
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) return Diagnostic{source, {}, "not a readable PDF"};
  if (pdf->is_locked()) return Diagnostic{source, {}, "the PDF is password-protected"};
  std::string text;
  for (int i = 0; i < pdf->pages(); ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) continue;
    text += utf8_of(page->text()) + "\n";
  }
  if (text.find_first_not_of(" \t\r\n\f") == std::string::npos) {
    return Diagnostic{source, {}, "the PDF has no text (a scan needs text recognition first)"};
  }
  std::string title = utf8_of(pdf->info_key("Title"));
  std::string body = text;
  if (title.find_first_not_of(" \t") == std::string::npos) {
    const std::size_t start = text.find_first_not_of(" \t\r\n\f");
    const std::size_t end = text.find('\n', start);
    title = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    body = end == std::string::npos ? "" : text.substr(end + 1);
  }
  Document document{source, {}};
  document.root.kind = Node::Kind::Map;
  document.root.members.emplace_back("title", Node::text(title));
  if (body.find_first_not_of(" \t\r\n\f") != std::string::npos) {
    Node sections;
    sections.kind = Node::Kind::Map;
    sections.members.emplace_back("text", Node::text(body));
    document.root.members.emplace_back("sections", std::move(sections));
  }
  return document;
}

}  // namespace shortlist::ingest
