// `investtrack parse`: bulletins on disk -> parse results on stdout, offline.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "exit_codes.h"
#include "investtrack/parser/types.h"

namespace investtrack::client {

enum class ParseFormat { kJson, kTable };

// Two threads where the machine has two cores or more: the parser reads independent parts of a
// bulletin on a second thread (the output does not change).
int default_parse_threads();

struct ParseCommandOptions {
  ParseFormat format = ParseFormat::kJson;
  std::optional<parser::CivilDate> base_date;  // inferred from each text when absent
  std::vector<std::string> files;
  int threads = default_parse_threads();  // ParseOptions::threads for each file
};

// "2023-10-31" -> date; nullopt for anything that is not a real calendar day.
std::optional<parser::CivilDate> parse_iso_date(const std::string& text);

// One JSON object per file on its own line (protobuf JSON, proto field names), or an aligned
// table per file. Errors go to err, naming the file; the remaining files are still parsed.
int run_parse(const ParseCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace investtrack::client
