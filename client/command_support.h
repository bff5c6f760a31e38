// What the command groups share: where output goes, how a chosen command is run after parsing,
// and the helpers every group registers its options with.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "server_call.h"

namespace investtrack::client {

struct CommandIo {
  std::ostream& out;
  std::ostream& err;
  // Progress bars are drawn only on a terminal.
  bool err_is_terminal = false;
};

// The subcommand the user picked, to run once the whole command line parsed cleanly.
using CommandAction = std::function<int()>;

// Everything a command group needs when it registers its subcommands.
struct CommandSetup {
  CLI::App& app;
  const ConnectionOptions& connection;
  const CommandIo& io;
  CommandAction& chosen;
};

// Registers `sub` so that picking it runs `run(ServerConnection&, io)` with a connection made from
// the global options.
template <typename Run>
void on_selected(const CommandSetup& setup, CLI::App* sub, Run run) {
  const ConnectionOptions& connection = setup.connection;
  const CommandIo& io = setup.io;
  CommandAction& chosen = setup.chosen;
  sub->callback([&connection, &io, &chosen, run] {
    chosen = [&connection, &io, run] {
      const ServerConnection server(connection);
      return run(server, io);
    };
  });
}

// `projects/abc` or `abc` -> `projects/abc`; prints a usage error naming the command otherwise.
std::optional<std::string> name_argument(std::string_view command, std::string_view collection,
                                         std::string_view text, std::ostream& err);

// Prints "investtrack COMMAND: message" and returns the usage exit code.
int usage_error(std::string_view command, std::string_view message, std::ostream& err);

// Where the next page starts, on stderr so stdout stays machine-readable.
void print_next_page_hint(std::string_view command, const std::string& next_page_token,
                          std::ostream& err);

}  // namespace investtrack::client
