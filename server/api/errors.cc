#include "server/api/errors.h"

#include <utility>

#include <spdlog/spdlog.h>

#include "google/rpc/error_details.pb.h"
#include "server/logging.h"
#include "server/store/store_error.h"

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

}  // namespace

grpc::StatusCode code_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case ErrorKind::kNotFound:
      return grpc::StatusCode::NOT_FOUND;
    case ErrorKind::kAlreadyExists:
      return grpc::StatusCode::ALREADY_EXISTS;
    case ErrorKind::kFailedPrecondition:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case ErrorKind::kAborted:
      return grpc::StatusCode::ABORTED;
    case ErrorKind::kResourceExhausted:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case ErrorKind::kUnauthenticated:
      return grpc::StatusCode::UNAUTHENTICATED;
    case ErrorKind::kPermissionDenied:
      return grpc::StatusCode::PERMISSION_DENIED;
    case ErrorKind::kUnavailable:
      return grpc::StatusCode::UNAVAILABLE;
    case ErrorKind::kDeadlineExceeded:
      return grpc::StatusCode::DEADLINE_EXCEEDED;
    case ErrorKind::kCancelled:
      return grpc::StatusCode::CANCELLED;
    case ErrorKind::kInternal:
      return grpc::StatusCode::INTERNAL;
  }
  return grpc::StatusCode::INTERNAL;
}

google::rpc::Status rpc_status(const app::Error& error) {
  google::rpc::ErrorInfo info;
  info.set_reason(error.reason());
  info.set_domain(std::string(kErrorDomain));
  for (const auto& [key, value] : error.metadata()) {
    (*info.mutable_metadata())[key] = std::string(cut_utf8(value, kMaxMessageBytes));
  }
  google::rpc::Status status;
  status.set_code(static_cast<int>(code_of(error.kind())));
  status.set_message(std::string(cut_utf8(error.message(), kMaxMessageBytes)));
  status.add_details()->PackFrom(info);
  return status;
}

grpc::Status to_status(const app::Error& error) {
  const google::rpc::Status status = rpc_status(error);
  return {static_cast<grpc::StatusCode>(status.code()), status.message(),
          status.SerializeAsString()};
}

grpc::Status status_from_exception(std::exception_ptr error, std::string_view method) noexcept {
  try {
    try {
      std::rethrow_exception(std::move(error));
    } catch (const app::Error& e) {
      return to_status(e);
    } catch (const store::StoreError& e) {
      return to_status(app::store_failure(e, method));
    } catch (const std::exception& e) {
      spdlog::error("{}: unexpected error: {}", method, single_line(e.what()));
    } catch (...) {
      spdlog::error("{}: unexpected non-standard exception", method);
    }
  } catch (...) {
    // Logging itself failed (out of memory); the caller still gets an answer.
  }
  return {grpc::StatusCode::INTERNAL, "internal error; the server log has details"};
}

}  // namespace investtrack::server::api
