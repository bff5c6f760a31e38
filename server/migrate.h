// Schema migrations: numbered SQL files applied in order, each once, recorded with a checksum.
// What investtrackd needs names no libpqxx type; apply_migrations.h, on a connection the caller
// holds, does.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace investtrack::server {

struct Migration {
  int version = 0;   // from the file name: 0001_init.sql -> 1
  std::string name;  // init
  std::string sql;
  std::string checksum;  // SHA-256 hex of sql
};

// Reads every NNNN_name.sql in dir, sorted by version. Throws std::runtime_error on a bad file name
// or a repeated version.
std::vector<Migration> load_migrations(const std::filesystem::path& dir);

// What investtrackd does before it serves: connects to db_url, applies the migrations of dir and
// recomputes the name keys of stored projects when their key version is older, logging each step.
// False (after a critical log line saying which step failed) when it cannot connect or a step
// fails.
bool bring_schema_up_to_date(const std::string& db_url, const std::filesystem::path& dir);

}  // namespace investtrack::server
