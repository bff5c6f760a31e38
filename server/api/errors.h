// The one place an outcome becomes a grpc::Status: the canonical code of each app::ErrorKind, an
// English message for developers (never SQL or exception text) and a google.rpc.ErrorInfo in the
// status details. Single calls and the items of a batch both go through it.
#pragma once

#include <exception>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "google/rpc/status.pb.h"
#include "server/app/outcome.h"

namespace investtrack::server::api {

// ErrorInfo.domain of every error this server returns.
inline constexpr std::string_view kErrorDomain = "investtrack.dev";

// The API's own refusals (validation, authentication) are the application layer's errors too:
// one type, one mapping.
using app::ErrorKind;
using app::invalid_argument;

grpc::StatusCode code_of(ErrorKind kind);

// The google.rpc.Status of an error: its code, its message and an ErrorInfo. Messages longer
// than a few KiB are cut (at a UTF-8 boundary) so a huge value echoed in a message cannot blow
// up the trailers. What a batch item carries, and what to_status sends as the details.
google::rpc::Status rpc_status(const app::Error& error);

grpc::Status to_status(const app::Error& error);

// Maps whatever the current handler threw. Anything unexpected becomes INTERNAL with a generic
// message; the details go to the log under `method`.
grpc::Status status_from_exception(std::exception_ptr error, std::string_view method) noexcept;

// A handler's answer from the application layer's outcome: the value into `response` and OK, or
// the error's status.
template <typename T>
grpc::Status reply(app::Outcome<T>&& outcome, T& response) {
  if (!outcome.ok()) return to_status(outcome.error());
  response = std::move(outcome).value();
  return grpc::Status::OK;
}

}  // namespace investtrack::server::api
