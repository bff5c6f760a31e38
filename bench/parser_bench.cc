// Parsing throughput in bytes of bulletin text per second on one core.
//
// BM_ParseBulletin reads what users feed the parser: the mixed real corpus, the seed bulletin
// followed by every *.txt article of the real dev corpus (INVESTTRACK_REAL_CORPUS_DIR, compiled
// in; the environment variable of the same name overrides it at run time), repeated to the size
// asked. It parses as `investtrack parse` does without --base-date: the date is inferred from
// the text. BM_ParseBulletinDated is the same input with the base date given, and BM_ParseSeed
// the seed alone (the input of every number before the mixed corpus), for comparison.
// Bytes/s is reported at each size: it should stay flat as the input grows (linear parsing).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "investtrack/parser/parse.h"

namespace {

std::atomic<bool> g_corpus_missing{false};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string seed() { return read_file(INVESTTRACK_SEED); }

// A bulletin of about `bytes` made of the seed's articles repeated, so every stage does real work.
std::string corpus_of(std::size_t bytes) {
  const std::string one = seed();
  std::string out;
  out.reserve(bytes + one.size());
  while (out.size() < bytes) out += one + "\n\n";
  return out;
}

std::string real_corpus_dir() {
  const char* from_env = std::getenv("INVESTTRACK_REAL_CORPUS_DIR");
  if (from_env != nullptr && *from_env != '\0') return from_env;
  return INVESTTRACK_REAL_CORPUS_DIR;
}

// The mixed corpus in its fixed order: the seed, then the directory's *.txt sorted by file name
// (byte order). `error` is set, and the list empty, when the seed or the articles are missing.
struct MixedCorpus {
  std::vector<std::string> articles;
  std::size_t bytes = 0;
  std::string error;
};

MixedCorpus load_mixed_corpus() {
  MixedCorpus corpus;
  const std::string dir = real_corpus_dir();
  std::string one_seed = seed();
  if (one_seed.empty()) {
    corpus.error = std::string("cannot read the seed bulletin ") + INVESTTRACK_SEED;
    return corpus;
  }
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".txt" && it->is_regular_file()) files.push_back(it->path());
  }
  if (files.empty()) {
    corpus.error =
        "no *.txt article in the real corpus directory '" + dir +
        "' (missing or empty; set INVESTTRACK_REAL_CORPUS_DIR to a directory of articles)";
    return corpus;
  }
  std::sort(files.begin(), files.end());
  corpus.articles.push_back(std::move(one_seed));
  for (const auto& file : files) {
    std::string text = read_file(file);
    if (text.empty()) {
      corpus.error = "cannot read, or empty: " + file.string();
      corpus.articles.clear();
      return corpus;
    }
    corpus.articles.push_back(std::move(text));
  }
  for (const auto& article : corpus.articles) corpus.bytes += article.size() + 2;
  return corpus;
}

const MixedCorpus& mixed_corpus() {
  static const MixedCorpus corpus = load_mixed_corpus();
  return corpus;
}

// The mixed corpus's articles, each followed by a blank line, over and over until the text holds
// at least `bytes` (it stops after the article that reaches the size).
const std::string& mixed_corpus_of(std::size_t bytes) {
  static std::map<std::size_t, std::string> built;
  auto [it, inserted] = built.try_emplace(bytes);
  if (inserted) {
    const auto& articles = mixed_corpus().articles;
    std::string& out = it->second;
    out.reserve(bytes + mixed_corpus().bytes);
    for (std::size_t i = 0; out.size() < bytes && !articles.empty();
         i = (i + 1) % articles.size()) {
      out += articles[i];
      out += "\n\n";
    }
  }
  return it->second;
}

void parse_repeatedly(benchmark::State& state, const std::string& text,
                      const investtrack::parser::ParseOptions& options) {
  std::size_t projects = 0;
  for (auto _ : state) {
    auto result = investtrack::parser::parse_bulletin(text, options);
    if (const auto* parsed = std::get_if<investtrack::parser::ParseResult>(&result))
      projects = parsed->projects.size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
  state.counters["input_bytes"] = benchmark::Counter(static_cast<double>(text.size()));
  state.counters["projects"] = benchmark::Counter(static_cast<double>(projects));
}

void parse_mixed(benchmark::State& state, bool base_date_given, int threads = 1) {
  const MixedCorpus& corpus = mixed_corpus();
  if (!corpus.error.empty()) {
    g_corpus_missing = true;
    state.SkipWithError(corpus.error.c_str());
    return;
  }
  const std::string& text = mixed_corpus_of(static_cast<std::size_t>(state.range(0)));
  investtrack::parser::ParseOptions options;
  if (base_date_given) options.base_date = {2023, 10, 31};
  options.threads = threads;
  parse_repeatedly(state, text, options);
  state.SetLabel("seed + " + std::to_string(corpus.articles.size() - 1) + " real articles");
}

void BM_ParseBulletin(benchmark::State& state) { parse_mixed(state, false); }
BENCHMARK(BM_ParseBulletin)
    ->Arg(64 << 10)
    ->Arg(1 << 20)
    ->Arg(16 << 20)
    ->Unit(benchmark::kMillisecond);

// The same input with ParseOptions::threads = 2 (what investtrack parse uses on two cores).
// Timed by the wall clock: the CPU time Google Benchmark reports is the calling thread's only.
void BM_ParseBulletinTwoThreads(benchmark::State& state) { parse_mixed(state, false, 2); }
BENCHMARK(BM_ParseBulletinTwoThreads)
    ->Arg(64 << 10)
    ->Arg(1 << 20)
    ->Arg(16 << 20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ParseBulletinDated(benchmark::State& state) { parse_mixed(state, true); }
BENCHMARK(BM_ParseBulletinDated)
    ->Arg(64 << 10)
    ->Arg(1 << 20)
    ->Arg(16 << 20)
    ->Unit(benchmark::kMillisecond);

void BM_ParseSeed(benchmark::State& state) {
  const std::string text = corpus_of(static_cast<std::size_t>(state.range(0)));
  investtrack::parser::ParseOptions options;
  options.base_date = {2023, 10, 31};
  parse_repeatedly(state, text, options);
}
BENCHMARK(BM_ParseSeed)
    ->Arg(16 << 10)
    ->Arg(64 << 10)
    ->Arg(1 << 20)
    ->Arg(16 << 20)
    ->Unit(benchmark::kMillisecond);

void BM_DecodeAndNormalize(benchmark::State& state) {
  const std::string text = corpus_of(1 << 20);
  for (auto _ : state) {
    auto decoded = investtrack::parser::decode(text);
    auto normalized = investtrack::parser::NormalizedText::build(
        std::get<investtrack::parser::Decoded>(decoded).utf8);
    benchmark::DoNotOptimize(normalized);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_DecodeAndNormalize)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("real_corpus_dir", real_corpus_dir());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (g_corpus_missing) {
    std::fprintf(stderr, "parser_bench: the mixed corpus is missing: %s\n",
                 mixed_corpus().error.c_str());
    return 1;
  }
  return 0;
}
