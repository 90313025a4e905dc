// parallel_for: splits [0, count) into one contiguous block per thread and
// runs body(begin, end) on each, the calling thread taking the first block.
// Blocks depend only on count and threads, so results that each block writes
// to its own rows are the same whatever the scheduling.
//
//   parallel_for(rows, threads, [&](std::size_t begin, std::size_t end) { ... });
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace shortlist {

// Threads to use when the caller says 0: the machine's cores.
inline unsigned default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

template <class Body>
void parallel_for(std::size_t count, unsigned threads, Body&& body) {
  if (threads == 0) threads = default_threads();
  const std::size_t blocks = std::max<std::size_t>(1, std::min<std::size_t>(threads, count));
  const std::size_t size = (count + blocks - 1) / std::max<std::size_t>(1, blocks);
  std::vector<std::thread> workers;
  for (std::size_t b = 1; b < blocks; ++b) {
    const std::size_t begin = std::min(count, b * size);
    const std::size_t end = std::min(count, begin + size);
    if (begin < end) workers.emplace_back([&body, begin, end] { body(begin, end); });
  }
  body(0, std::min(count, size));
  for (std::thread& worker : workers) worker.join();
}

// Runs body(i) for every i in [0, count), each thread taking the next index
// when it is free: for work items of uneven cost (files of different sizes).
template <class Body>
void parallel_for_each(std::size_t count, unsigned threads, Body&& body) {
  if (threads == 0) threads = default_threads();
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) body(i);
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < std::min<std::size_t>(threads, count); ++t) workers.emplace_back(worker);
  worker();
  for (std::thread& w : workers) w.join();
}

}  // namespace shortlist
