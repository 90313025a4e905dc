// raw_chain: the raw chain (bench/raw_chain.h) over every file under the
// given folders, on N threads, as a process of its own so that
// bench/e2e/run.sh can time it beside `shortlist evaluate` on the same bytes.
//
//   raw_chain --threads 2 corpus/   ->  "files 8123 bytes 77012345 words 12345678"
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/raw_chain.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  unsigned threads = 1;
  std::vector<fs::path> files;
  std::uintmax_t bytes = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::max(1, std::stoi(argv[++i])));
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(arg)) {
      if (!entry.is_regular_file()) continue;
      files.push_back(entry.path());
      bytes += entry.file_size();
    }
  }
  if (files.empty()) {
    std::cerr << "usage: raw_chain [--threads N] FOLDER...\n";
    return 2;
  }
  std::atomic<std::size_t> next{0}, words{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      shortlist::bench::RawChain chain;
      std::size_t mine = 0;
      for (std::size_t i = next++; i < files.size(); i = next++) mine += chain.file(files[i]);
      words += mine;
    });
  }
  for (std::thread& t : pool) t.join();
  std::cout << "files " << files.size() << " bytes " << bytes << " words " << words << "\n";
  return 0;
}
