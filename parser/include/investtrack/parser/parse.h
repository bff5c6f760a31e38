// The parser's entry point: one bulletin's bytes -> articles, projects, warnings.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include "investtrack/parser/layout.h"
#include "investtrack/parser/text.h"
#include "investtrack/parser/types.h"

namespace investtrack::parser {

struct ParseOptions {
  CivilDate base_date;      // the bulletin's publication date; today when not valid
  std::string source_name;  // for warnings and evidence only
  // Threads the parse may use. 1 (the default) parses on the calling thread only; 2 or more also
  // reads the sentences' companies, places, mentions and figures on a second thread. The result is
  // the same whatever the count.
  int threads = 1;
  // Asked now and then while the parse runs, from its threads (it must be safe to call from any
  // of them); when it returns true the parse ends early with the ParseError STOPPED. For a caller
  // whose deadline has passed or whose client has gone. Empty = never.
  std::function<bool()> should_stop;
  // Work of the caller's own, run on the parse's second thread while that thread would otherwise
  // wait for the calling thread, near the end of reading the projects (with threads >= 2 on a
  // large bulletin; not called otherwise). It gets the articles, final by then:
  // ParseResult::articles will hold the same ones. It must return soon after `stop` turns true (the
  // calling thread is then done and waits for it) and must not touch the articles after returning.
  // The CLI writes the articles' JSON there. What it throws ends the parse as an error of the
  // parser's own would.
  std::function<void(const std::vector<Article>& articles, const std::function<bool()>& stop)>
      while_idle;
};

struct ParseResult {
  Encoding encoding = Encoding::kUtf8;
  CivilDate base_date;  // the one used: given, or inferred from the text (warning)
  std::string text;     // the decoded UTF-8 text; evidence spans point into it
  std::vector<Article> articles;
  std::vector<Project> projects;
  std::vector<Warning> warnings;
};

struct ParseError {
  std::string code;     // INVALID_ENCODING, BINARY_INPUT, STOPPED (should_stop said so), ...
  std::string message;  // English, says what was wrong and where
  std::size_t offset = 0;
};

// Deterministic, thread-safe, no global mutable state. Bad input gives a ParseError, never a crash;
// an empty or content-free text gives an empty result.
std::variant<ParseResult, ParseError> parse_bulletin(std::string_view bytes,
                                                     const ParseOptions& options);

// parse_bulletin() for input the caller gives up: valid UTF-8 is moved into ParseResult::text
// instead of copied, so a large bulletin is held once. Same results and errors otherwise.
std::variant<ParseResult, ParseError> parse_bulletin_owned(std::string&& bytes,
                                                           const ParseOptions& options);

// What the first parse of a process on two threads builds on its second thread as it starts (the
// traditional-character table and the gazetteer, about 15 ms), started now, for a caller with work
// of its own to do first: the CLI reads the file meanwhile. The parse then finds them built or
// being built. Joined when destroyed. Does nothing with options.threads < 2, or once a parse or
// another TablesAhead of the process has started it.
class TablesAhead {
 public:
  explicit TablesAhead(const ParseOptions& options);
  ~TablesAhead();
  TablesAhead(const TablesAhead&) = delete;
  TablesAhead& operator=(const TablesAhead&) = delete;

 private:
  std::thread thread_;
};

}  // namespace investtrack::parser
