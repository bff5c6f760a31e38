// What an operator can scrape: investtrackd's metrics in Prometheus' text format at /metrics.
// This module owns the prometheus-cpp registry and every metric family; the rest of the server
// reports through the small typed methods below and never names a metric itself, so the list in
// README.md ("Metrics") and this file are the whole story.
//
// Off (the default) the methods return at once and nothing is kept or served.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace investtrack::server {

// The call kinds grpc-ecosystem's interceptors label calls with (grpc_type).
enum class RpcType { kUnary, kServerStream };

// Values that live elsewhere (the connection pool, the cache, ...) and are read when scraped,
// so no thread polls them and nothing has to report each change.
enum class Observed {
  kDbPoolConnectionsInUse,
  kDbPoolConnectionsMax,
  kDbPoolWaiting,
  kWatchStreams,
  kProjectCacheHits,
  kProjectCacheMisses,
  kHeavyCallsInFlight,
  kHeavyCallsWaiting,
};

class Metrics {
 public:
  // enabled = false: every method below is a no-op.
  explicit Metrics(bool enabled);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  bool enabled() const { return impl_ != nullptr; }

  // grpc_server_started_total, then grpc_server_handled_total and grpc_server_handling_seconds
  // when the call ends. service: the full name (investtrack.v1.ProjectService); code: the
  // canonical name (OK, NOT_FOUND, ...).
  void call_started(std::string_view service, std::string_view method, RpcType type);
  void call_handled(std::string_view service, std::string_view method, RpcType type,
                    std::string_view code, std::chrono::duration<double> elapsed);

  // Ingest outcomes, per bulletin. reason: the ErrorInfo reason of the refusal.
  void bulletin_ingested();
  void bulletin_duplicate();
  void bulletin_refused(std::string_view reason);
  void projects_created(std::size_t count);
  void projects_updated(std::size_t count);
  void review_items_opened(std::size_t count);
  // code: the parser's warning code (UPPER_SNAKE_CASE).
  void parse_warning(std::string_view code);

  // While the returned object lives, `read` gives the value of `what` at every scrape (added up
  // when several are registered for one value). Destroy it before whatever `read` looks at: a
  // scrape in progress is waited for.
  class Observation {
   public:
    Observation() = default;
    Observation(Observation&& other) noexcept;
    Observation& operator=(Observation&& other) noexcept;
    Observation(const Observation&) = delete;
    Observation& operator=(const Observation&) = delete;
    ~Observation();

   private:
    friend class Metrics;
    struct Readers;
    Observation(std::shared_ptr<Readers> readers, std::uint64_t id)
        : readers_(std::move(readers)), id_(id) {}
    std::shared_ptr<Readers> readers_;
    std::uint64_t id_ = 0;
  };
  [[nodiscard]] Observation observe(Observed what, std::function<double()> read);

  // Everything in Prometheus' text exposition format, as /metrics serves it (less the HTTP
  // server's own metrics); empty when off.
  std::string text() const;

 private:
  friend class MetricsEndpoint;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Why `address` cannot be served by MetricsEndpoint, or empty when it can: an IPv4 host (0.0.0.0
// for every interface) and a port, 0 for a free one. civetweb as Debian builds it has no IPv6.
std::string metrics_address_problem(std::string_view address);

// The HTTP server for /metrics, on its own threads (civetweb's). Throws std::runtime_error saying
// why when it cannot listen (the port is taken, the address is not this host's, ...).
class MetricsEndpoint {
 public:
  MetricsEndpoint(const std::string& address, const Metrics& metrics);
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  // The port it listens on (the one chosen for port 0).
  int port() const;

 private:
  struct Server;
  std::unique_ptr<Server> server_;
};

}  // namespace investtrack::server
