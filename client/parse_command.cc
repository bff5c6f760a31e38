#include "parse_command.h"

#include <google/protobuf/util/json_util.h>

#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>
#include <utility>

#include "file_input.h"
#include "investtrack/parser/parse.h"
#include "investtrack/parser_proto/convert.h"
#include "parse_json.h"
#include "text_table.h"
#include "value_format.h"

namespace investtrack::client {
namespace {

std::string investment_label(const v1::Project& project) {
  if (!project.has_total_investment()) return "";
  const auto& amount = project.total_investment_amount();
  std::string label = money_label(project.total_investment());
  if (amount.qualifier() != v1::AMOUNT_QUALIFIER_EXACT) label += " (" + amount.text() + ")";
  return label;
}

std::string capacity_label(const v1::Project& project) {
  std::string out;
  for (const auto& q : project.capacities()) {
    if (!out.empty()) out += ", ";
    std::ostringstream s;
    s << q.value() << q.unit();
    out += s.str();
  }
  return out;
}

void print_table(const std::string& file, const v1::ParseResult& result, std::ostream& out) {
  out << file << ": " << result.articles_size() << " articles, " << result.projects_size()
      << " projects\n";
  TextTable table({"project", "status", "investment", "capacity", "place", "organizations"});
  for (const auto& project : result.projects()) {
    std::string orgs;
    for (const auto& org : project.organizations()) orgs += (orgs.empty() ? "" : ", ") + org;
    table.add_row({project.display_name(), status_label(project.status()),
                   investment_label(project), capacity_label(project),
                   place_label(project.location()), orgs});
  }
  out << table.render();
  for (const auto& warning : result.warnings())
    out << "warning: " << warning.code() << ": " << warning.message() << "\n";
}

}  // namespace

int default_parse_threads() { return std::thread::hardware_concurrency() >= 2 ? 2 : 1; }

std::optional<parser::CivilDate> parse_iso_date(const std::string& text) {
  const auto date = parse_civil_date(text);
  if (!date) return std::nullopt;
  return parser::CivilDate{date->year(), date->month(), date->day()};
}

namespace {

// What parsing one file prints: its output and its error lines, written once its turn comes.
struct FileOutput {
  std::vector<std::string> out;  // printed one after the other
  std::string err;
  bool failed = false;
};

// Below this size a file's parse runs on one thread (the parser reads larger ones on two), so two
// such files are parsed side by side instead.
constexpr std::uintmax_t kPairFilesBelowBytes = 64 << 10;

// A file that is there and at least kPairFilesBelowBytes long.
bool is_large_file(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  return !error && size >= kPairFilesBelowBytes;
}

FileOutput parse_file(const std::string& file, const ParseCommandOptions& options) {
  FileOutput output;
  auto fail = [&](const std::string& message) {
    output.err += "investtrack: " + file + ": " + message + "\n";
    output.failed = true;
    return std::move(output);
  };
  // The parser's tables (about 15 ms on the first parse) are built on its second thread while the
  // file is read, which otherwise idles until the parse starts (a file parsed on two threads only).
  std::optional<parser::TablesAhead> tables_ahead;
  if (options.threads >= 2 && is_large_file(file)) {
    parser::ParseOptions tables_options;
    tables_options.threads = options.threads;
    tables_ahead.emplace(tables_options);
  }
  std::string error;
  auto bytes = read_input_file(file, error);
  if (!bytes) return fail(error);
  parser::ParseOptions parse_options;
  parse_options.source_name = file;
  if (options.base_date) parse_options.base_date = *options.base_date;
  parse_options.threads = options.threads;
  // The articles' JSON is written on the parser's second thread while it waits near the end.
  ArticlesWrittenAhead articles_ahead;
  if (options.format == ParseFormat::kJson) {
    parse_options.while_idle = [&articles_ahead](const std::vector<parser::Article>& articles,
                                                 const std::function<bool()>& stop) {
      articles_ahead.write(articles, stop);
    };
  }
  // The file's bytes are handed over: valid UTF-8 is then parsed in place instead of copied first
  // (at 16 MiB the copy cost the calling thread about 5 ms, before anything runs on the second).
  auto parsed = parser::parse_bulletin_owned(std::move(*bytes), parse_options);
  if (const auto* failure = std::get_if<parser::ParseError>(&parsed)) return fail(failure->message);
  const auto& parse_result = std::get<parser::ParseResult>(parsed);
  if (options.format == ParseFormat::kTable) {
    std::ostringstream table;
    print_table(file, parser_proto::to_proto(parse_result, parse_options), table);
    output.out.push_back(table.str());
    return output;
  }
  // The direct writer prints what MessageToJsonString would, several times faster; protobuf's
  // printer remains for what the writer does not reproduce (a string that is not UTF-8).
  if (!write_parse_result_json(parse_result, parse_options, output.out, &articles_ahead)) {
    google::protobuf::util::JsonPrintOptions json_options;
    json_options.preserve_proto_field_names = true;
    std::string json;
    const auto status = google::protobuf::util::MessageToJsonString(
        parser_proto::to_proto(parse_result, parse_options), &json, json_options);
    if (!status.ok()) return fail("cannot print result as JSON: " + status.ToString());
    output.out.push_back(std::move(json));
  }
  output.out.back() += '\n';
  return output;
}

bool is_small_file(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  return !error && size < kPairFilesBelowBytes;
}

}  // namespace

int run_parse(const ParseCommandOptions& options, std::ostream& out, std::ostream& err) {
  int exit_code = kExitOk;
  auto emit = [&](const FileOutput& output) {
    for (const std::string& part : output.out) out << part;
    err << output.err;
    if (output.failed) exit_code = kExitSomeInputsFailed;
  };
  const auto& files = options.files;
  for (std::size_t i = 0; i < files.size();) {
    // Two small files in a row are parsed at the same time, on this thread and a second one, and
    // printed in their order: many short bulletins otherwise leave the second core idle.
    if (options.threads >= 2 && i + 1 < files.size() && is_small_file(files[i]) &&
        is_small_file(files[i + 1])) {
      FileOutput second;
      std::exception_ptr second_error;
      std::thread worker;
      try {
        worker = std::thread([&] {
          try {
            second = parse_file(files[i + 1], options);
          } catch (...) {
            second_error = std::current_exception();
          }
        });
      } catch (const std::system_error&) {
        emit(parse_file(files[i], options));
        ++i;
        continue;
      }
      FileOutput first;
      try {
        first = parse_file(files[i], options);
      } catch (...) {
        worker.join();
        throw;
      }
      worker.join();
      emit(first);
      // What parsing the second file threw comes after the first file's output, as it would one
      // file after the other.
      if (second_error) std::rethrow_exception(second_error);
      emit(second);
      i += 2;
      continue;
    }
    emit(parse_file(files[i], options));
    ++i;
  }
  return exit_code;
}

}  // namespace investtrack::client
