#include "parse_command.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "investtrack/parser/parse.h"
#include "investtrack/parser_proto/convert.h"
#include "text_table.h"

namespace investtrack::client {
namespace {

// Large enough for any real bulletin or a year of them; bounded so a wrong path (a disk image)
// fails clearly instead of exhausting memory.
constexpr std::uintmax_t kMaxInputBytes = 512ull * 1024 * 1024;

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open file";
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) {
    error = "cannot read file";
    return std::nullopt;
  }
  if (static_cast<std::uintmax_t>(size) > kMaxInputBytes) {
    error = "file is larger than 512 MiB";
    return std::nullopt;
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) {
    error = "cannot read file";
    return std::nullopt;
  }
  return bytes;
}

const char* status_label(v1::ProjectStatus status) {
  const auto& name = v1::ProjectStatus_Name(status);
  constexpr std::string_view prefix = "PROJECT_STATUS_";
  return name.c_str() + (name.rfind(prefix, 0) == 0 ? prefix.size() : 0);
}

std::string money_label(const v1::Project& project) {
  if (!project.has_total_investment()) return "";
  const auto& amount = project.total_investment_amount();
  std::ostringstream s;
  s << project.total_investment().units() << ' ' << project.total_investment().currency_code();
  if (amount.qualifier() != v1::AMOUNT_QUALIFIER_EXACT) s << " (" << amount.text() << ')';
  return s.str();
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

std::string place_label(const v1::Location& location) {
  std::string out = location.province() + location.city() + location.county();
  if (!location.zone().empty()) out += " " + location.zone();
  return out;
}

void print_table(const std::string& file, const v1::ParseResult& result, std::ostream& out) {
  out << file << ": " << result.articles_size() << " articles, " << result.projects_size() << " projects\n";
  TextTable table({"project", "status", "investment", "capacity", "place", "organizations"});
  for (const auto& project : result.projects()) {
    std::string orgs;
    for (const auto& org : project.organizations()) orgs += (orgs.empty() ? "" : ", ") + org;
    table.add_row({project.display_name(), status_label(project.status()), money_label(project),
                   capacity_label(project), place_label(project.location()), orgs});
  }
  out << table.render();
  for (const auto& warning : result.warnings()) out << "warning: " << warning.code() << ": " << warning.message() << "\n";
}

}  // namespace

std::optional<parser::CivilDate> parse_iso_date(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char dash1 = 0, dash2 = 0;
  std::istringstream in(text);
  if (text.size() != 10 || !(in >> y >> dash1 >> m >> dash2 >> d) || dash1 != '-' || dash2 != '-') return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] || (m == 2 && d == 29 && !leap)) {
    return std::nullopt;
  }
  return parser::CivilDate{y, m, d};
}

int run_parse(const ParseCommandOptions& options, std::ostream& out, std::ostream& err) {
  int exit_code = kExitOk;
  google::protobuf::util::JsonPrintOptions json_options;
  json_options.preserve_proto_field_names = true;
  for (const auto& file : options.files) {
    std::string error;
    const auto bytes = read_file(file, error);
    if (!bytes) {
      err << "investtrack: " << file << ": " << error << "\n";
      exit_code = kExitSomeInputsFailed;
      continue;
    }
    parser::ParseOptions parse_options;
    parse_options.source_name = file;
    if (options.base_date) parse_options.base_date = *options.base_date;
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
    const auto status = google::protobuf::util::MessageToJsonString(result, &json, json_options);
    if (!status.ok()) {
      err << "investtrack: " << file << ": cannot print result as JSON: " << status.ToString() << "\n";
      exit_code = kExitSomeInputsFailed;
      continue;
    }
    out << json << "\n";
  }
  return exit_code;
}

}  // namespace investtrack::client
