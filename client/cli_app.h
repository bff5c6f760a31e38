// The investtrack command line: global options, every command group, and the run.
#pragma once

#include <string>
#include <vector>

#include "command_support.h"

namespace investtrack::client {

// Parses `args` (args[0] is the program name), runs the chosen command and returns its exit code.
// Help and usage errors go to io.out / io.err.
int run_cli(const std::vector<std::string>& args, const CommandIo& io);

}  // namespace investtrack::client
