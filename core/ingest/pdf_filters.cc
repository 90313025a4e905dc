#include "core/ingest/pdf_filters.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

namespace shortlist::ingest::pdf {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool is_delimiter(char c) { return c != '\0' && std::strchr("()<>[]{}/%", c) != nullptr; }

int hex_digit(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Filter> filter_called(std::string_view name) {
  if (name == "FlateDecode" || name == "Fl") return Filter::Flate;
  if (name == "LZWDecode" || name == "LZW") return Filter::Lzw;
  if (name == "RunLengthDecode" || name == "RL") return Filter::RunLength;
  if (name == "ASCIIHexDecode" || name == "AHx") return Filter::AsciiHex;
  if (name == "ASCII85Decode" || name == "A85") return Filter::Ascii85;
  return std::nullopt;
}

// A layer of decoding that the next one pulls bytes from, counting what it
// gives.
class Source {
 public:
  virtual ~Source() = default;
  // Up to `n` bytes into `out`; 0 at the end of the data.
  std::size_t read(unsigned char* out, std::size_t n) {
    const std::size_t got = produce(out, n);
    produced_ += got;
    return got;
  }
  std::uintmax_t produced() const { return produced_; }

 protected:
  virtual std::size_t produce(unsigned char* out, std::size_t n) = 0;

 private:
  std::uintmax_t produced_ = 0;
};

class RawSource final : public Source {
 public:
  explicit RawSource(std::string_view data) : data_(data) {}
  std::size_t produce(unsigned char* out, std::size_t n) override {
    n = std::min(n, data_.size());
    std::memcpy(out, data_.data(), n);
    data_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view data_;
};

// The bytes of the layer below one at a time, buffered.
class ByteReader {
 public:
  explicit ByteReader(Source& in) : in_(in) {}
  // The next byte, or -1 at the end.
  int next() {
    if (at_ == size_) {
      size_ = in_.read(buffer_.data(), buffer_.size());
      at_ = 0;
      if (size_ == 0) return -1;
    }
    return buffer_[at_++];
  }

 private:
  Source& in_;
  std::array<unsigned char, 4096> buffer_{};
  std::size_t at_ = 0, size_ = 0;
};

// Decoders that produce a few bytes at a time append them to pending_ in
// step(); read() hands them out.
class StepSource : public Source {
 public:
  std::size_t produce(unsigned char* out, std::size_t n) override {
    std::size_t given = 0;
    while (given < n) {
      if (at_ == pending_.size()) {
        if (ended_) break;
        pending_.clear();
        at_ = 0;
        ended_ = !step();
        continue;
      }
      const std::size_t take = std::min(n - given, pending_.size() - at_);
      std::memcpy(out + given, pending_.data() + at_, take);
      at_ += take;
      given += take;
    }
    return given;
  }

 protected:
  // Appends the next decoded bytes to pending_; false when nothing follows
  // them (the end of the data, its end marker, or damage).
  virtual bool step() = 0;
  std::vector<unsigned char> pending_;

 private:
  std::size_t at_ = 0;
  bool ended_ = false;
};

class FlateSource final : public Source {
 public:
  explicit FlateSource(Source& in) : in_(in) { ended_ = inflateInit(&z_) != Z_OK; }
  ~FlateSource() override { inflateEnd(&z_); }
  FlateSource(const FlateSource&) = delete;
  FlateSource& operator=(const FlateSource&) = delete;

  std::size_t produce(unsigned char* out, std::size_t n) override {
    z_.next_out = out;
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out > 0 && !ended_) {
      if (z_.avail_in == 0) {
        z_.avail_in = static_cast<uInt>(in_.read(input_.data(), input_.size()));
        z_.next_in = input_.data();
        if (z_.avail_in == 0) break;
      }
      const int status = inflate(&z_, Z_NO_FLUSH);
      // Damaged data or its end: what inflated so far stands.
      if (status != Z_OK) ended_ = true;
    }
    return n - z_.avail_out;
  }

 private:
  Source& in_;
  z_stream z_{};
  std::array<unsigned char, 16384> input_{};
  bool ended_ = false;
};

class LzwSource final : public StepSource {
 public:
  explicit LzwSource(Source& in) : bytes_(in) {}

 protected:
  bool step() override {
    const int code = next_code();
    if (code < 0 || code == kEnd) return false;
    if (code == kClear) {
      clear();
      return true;
    }
    if (previous_ < 0) {
      if (code > 255) return false;
      pending_.push_back(static_cast<unsigned char>(code));
      previous_ = code;
      return true;
    }
    if (code > next_) return false;  // damaged: a code not yet defined
    const std::size_t start = pending_.size();
    emit(code == next_ ? previous_ : code);
    if (code == next_) pending_.push_back(pending_[start]);
    if (next_ < kEntries) {
      prefix_[static_cast<std::size_t>(next_)] = previous_;
      suffix_[static_cast<std::size_t>(next_)] = pending_[start];
      ++next_;
    }
    previous_ = code;
    return true;
  }

 private:
  static constexpr int kClear = 256, kEnd = 257, kEntries = 4096;

  void clear() {
    next_ = 258;
    bits_ = 9;
    previous_ = -1;
  }

  // Appends the string of `code`, built back to front from its prefixes.
  void emit(int code) {
    const std::size_t start = pending_.size();
    for (; code > 255; code = prefix_[static_cast<std::size_t>(code)]) {
      pending_.push_back(suffix_[static_cast<std::size_t>(code)]);
    }
    pending_.push_back(static_cast<unsigned char>(code));
    std::reverse(pending_.begin() + static_cast<std::ptrdiff_t>(start), pending_.end());
  }

  int next_code() {
    // PDF's early change: the width grows one code before the table needs it.
    if (next_ + 1 >= (1 << bits_) && bits_ < 12) ++bits_;
    while (held_bits_ < bits_) {
      const int byte = bytes_.next();
      if (byte < 0) return -1;
      held_ = (held_ << 8) | static_cast<unsigned>(byte);
      held_bits_ += 8;
    }
    held_bits_ -= bits_;
    return static_cast<int>((held_ >> held_bits_) & ((1u << bits_) - 1));
  }

  ByteReader bytes_;
  std::array<int, kEntries> prefix_{};
  std::array<unsigned char, kEntries> suffix_{};
  int next_ = 258, bits_ = 9, previous_ = -1;
  unsigned held_ = 0;
  int held_bits_ = 0;
};

class RunLengthSource final : public StepSource {
 public:
  explicit RunLengthSource(Source& in) : bytes_(in) {}

 protected:
  bool step() override {
    const int length = bytes_.next();
    if (length < 0 || length == 128) return false;
    if (length < 128) {
      for (int i = 0; i <= length; ++i) {
        const int byte = bytes_.next();
        if (byte < 0) return false;
        pending_.push_back(static_cast<unsigned char>(byte));
      }
      return true;
    }
    const int byte = bytes_.next();
    if (byte < 0) return false;
    pending_.insert(pending_.end(), static_cast<std::size_t>(257 - length),
                    static_cast<unsigned char>(byte));
    return true;
  }

 private:
  ByteReader bytes_;
};

class AsciiHexSource final : public StepSource {
 public:
  explicit AsciiHexSource(Source& in) : bytes_(in) {}

 protected:
  // One byte from two digits; a last lone digit is its high half.
  bool step() override {
    int value = 0, held = 0;
    bool more = true;
    while (held < 2) {
      const int c = bytes_.next();
      if (c >= 0 && is_space(static_cast<char>(c))) continue;
      const int digit = c < 0 ? -1 : hex_digit(c);
      if (digit < 0) {  // the end, its marker '>', or damage
        more = false;
        break;
      }
      value = value * 16 + digit;
      ++held;
    }
    if (held == 0) return false;
    pending_.push_back(static_cast<unsigned char>(held == 2 ? value : value * 16));
    return more;
  }

 private:
  ByteReader bytes_;
};

class Ascii85Source final : public StepSource {
 public:
  explicit Ascii85Source(Source& in) : bytes_(in) {}

 protected:
  // Four bytes from five digits in base 85 ('z' for four zeros); a last
  // group of n digits gives n - 1 bytes.
  bool step() override {
    std::uint64_t group = 0;
    int held = 0;
    bool more = true;
    while (held < 5) {
      const int c = bytes_.next();
      if (c >= 0 && is_space(static_cast<char>(c))) continue;
      if (c == 'z' && held == 0) {
        pending_.insert(pending_.end(), 4, 0);
        return true;
      }
      if (c < '!' || c > 'u') {  // the end, its marker '~>', or damage
        more = false;
        break;
      }
      group = group * 85 + static_cast<std::uint64_t>(c - '!');
      ++held;
    }
    if (held < 2) return false;
    for (int i = held; i < 5; ++i) group = group * 85 + 84;
    for (int i = 0; i < held - 1; ++i) {
      pending_.push_back(static_cast<unsigned char>(group >> (24 - 8 * i)));
    }
    return more;
  }

 private:
  ByteReader bytes_;
};

std::unique_ptr<Source> decoder(Filter filter, Source& in) {
  switch (filter) {
    case Filter::Flate:
      return std::make_unique<FlateSource>(in);
    case Filter::Lzw:
      return std::make_unique<LzwSource>(in);
    case Filter::RunLength:
      return std::make_unique<RunLengthSource>(in);
    case Filter::AsciiHex:
      return std::make_unique<AsciiHexSource>(in);
    case Filter::Ascii85:
      return std::make_unique<Ascii85Source>(in);
  }
  return nullptr;
}

}  // namespace

std::vector<Filter> filters_named(std::string_view dictionary) {
  std::vector<Filter> filters;
  std::size_t at = dictionary.find("/Filter");
  while (at != std::string_view::npos && at + 7 < dictionary.size() &&
         !is_space(dictionary[at + 7]) && !is_delimiter(dictionary[at + 7])) {
    at = dictionary.find("/Filter", at + 7);
  }
  if (at == std::string_view::npos) return filters;
  std::string_view rest = dictionary.substr(at + 7);
  while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
  const bool array = !rest.empty() && rest.front() == '[';
  if (array) rest.remove_prefix(1);
  while (true) {
    while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
    if (rest.empty() || rest.front() != '/') break;
    rest.remove_prefix(1);
    std::size_t end = 0;
    while (end < rest.size() && !is_space(rest[end]) && !is_delimiter(rest[end])) ++end;
    const std::optional<Filter> filter = filter_called(rest.substr(0, end));
    if (!filter) break;
    filters.push_back(*filter);
    rest.remove_prefix(end);
    if (!array) break;
  }
  return filters;
}

std::uintmax_t decoded_size(std::string_view data, const std::vector<Filter>& filters,
                            std::uintmax_t limit) {
  std::vector<std::unique_ptr<Source>> layers;
  layers.push_back(std::make_unique<RawSource>(data));
  for (const Filter filter : filters) layers.push_back(decoder(filter, *layers.back()));
  const auto most = [&layers] {
    std::uintmax_t most = 0;
    for (std::size_t i = 1; i < layers.size(); ++i) most = std::max(most, layers[i]->produced());
    return most;
  };
  std::array<unsigned char, 65536> chunk{};
  while (most() <= limit && layers.back()->read(chunk.data(), chunk.size()) > 0) {
  }
  return most();
}

}  // namespace shortlist::ingest::pdf
