// Bulletins in the register: ingest files, list what is stored.
#pragma once

#include <string>
#include <vector>

#include "command_support.h"
#include "investtrack/v1/bulletin_service.pb.h"

namespace investtrack::client {

struct IngestOptions {
  std::vector<std::string> files;
  std::string source;            // default: each file's path
  std::string publication_date;  // YYYY-MM-DD; inferred by the server when empty
};

// More files than this get a progress bar (on a terminal); a few summary lines need none.
inline constexpr std::size_t kProgressBarMinFiles = 5;

// "FILE: bulletins/ID: 3 created, 1 updated" or "FILE: bulletins/ID: duplicate, nothing changed".
std::string ingest_summary(const std::string& file, const v1::IngestBulletinResponse& response);

int run_ingest(const IngestOptions& options, const ServerConnection& server, const CommandIo& io);

void add_bulletin_commands(const CommandSetup& setup);

}  // namespace investtrack::client
