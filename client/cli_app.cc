#include "cli_app.h"

#include <ostream>

#include "bulletin_commands.h"
#include "exit_codes.h"
#include "parse_command.h"
#include "project_commands.h"
#include "report_commands.h"
#include "review_commands.h"
#include "tls/pem_files.h"
#include "watch_command.h"
#include "whoami_command.h"

namespace investtrack::client {
namespace {

void add_parse_command(CLI::App& app, const CommandIo& io, CommandAction& chosen) {
  auto options = std::make_shared<ParseCommandOptions>();
  auto format = std::make_shared<std::string>("json");
  auto base_date = std::make_shared<std::string>();
  auto* sub = app.add_subcommand(
      "parse", "Parse bulletin files offline and print the projects found (no server)");
  sub->add_option("--format", *format, "Output: json (one protobuf-JSON object per file) or table")
      ->check(CLI::IsMember({"json", "table"}))
      ->capture_default_str();
  sub->add_option(
      "--base-date", *base_date,
      "Publication date YYYY-MM-DD that relative dates (10月24日, 明年) resolve against; "
      "inferred from the text when omitted");
  sub->add_option(
         "--threads", options->threads,
         "Threads each file's parse may use (the output is the same for any count); default: 2 "
         "on a machine with two or more cores, else 1")
      ->check(CLI::Range(1, 64));
  sub->add_option("files", options->files, "Bulletin files: UTF-8 (with or without BOM) or GB18030")
      ->required();
  sub->callback([=, &io, &chosen] {
    chosen = [=, &io] {
      options->format = *format == "table" ? ParseFormat::kTable : ParseFormat::kJson;
      if (!base_date->empty()) {
        options->base_date = parse_iso_date(*base_date);
        if (!options->base_date) {
          return usage_error(
              "parse",
              "--base-date must be a calendar date as YYYY-MM-DD, got '" + *base_date + "'",
              io.err);
        }
      }
      return run_parse(*options, io.out, io.err);
    };
  });
}

}  // namespace

int run_cli(const std::vector<std::string>& args, const CommandIo& io) {
  CLI::App app{"investtrack: read Chinese investment bulletins and query the project register",
               "investtrack"};
  app.footer(kExitCodeHelp);
  app.require_subcommand(1);
  // Global options may also follow the command: `investtrack list --server host:port`.
  app.fallthrough();

  ConnectionOptions connection;
  app.add_option("--server", connection.server, "host:port of investtrackd")
      ->envname("INVESTTRACK_SERVER")
      ->capture_default_str();
  app.add_option("--token", connection.token, "Bearer token (sent as the authorization header)")
      ->envname("INVESTTRACK_TOKEN");
  app.add_option("--timeout", connection.timeout_seconds, "Deadline of each call in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_flag("--tls", connection.tls.enabled,
               "Connect over TLS, verifying the server's certificate against the system's CA roots")
      ->envname("INVESTTRACK_TLS");
  std::string tls_ca;
  app.add_option(
         "--tls-ca", tls_ca,
         "Connect over TLS, verifying the server's certificate against the PEM certificates in "
         "FILE (a private CA, or a self-signed server certificate itself)")
      ->envname("INVESTTRACK_TLS_CA")
      ->type_name("FILE");
  app.add_option(
         "--tls-server-name", connection.tls.server_name,
         "Name the server's certificate must be issued for, when --server is not one of its "
         "names (an IP address, a tunnel); TLS only")
      ->envname("INVESTTRACK_TLS_SERVER_NAME")
      ->type_name("NAME");

  CommandAction chosen;
  const CommandSetup setup{app, connection, io, chosen};
  add_parse_command(app, io, chosen);
  add_bulletin_commands(setup);
  add_project_commands(setup);
  add_review_commands(setup);
  add_report_commands(setup);
  add_watch_command(setup);
  add_whoami_command(setup);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  if (!reversed.empty()) reversed.pop_back();  // the program name
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, io.out, io.err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (!chosen) return kExitUsage;
  if (!tls_ca.empty()) {
    connection.tls.enabled = true;
    connection.tls.ca_file = tls_ca;
  }
  try {
    return chosen();
  } catch (const tls::TlsError& e) {
    // Thrown while the connection is set up, so nothing was sent.
    io.err << "investtrack: " << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace investtrack::client
