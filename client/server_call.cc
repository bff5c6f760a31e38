#include "server_call.h"

#include <absl/status/status.h>
#include <algorithm>
#include <cmath>
#include <optional>
#include <ostream>
#include <utility>

#include "exit_codes.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace investtrack::client {
namespace {

// Keepalive pings notice a dead peer on a quiet watch stream. Five minutes is the server-side
// minimum gRPC enforces by default: pinging more often gets the connection closed as abusive.
constexpr int kKeepaliveMs = 5 * 60 * 1000;
constexpr int kKeepaliveTimeoutMs = 20 * 1000;

std::chrono::milliseconds to_millis(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0) return std::chrono::milliseconds(1);
  // A day bounds the arithmetic; no call here needs longer.
  const double clamped = std::min(seconds, 86400.0);
  return std::chrono::milliseconds(static_cast<long long>(std::llround(clamped * 1000)));
}

}  // namespace

ServerConnection::ServerConnection(const ConnectionOptions& options)
    : address_(options.server),
      token_(options.token),
      timeout_(to_millis(options.timeout_seconds)) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveMs);
  arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, kKeepaliveTimeoutMs);
  // Bulletins and exports are large; the server has its own, documented limits.
  arguments.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  arguments.SetMaxSendMessageSize(64 * 1024 * 1024);
  channel_ = tls::create_channel(address_, options.tls, arguments);
}

void ServerConnection::prepare(grpc::ClientContext& context) const {
  prepare(context, std::chrono::system_clock::now() + timeout_);
}

void ServerConnection::prepare(grpc::ClientContext& context,
                               std::chrono::system_clock::time_point deadline) const {
  context.set_deadline(deadline);
  if (!token_.empty()) context.AddMetadata("authorization", "Bearer " + token_);
}

int exit_code_for(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return kExitOk;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return kExitUnavailable;
    case grpc::StatusCode::NOT_FOUND:
      return kExitNotFound;
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
      return kExitPermission;
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::ALREADY_EXISTS:
      return kExitConflict;
    case grpc::StatusCode::INVALID_ARGUMENT:
      return kExitInvalidArgument;
    default:
      return kExitOther;
  }
}

std::string status_code_name(grpc::StatusCode code) {
  // gRPC's codes are absl's codes by number; abseil already spells them.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

namespace {

std::optional<google::rpc::ErrorInfo> error_info(const grpc::Status& status) {
  if (status.error_details().empty()) return std::nullopt;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  for (const auto& detail : details.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) return info;
  }
  return std::nullopt;
}

}  // namespace

std::string message_size_hint(const grpc::Status& status) {
  // gRPC's own refusal of an oversized message (before the server's handler could name its
  // limit) carries no ErrorInfo, only its text: "Received message larger than max (N vs. M)".
  if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED || error_info(status)) return "";
  if (status.error_message().find("larger than max") == std::string::npos) return "";
  return "the request is far larger than the server accepts for a bulletin [BULLETIN_TOO_LARGE]: "
         "send smaller bulletins, or fewer at a time";
}

std::string error_reason(const grpc::Status& status) {
  const auto info = error_info(status);
  return info ? info->reason() : "";
}

std::string error_metadata(const grpc::Status& status, const std::string& key) {
  const auto info = error_info(status);
  if (!info) return "";
  const auto found = info->metadata().find(key);
  return found == info->metadata().end() ? "" : found->second;
}

int report_rpc_error(std::string_view command, const grpc::Status& status, std::ostream& err) {
  err << "investtrack " << command << ": " << status_code_name(status.error_code()) << ": "
      << status.error_message();
  if (const std::string reason = error_reason(status); !reason.empty())
    err << " [" << reason << "]";
  err << "\n";
  if (const std::string hint = tls::connection_failure_hint(status); !hint.empty()) {
    err << "investtrack " << command << ": " << hint << "\n";
  }
  if (const std::string hint = message_size_hint(status); !hint.empty()) {
    err << "investtrack " << command << ": " << hint << "\n";
  }
  return exit_code_for(status.error_code());
}

}  // namespace investtrack::client
