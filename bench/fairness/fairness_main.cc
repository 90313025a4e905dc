// shortlist_fairness: how fairly the call's criteria treat languages, on
// the parallel corpus (docs/fairness.md says what is measured and how).
//
//   build/shortlist_fairness [--build DIR] [--half tuning|held-out|both|all]
//                            [--cut N] [--background PATH]... [--criteria FILE]
//                            [--corpus DIR]
//
// Run from the source folder. Prints Markdown tables, one set per half asked
// for (all, the default: each half on its own, then both together).
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "bench/fairness/parallel_fairness.h"

namespace fairness = shortlist::fairness;

int main(int argc, char** argv) {
  std::string build = "build";
  std::string half = "all";
  fairness::Options options;
  options.corpus = "tests/data/parallel";
  options.criteria = "criteria/digital-champions-plugins.yaml";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--build" && has_value) {
      build = argv[++i];
    } else if (arg == "--half" && has_value) {
      half = argv[++i];
    } else if (arg == "--cut" && has_value) {
      options.cut = std::stoi(argv[++i]);
    } else if (arg == "--background" && has_value) {
      options.background.emplace_back(argv[++i]);
    } else if (arg == "--criteria" && has_value) {
      options.criteria = argv[++i];
    } else if (arg == "--corpus" && has_value) {
      options.corpus = argv[++i];
    } else {
      std::cerr << "usage: shortlist_fairness [--build DIR] [--half tuning|held-out|both|all] "
                   "[--cut N] [--background PATH]... [--criteria FILE] [--corpus DIR]\n"
                   "  all (the default): each half on its own, then both together\n";
      return 2;
    }
  }
  options.shortlist = std::filesystem::path(build) / "shortlist";

  std::vector<std::vector<std::string>> runs;
  if (half == "tuning" || half == "held-out") {
    runs = {{half}};
  } else if (half == "both") {
    runs = {{"tuning", "held-out"}};
  } else if (half == "all") {
    runs = {{"tuning"}, {"held-out"}, {"tuning", "held-out"}};
  } else {
    std::cerr << "--half: tuning, held-out, both or all, not " << half << "\n";
    return 2;
  }
  try {
    for (const std::vector<std::string>& halves : runs) {
      options.halves = halves;
      const fairness::Report report = fairness::measure(options);
      std::cout << "### " << (halves.size() == 1 ? halves[0] + " half" : "both halves") << "\n\n";
      fairness::print_markdown(report, fairness::Targets{}, std::cout);
      std::cout << "\n" << std::flush;
    }
  } catch (const std::exception& e) {
    std::cerr << "shortlist_fairness: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
