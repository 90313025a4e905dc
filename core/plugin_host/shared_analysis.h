// SharedAnalysis: a batch's text analysis (core/text/analysis.h) as plugin
// instances use it — each proposal's place in it, and, for plugins run in
// worker processes, one read-only copy in memory (a memfd) that every worker
// maps instead of being sent the words with each proposal.
//
//   SharedAnalysis shared(batch.proposals, threads);
//   instance.use_analysis(&shared);  // in process and isolated alike
//
// In a worker, MappedAnalysis maps what the host shared by the path it sent.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model/proposal.h"
#include "core/text/analysis.h"

namespace shortlist::plugin_host {

class SharedAnalysis {
 public:
  // The analysis of `proposals`, made on `threads` threads when first
  // asked for (a call whose plugins read no words never pays for it); they
  // must stay where they are while it is used.
  explicit SharedAnalysis(const std::vector<Proposal>& proposals, unsigned threads = 1);
  // An analysis already made, whose proposals are found through `index`.
  SharedAnalysis(text::TextAnalysis analysis,
                 std::unordered_map<const Proposal*, std::uint32_t> index)
      : index_(std::move(index)), analysis_(std::move(analysis)) {}
  SharedAnalysis(const SharedAnalysis&) = delete;
  SharedAnalysis& operator=(const SharedAnalysis&) = delete;
  ~SharedAnalysis();

  // Made on the first call, from any thread; the others wait for it.
  const text::TextAnalysis& analysis() const;
  // The proposal's place in the analysis; nullopt when it is not in it.
  std::optional<std::uint32_t> index_of(const Proposal& proposal) const;

  // Where a worker maps the analysis from ("/proc/PID/fd/N" of a sealed
  // memfd), made on the first call from any thread; "" when it could not be
  // made (the workers then analyse what they are sent themselves).
  const std::string& shared_path() const;

 private:
  std::vector<const Proposal*> proposals_;  // to analyse, in index order
  unsigned threads_ = 1;
  std::unordered_map<const Proposal*, std::uint32_t> index_;
  mutable std::once_flag analysed_;
  mutable std::optional<text::TextAnalysis> analysis_;
  mutable std::once_flag shared_once_;
  mutable int shared_fd_ = -1;
  mutable std::string shared_path_;
};

// What a worker maps: the analysis at a path the host sent, kept mapped
// until another path comes.
class MappedAnalysis {
 public:
  MappedAnalysis() = default;
  MappedAnalysis(const MappedAnalysis&) = delete;
  MappedAnalysis& operator=(const MappedAnalysis&) = delete;
  ~MappedAnalysis() { unmap(); }

  // The analysis at `path` (mapped on first use); nullptr when "" or when it
  // cannot be mapped or read.
  const text::TextAnalysis* at(const std::string& path);

 private:
  void unmap();

  std::string path_;
  void* data_ = nullptr;
  std::size_t size_ = 0;
  std::optional<text::TextAnalysis> view_;
};

}  // namespace shortlist::plugin_host
