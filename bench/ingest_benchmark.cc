// Ingestion against the raw chain over the same bytes, in the same run
// (docs/performance.md): the raw chain reads each file and runs ICU NFC
// normalisation, ICU word breaking and CLD2 on its text once; ingestion does
// everything `shortlist ingest` does (decode, parse, check every field, clean
// text, detect languages per proposal and section, count words and
// sentences, hash, recognise resubmissions), on one and on two threads.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "bench/raw_chain.h"
#include "core/ingest/submission_reader.h"

namespace {

namespace fs = std::filesystem;
constexpr std::size_t kProposals = 2000;

// A corpus of proposals in ten languages, about 4 KB each, in the text
// formats in equal shares (JSON, YAML, plain text, Markdown), written once to
// a temporary folder. Word and PDF files are left out: the raw chain cannot
// read their compressed bytes.
class Corpus {
 public:
  static const Corpus& get() {
    static const Corpus corpus;
    return corpus;
  }
  std::vector<fs::path> files;
  std::size_t bytes = 0;

 private:
  Corpus() : dir_(Poco::TemporaryFile::tempName()) {
    fs::create_directories(dir_);
    std::ifstream in(fs::path(SHORTLIST_SOURCE_DIR) / "tests/data/multilingual/expected.json");
    std::stringstream json;
    json << in.rdbuf();
    Poco::JSON::Parser parser;
    auto texts = parser.parse(json.str()).extract<Poco::JSON::Object::Ptr>();
    const std::vector<std::string> languages = texts->getNames();
    for (std::size_t i = 0; i < kProposals; ++i) {
      auto t = texts->getObject(languages[i % languages.size()]);
      const std::string title = t->getValue<std::string>("title") + " " + std::to_string(i);
      std::string context, objectives;
      for (int k = 0; k < 5; ++k) {
        context += t->getValue<std::string>("context") + " " + std::to_string(i * 7 + k) + ". ";
        objectives +=
            t->getValue<std::string>("objectives") + " " + std::to_string(i * 11 + k) + ". ";
      }
      const std::string summary = t->getValue<std::string>("summary");
      fs::path file;
      std::ofstream out;
      switch (i % 4) {
        case 0:
          file = dir_ / ("p" + std::to_string(i) + ".json");
          out.open(file);
          out << "{\"title\": \"" << title << "\", \"summary\": \"" << summary
              << "\", \"sections\": {\"context\": \"" << context << "\", \"objectives\": \""
              << objectives << "\"}, \"budget\": {\"total\": 100000, \"requested\": 80000}}";
          break;
        case 1:
          file = dir_ / ("p" + std::to_string(i) + ".yaml");
          out.open(file);
          out << "title: \"" << title << "\"\nsummary: \"" << summary
              << "\"\nsections:\n  context: \"" << context << "\"\n  objectives: \"" << objectives
              << "\"\nbudget: {total: 100000}\n";
          break;
        case 2:
          file = dir_ / ("p" + std::to_string(i) + ".txt");
          out.open(file);
          out << title << "\n\n" << summary << "\n\n" << context << "\n\n" << objectives << "\n";
          break;
        default:
          file = dir_ / ("p" + std::to_string(i) + ".md");
          out.open(file);
          out << "---\nbudget: {total: 100000}\n---\n# " << title << "\n\n"
              << summary << "\n\n## context\n\n"
              << context << "\n\n## objectives\n\n"
              << objectives << "\n";
      }
      out.close();
      files.push_back(file);
      bytes += fs::file_size(file);
    }
  }
  ~Corpus() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
};

void BM_RawChain(benchmark::State& state) {
  const Corpus& corpus = Corpus::get();
  shortlist::bench::RawChain chain;
  for (auto _ : state) {
    std::size_t total_words = 0;
    for (const fs::path& file : corpus.files) total_words += chain.file(file);
    benchmark::DoNotOptimize(total_words);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus.files.size()));
}

void ingest(benchmark::State& state, unsigned threads) {
  const Corpus& corpus = Corpus::get();
  shortlist::ingest::ReadLimits limits;
  limits.threads = threads;
  for (auto _ : state) {
    shortlist::ingest::Submissions batch =
        shortlist::ingest::read_submissions(corpus.files, limits);
    if (batch.proposals.size() != kProposals)
      state.SkipWithError("not every proposal was accepted");
    benchmark::DoNotOptimize(batch.proposals.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus.files.size()));
}

void BM_Ingest_1Thread(benchmark::State& state) { ingest(state, 1); }
void BM_Ingest_2Threads(benchmark::State& state) { ingest(state, 2); }

BENCHMARK(BM_RawChain)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Ingest_1Thread)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Ingest_2Threads)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
