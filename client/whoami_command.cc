#include "whoami_command.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <ostream>
#include <string>

#include "exit_codes.h"
#include "investtrack/v1/caller_service.grpc.pb.h"
#include "value_format.h"

namespace investtrack::client {
namespace {

struct WhoamiOptions {
  std::string format = "text";
};

// As the token file writes roles (reader, editor, admin); a role added later by its number.
std::string role_label(v1::CallerRole role) {
  if (!v1::CallerRole_IsValid(role)) return std::to_string(static_cast<int>(role));
  std::string label = enum_label(v1::CallerRole_Name(role), "CALLER_ROLE_");
  std::transform(label.begin(), label.end(), label.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return label;
}

int run_whoami(const WhoamiOptions& options, const ServerConnection& server, const CommandIo& io) {
  grpc::ClientContext context;
  server.prepare(context);
  v1::Caller caller;
  const auto status = v1::CallerService::NewStub(server.channel())
                          ->GetCaller(&context, v1::GetCallerRequest(), &caller);
  if (!status.ok()) return report_rpc_error("whoami", status, io.err);
  if (options.format == "json") {
    io.out << to_json(caller) << "\n";
  } else {
    io.out << caller.display_name() << "\t" << role_label(caller.role()) << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_whoami_command(const CommandSetup& setup) {
  auto options = std::make_shared<WhoamiOptions>();
  auto* sub = setup.app.add_subcommand(
      "whoami", "The name and role (reader, editor, admin) the server gives this token");
  sub->add_option("--format", options->format, "Output: text json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  on_selected(setup, sub, [options](const ServerConnection& server, const CommandIo& io) {
    return run_whoami(*options, server, io);
  });
}

}  // namespace investtrack::client
