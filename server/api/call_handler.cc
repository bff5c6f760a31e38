#include "server/api/call_handler.h"

#include <absl/status/status.h>
#include <spdlog/spdlog.h>

#include "server/logging.h"

namespace investtrack::server::api {
namespace {

// Left for the network and our own work after the database answers.
constexpr std::chrono::milliseconds kDeadlineMargin{20};

std::string_view metadata_value(const grpc::ServerContext& context, std::string_view key) {
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (found == metadata.end()) return {};
  return {found->second.data(), found->second.size()};
}

}  // namespace

std::string code_name(grpc::StatusCode code) {
  // gRPC's codes are absl's codes by number; abseil already spells them.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

void CallMetrics::record(std::string_view method, grpc::StatusCode code) {
  const std::lock_guard lock(mutex_);
  ++counts_[{std::string(method), code}];
}

std::uint64_t CallMetrics::count(std::string_view method, grpc::StatusCode code) const {
  const std::lock_guard lock(mutex_);
  const auto found = counts_.find(std::pair<std::string, grpc::StatusCode>(method, code));
  return found == counts_.end() ? 0 : found->second;
}

std::string CallMetrics::summary() const {
  const std::lock_guard lock(mutex_);
  std::string out;
  std::string_view current;
  for (const auto& [key, count] : counts_) {
    if (key.first != current) {
      if (!out.empty()) out += "; ";
      out += key.first;
      current = key.first;
    }
    out += " " + std::string(code_name(key.second)) + "=" + std::to_string(count);
  }
  return out;
}

Caller CallRunner::authorize(const grpc::ServerContext& context, Role needed) const {
  const AuthDecision decision =
      authenticator_.check(metadata_value(context, "authorization"), context.peer(), needed);
  switch (decision.outcome) {
    case AuthDecision::Outcome::kAllowed:
      return decision.caller;
    case AuthDecision::Outcome::kUnauthenticated:
      throw app::Error(ErrorKind::kUnauthenticated, "UNAUTHENTICATED", decision.message);
    case AuthDecision::Outcome::kPermissionDenied:
      throw app::Error(ErrorKind::kPermissionDenied, "PERMISSION_DENIED", decision.message,
                       {{"requiredRole", std::string(to_string(needed))}});
  }
  throw app::Error(ErrorKind::kUnauthenticated, "UNAUTHENTICATED", "not authenticated");
}

app::Call app_call(const CallScope& scope) {
  return {scope.store_options, [context = scope.context] { return context->IsCancelled(); }};
}

store::CallOptions CallRunner::store_options_for(const grpc::ServerContext& context) const {
  store::CallOptions options;
  options.statement_timeout = policy_.max_statement_timeout;
  const auto deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return options;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::system_clock::now()) -
                    kDeadlineMargin;
  if (left.count() <= 0) {
    throw app::Error(ErrorKind::kDeadlineExceeded, "DEADLINE_TOO_SHORT",
                     "the call's deadline leaves no time for the database");
  }
  options.deadline = store::CallOptions::Clock::now() + left;
  return options;
}

void CallRunner::finish(const grpc::ServerContext& context, RpcType type, std::string_view method,
                        const grpc::Status& status, const Caller& caller,
                        std::chrono::steady_clock::time_point start) const {
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  const std::string code = code_name(status.error_code());
  call_counts_.record(method, status.error_code());
  metrics_.call_handled(service_, method, type, code, elapsed);
  spdlog::info("access method={} code={} duration_ms={:.2f} peer={} caller={}", method, code,
               elapsed.count() * 1000, single_line(context.peer()),
               caller.name.empty() ? "-" : single_line(caller.name));
}

}  // namespace investtrack::server::api
