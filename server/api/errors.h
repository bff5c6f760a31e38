// The one place an outcome becomes a grpc::Status: canonical code, an English message for
// developers (never SQL or exception text) and a google.rpc.ErrorInfo in the status details.
#pragma once

#include <exception>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include <grpcpp/grpcpp.h>

#include "server/store/store_error.h"

namespace investtrack::server::api {

// ErrorInfo.domain of every error this server returns.
inline constexpr std::string_view kErrorDomain = "investtrack.dev";

// A refusal decided by the API layer (validation, authentication, limits), thrown from deep in a
// handler and turned into a status by status_from_exception.
class ApiError : public std::runtime_error {
 public:
  // reason: UPPER_SNAKE_CASE, stable; message: English, safe to show a caller.
  ApiError(grpc::StatusCode code, std::string reason, std::string message,
           std::map<std::string, std::string> metadata = {});

  grpc::StatusCode code() const { return code_; }
  const std::string& reason() const { return reason_; }
  const std::string& message() const { return message_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

 private:
  grpc::StatusCode code_;
  std::string reason_;
  std::string message_;
  std::map<std::string, std::string> metadata_;
};

// Shorthand for the most common refusal; metadata names the offending field.
ApiError invalid_argument(std::string field, std::string message,
                          std::map<std::string, std::string> metadata = {});

// A status with an ErrorInfo detail. Messages longer than a few KiB are cut (at a UTF-8 boundary)
// so a huge value echoed in a message cannot blow up the trailers.
grpc::Status make_status(grpc::StatusCode code, std::string_view reason, std::string_view message,
                         const std::map<std::string, std::string>& metadata = {});

grpc::Status to_status(const ApiError& error);
grpc::Status to_status(const store::StoreError& error);

// Maps whatever the current handler threw. Anything unexpected becomes INTERNAL with a generic
// message; the details go to the log under `method`.
grpc::Status status_from_exception(std::exception_ptr error, std::string_view method) noexcept;

}  // namespace investtrack::server::api
