// investtrackd: wiring only. Configuration, logging, migrations, the gRPC server with health and
// reflection, and an orderly shutdown on SIGINT/SIGTERM.
#include <malloc.h>
#include <pthread.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <absl/synchronization/mutex.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>

#include "server/api/async_get_project.h"
#include "server/api/bulletin_service.h"
#include "server/api/call_handler.h"
#include "server/api/caller_service.h"
#include "server/api/page_token.h"
#include "server/api/project_service.h"
#include "server/api/report_service.h"
#include "server/app/bulletins.h"
#include "server/app/project_cache.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/database_health.h"
#include "server/graceful_stop.h"
#include "server/health_check.h"
#include "server/logging.h"
#include "server/machine_limits.h"
#include "server/metrics.h"
#include "server/migrate.h"
#include "server/store/change_listener.h"
#include "server/store/connection_pool.h"
#include "server/store/project_store.h"
#include "tls/pem_files.h"

namespace investtrack::server {
namespace {

// The health name a liveness probe asks about ("" and the service names follow the database).
constexpr std::string_view kLivenessServiceName = "investtrack.liveness";

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts afterwards, so they
// are only ever received by sigwait below: nothing runs inside a signal handler.
sigset_t block_shutdown_signals() {
  // A shell starts background jobs with SIGINT ignored, and an ignored signal is discarded
  // rather than left pending for sigwait.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int serve(const Config& config, const Authenticator& authenticator,
          const std::optional<tls::KeyPair>& key_pair) {
  const sigset_t shutdown_signals = block_shutdown_signals();
  std::promise<int> signal_received;
  std::thread signal_waiter([&shutdown_signals, &signal_received] {
    int signal_number = 0;
    sigwait(&shutdown_signals, &signal_number);
    signal_received.set_value(signal_number);
  });
  // The waiter must end before we return whatever happens, so a failed start-up sends the signal
  // it waits for.
  struct JoinWaiter {
    std::thread& thread;
    bool signalled = false;
    ~JoinWaiter() {
      // The waiter sits in sigwait() for SIGTERM: sending it is how it is woken, not killed.
      // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread)
      if (!signalled) pthread_kill(thread.native_handle(), SIGTERM);
      thread.join();
    }
  } join_waiter{signal_waiter};

  if (authenticator.open_to_loopback()) {
    spdlog::warn(
        "no access tokens configured (--token-file, INVESTTRACK_TOKENS): serving callers "
        "on this machine only, all as admin; calls from other hosts get "
        "PERMISSION_DENIED");
  } else {
    spdlog::info("{} access token(s) configured; every call needs `authorization: Bearer <token>`",
                 authenticator.token_count());
  }

  // Metrics are kept only when they can be scraped. Their endpoint is up before the gRPC server,
  // and outlives everything it reads (the observations below end first).
  Metrics metrics(!config.metrics_listen.empty());
  std::optional<MetricsEndpoint> metrics_endpoint;
  if (metrics.enabled()) {
    try {
      metrics_endpoint.emplace(config.metrics_listen, metrics);
    } catch (const std::runtime_error& e) {
      spdlog::critical("{}", e.what());
      return 1;
    }
    spdlog::info("serving metrics at http://{}/metrics",
                 listening_label(config.metrics_listen, metrics_endpoint->port()));
  }

  store::ConnectionPool pool(
      store::PoolOptions{config.db_url, config.db_pool_size, std::chrono::milliseconds(5000)});
  store::ProjectStore project_store(pool);
  api::CallMetrics call_counts;
  const api::CallRunner runner(authenticator, call_counts, metrics,
                               api::CallPolicy{config.statement_timeout});
  const api::PageTokenCodec page_tokens(
      config.page_token_key.empty() ? api::PageTokenCodec::random_key() : config.page_token_key);
  app::ProjectCache project_cache(config.project_cache_mb * 1024 * 1024);
  // Without notifications the cache could serve a changed project, so it only works while they
  // are heard.
  std::optional<store::ChangeListener> cache_listener;
  if (config.project_cache_mb > 0) {
    cache_listener.emplace(
        config.db_url,
        store::ChangeListener::Handlers{
            [&project_cache](const std::optional<std::string>& project_id) {
              if (project_id) {
                project_cache.invalidate(*project_id);
              } else {
                project_cache.clear();
              }
            },
            [&project_cache](bool listening) {
              project_cache.set_enabled(listening);
              if (listening) {
                spdlog::info("project cache on: listening for changes");
              } else {
                spdlog::warn("project cache off until the change notifications are heard again");
              }
            },
            [reported = false](const std::string& reason) mutable {
              // Retried every half second; once in the log is enough.
              if (std::exchange(reported, true)) return;
              spdlog::warn(
                  "project cache off: change notifications cannot be heard ({}); "
                  "every GetProject reads the database (--project-cache-mb 0 says so "
                  "without trying)",
                  single_line(reason));
            }});
  }
  app::BulletinLimits bulletin_limits;
  bulletin_limits.max_bulletin_bytes = config.max_bulletin_bytes;
  bulletin_limits.max_projects = config.max_projects_per_bulletin;
  bulletin_limits.max_queue_wait = config.heavy_call_queue_wait;
  app::HeavyCalls heavy_calls(
      app::HeavyCallLimits{config.heavy_calls, config.heavy_call_memory_mb << 20});
  spdlog::info("heavy calls (parse, ingest, reparse): {} at a time within {} MiB",
               config.heavy_calls, config.heavy_call_memory_mb);
  app::Bulletins bulletins(bulletin_limits, heavy_calls, project_store, project_cache, metrics);
  api::BulletinService bulletin_service(bulletins, project_store, runner, page_tokens);
  api::ProjectService project_service(
      project_store, project_cache, runner, page_tokens,
      api::WatchSettings{config.db_url, config.max_watch_streams, std::chrono::milliseconds(200)});
  // Read at each scrape; declared after what they read, so they end before it.
  const std::array observations{
      metrics.observe(Observed::kDbPoolConnectionsInUse,
                      [&pool] {
                        const store::ConnectionPool::Usage usage = pool.usage();
                        return static_cast<double>(usage.open - usage.idle);
                      }),
      metrics.observe(Observed::kDbPoolConnectionsMax,
                      [&pool] { return static_cast<double>(pool.options().max_size); }),
      metrics.observe(Observed::kDbPoolWaiting,
                      [&pool] { return static_cast<double>(pool.usage().waiting); }),
      metrics.observe(
          Observed::kWatchStreams,
          [&project_service] { return static_cast<double>(project_service.open_watch_streams()); }),
      metrics.observe(Observed::kProjectCacheHits,
                      [&project_cache] { return static_cast<double>(project_cache.stats().hits); }),
      metrics.observe(
          Observed::kProjectCacheMisses,
          [&project_cache] { return static_cast<double>(project_cache.stats().misses); }),
      metrics.observe(Observed::kHeavyCallsInFlight,
                      [&heavy_calls] { return static_cast<double>(heavy_calls.in_flight()); }),
      metrics.observe(Observed::kHeavyCallsWaiting,
                      [&heavy_calls] { return static_cast<double>(heavy_calls.waiting()); }),
  };
  api::ReportService report_service(project_store, runner);
  api::CallerService caller_service(runner);
  const std::vector<std::string> service_names{v1::BulletinService::service_full_name(),
                                               v1::ProjectService::service_full_name(),
                                               v1::ReportService::service_full_name()};

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int selected_port = 0;
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  if (key_pair) {
    grpc::SslServerCredentialsOptions tls;
    tls.pem_key_cert_pairs.push_back({key_pair->private_key, key_pair->certificate_chain});
    credentials = grpc::SslServerCredentials(tls);
    spdlog::info("TLS on: certificate {} (for {})", config.tls_cert.string(),
                 tls::certificate_host_name(key_pair->certificate_chain));
  }
  builder.AddListeningPort(config.listen_address, credentials, &selected_port);
  // Room for twice the largest bulletin plus the other fields, so a bulletin (or batch) up to
  // twice too large gets our own RESOURCE_EXHAUSTED with its reason and limit rather than the
  // transport's text; a message is buffered whole before the handler runs, so this also bounds
  // what one call can make the server hold. The CLI explains the transport's refusal of larger
  // ones.
  constexpr std::size_t kEnvelopeBytes = std::size_t{1024} * 1024;
  builder.SetMaxReceiveMessageSize(static_cast<int>(
      std::min<std::size_t>(2 * config.max_bulletin_bytes + kEnvelopeBytes, INT_MAX)));
  // Keepalive pings from clients are welcome every 10 s or more, even with no call open (watch
  // clients idle between changes); faster pingers are cut off by gRPC's own policy.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20'000);
  // gRPC's sync server keeps at most MAX_POLLERS idle threads (default 2) and starts a thread
  // for every call beyond them, so 16 concurrent callers cost a thread start and exit per call
  // (a third of the server's CPU in scripts/bench-api.sh). Keeping as many threads as there are
  // database connections lets every call that can proceed find a waiting thread.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              static_cast<int>(std::max<std::size_t>(config.db_pool_size, 2)));
  api::OpenCalls open_calls;
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  // GetProject counts its own calls. The default health service answers a Watch with
  // NOT_SERVING at shutdown but never ends the stream, so it is not waited for.
  interceptors.push_back(open_calls.interceptor_factory(
      {api::AsyncGetProject::method_name(), "/grpc.health.v1.Health/Watch"}));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  builder.RegisterService(&bulletin_service);
  builder.RegisterService(&project_service);
  builder.RegisterService(&report_service);
  builder.RegisterService(&caller_service);

  const std::unique_ptr<grpc::ServerCompletionQueue> get_project_queue =
      builder.AddCompletionQueue();

  const std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || selected_port == 0) {
    get_project_queue->Shutdown();
    void* tag = nullptr;
    bool ok = false;
    while (get_project_queue->Next(&tag, &ok)) {
    }
    spdlog::critical("cannot listen on {}: is the address valid and the port free?",
                     config.listen_address);
    return 1;
  }
  // A poller per core the process may use (a container's CPU limit counts) answers cached gets; as
  // many readers as connections wait for the database.
  const api::AsyncGetProject get_project(*server, *get_project_queue, project_service, open_calls,
                                         std::max<std::size_t>(2, available_cores()),
                                         std::max<std::size_t>(config.db_pool_size, 2));
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  // Liveness must not follow the database: restarting every replica during a database outage
  // helps nothing. This name is SERVING for as long as the process serves, until shutdown.
  health->SetServingStatus(std::string(kLivenessServiceName), true);
  // GetCaller reads nothing from the database, so its health does not follow it either.
  health->SetServingStatus(v1::CallerService::service_full_name(), true);
  const auto report_database = [health, &service_names](bool reachable, const std::string& error) {
    if (reachable) {
      spdlog::info("database reachable: health SERVING");
    } else {
      spdlog::warn("database unreachable: health NOT_SERVING ({})", error);
    }
    // By name, "" included: the overload without a name would also flip investtrack.liveness.
    health->SetServingStatus("", reachable);
    for (const std::string& service : service_names) health->SetServingStatus(service, reachable);
  };
  std::optional<DatabaseHealthProbe> probe;
  probe.emplace(config.db_url, config.health_probe_interval, report_database);
  spdlog::info("listening on {}", listening_label(config.listen_address, selected_port));

  const int signal_number = signal_received.get_future().get();
  join_waiter.signalled = true;
  spdlog::info("{} received: health NOT_SERVING, finishing in-flight calls within {} ms",
               signal_number == SIGINT ? "SIGINT" : "SIGTERM", config.grace_period.count());
  // Health first, so balancers stop routing here while the last calls finish.
  health->Shutdown();
  probe.reset();
  // Watch streams never finish on their own: end them now (resumable) instead of at the deadline.
  project_service.begin_shutdown();
  if (const int cancelled = stop_serving(*server, open_calls, config.grace_period); cancelled > 0) {
    spdlog::warn("grace period over: cancelled {} call(s) still open", cancelled);
  }
  pool.close();
  cache_listener.reset();
  spdlog::info("calls served: {}", call_counts.summary().empty() ? "none" : call_counts.summary());
  const app::ProjectCache::Stats cache_stats = project_cache.stats();
  spdlog::info("project cache: {} hits, {} misses", cache_stats.hits, cache_stats.misses);
  spdlog::info("stopped");
  return 0;
}

// The access tokens, read and checked before anything else starts: a short or placeholder token
// ends start-up with the line it is on, before the database is touched.
std::optional<Authenticator> load_tokens(const Config& config) {
  const char* tokens_env = std::getenv("INVESTTRACK_TOKENS");
  std::optional<std::filesystem::path> token_file;
  if (!config.token_file.empty()) token_file = config.token_file;
  try {
    return Authenticator::from_sources(token_file, tokens_env != nullptr ? tokens_env : "");
  } catch (const std::invalid_argument& e) {
    spdlog::critical("access tokens refused: {}", e.what());
    return std::nullopt;
  }
}

// The TLS certificate and key, read and checked before the database is touched: a missing,
// unreadable or mismatched file ends start-up naming it (gRPC would only fail to bind the port).
std::optional<tls::KeyPair> load_key_pair(const Config& config) {
  if (config.tls_cert.empty()) return std::nullopt;
  return tls::read_key_pair(config.tls_cert, config.tls_key);
}

int run(const Config& config) {
  std::optional<Authenticator> authenticator;
  std::optional<tls::KeyPair> key_pair;
  if (config.command != Command::kMigrate) {
    authenticator = load_tokens(config);
    if (!authenticator) return 1;
    try {
      key_pair = load_key_pair(config);
    } catch (const tls::TlsError& e) {
      spdlog::critical("{}", e.what());
      return 1;
    }
  }
  if (!bring_schema_up_to_date(config.db_url, config.migrations_dir)) return 1;
  if (config.command == Command::kMigrate) return 0;
  return serve(config, *authenticator, key_pair);
}

}  // namespace
}  // namespace investtrack::server

int main(int argc, char** argv) {
  using namespace investtrack::server;
  // Debian builds abseil without NDEBUG, so every absl::Mutex lock in gRPC runs the deadlock
  // detector and records stack traces: several per cent of a cached GetProject's CPU
  // (docs/benchmarks.md, API). Our own locks are std::mutex and never used it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // glibc gives each of up to 8 x cores threads an allocation arena of its own, and freed memory
  // stays in them: after a burst of 16 concurrent calls the idle server kept 59 MiB instead of
  // 41 MiB, with the same throughput on one arena per core (docs/benchmarks.md, API).
  // Cores as a container's CPU limit allows, not the node's.
  mallopt(M_ARENA_MAX, static_cast<int>(std::max<std::size_t>(2, available_cores())));
  const ParsedCommandLine parsed = parse_command_line(argc, argv);
  if (const int* exit_status = std::get_if<int>(&parsed)) return *exit_status;
  const auto& config = std::get<Config>(parsed);
  if (config.command == Command::kHealth) {
    return check_health(HealthCheck{local_target_for(config.listen_address), config.health_service,
                                    config.health_timeout, config.tls_cert, config.health_tls_ca,
                                    config.health_tls_server_name});
  }
  configure_logging(config.log_format, config.log_level);
  try {
    return run(config);
  } catch (const std::exception& e) {
    spdlog::critical("investtrackd stopped on an unexpected error: {}", e.what());
    return 1;
  }
}
