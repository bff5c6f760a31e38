#include "server/app/outcome.h"

#include <spdlog/spdlog.h>

#include "server/logging.h"

namespace investtrack::server::app {
namespace {

ErrorKind kind_of(store::StoreErrorCode code) {
  switch (code) {
    case store::StoreErrorCode::kNotFound:
      return ErrorKind::kNotFound;
    case store::StoreErrorCode::kAlreadyExists:
      return ErrorKind::kAlreadyExists;
    case store::StoreErrorCode::kAborted:
      return ErrorKind::kAborted;
    case store::StoreErrorCode::kUnavailable:
      return ErrorKind::kUnavailable;
    case store::StoreErrorCode::kDeadlineExceeded:
      return ErrorKind::kDeadlineExceeded;
    case store::StoreErrorCode::kCancelled:
      return ErrorKind::kCancelled;
    case store::StoreErrorCode::kFailedPrecondition:
      return ErrorKind::kFailedPrecondition;
    case store::StoreErrorCode::kInvalidArgument:
      return ErrorKind::kInvalidArgument;
    case store::StoreErrorCode::kInternal:
      return ErrorKind::kInternal;
  }
  return ErrorKind::kInternal;
}

// Reasons a client can switch on; one per store error kind.
std::string reason_of(store::StoreErrorCode code) {
  switch (code) {
    case store::StoreErrorCode::kNotFound:
      return "RESOURCE_NOT_FOUND";
    case store::StoreErrorCode::kAlreadyExists:
      return "RESOURCE_ALREADY_EXISTS";
    case store::StoreErrorCode::kAborted:
      return "CONCURRENT_MODIFICATION";
    case store::StoreErrorCode::kUnavailable:
      return "DATABASE_UNAVAILABLE";
    case store::StoreErrorCode::kDeadlineExceeded:
      return "DATABASE_TIMEOUT";
    case store::StoreErrorCode::kCancelled:
      return "CALL_CANCELLED";
    case store::StoreErrorCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case store::StoreErrorCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case store::StoreErrorCode::kInternal:
      return "INTERNAL";
  }
  return "INTERNAL";
}

}  // namespace

Error::Error(ErrorKind kind, std::string reason, std::string message,
             std::map<std::string, std::string> metadata)
    : std::runtime_error(message),
      kind_(kind),
      reason_(std::move(reason)),
      message_(std::move(message)),
      metadata_(std::move(metadata)) {}

Error invalid_argument(std::string field, std::string message,
                       std::map<std::string, std::string> metadata) {
  metadata.emplace("field", std::move(field));
  return {ErrorKind::kInvalidArgument, "INVALID_ARGUMENT", std::move(message), std::move(metadata)};
}

Error store_failure(const store::StoreError& error, std::string_view where) {
  const bool internal = error.code() == store::StoreErrorCode::kInternal;
  if (!error.detail().empty()) {
    spdlog::log(internal ? spdlog::level::err : spdlog::level::debug, "{}: {} ({})", where,
                error.message(), single_line(error.detail()));
  }
  return {kind_of(error.code()), reason_of(error.code()),
          internal ? "internal error; the server log has details" : error.message()};
}

}  // namespace investtrack::server::app
