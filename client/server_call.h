// What every networked command shares: one channel to the server, a deadline and the caller's
// token on every call, and one mapping from a gRPC status to an exit code and a message.
#pragma once

#include <chrono>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include <grpcpp/grpcpp.h>

#include "tls/client_channel.h"

namespace investtrack::client {

struct ConnectionOptions {
  std::string server = "127.0.0.1:50051";
  // Sent as `authorization: Bearer <token>`; nothing is sent when empty.
  std::string token;
  // Deadline of each call, streams included.
  double timeout_seconds = 30;
  // Plaintext unless enabled (--tls, --tls-ca).
  tls::ClientTls tls;
};

class ServerConnection {
 public:
  // Throws tls::TlsError when TLS is asked for and the CA file cannot be used.
  explicit ServerConnection(const ConnectionOptions& options);

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  const std::string& address() const { return address_; }

  // Sets the deadline (now + timeout) and the token on a context made for one call.
  void prepare(grpc::ClientContext& context) const;
  // Same, with an explicit deadline, for streams that outlive the usual timeout.
  void prepare(grpc::ClientContext& context, std::chrono::system_clock::time_point deadline) const;

  std::chrono::milliseconds timeout() const { return timeout_; }

 private:
  std::string address_;
  std::string token_;
  std::chrono::milliseconds timeout_;
  std::shared_ptr<grpc::Channel> channel_;
};

// The documented exit code for a call that ended with `code`.
int exit_code_for(grpc::StatusCode code);

// "OK", "INVALID_ARGUMENT", ...
std::string status_code_name(grpc::StatusCode code);

// The ErrorInfo reason in the status details (INVALID_FILTER, ETAG_MISMATCH, ...); empty when the
// server sent none.
std::string error_reason(const grpc::Status& status);

// What gRPC's own refusal of an oversized request means, for a person; empty for any other status.
std::string message_size_hint(const grpc::Status& status);

// One ErrorInfo metadata value (e.g. "resumeToken"); empty when absent.
std::string error_metadata(const grpc::Status& status, const std::string& key);

// Prints "investtrack COMMAND: CODE: server message [REASON]" to err, and on a second line what a
// failed connection means in TLS terms when it looks like a TLS problem, or what the transport's
// refusal of an oversized request means; returns the exit code.
int report_rpc_error(std::string_view command, const grpc::Status& status, std::ostream& err);

}  // namespace investtrack::client
