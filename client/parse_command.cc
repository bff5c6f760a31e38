#include "parse_command.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "investtrack/parser/parse.h"
#include "investtrack/parser_proto/convert.h"
#include "file_input.h"
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
  out << file << ": " << result.articles_size() << " articles, " << result.projects_size() << " projects\n";
  TextTable table({"project", "status", "investment", "capacity", "place", "organizations"});
  for (const auto& project : result.projects()) {
    std::string orgs;
    for (const auto& org : project.organizations()) orgs += (orgs.empty() ? "" : ", ") + org;
    table.add_row({project.display_name(), status_label(project.status()), investment_label(project),
                   capacity_label(project), place_label(project.location()), orgs});
  }
  out << table.render();
  for (const auto& warning : result.warnings()) out << "warning: " << warning.code() << ": " << warning.message() << "\n";
}

}  // namespace

int default_parse_threads() { return std::thread::hardware_concurrency() >= 2 ? 2 : 1; }

std::optional<parser::CivilDate> parse_iso_date(const std::string& text) {
  const auto date = parse_civil_date(text);
  if (!date) return std::nullopt;
  return parser::CivilDate{date->year(), date->month(), date->day()};
}

int run_parse(const ParseCommandOptions& options, std::ostream& out, std::ostream& err) {
  int exit_code = kExitOk;
  google::protobuf::util::JsonPrintOptions json_options;
  json_options.preserve_proto_field_names = true;
  for (const auto& file : options.files) {
    std::string error;
    const auto bytes = read_input_file(file, error);
    if (!bytes) {
      err << "investtrack: " << file << ": " << error << "\n";
      exit_code = kExitSomeInputsFailed;
      continue;
    }
    parser::ParseOptions parse_options;
    parse_options.source_name = file;
    if (options.base_date) parse_options.base_date = *options.base_date;
    parse_options.threads = options.threads;
    auto parsed = parser::parse_bulletin(*bytes, parse_options);
    if (const auto* failure = std::get_if<parser::ParseError>(&parsed)) {
      err << "investtrack: " << file << ": " << failure->message << "\n";
      exit_code = kExitSomeInputsFailed;
      continue;
    }
    const auto result = parser_proto::to_proto(std::get<parser::ParseResult>(parsed), parse_options);
    if (options.format == ParseFormat::kTable) {
      print_table(file, result, out);
      continue;
    }
    std::string json;
    // The direct writer prints what MessageToJsonString would, several times faster; protobuf's
    // printer remains for what the writer does not reproduce (a string that is not UTF-8).
    if (!append_parse_result_json(result, json)) {
      const auto status = google::protobuf::util::MessageToJsonString(result, &json, json_options);
      if (!status.ok()) {
        err << "investtrack: " << file << ": cannot print result as JSON: " << status.ToString() << "\n";
        exit_code = kExitSomeInputsFailed;
        continue;
      }
    }
    json += '\n';
    out << json;
  }
  return exit_code;
}

}  // namespace investtrack::client
