// libFuzzer target: any bytes into parse_bulletin must give a result or a ParseError, within
// bounded time and memory, with no sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "investtrack/parser/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  investtrack::parser::ParseOptions options;
  options.base_date = {2023, 10, 31};
  const auto result = investtrack::parser::parse_bulletin(
      std::string_view(reinterpret_cast<const char*>(data), size), options);
  if (const auto* parsed = std::get_if<investtrack::parser::ParseResult>(&result)) {
    for (const auto& project : parsed->projects) {
      for (const auto& evidence : project.evidence) {
        // Evidence must point inside the decoded text.
        if (evidence.span.begin > evidence.span.end || evidence.span.end > parsed->text.size())
          __builtin_trap();
      }
    }
  }
  return 0;
}
