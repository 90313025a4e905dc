#include "core/plugin_host/shared_analysis.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>

namespace shortlist::plugin_host {

namespace {
std::atomic<std::uint32_t> g_batches{0};
}  // namespace

SharedAnalysis::SharedAnalysis(const std::vector<Proposal>& proposals, unsigned threads)
    : threads_(threads), batch_(++g_batches) {
  proposals_.reserve(proposals.size());
  index_.reserve(proposals.size());
  for (const Proposal& p : proposals) {
    index_.emplace(&p, static_cast<std::uint32_t>(proposals_.size()));
    proposals_.push_back(&p);
  }
}

const text::TextAnalysis* SharedAnalysis::analysis() const {
  std::call_once(analysed_, [this] {
    if (fetch_) {
      analysis_ = fetch_();
    } else {
      analysis_.emplace(text::TextAnalysis::of(proposals_, threads_));
    }
  });
  return analysis_ ? &*analysis_ : nullptr;
}

SharedAnalysis::~SharedAnalysis() {
  if (shared_fd_ >= 0) ::close(shared_fd_);
}

std::optional<std::uint32_t> SharedAnalysis::index_of(const Proposal& proposal) const {
  const auto it = index_.find(&proposal);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const std::string& SharedAnalysis::shared_path() const {
  std::call_once(shared_once_, [this] {
    // A memfd rather than a file: nothing is left behind if the host dies,
    // and it is sealed so that no one can change it under the workers.
    const int fd = ::memfd_create("shortlist-text-analysis", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) return;
    if (analysis() == nullptr || !analysis()->write_to(fd) ||
        ::fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0) {
      ::close(fd);
      return;
    }
    shared_fd_ = fd;
    shared_path_ = "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(fd);
  });
  return shared_path_;
}

const text::TextAnalysis* MappedAnalysis::of(std::uint32_t batch,
                                             const std::function<std::string()>& ask_path) {
  if (batch == batch_) return view_ ? &*view_ : nullptr;
  unmap();
  batch_ = batch;
  const std::string path = ask_path();
  if (path.empty()) return nullptr;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat status {};
  if (::fstat(fd, &status) == 0 && status.st_size > 0) {
    void* data =
        ::mmap(nullptr, static_cast<std::size_t>(status.st_size), PROT_READ, MAP_SHARED, fd, 0);
    if (data != MAP_FAILED) {
      data_ = data;
      size_ = static_cast<std::size_t>(status.st_size);
      view_ = text::TextAnalysis::view({static_cast<const char*>(data_), size_});
    }
  }
  ::close(fd);
  return view_ ? &*view_ : nullptr;
}

void MappedAnalysis::unmap() {
  view_.reset();
  if (data_ != nullptr) ::munmap(data_, size_);
  data_ = nullptr;
  size_ = 0;
  batch_ = 0;
}

}  // namespace shortlist::plugin_host
