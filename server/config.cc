#include "server/config.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "server/machine_limits.h"
#include "server/metrics.h"

namespace investtrack::server {

std::filesystem::path default_migrations_dir() { return INVESTTRACK_DEFAULT_MIGRATIONS_DIR; }

ParsedCommandLine parse_command_line(int argc, const char* const* argv) {
  Config config;
  config.migrations_dir = default_migrations_dir();

  CLI::App app{
      "investtrackd: the investtrack gRPC server. Turns provincial bulletin text into a register "
      "of "
      "investment projects kept in PostgreSQL.\n"
      "Every flag can also be set through the environment variable shown next to it; a flag on the "
      "command line wins over the environment.",
      "investtrackd"};
  app.fallthrough();  // so `investtrackd migrate --db-url ...` works as well as the flag before it
  app.require_subcommand(0, 1);

  app.add_option("--db-url", config.db_url,
                 "PostgreSQL connection string, as a URI (postgresql://user@host:port/db) or as "
                 "key=value pairs (host=... port=... dbname=...); required except by health")
      ->envname("INVESTTRACK_DB_URL");
  app.add_option(
         "--listen", config.listen_address,
         "Address the gRPC server listens on, host:port; port 0 picks a free one and logs it")
      ->envname("INVESTTRACK_LISTEN")
      ->capture_default_str();

  const std::map<std::string, spdlog::level::level_enum> levels{
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},   {"off", spdlog::level::off}};
  std::string level_name = "info";
  app.add_option("--log-level", level_name,
                 "Least severe log level written: trace, debug, info, warn, error, off")
      ->envname("INVESTTRACK_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();

  std::string format_name = "text";
  app.add_option("--log-format", format_name,
                 "text: one human-readable line per event; json: one JSON object per line, for log "
                 "collectors")
      ->envname("INVESTTRACK_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  std::string migrations_dir = config.migrations_dir.string();
  app.add_option("--migrations-dir", migrations_dir,
                 "Directory of numbered NNNN_name.sql schema migrations applied at start-up")
      ->envname("INVESTTRACK_MIGRATIONS_DIR")
      ->capture_default_str();

  double grace_seconds = std::chrono::duration<double>(config.grace_period).count();
  app.add_option("--grace-period", grace_seconds,
                 "Seconds in-flight calls may take to finish after SIGINT/SIGTERM before they are "
                 "cancelled")
      ->envname("INVESTTRACK_GRACE_PERIOD")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();

  std::size_t max_bulletin_bytes = config.max_bulletin_bytes;
  app.add_option(
         "--max-bulletin-bytes", max_bulletin_bytes,
         "Largest bulletin accepted, in bytes; larger ones are refused with RESOURCE_EXHAUSTED")
      ->envname("INVESTTRACK_MAX_BULLETIN_BYTES")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--max-projects-per-bulletin", config.max_projects_per_bulletin,
                 "Bulletins naming more projects are refused with RESOURCE_EXHAUSTED before "
                 "anything is stored")
      ->envname("INVESTTRACK_MAX_PROJECTS_PER_BULLETIN")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  app.add_option(
         "--heavy-calls", config.heavy_calls,
         "Calls that parse bulletins (parse, ingest, reparse) running at once; others wait "
         "their turn. 0 = one per core the process may use (a container's CPU limit counts)")
      ->envname("INVESTTRACK_HEAVY_CALLS")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  app.add_option(
         "--heavy-call-memory-mb", config.heavy_call_memory_mb,
         "Memory the calls that parse bulletins may hold together, in MiB; each reserves "
         "what its bulletin may need (about 72 bytes per byte of text) and waits for room. "
         "0 = half the memory the process may use (a container's limit counts), at most 640")
      ->envname("INVESTTRACK_HEAVY_CALL_MEMORY_MB")
      ->check(CLI::Range(0, 1'048'576))
      ->capture_default_str();
  double queue_wait_seconds = std::chrono::duration<double>(config.heavy_call_queue_wait).count();
  app.add_option("--heavy-call-queue-wait", queue_wait_seconds,
                 "Seconds a call that parses bulletins waits for room before it is refused with "
                 "RESOURCE_EXHAUSTED (its deadline may end the wait sooner)")
      ->envname("INVESTTRACK_HEAVY_CALL_QUEUE_WAIT")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();

  std::string token_file;
  app.add_option("--token-file", token_file,
                 "File of access tokens, one `token role name` per line (role: reader, editor, "
                 "admin). Tokens in INVESTTRACK_TOKENS (entries separated by ';') are added. With "
                 "no tokens at all, only callers on this machine (loopback) are served")
      ->envname("INVESTTRACK_TOKEN_FILE");
  std::string tls_cert;
  std::string tls_key;
  app.add_option("--tls-cert", tls_cert, "PEM certificate chain; with --tls-key, serve over TLS")
      ->envname("INVESTTRACK_TLS_CERT");
  app.add_option("--tls-key", tls_key, "PEM private key for --tls-cert")
      ->envname("INVESTTRACK_TLS_KEY");
  app.add_option("--db-pool-size", config.db_pool_size,
                 "Database connections shared by the calls (each watch stream opens its own)")
      ->envname("INVESTTRACK_DB_POOL_SIZE")
      ->check(CLI::Range(1, 512))
      ->capture_default_str();
  double statement_seconds = std::chrono::duration<double>(config.statement_timeout).count();
  app.add_option("--statement-timeout", statement_seconds,
                 "Seconds any one database statement may run; a call's deadline shortens it")
      ->envname("INVESTTRACK_STATEMENT_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--page-token-key", config.page_token_key,
                 "Secret that signs page and resume tokens; give every replica the same one. "
                 "Default: random per process, so tokens do not survive a restart")
      ->envname("INVESTTRACK_PAGE_TOKEN_KEY");
  app.add_option("--project-cache-mb", config.project_cache_mb,
                 "Memory for GetProject answers kept between calls (0 = read every call from the "
                 "database); entries follow the register's change notifications")
      ->envname("INVESTTRACK_PROJECT_CACHE_MB")
      ->check(CLI::Range(0, 65536))
      ->capture_default_str();
  app.add_option("--max-watch-streams", config.max_watch_streams,
                 "Concurrent WatchProjects streams; more are refused with RESOURCE_EXHAUSTED")
      ->envname("INVESTTRACK_MAX_WATCH_STREAMS")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--metrics-listen", config.metrics_listen,
                 "Address to serve Prometheus metrics at /metrics on, IPv4 host:port (0.0.0.0:9464 "
                 "for every interface; port 0 picks a free one and logs it). Default: off")
      ->envname("INVESTTRACK_METRICS_LISTEN")
      ->type_name("HOST:PORT")
      ->check(CLI::Validator(
          [](const std::string& address) {
            return address.empty() ? std::string() : metrics_address_problem(address);
          },
          "HOST:PORT"));

  app.add_subcommand(
      "serve", "Apply pending migrations, then serve gRPC until SIGINT/SIGTERM (the default)");
  CLI::App* migrate = app.add_subcommand("migrate", "Apply pending migrations and exit");
  CLI::App* health = app.add_subcommand(
      "health",
      "Ask the server at the --listen address (a wildcard host means this host) for its gRPC "
      "health; exit 0 only when SERVING. For container health checks");
  health->add_option(
      "--service", config.health_service,
      "Service to ask about, e.g. investtrack.v1.ProjectService; empty = the server");
  double health_timeout_seconds = std::chrono::duration<double>(config.health_timeout).count();
  health->add_option("--timeout", health_timeout_seconds, "Seconds to wait for the answer")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  std::string health_tls_ca;
  health
      ->add_option("--tls-ca", health_tls_ca,
                   "PEM CA file to verify the server's certificate with; default: --tls-cert "
                   "itself. Health speaks TLS when either is set")
      ->envname("INVESTTRACK_TLS_CA")
      ->type_name("FILE");
  health
      ->add_option(
          "--tls-server-name", config.health_tls_server_name,
          "Name the server's certificate must be issued for; default: the first name on "
          "--tls-cert (health connects to a loopback address, which certificates rarely name)")
      ->envname("INVESTTRACK_TLS_SERVER_NAME")
      ->type_name("NAME");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // app.exit prints the help or the problem; scripts get 0 for help and 2 for any usage error.
    return app.exit(e) == 0 ? 0 : 2;
  }

  // serve is the default whether it is named or not.
  config.command = migrate->parsed() ? Command::kMigrate : Command::kServe;
  if (health->parsed()) {
    config.command = Command::kHealth;
    config.health_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::duration<double>(health_timeout_seconds));
    config.health_tls_ca = health_tls_ca;
  } else if (config.db_url.empty()) {
    std::cerr << "--db-url is required (or set INVESTTRACK_DB_URL)\nRun with --help for more "
                 "information.\n";
    return 2;
  }
  config.log_level = levels.at(level_name);
  config.log_format = format_name == "json" ? LogFormat::kJson : LogFormat::kText;
  config.migrations_dir = migrations_dir;
  config.grace_period = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::duration<double>(grace_seconds));
  config.max_bulletin_bytes = max_bulletin_bytes;
  config.heavy_call_queue_wait = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::duration<double>(queue_wait_seconds));
  if (config.heavy_calls == 0) config.heavy_calls = available_cores();
  if (config.heavy_call_memory_mb == 0) {
    // 640 MiB holds the largest default bulletin's parse (about 600 MiB at its peak) alone.
    constexpr std::size_t kMostMb = 640;
    constexpr std::size_t kLeastMb = 64;
    const std::size_t half_mb = available_memory_bytes() / 2 / (1u << 20);
    config.heavy_call_memory_mb = std::clamp(half_mb, kLeastMb, kMostMb);
  }
  config.token_file = token_file;
  if (tls_cert.empty() != tls_key.empty()) {
    std::cerr << "--tls-cert and --tls-key go together: give both or neither\n";
    return 2;
  }
  config.tls_cert = tls_cert;
  config.tls_key = tls_key;
  config.statement_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::duration<double>(statement_seconds));
  return config;
}

std::string listening_label(const std::string& listen_address, int selected_port) {
  if (listen_address.starts_with("unix:") || listen_address.starts_with("unix-abstract:"))
    return listen_address;
  const std::size_t colon = listen_address.rfind(':');
  const std::string host =
      colon == std::string::npos ? listen_address : listen_address.substr(0, colon);
  return host + ":" + std::to_string(selected_port);
}

}  // namespace investtrack::server
