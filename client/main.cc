// investtrack: the command-line face of the service.
#include <CLI/CLI.hpp>

#include <iostream>

#include "parse_command.h"

int main(int argc, char** argv) {
  using namespace investtrack::client;
  CLI::App app{"investtrack: read Chinese investment bulletins and query the project register"};
  app.require_subcommand(1);

  ParseCommandOptions parse_options;
  std::string format = "json";
  std::string base_date;
  auto* parse = app.add_subcommand("parse", "Parse bulletin files offline and print the projects found");
  parse->add_option("--format", format, "Output: json (one protobuf-JSON object per file) or table")
      ->check(CLI::IsMember({"json", "table"}));
  parse->add_option("--base-date", base_date,
                    "Publication date YYYY-MM-DD that relative dates (10月24日, 明年) resolve against; "
                    "inferred from the text when omitted");
  parse->add_option("files", parse_options.files, "Bulletin files: UTF-8 (with or without BOM) or GB18030")
      ->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  if (parse->parsed()) {
    parse_options.format = format == "table" ? ParseFormat::kTable : ParseFormat::kJson;
    if (!base_date.empty()) {
      parse_options.base_date = parse_iso_date(base_date);
      if (!parse_options.base_date) {
        std::cerr << "investtrack: --base-date must be a calendar date as YYYY-MM-DD, got '" << base_date << "'\n";
        return kExitUsage;
      }
    }
    return run_parse(parse_options, std::cout, std::cerr);
  }
  return kExitUsage;
}
