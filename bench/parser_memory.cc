// Peak resident memory of parsing one large bulletin, as a multiple of the input size.
// Usage: parser_memory [MEGABYTES]   (default 100)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "investtrack/parser/parse.h"

int main(int argc, char** argv) {
  const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100;
  std::ifstream in(INVESTTRACK_SEED, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  const std::string one = s.str() + "\n\n";
  std::string text;
  text.reserve(megabytes * 1024 * 1024 + one.size());
  while (text.size() < megabytes * 1024 * 1024) text += one;

  const std::size_t input_bytes = text.size();
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  investtrack::parser::ParseOptions options;
  options.base_date = {2023, 10, 31};
  const auto start = std::chrono::steady_clock::now();
  // The caller's buffer becomes the result's text: the input is held once, as a service would.
  const auto result = investtrack::parser::parse_bulletin_owned(std::move(text), options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage after{};
  getrusage(RUSAGE_SELF, &after);

  const double input_mb = static_cast<double>(input_bytes) / (1024 * 1024);
  const double peak_mb =
      static_cast<double>(after.ru_maxrss) / 1024;  // ru_maxrss is in KiB on Linux
  const auto* parsed = std::get_if<investtrack::parser::ParseResult>(&result);
  std::printf(
      "input %.1f MiB, peak RSS %.1f MiB (%.2fx input, input buffer included), %.2f s (%.1f "
      "MiB/s), %zu projects\n",
      input_mb, peak_mb, peak_mb / input_mb, seconds, input_mb / seconds,
      parsed ? parsed->projects.size() : 0);
  return parsed ? 0 : 1;
}
