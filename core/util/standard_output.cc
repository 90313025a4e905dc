#include "core/util/standard_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>

namespace shortlist {
namespace {

constexpr std::size_t kBufferBytes = 1 << 16;

}  // namespace

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

int reserve_standard_output() {
  std::cout.flush();
  std::fflush(stdout);
  // Close-on-exec: a plugin worker or any other child must not inherit a
  // way to write into the report.
  const int copy = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  if (copy < 0) return STDOUT_FILENO;
  dup2(STDERR_FILENO, STDOUT_FILENO);
  return copy;
}

DescriptorStream::DescriptorStream(int fd) : std::ostream(nullptr), buffer_(fd) { rdbuf(&buffer_); }

DescriptorStream::~DescriptorStream() { flush(); }

DescriptorStream::Buffer::Buffer(int fd) : fd_(fd) { pending_.reserve(kBufferBytes); }

DescriptorStream::Buffer::~Buffer() {
  sync();
  if (fd_ > STDERR_FILENO) close(fd_);
}

DescriptorStream::Buffer::int_type DescriptorStream::Buffer::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  pending_.push_back(traits_type::to_char_type(c));
  if (pending_.size() >= kBufferBytes && sync() != 0) return traits_type::eof();
  return c;
}

std::streamsize DescriptorStream::Buffer::xsputn(const char* text, std::streamsize n) {
  pending_.append(text, static_cast<std::size_t>(n));
  if (pending_.size() >= kBufferBytes && sync() != 0) return 0;
  return n;
}

int DescriptorStream::Buffer::sync() {
  const bool written = write_all(fd_, pending_.data(), pending_.size());
  pending_.clear();
  return written ? 0 : -1;
}

}  // namespace shortlist
