#include "server/metrics.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace investtrack::server {
namespace {

// prometheus.DefBuckets (what grpc-ecosystem's handling-time histograms use), widened at both
// ends: a GetProject answered from the cache takes well under a millisecond and an ingest of a
// large bulletin a minute or more.
const prometheus::Histogram::BucketBoundaries kHandlingBuckets{
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

// Every distinct label value is a series kept for ever, so values that come from data (refusal
// reasons, warning codes) are let through only when they look like the stable codes they should
// be; anything else is counted as OTHER.
std::string bounded_code(std::string_view code) {
  constexpr std::size_t kLongest = 64;
  const bool code_like =
      !code.empty() && code.size() <= kLongest && code.front() >= 'A' && code.front() <= 'Z' &&
      code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string_view::npos;
  return code_like ? std::string(code) : "OTHER";
}

std::string_view type_label(RpcType type) {
  return type == RpcType::kUnary ? "unary" : "server_stream";
}

struct ObservedSpec {
  Observed what;
  const char* name;
  const char* help;
  prometheus::MetricType type;
};

// The values read at scrape time, in the order they are exposed.
constexpr std::array kObservedSpecs{
    ObservedSpec{Observed::kDbPoolConnectionsInUse, "investtrack_db_pool_connections_in_use",
                 "Database connections of the shared pool lent to calls now",
                 prometheus::MetricType::Gauge},
    ObservedSpec{Observed::kDbPoolConnectionsMax, "investtrack_db_pool_connections_max",
                 "Database connections the shared pool may open (--db-pool-size)",
                 prometheus::MetricType::Gauge},
    ObservedSpec{Observed::kDbPoolWaiting, "investtrack_db_pool_waiting",
                 "Calls waiting for a database connection of the shared pool",
                 prometheus::MetricType::Gauge},
    ObservedSpec{Observed::kWatchStreams, "investtrack_watch_streams",
                 "Open WatchProjects streams (each holds a database connection of its own)",
                 prometheus::MetricType::Gauge},
    ObservedSpec{Observed::kProjectCacheHits, "investtrack_project_cache_hits_total",
                 "GetProject calls answered from the project cache",
                 prometheus::MetricType::Counter},
    ObservedSpec{Observed::kProjectCacheMisses, "investtrack_project_cache_misses_total",
                 "GetProject calls that read the database because the cache did not hold the "
                 "project",
                 prometheus::MetricType::Counter},
    ObservedSpec{Observed::kHeavyCallsInFlight, "investtrack_heavy_calls_in_flight",
                 "Calls parsing bulletins now (ParseBulletin, IngestBulletin, "
                 "BatchIngestBulletins, ReparseBulletins)",
                 prometheus::MetricType::Gauge},
    ObservedSpec{Observed::kHeavyCallsWaiting, "investtrack_heavy_calls_waiting",
                 "Calls waiting for room to parse bulletins (--heavy-calls, "
                 "--heavy-call-memory-mb)",
                 prometheus::MetricType::Gauge},
};

}  // namespace

// The registered readers of observed values, exposed as one collectable.
struct Metrics::Observation::Readers final : prometheus::Collectable {
  struct Reader {
    std::uint64_t id;
    Observed what;
    std::function<double()> read;
  };

  std::vector<prometheus::MetricFamily> Collect() const override {
    // Held while reading, so an Observation being destroyed waits for a scrape in progress.
    const std::lock_guard lock(mutex);
    std::vector<prometheus::MetricFamily> families;
    for (const ObservedSpec& spec : kObservedSpecs) {
      bool any = false;
      double value = 0;
      for (const Reader& reader : readers) {
        if (reader.what != spec.what) continue;
        any = true;
        value += reader.read();
      }
      if (!any) continue;
      prometheus::ClientMetric metric;
      if (spec.type == prometheus::MetricType::Counter) {
        metric.counter.value = value;
      } else {
        metric.gauge.value = value;
      }
      families.push_back(prometheus::MetricFamily{spec.name, spec.help, spec.type, {metric}});
    }
    return families;
  }

  mutable std::mutex mutex;
  std::vector<Reader> readers;
  std::uint64_t next_id = 1;
};

struct Metrics::Impl {
  Impl()
      : registry(std::make_shared<prometheus::Registry>()),
        readers(std::make_shared<Observation::Readers>()),
        started(prometheus::BuildCounter()
                    .Name("grpc_server_started_total")
                    .Help("RPCs started on the server")
                    .Register(*registry)),
        handled(prometheus::BuildCounter()
                    .Name("grpc_server_handled_total")
                    .Help("RPCs completed on the server, whatever their status code")
                    .Register(*registry)),
        handling(prometheus::BuildHistogram()
                     .Name("grpc_server_handling_seconds")
                     .Help("Time the server took to complete RPCs (for a stream, its whole life)")
                     .Register(*registry)),
        bulletins_ingested(counter("investtrack_bulletins_ingested_total",
                                   "Bulletins stored by IngestBulletin and BatchIngestBulletins")),
        bulletins_duplicate(
            counter("investtrack_bulletins_duplicate_total",
                    "Bulletins ingested again with the same bytes (nothing changed)")),
        bulletins_refused(prometheus::BuildCounter()
                              .Name("investtrack_bulletins_refused_total")
                              .Help("Bulletins refused by IngestBulletin and BatchIngestBulletins "
                                    "for their content, by ErrorInfo reason")
                              .Register(*registry)),
        projects_created(counter("investtrack_projects_created_total",
                                 "Projects created by ingests and reparses")),
        projects_updated(counter("investtrack_projects_updated_total",
                                 "Existing projects an ingest or reparse added observations to")),
        review_items_opened(counter("investtrack_review_items_opened_total",
                                    "Review items opened for doubtful matches by ingests")),
        parse_warnings(prometheus::BuildCounter()
                           .Name("investtrack_parse_warnings_total")
                           .Help("Parser warnings of the bulletins ingests stored, by code")
                           .Register(*registry)) {}

  prometheus::Counter& counter(const char* name, const char* help) {
    return prometheus::BuildCounter().Name(name).Help(help).Register(*registry).Add({});
  }

  // A call's series, looked up once: prometheus-cpp's Family::Add builds the metric it may then
  // throw away, which every call should not pay for.
  struct CallSeries {
    prometheus::Counter* started = nullptr;
    prometheus::Histogram* handling = nullptr;
    std::map<std::string, prometheus::Counter*, std::less<>> handled;  // by code
  };

  // Under calls_mutex.
  CallSeries& series(std::string_view service, std::string_view method, RpcType type) {
    std::string key;
    key.append(service).append("/").append(method).append("/").append(type_label(type));
    const auto found = calls.find(key);
    if (found != calls.end()) return found->second;
    CallSeries& added = calls[std::move(key)];
    const prometheus::Labels labels = call_labels(service, method, type);
    added.started = &started.Add(labels);
    added.handling = &handling.Add(labels, kHandlingBuckets);
    return added;
  }

  static prometheus::Labels call_labels(std::string_view service, std::string_view method,
                                        RpcType type) {
    return {{"grpc_service", std::string(service)},
            {"grpc_method", std::string(method)},
            {"grpc_type", std::string(type_label(type))}};
  }

  const std::shared_ptr<prometheus::Registry> registry;
  const std::shared_ptr<Observation::Readers> readers;
  prometheus::Family<prometheus::Counter>& started;
  prometheus::Family<prometheus::Counter>& handled;
  prometheus::Family<prometheus::Histogram>& handling;
  prometheus::Counter& bulletins_ingested;
  prometheus::Counter& bulletins_duplicate;
  prometheus::Family<prometheus::Counter>& bulletins_refused;
  prometheus::Counter& projects_created;
  prometheus::Counter& projects_updated;
  prometheus::Counter& review_items_opened;
  prometheus::Family<prometheus::Counter>& parse_warnings;

  std::mutex calls_mutex;
  std::map<std::string, CallSeries, std::less<>> calls;  // under calls_mutex
};

Metrics::Metrics(bool enabled) : impl_(enabled ? std::make_unique<Impl>() : nullptr) {}

Metrics::~Metrics() = default;

void Metrics::call_started(std::string_view service, std::string_view method, RpcType type) {
  if (!impl_) return;
  const std::lock_guard lock(impl_->calls_mutex);
  impl_->series(service, method, type).started->Increment();
}

void Metrics::call_handled(std::string_view service, std::string_view method, RpcType type,
                           std::string_view code, std::chrono::duration<double> elapsed) {
  if (!impl_) return;
  const std::lock_guard lock(impl_->calls_mutex);
  Impl::CallSeries& series = impl_->series(service, method, type);
  series.handling->Observe(elapsed.count());
  auto handled = series.handled.find(code);
  if (handled == series.handled.end()) {
    prometheus::Labels labels = Impl::call_labels(service, method, type);
    labels.emplace("grpc_code", code);
    handled = series.handled.emplace(std::string(code), &impl_->handled.Add(labels)).first;
  }
  handled->second->Increment();
}

void Metrics::bulletin_ingested() {
  if (impl_) impl_->bulletins_ingested.Increment();
}

void Metrics::bulletin_duplicate() {
  if (impl_) impl_->bulletins_duplicate.Increment();
}

void Metrics::bulletin_refused(std::string_view reason) {
  if (impl_) impl_->bulletins_refused.Add({{"reason", bounded_code(reason)}}).Increment();
}

void Metrics::projects_created(std::size_t count) {
  if (impl_) impl_->projects_created.Increment(static_cast<double>(count));
}

void Metrics::projects_updated(std::size_t count) {
  if (impl_) impl_->projects_updated.Increment(static_cast<double>(count));
}

void Metrics::review_items_opened(std::size_t count) {
  if (impl_) impl_->review_items_opened.Increment(static_cast<double>(count));
}

void Metrics::parse_warning(std::string_view code) {
  if (impl_) impl_->parse_warnings.Add({{"code", bounded_code(code)}}).Increment();
}

Metrics::Observation Metrics::observe(Observed what, std::function<double()> read) {
  if (!impl_) return {};
  Observation::Readers& readers = *impl_->readers;
  const std::lock_guard lock(readers.mutex);
  const std::uint64_t id = readers.next_id++;
  readers.readers.push_back({id, what, std::move(read)});
  return {impl_->readers, id};
}

Metrics::Observation::Observation(Observation&& other) noexcept
    : readers_(std::move(other.readers_)), id_(std::exchange(other.id_, 0)) {}

Metrics::Observation& Metrics::Observation::operator=(Observation&& other) noexcept {
  if (this != &other) {
    Observation old(std::move(*this));
    readers_ = std::move(other.readers_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

Metrics::Observation::~Observation() {
  if (!readers_) return;
  const std::lock_guard lock(readers_->mutex);
  std::erase_if(readers_->readers,
                [this](const Readers::Reader& reader) { return reader.id == id_; });
}

std::string Metrics::text() const {
  if (!impl_) return {};
  std::vector<prometheus::MetricFamily> families = impl_->registry->Collect();
  for (prometheus::MetricFamily& family : impl_->readers->Collect()) {
    families.push_back(std::move(family));
  }
  return prometheus::TextSerializer().Serialize(families);
}

namespace {

struct Ipv4Endpoint {
  sockaddr_in address{};
};

// address as HOST:PORT with an IPv4 HOST, or the problem with it.
std::variant<Ipv4Endpoint, std::string> parse_ipv4_endpoint(std::string_view address) {
  const std::string expected =
      "expected HOST:PORT with an IPv4 host, such as 0.0.0.0:9464 (every interface) or "
      "127.0.0.1:9464";
  const std::size_t colon = address.rfind(':');
  if (colon == std::string_view::npos)
    return "no port in '" + std::string(address) + "': " + expected;
  const std::string host(address.substr(0, colon));
  const std::string_view port_text = address.substr(colon + 1);
  Ipv4Endpoint endpoint;
  endpoint.address.sin_family = AF_INET;
  if (inet_pton(AF_INET, host.c_str(), &endpoint.address.sin_addr) != 1) {
    return "'" + host + "' is not an IPv4 address: " + expected;
  }
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return "'" + std::string(port_text) + "' is not a port (0-65535; 0 picks a free one)";
  }
  endpoint.address.sin_port = htons(static_cast<std::uint16_t>(port));
  return endpoint;
}

// Why civetweb could not listen on `address`, which it does not say: bind a socket the way it
// does and report the system's error.
std::string bind_problem(std::string_view address) {
  auto parsed = parse_ipv4_endpoint(address);
  if (auto* problem = std::get_if<std::string>(&parsed)) return *problem;
  const sockaddr_in& target = std::get<Ipv4Endpoint>(parsed).address;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::strerror(errno);
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  std::string problem = "the HTTP server did not start";
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&target), sizeof target) != 0) {
    const int error = errno;
    problem = error == EADDRINUSE      ? "the port is already in use"
              : error == EADDRNOTAVAIL ? "the address is not one of this host's"
                                       : std::string(std::strerror(error));
  }
  ::close(fd);
  return problem;
}

}  // namespace

std::string metrics_address_problem(std::string_view address) {
  auto parsed = parse_ipv4_endpoint(address);
  if (auto* problem = std::get_if<std::string>(&parsed)) return *problem;
  return {};
}

struct MetricsEndpoint::Server {
  explicit Server(const std::string& address) : exposer(address, 2) {}
  prometheus::Exposer exposer;
  sockaddr_in wake_address{};  // where a connection reaches it, for ~MetricsEndpoint
};

MetricsEndpoint::MetricsEndpoint(const std::string& address, const Metrics& metrics) {
  if (!metrics.enabled()) throw std::logic_error("MetricsEndpoint needs metrics that are on");
  auto parsed = parse_ipv4_endpoint(address);
  if (const auto* problem = std::get_if<std::string>(&parsed)) {
    throw std::runtime_error("cannot serve metrics on " + address + ": " + *problem);
  }
  try {
    server_ = std::make_unique<Server>(address);
  } catch (const std::exception&) {
    // prometheus-cpp only says "null context when constructing CivetServer".
    throw std::runtime_error("cannot serve metrics on " + address + ": " + bind_problem(address));
  }
  server_->exposer.RegisterCollectable(metrics.impl_->registry);
  server_->exposer.RegisterCollectable(metrics.impl_->readers);
  sockaddr_in& wake = server_->wake_address;
  wake = std::get<Ipv4Endpoint>(parsed).address;
  if (wake.sin_addr.s_addr == htonl(INADDR_ANY)) wake.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  wake.sin_port = htons(static_cast<std::uint16_t>(port()));
}

MetricsEndpoint::~MetricsEndpoint() {
  // civetweb's accept loop sees that it should stop only when its poll returns, which without a
  // connection takes 2 s: connect now and then until it has stopped, so shutting down does not
  // wait for that.
  std::atomic<bool> stopped = false;
  std::thread waker([wake = server_->wake_address, &stopped] {
    while (!stopped) {
      const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      if (fd >= 0) {
        // Only to wake the listener: whether the connection succeeds does not matter.
        (void)::connect(fd, reinterpret_cast<const sockaddr*>(&wake), sizeof wake);
        ::close(fd);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  server_.reset();
  stopped = true;
  waker.join();
}

int MetricsEndpoint::port() const {
  const std::vector<int> ports = server_->exposer.GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace investtrack::server
