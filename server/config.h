// investtrackd's configuration: command-line flags, each with an environment-variable fallback.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <variant>

#include <spdlog/common.h>

namespace investtrack::server {

enum class Command { kServe, kMigrate };

enum class LogFormat { kText, kJson };

struct Config {
  Command command = Command::kServe;
  std::string db_url;
  std::string listen_address = "127.0.0.1:50051";
  spdlog::level::level_enum log_level = spdlog::level::info;
  LogFormat log_format = LogFormat::kText;
  std::filesystem::path migrations_dir;
  // In-flight calls get this long to finish after SIGINT/SIGTERM before they are cancelled.
  std::chrono::milliseconds grace_period{10'000};
  // How often the database is probed for the health service.
  std::chrono::milliseconds health_probe_interval{2'000};
  // Largest bulletin ParseBulletin accepts; larger ones get RESOURCE_EXHAUSTED.
  std::size_t max_bulletin_bytes = 8 * 1024 * 1024;
};

// Either a configuration to run with, or the exit status to end with right away (after --help,
// or a usage error that has already been printed).
using ParsedCommandLine = std::variant<Config, int>;

ParsedCommandLine parse_command_line(int argc, const char* const* argv);

// The migrations directory of the source tree this binary was built from.
std::filesystem::path default_migrations_dir();

}  // namespace investtrack::server
