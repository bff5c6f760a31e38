// `investtrack watch`: one line per committed change, following the server across reconnects.
#pragma once

#include <string>

#include "command_support.h"
#include "investtrack/v1/project_service.pb.h"

namespace investtrack::client {

struct WatchOptions {
  std::string filter;
  std::string resume_token;     // continue after this change; empty = from now on
  std::string format = "text";  // text | json
  double duration_seconds = 0;  // stop (exit 0) after this long; 0 = until interrupted
};

// Tab-separated, for `cut` and `awk`: change_time, TYPE, name, display_name, STATUS, change_token.
std::string watch_line(const v1::ProjectChange& change);

int run_watch(const WatchOptions& options, const ServerConnection& server, const CommandIo& io);

void add_watch_command(const CommandSetup& setup);

}  // namespace investtrack::client
