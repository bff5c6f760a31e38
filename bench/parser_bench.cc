// Parsing throughput in bytes of bulletin text per second on one core.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "investtrack/parser/parse.h"

namespace {

std::string seed() {
  std::ifstream in(INVESTTRACK_SEED, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A bulletin of about `bytes` made of the seed's articles repeated, so every stage does real work.
std::string corpus_of(std::size_t bytes) {
  const std::string one = seed();
  std::string out;
  out.reserve(bytes + one.size());
  while (out.size() < bytes) out += one + "\n\n";
  return out;
}

void BM_ParseBulletin(benchmark::State& state) {
  const std::string text = corpus_of(static_cast<std::size_t>(state.range(0)));
  investtrack::parser::ParseOptions options;
  options.base_date = {2023, 10, 31};
  for (auto _ : state) {
    auto result = investtrack::parser::parse_bulletin(text, options);
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ParseBulletin)->Arg(16 << 10)->Arg(1 << 20)->Arg(16 << 20)->Unit(benchmark::kMillisecond);

void BM_DecodeAndNormalize(benchmark::State& state) {
  const std::string text = corpus_of(1 << 20);
  for (auto _ : state) {
    auto decoded = investtrack::parser::decode(text);
    auto normalized = investtrack::parser::NormalizedText::build(std::get<investtrack::parser::Decoded>(decoded).utf8);
    benchmark::DoNotOptimize(normalized);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_DecodeAndNormalize)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
