#include "bench/fairness/parallel_fairness.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace shortlist::fairness {
namespace fs = std::filesystem;

namespace {

const std::string kEnglish = "en";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error(path.string() + ": cannot be written");
}

// The criteria with its `shortlist:` block (size and quotas) replaced by a
// plain cut of `size`, so that the cut means something in a call this small.
std::string with_cut(const std::string& criteria, int size) {
  std::istringstream in(criteria);
  std::ostringstream out;
  std::string line;
  bool skipping = false;
  bool replaced = false;
  while (std::getline(in, line)) {
    if (skipping && (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#')) continue;
    skipping = false;
    if (line.rfind("shortlist:", 0) == 0) {
      out << "shortlist:\n  size: " << size << "\n";
      skipping = replaced = true;
      continue;
    }
    out << line << "\n";
  }
  if (!replaced) out << "shortlist:\n  size: " << size << "\n";
  return out.str();
}

// A temporary folder for the calls, removed with everything in it.
class WorkFolder {
 public:
  // mkdtemp, so that no folder left by an earlier run is shared.
  WorkFolder() {
    std::string name = (fs::temp_directory_path() / "shortlist-fairness-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("cannot make " + name);
    path_ = name;
  }
  ~WorkFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  WorkFolder(const WorkFolder&) = delete;
  WorkFolder& operator=(const WorkFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Call {
  std::map<std::string, Outcome> outcomes;  // corpus stem -> outcome
  int size = 0;                             // proposals ranked, background included
  std::string plugin_version;
};

// Runs `shortlist evaluate` over the corpus files chosen for one call (one
// file per stem, named after the stem) and the background.
class Evaluator {
 public:
  Evaluator(const Options& options, const fs::path& work) : options_(options), work_(work) {}

  void set_cut(int size) {
    criteria_ = work_ / ("criteria-cut-" + std::to_string(size) + ".yaml");
    write_text(criteria_, with_cut(read_text(options_.criteria), size));
  }

  Call run(const std::map<std::string, fs::path>& files) {
    const fs::path folder = work_ / ("call-" + std::to_string(++count_));
    fs::create_directories(folder);
    for (const auto& [stem, file] : files) fs::copy_file(file, folder / (stem + ".yaml"));
    const fs::path output = folder.string() + ".json";
    std::vector<std::string> args = {"evaluate",      "--criteria",    criteria_.string(),
                                     "--submissions", folder.string(), "--format",
                                     "json",          "--output",      output.string()};
    for (const fs::path& background : options_.background) {
      args.push_back("--submissions");
      args.push_back(fs::absolute(background).string());
    }
    Poco::Pipe pipe;
    Poco::ProcessHandle process =
        Poco::Process::launch(options_.shortlist.string(), args, nullptr, &pipe, &pipe);
    Poco::PipeInputStream stream(pipe);
    std::string messages;
    Poco::StreamCopier::copyToString(stream, messages);
    const int status = process.wait();
    if (status != 0) {
      throw std::runtime_error("shortlist evaluate exited with " + std::to_string(status) + " on " +
                               folder.string() + ":\n" + messages);
    }
    Call call = parse(read_text(output), folder);
    fs::remove_all(folder);
    fs::remove(output);
    return call;
  }

  int evaluations() const { return count_; }

 private:
  // The stem of a corpus proposal's source, empty for a background one.
  static std::string corpus_stem(const std::string& source, const fs::path& folder) {
    const fs::path path = source.substr(0, source.find('#'));
    if (path.parent_path() != folder) return "";
    return path.stem().string();
  }

  Call parse(const std::string& json, const fs::path& folder) const {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    Call call;
    const auto ranking = root->getArray("ranking");
    call.size = static_cast<int>(ranking->size());
    for (std::size_t i = 0; i < ranking->size(); ++i) {
      const auto entry = ranking->getObject(static_cast<unsigned>(i));
      const std::string stem = corpus_stem(entry->getValue<std::string>("source"), folder);
      if (stem.empty()) continue;
      Outcome outcome;
      outcome.score = entry->getValue<double>("score");
      outcome.rank = entry->getValue<int>("rank");
      outcome.shortlisted = entry->getValue<bool>("shortlisted");
      const auto criteria = entry->getObject("criteria");
      const auto cell = criteria ? criteria->getObject(options_.criterion) : nullptr;
      // A raw value the missing-value policy filled in was not measured.
      if (cell && cell->has("raw") && !cell->isNull("raw") && !cell->has("imputed"))
        outcome.raw = cell->getValue<double>("raw");
      call.outcomes[stem] = outcome;
    }
    const auto excluded = root->getArray("excluded");
    for (std::size_t i = 0; excluded && i < excluded->size(); ++i) {
      const auto entry = excluded->getObject(static_cast<unsigned>(i));
      const std::string stem = corpus_stem(entry->getValue<std::string>("source"), folder);
      if (stem.empty()) continue;
      Outcome outcome;
      outcome.excluded = true;
      outcome.rank = call.size + 1;
      call.outcomes[stem] = outcome;
    }
    // The criterion's plugin, for saying which version was measured.
    const auto criteria = root->getArray("criteria");
    std::string plugin;
    for (std::size_t i = 0; criteria && i < criteria->size(); ++i) {
      const auto item = criteria->getObject(static_cast<unsigned>(i));
      if (item->optValue<std::string>("id", "") == options_.criterion)
        plugin = item->optValue<std::string>("plugin", "");
    }
    if (plugin.empty()) plugin = options_.criterion;
    const auto plugins = root->getArray("plugins");
    for (std::size_t i = 0; plugins && i < plugins->size(); ++i) {
      const auto item = plugins->getObject(static_cast<unsigned>(i));
      if (item->optValue<std::string>("name", "") == plugin)
        call.plugin_version = plugin + " " + item->optValue<std::string>("version", "");
    }
    return call;
  }

  const Options& options_;
  fs::path work_;
  fs::path criteria_;
  int count_ = 0;
};

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Worst and median of |x_L - x_en| / max(x_en, floor) over the stems given.
template <typename Value>
Difference difference(const std::vector<std::string>& stems, Value value_en, Value value_l,
                      double floor) {
  Difference result;
  std::vector<double> all;
  for (const std::string& stem : stems) {
    const std::optional<double> en = value_en(stem);
    const std::optional<double> l = value_l(stem);
    if (!en || !l) continue;
    const double d = std::fabs(*l - *en) / std::max(*en, floor);
    all.push_back(d);
    if (d > result.worst || result.worst_stem.empty()) {
      result.worst = d;
      result.worst_stem = stem;
    }
  }
  result.median = median(all);
  return result;
}

// Worst and median over two sets of differences taken together (a proposal
// alone in L and in a whole call in L).
Difference either(const Difference& a, const Difference& b, const std::vector<double>& all) {
  Difference result = a.worst >= b.worst ? a : b;
  result.median = median(all);
  return result;
}

std::vector<double> ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> result(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    for (std::size_t k = i; k <= j; ++k) result[order[k]] = (static_cast<double>(i + j) / 2) + 1;
    i = j + 1;
  }
  return result;
}

std::string percent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", fraction * 100);
  return buffer;
}

std::string fixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace

std::vector<ParallelProposal> read_corpus(const fs::path& corpus,
                                          const std::vector<std::string>& halves) {
  // The README's table of halves: | stem | half | languages | ...
  std::map<std::string, std::string> half_of;
  const std::regex row(R"(^\|\s*([a-z0-9-]+)\s*\|\s*(tuning|held-out)\s*\|)");
  std::istringstream readme(read_text(corpus / "README.md"));
  for (std::string line; std::getline(readme, line);) {
    std::smatch match;
    if (std::regex_search(line, match, row)) half_of[match[1]] = match[2];
  }
  std::vector<ParallelProposal> proposals;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (!entry.is_directory()) continue;
    ParallelProposal proposal;
    proposal.stem = entry.path().filename().string();
    const auto half = half_of.find(proposal.stem);
    if (half == half_of.end())
      throw std::runtime_error(proposal.stem + ": not in the halves table of " +
                               (corpus / "README.md").string());
    proposal.half = half->second;
    if (!halves.empty() && std::find(halves.begin(), halves.end(), proposal.half) == halves.end())
      continue;
    for (const auto& file : fs::directory_iterator(entry.path())) {
      if (file.path().extension() == ".yaml")
        proposal.files[file.path().stem().string()] = fs::absolute(file.path());
    }
    if (!proposal.files.count(kEnglish))
      throw std::runtime_error(entry.path().string() + ": no English original (en.yaml)");
    proposals.push_back(std::move(proposal));
  }
  std::sort(proposals.begin(), proposals.end(),
            [](const ParallelProposal& a, const ParallelProposal& b) { return a.stem < b.stem; });
  if (proposals.empty())
    throw std::runtime_error(corpus.string() + ": no proposals in those halves");
  return proposals;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw std::invalid_argument("spearman: series of different lengths");
  if (a.size() < 2) return 1;
  const std::vector<double> ra = ranks(a);
  const std::vector<double> rb = ranks(b);
  const double n = static_cast<double>(a.size());
  const double mean = (n + 1) / 2;
  double cov = 0, va = 0, vb = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    cov += (ra[i] - mean) * (rb[i] - mean);
    va += (ra[i] - mean) * (ra[i] - mean);
    vb += (rb[i] - mean) * (rb[i] - mean);
  }
  if (va == 0 || vb == 0) return 1;
  return cov / std::sqrt(va * vb);
}

double Report::worst_raw_difference() const {
  double worst = 0;
  for (const LanguageResult& l : languages)
    worst = std::max({worst, l.raw_swap.worst, l.raw_call.worst});
  return worst;
}

double Report::lowest_spearman() const {
  double lowest = 1;
  for (const LanguageResult& l : languages) lowest = std::min(lowest, l.spearman);
  return lowest;
}

double Report::worst_on_theme_difference() const {
  double worst = 0;
  for (const LanguageResult& l : languages) worst = std::max(worst, l.raw_on_theme.worst);
  return worst;
}

double Report::worst_off_theme_difference() const {
  double worst = 0;
  for (const LanguageResult& l : languages) worst = std::max(worst, l.raw_off_theme.worst);
  return worst;
}

std::optional<double> Report::lowest_spearman_of_larger_languages() const {
  std::optional<double> lowest;
  for (const LanguageResult& l : languages) {
    if (l.proposals < kSpearmanProposals) continue;
    lowest = std::min(lowest.value_or(1), l.spearman);
  }
  return lowest;
}

std::vector<std::string> Report::all_zero_languages() const {
  std::vector<std::string> result;
  for (const LanguageResult& l : languages)
    if (l.all_zero) result.push_back(l.language);
  return result;
}

Report measure(const Options& options) {
  const std::vector<ParallelProposal> corpus = read_corpus(options.corpus, options.halves);
  WorkFolder work;
  Evaluator evaluator(options, work.path());

  std::map<std::string, fs::path> english;
  std::set<std::string> languages;
  for (const ParallelProposal& p : corpus) {
    english[p.stem] = p.files.at(kEnglish);
    for (const auto& [language, file] : p.files)
      if (language != kEnglish) languages.insert(language);
  }

  Report report;
  report.criterion = options.criterion;
  report.halves = options.halves;
  report.corpus_proposals = static_cast<int>(corpus.size());
  report.cut = options.cut;
  if (report.cut <= 0) {
    evaluator.set_cut(1);
    const int size = evaluator.run(english).size;
    report.cut = std::max(1, static_cast<int>(std::lround(size / 3.0)));
  }
  evaluator.set_cut(report.cut);
  const Call base = evaluator.run(english);
  report.call_size = base.size;
  report.plugin_version = base.plugin_version;

  // Floors of the relative differences: a hundredth of the best English
  // value, so that a proposal English scores at zero does not divide by zero.
  double top_raw = 0, top_score = 0;
  for (const auto& [stem, outcome] : base.outcomes) {
    top_raw = std::max(top_raw, outcome.raw.value_or(0));
    top_score = std::max(top_score, outcome.score);
  }
  report.floor = std::max(top_raw / 100, 1e-9);
  report.on_theme = top_raw / 10;
  const double score_floor = std::max(top_score / 100, 1e-9);

  auto raw_in = [](const Call& call) {
    return [&call](const std::string& stem) -> std::optional<double> {
      const auto it = call.outcomes.find(stem);
      if (it == call.outcomes.end() || it->second.excluded) return std::nullopt;
      return it->second.raw;
    };
  };
  auto score_in = [](const Call& call) {
    return [&call](const std::string& stem) -> std::optional<double> {
      const auto it = call.outcomes.find(stem);
      if (it == call.outcomes.end() || it->second.excluded) return std::nullopt;
      return it->second.score;
    };
  };
  auto shortlisted = [](const Call& call, const std::string& stem) {
    const auto it = call.outcomes.find(stem);
    return it != call.outcomes.end() && it->second.shortlisted;
  };

  for (const std::string& language : languages) {
    LanguageResult result;
    result.language = language;
    std::vector<std::string> stems;
    std::map<std::string, fs::path> whole = english;
    for (const ParallelProposal& p : corpus) {
      const auto file = p.files.find(language);
      if (file == p.files.end()) continue;
      stems.push_back(p.stem);
      whole[p.stem] = file->second;
    }
    result.proposals = static_cast<int>(stems.size());

    // One proposal in L, the rest of the call English.
    Call swapped;  // each stem's outcome from its own swap
    for (const std::string& stem : stems) {
      std::map<std::string, fs::path> files = english;
      files[stem] = whole[stem];
      const Call call = evaluator.run(files);
      swapped.outcomes[stem] = call.outcomes.at(stem);
      ++report.swaps;
      if (shortlisted(call, stem) != shortlisted(base, stem)) {
        ++result.swap_crossings;
        result.crossed.push_back(stem);
      }
    }
    // The whole call in L (English where a proposal has no L version).
    const Call all = evaluator.run(whole);

    result.raw_swap = difference(stems, raw_in(base), raw_in(swapped), report.floor);
    result.raw_call = difference(stems, raw_in(base), raw_in(all), report.floor);
    // The complementary views: on-theme proposals relative to their own
    // English score, the others on the scale of the call's best.
    std::vector<std::string> on_theme, off_theme;
    for (const std::string& stem : stems) {
      const std::optional<double> en = raw_in(base)(stem);
      if (!en) continue;
      (*en >= report.on_theme ? on_theme : off_theme).push_back(stem);
    }
    const double scale = std::max(top_raw, 1e-9);
    auto both = [&](const std::vector<std::string>& chosen, double floor, bool absolute) {
      std::vector<double> values;
      auto one = [&](const Call& call) {
        Difference d;
        for (const std::string& stem : chosen) {
          const std::optional<double> en = raw_in(base)(stem);
          const std::optional<double> l = raw_in(call)(stem);
          if (!en || !l) continue;
          const double x = std::fabs(*l - *en) / (absolute ? scale : std::max(*en, floor));
          values.push_back(x);
          if (x > d.worst || d.worst_stem.empty()) {
            d.worst = x;
            d.worst_stem = stem;
          }
        }
        return d;
      };
      const Difference alone = one(swapped);
      const Difference whole_call = one(all);
      return either(alone, whole_call, values);
    };
    result.raw_on_theme = both(on_theme, report.floor, false);
    result.raw_off_theme = both(off_theme, report.floor, true);
    result.score_swap = difference(stems, score_in(base), score_in(swapped), score_floor);
    result.score_call = difference(stems, score_in(base), score_in(all), score_floor);

    std::vector<double> ranks_en, ranks_l;
    int measured = 0, zeros = 0;
    for (const std::string& stem : stems) {
      ranks_en.push_back(base.outcomes.at(stem).rank);
      ranks_l.push_back(all.outcomes.at(stem).rank);
      if (shortlisted(all, stem) != shortlisted(base, stem)) ++result.call_crossings;
      const Outcome& outcome = all.outcomes.at(stem);
      if (outcome.excluded) continue;
      if (!outcome.raw) {
        ++result.not_measured;
        continue;
      }
      ++measured;
      if (*outcome.raw == 0) {
        ++zeros;
        if (raw_in(base)(stem).value_or(0) != 0) ++result.zero;
      }
    }
    result.all_zero = measured > 0 && zeros == measured;
    result.spearman = spearman(ranks_en, ranks_l);
    report.swap_crossings += result.swap_crossings;
    report.call_crossings += result.call_crossings;
    report.call_checks += result.proposals;
    report.languages.push_back(std::move(result));
  }
  report.evaluations = evaluator.evaluations();
  return report;
}

void print_markdown(const Report& report, const Targets& targets, std::ostream& out) {
  std::string halves;
  for (const std::string& half : report.halves) halves += (halves.empty() ? "" : " + ") + half;
  out << "Corpus: " << report.corpus_proposals << " proposals ("
      << (halves.empty() ? "both halves" : halves) << "); call of " << report.call_size
      << " proposals, shortlist cut " << report.cut << "; criterion " << report.criterion
      << ", plugin " << report.plugin_version << "; " << report.evaluations << " evaluations.\n\n";
  out << "| language | proposals | " << report.criterion << " diff, alone: worst (median) | "
      << report.criterion << " diff, whole call: worst (median) | score diff, alone: worst "
      << "(median) | score diff, whole call: worst (median) | Spearman | crossings alone | "
         "crossings whole call | "
      << report.criterion << " 0 |\n";
  out << "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const LanguageResult& l : report.languages) {
    auto cell = [](const Difference& d) {
      return percent(d.worst) + " (" + percent(d.median) + ")" +
             (d.worst_stem.empty() ? "" : " " + d.worst_stem);
    };
    std::string zero = l.all_zero ? "all" : std::to_string(l.zero);
    if (l.not_measured > 0) zero += ", " + std::to_string(l.not_measured) + " not measured";
    out << "| " << l.language << " | " << l.proposals << " | " << cell(l.raw_swap) << " | "
        << cell(l.raw_call) << " | " << cell(l.score_swap) << " | " << cell(l.score_call) << " | "
        << fixed(l.spearman, 2) << " | " << l.swap_crossings << " of " << l.proposals << " | "
        << l.call_crossings << " of " << l.proposals << " | " << zero << " |\n";
  }
  out << "\nCrossed the cut when swapped alone:";
  for (const LanguageResult& l : report.languages) {
    std::string stems;
    for (const std::string& stem : l.crossed) stems += (stems.empty() ? " " : ", ") + stem;
    out << " " << l.language << ":" << (stems.empty() ? " none" : stems) << ";";
  }
  out << "\n";
  const std::vector<std::string> zero = report.all_zero_languages();
  std::string zero_list;
  for (const std::string& language : zero) zero_list += (zero_list.empty() ? "" : ", ") + language;
  const double per_swap =
      report.swaps == 0 ? 0 : static_cast<double>(report.swap_crossings) / report.swaps;
  auto verdict = [](bool met) { return met ? "met" : "NOT met"; };
  out << "\n| measure | value | target | verdict |\n|---|---|---|---|\n";
  out << "| worst " << report.criterion << " difference | "
      << percent(report.worst_raw_difference()) << " | <= " << percent(targets.worst_raw_difference)
      << " | " << verdict(report.worst_raw_difference() <= targets.worst_raw_difference) << " |\n";
  out << "| lowest Spearman | " << fixed(report.lowest_spearman(), 2)
      << " | >= " << fixed(targets.lowest_spearman, 2) << " | "
      << verdict(report.lowest_spearman() >= targets.lowest_spearman) << " |\n";
  out << "| crossings, one proposal's language changed | " << report.swap_crossings << " of "
      << report.swaps << " | <= 1 in " << fixed(1 / targets.crossings_per_swap, 0) << " | "
      << verdict(per_swap <= targets.crossings_per_swap) << " |\n";
  out << "| crossings, whole call in one language | " << report.call_crossings << " of "
      << report.call_checks << " | | |\n";
  out << "| languages scoring " << report.criterion << " 0 for every proposal | "
      << (zero.empty() ? "none" : zero_list) << " | none | " << verdict(zero.empty()) << " |\n";

  // The complementary views: beside the targets' figures, never instead.
  out << "\nComplementary views, not the targets (docs/fairness.md): " << report.criterion
      << " differences alone and in a whole call together, for the proposals English scores at "
         "a tenth of its best or more (on the themes), relative to their English score; for "
         "the others, as a share of the best English score of the call.\n\n";
  out << "| language | on the themes: worst (median) | off the themes, share of the best: worst "
         "(median) |\n|---|---|---|\n";
  auto cell = [](const Difference& d) {
    if (d.worst_stem.empty()) return std::string("none");
    return percent(d.worst) + " (" + percent(d.median) + ") " + d.worst_stem;
  };
  std::string worst_on, worst_off, lowest_at;
  double on = -1, off = -1, lowest = 2;
  for (const LanguageResult& l : report.languages) {
    out << "| " << l.language << " | " << cell(l.raw_on_theme) << " | " << cell(l.raw_off_theme)
        << " |\n";
    if (!l.raw_on_theme.worst_stem.empty() && l.raw_on_theme.worst > on) {
      on = l.raw_on_theme.worst;
      worst_on = l.language + ", " + l.raw_on_theme.worst_stem;
    }
    if (!l.raw_off_theme.worst_stem.empty() && l.raw_off_theme.worst > off) {
      off = l.raw_off_theme.worst;
      worst_off = l.language + ", " + l.raw_off_theme.worst_stem;
    }
    if (l.proposals >= Report::kSpearmanProposals && l.spearman < lowest) {
      lowest = l.spearman;
      lowest_at = l.language;
    }
  }
  out << "\n| view | value |\n|---|---|\n";
  out << "| worst " << report.criterion << " difference, on the themes | "
      << (on < 0 ? "none" : percent(on) + " (" + worst_on + ")") << " |\n";
  out << "| worst " << report.criterion << " difference off the themes, share of the best | "
      << (off < 0 ? "none" : percent(off) + " (" + worst_off + ")") << " |\n";
  out << "| lowest Spearman, languages with " << Report::kSpearmanProposals
      << " proposals or more | "
      << (lowest > 1 ? "none" : fixed(lowest, 2) + " (" + lowest_at + ")") << " |\n";
}

}  // namespace shortlist::fairness
