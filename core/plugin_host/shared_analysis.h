// SharedAnalysis: a batch's text analysis (core/text/analysis.h) as plugin
// instances use it — each proposal's place in it, and, for plugins run in
// worker processes, one read-only copy in memory (a memfd) that every worker
// maps instead of being sent the words with each proposal.
//
//   SharedAnalysis shared(batch.proposals, threads);
//   instance.use_analysis(&shared);  // in process and isolated alike
//
// A worker whose plugin asks for words asks the host where they are, once
// per batch, and MappedAnalysis maps them.
#pragma once

#include <cstdint>
#include <functional>
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
  // An analysis got from elsewhere when first asked for (a worker maps the
  // host's): `fetch` gives it, or nullopt when it cannot be had.
  SharedAnalysis(std::unordered_map<const Proposal*, std::uint32_t> index,
                 std::function<std::optional<text::TextAnalysis>()> fetch)
      : index_(std::move(index)), fetch_(std::move(fetch)) {}
  SharedAnalysis(const SharedAnalysis&) = delete;
  SharedAnalysis& operator=(const SharedAnalysis&) = delete;
  ~SharedAnalysis();

  // Made on the first call, from any thread, the others waiting for it;
  // nullptr when it could not be had.
  const text::TextAnalysis* analysis() const;
  // The proposal's place in the analysis; nullopt when it is not in it.
  std::optional<std::uint32_t> index_of(const Proposal& proposal) const;
  // Tells this batch from another in the worker's cache, though the memfd's
  // path may be the same.
  std::uint32_t batch() const { return batch_; }

  // Where a worker maps the analysis from ("/proc/PID/fd/N" of a sealed
  // memfd), made on the first call from any thread; "" when it could not be
  // made (the workers then analyse what they are sent themselves).
  const std::string& shared_path() const;

 private:
  std::vector<const Proposal*> proposals_;  // to analyse, in index order
  unsigned threads_ = 1;
  std::unordered_map<const Proposal*, std::uint32_t> index_;
  std::function<std::optional<text::TextAnalysis>()> fetch_;
  std::uint32_t batch_ = 0;
  mutable std::once_flag analysed_;
  mutable std::optional<text::TextAnalysis> analysis_;
  mutable std::once_flag shared_once_;
  mutable int shared_fd_ = -1;
  mutable std::string shared_path_;
};

// What a worker maps: the analysis of one batch, from the path the host
// gives when first asked, kept mapped until another batch comes.
class MappedAnalysis {
 public:
  MappedAnalysis() = default;
  MappedAnalysis(const MappedAnalysis&) = delete;
  MappedAnalysis& operator=(const MappedAnalysis&) = delete;
  ~MappedAnalysis() { unmap(); }

  // The analysis of `batch`, mapped from `ask_path()` the first time;
  // nullptr when it cannot be mapped or read.
  const text::TextAnalysis* of(std::uint32_t batch, const std::function<std::string()>& ask_path);

 private:
  void unmap();

  std::uint32_t batch_ = 0;
  void* data_ = nullptr;
  std::size_t size_ = 0;
  std::optional<text::TextAnalysis> view_;
};

}  // namespace shortlist::plugin_host
