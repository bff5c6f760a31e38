// investtrackd's configuration: command-line flags, each with an environment-variable fallback.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <variant>

#include <spdlog/common.h>

namespace investtrack::server {

enum class Command { kServe, kMigrate, kHealth };

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
  std::size_t max_bulletin_bytes = std::size_t{8} * 1024 * 1024;
  // Bulletins naming more projects are refused (RESOURCE_EXHAUSTED) before anything is stored.
  int max_projects_per_bulletin = 5000;
  // Calls that parse bulletins running at once, and the memory they may hold together; others
  // wait for room (app/heavy_calls.h). Given as 0: one per available core, and half the
  // available memory up to 640 MiB (machine_limits.h).
  std::size_t heavy_calls = 0;
  std::size_t heavy_call_memory_mb = 0;
  // How long such a call waits for room at most (a shorter deadline ends the wait first).
  std::chrono::milliseconds heavy_call_queue_wait{30'000};
  // `health`: the service asked about ("" = the whole server) and how long to wait for the answer.
  std::string health_service;
  std::chrono::milliseconds health_timeout{5'000};
  // Bearer tokens, `token role name` per line; none (and no INVESTTRACK_TOKENS) = loopback only.
  std::filesystem::path token_file;
  // TLS for the listening port; both or neither. `health` speaks TLS when tls_cert is set.
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  // `health` over TLS: the CA to verify the server with (default: tls_cert itself; set alone, it
  // turns TLS on) and the name its certificate must be for (default: the name on tls_cert).
  std::filesystem::path health_tls_ca;
  std::string health_tls_server_name;
  // Database connections shared by all calls (watch streams open their own).
  std::size_t db_pool_size = 8;
  // Cap on any one database statement; a call's deadline shortens it.
  std::chrono::milliseconds statement_timeout{30'000};
  // HMAC key for page tokens; empty = a random key per process (tokens die with the process).
  std::string page_token_key;
  // Memory for GetProject answers kept between calls (app/project_cache.h); 0 = none.
  std::size_t project_cache_mb = 8;
  // Concurrent WatchProjects streams; more are refused with RESOURCE_EXHAUSTED.
  int max_watch_streams = 64;
  // Where Prometheus text is served at /metrics (IPv4 host:port, port 0 = a free one); empty = no
  // metrics are kept or served.
  std::string metrics_listen;
};

// Either a configuration to run with, or the exit status to end with right away (after --help,
// or a usage error that has already been printed).
using ParsedCommandLine = std::variant<Config, int>;

ParsedCommandLine parse_command_line(int argc, const char* const* argv);

// The migrations directory of the source tree this binary was built from.
std::filesystem::path default_migrations_dir();

// Where the server listens, for its start-up log: host:port with the port gRPC chose (for :0), or
// a Unix socket's address as given (gRPC reports such a port as 1).
std::string listening_label(const std::string& listen_address, int selected_port);

}  // namespace investtrack::server
