// What every RPC does around its own work: authenticate and authorize, derive the database
// statement timeout from the call's deadline, map any failure to a status, write one access-log
// line and count the call by method and code (for the shutdown log and for Prometheus).
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "server/api/errors.h"
#include "server/app/call.h"
#include "server/auth.h"
#include "server/metrics.h"
#include "server/store/project_store.h"

namespace investtrack::server::api {

// The canonical name of a code: OK, NOT_FOUND, ...
std::string code_name(grpc::StatusCode code);

// Calls per method and code since start-up. Thread-safe.
class CallMetrics {
 public:
  void record(std::string_view method, grpc::StatusCode code);
  std::uint64_t count(std::string_view method, grpc::StatusCode code) const;
  // "GetProject OK=12 NOT_FOUND=1; ListProjects OK=3", methods in name order; empty when none.
  std::string summary() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, grpc::StatusCode>, std::uint64_t, std::less<>> counts_;
};

// What a handler body gets: who is calling and the store options for this call.
struct CallScope {
  grpc::ServerContext* context = nullptr;
  Caller caller;
  store::CallOptions store_options;
};

// The call as the application layer sees it: scope.store_options and the question whether the
// caller has gone, for the work to stop then. Only for calls on the synchronous API: there
// IsCancelled may be asked from any thread while the call is open (on the asynchronous API it
// would pluck from a completion queue that another thread drains).
app::Call app_call(const CallScope& scope);

struct CallPolicy {
  // The statement timeout of a call without a deadline, and the cap for one with a deadline.
  std::chrono::milliseconds max_statement_timeout{30'000};
};

class CallRunner {
 public:
  CallRunner(const Authenticator& authenticator, CallMetrics& call_counts, Metrics& metrics,
             CallPolicy policy)
      : authenticator_(authenticator),
        call_counts_(call_counts),
        metrics_(metrics),
        policy_(policy) {}

  // This runner for the calls of one service (its full name, investtrack.v1.ProjectService), the
  // grpc_service label of its calls' metrics. Each service keeps its own.
  CallRunner for_service(std::string_view service) const {
    CallRunner runner = *this;
    runner.service_ = service;
    return runner;
  }

  // Runs body(scope) -> grpc::Status for a unary call to `method` that needs role `needed`.
  // Nothing of body runs when the caller is refused.
  template <typename Body>
  grpc::Status run(grpc::ServerContext* context, std::string_view method, Role needed,
                   Body&& body) const {
    return run_as(RpcType::kUnary, context, method, needed, std::forward<Body>(body));
  }

  // The same for a call that streams its answer: body returns when the stream ends.
  template <typename Body>
  grpc::Status run_stream(grpc::ServerContext* context, std::string_view method, Role needed,
                          Body&& body) const {
    return run_as(RpcType::kServerStream, context, method, needed, std::forward<Body>(body));
  }

  // The role check alone, for work that must be refused before anything is sent (streams).
  Caller authorize(const grpc::ServerContext& context, Role needed) const;

  store::CallOptions store_options_for(const grpc::ServerContext& context) const;

 private:
  template <typename Body>
  grpc::Status run_as(RpcType type, grpc::ServerContext* context, std::string_view method,
                      Role needed, Body&& body) const {
    const auto start = std::chrono::steady_clock::now();
    metrics_.call_started(service_, method, type);
    grpc::Status status;
    CallScope scope;
    scope.context = context;
    try {
      scope.caller = authorize(*context, needed);
      scope.store_options = store_options_for(*context);
      status = body(scope);
    } catch (...) {
      status = status_from_exception(std::current_exception(), method);
    }
    finish(*context, type, method, status, scope.caller, start);
    return status;
  }

  void finish(const grpc::ServerContext& context, RpcType type, std::string_view method,
              const grpc::Status& status, const Caller& caller,
              std::chrono::steady_clock::time_point start) const;

  const Authenticator& authenticator_;
  CallMetrics& call_counts_;
  Metrics& metrics_;
  CallPolicy policy_;
  std::string service_;
};

}  // namespace investtrack::server::api
