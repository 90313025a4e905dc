// Standard output kept for what the program means to write there. Plugins
// loaded into this process may print — printf, std::cout, write(1, ...) —
// and would corrupt a JSON report or a worker's frames on the same stream;
// reserve_standard_output() moves the real standard output to a private
// descriptor and points descriptor 1 at standard error, so that whatever
// anything else prints lands there instead.
//
//   DescriptorStream report(reserve_standard_output());
//   run_plugins();          // their printing goes to standard error
//   report << json;         // the report alone reaches standard output
#pragma once

#include <ostream>
#include <streambuf>
#include <string>

namespace shortlist {

// Writes all of `data` to `fd`, again after an interrupted or partial
// write; false once the descriptor refuses.
bool write_all(int fd, const char* data, std::size_t size);

// Returns a private copy of standard output (owned by the caller), with
// descriptor 1 now writing to standard error. What stdio had buffered for
// standard output before is flushed to it first. Returns 1 unchanged when
// standard output cannot be copied.
int reserve_standard_output();

// An output stream writing to a descriptor, buffered; flushed (and the
// descriptor closed) when it goes, and on std::flush / std::endl.
class DescriptorStream : public std::ostream {
 public:
  explicit DescriptorStream(int fd);
  ~DescriptorStream() override;
  DescriptorStream(const DescriptorStream&) = delete;
  DescriptorStream& operator=(const DescriptorStream&) = delete;

 private:
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(int fd);
    ~Buffer() override;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* text, std::streamsize n) override;
    int sync() override;

   private:
    int fd_;
    std::string pending_;
  };
  Buffer buffer_;
};

}  // namespace shortlist
