// investtrack: the command-line face of the service. Everything but the process plumbing lives in
// the investtrack_cli library, so tests can run the same code in-process.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli_app.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv, argv + argc);
  const investtrack::client::CommandIo io{std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1};
  return investtrack::client::run_cli(args, io);
}
