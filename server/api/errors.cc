#include "server/api/errors.h"

#include <utility>

#include <spdlog/spdlog.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "server/logging.h"

namespace investtrack::server::api {
namespace {

constexpr std::size_t kMaxMessageBytes = 2048;

std::string_view cut_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  // Back up over continuation bytes so a multi-byte character is never split.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

grpc::StatusCode code_of(store::StoreErrorCode code) {
  switch (code) {
    case store::StoreErrorCode::kNotFound:
      return grpc::StatusCode::NOT_FOUND;
    case store::StoreErrorCode::kAlreadyExists:
      return grpc::StatusCode::ALREADY_EXISTS;
    case store::StoreErrorCode::kAborted:
      return grpc::StatusCode::ABORTED;
    case store::StoreErrorCode::kUnavailable:
      return grpc::StatusCode::UNAVAILABLE;
    case store::StoreErrorCode::kDeadlineExceeded:
      return grpc::StatusCode::DEADLINE_EXCEEDED;
    case store::StoreErrorCode::kCancelled:
      return grpc::StatusCode::CANCELLED;
    case store::StoreErrorCode::kFailedPrecondition:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case store::StoreErrorCode::kInvalidArgument:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case store::StoreErrorCode::kInternal:
      return grpc::StatusCode::INTERNAL;
  }
  return grpc::StatusCode::INTERNAL;
}

// Reasons a client can switch on; one per store error kind.
std::string_view reason_of(store::StoreErrorCode code) {
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

ApiError::ApiError(grpc::StatusCode code, std::string reason, std::string message,
                   std::map<std::string, std::string> metadata)
    : std::runtime_error(message),
      code_(code),
      reason_(std::move(reason)),
      message_(std::move(message)),
      metadata_(std::move(metadata)) {}

ApiError invalid_argument(std::string field, std::string message,
                          std::map<std::string, std::string> metadata) {
  metadata.emplace("field", std::move(field));
  return ApiError(grpc::StatusCode::INVALID_ARGUMENT, "INVALID_ARGUMENT", std::move(message),
                  std::move(metadata));
}

grpc::Status make_status(grpc::StatusCode code, std::string_view reason, std::string_view message,
                         const std::map<std::string, std::string>& metadata) {
  const std::string text(cut_utf8(message, kMaxMessageBytes));
  if (code == grpc::StatusCode::OK) return grpc::Status::OK;
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(kErrorDomain));
  for (const auto& [key, value] : metadata) {
    (*info.mutable_metadata())[key] = std::string(cut_utf8(value, kMaxMessageBytes));
  }
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(text);
  details.add_details()->PackFrom(info);
  return grpc::Status(code, text, details.SerializeAsString());
}

grpc::Status to_status(const ApiError& error) {
  return make_status(error.code(), error.reason(), error.message(), error.metadata());
}

grpc::Status to_status(const store::StoreError& error) {
  const grpc::StatusCode code = code_of(error.code());
  if (code == grpc::StatusCode::INTERNAL) {
    // The store's message is generic here; the detail may hold SQL, so it stays in the log.
    return make_status(code, reason_of(error.code()), "internal error; the server log has details");
  }
  return make_status(code, reason_of(error.code()), error.message());
}

grpc::Status status_from_exception(std::exception_ptr error, std::string_view method) noexcept {
  try {
    try {
      std::rethrow_exception(std::move(error));
    } catch (const ApiError& e) {
      return to_status(e);
    } catch (const store::StoreError& e) {
      if (!e.detail().empty()) {
        const auto level = e.code() == store::StoreErrorCode::kInternal ? spdlog::level::err
                                                                        : spdlog::level::debug;
        spdlog::log(level, "{}: {} ({})", method, e.message(), single_line(e.detail()));
      }
      return to_status(e);
    } catch (const std::exception& e) {
      spdlog::error("{}: unexpected error: {}", method, single_line(e.what()));
    } catch (...) {
      spdlog::error("{}: unexpected non-standard exception", method);
    }
  } catch (...) {
    // Logging itself failed (out of memory); the caller still gets an answer.
  }
  return grpc::Status(grpc::StatusCode::INTERNAL, "internal error; the server log has details");
}

}  // namespace investtrack::server::api
