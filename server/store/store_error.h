// The one error type the store throws, and the one place database exceptions are mapped to it.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

namespace investtrack::store {

// Mirrors the canonical gRPC codes the API layer will map to, so that mapping stays one switch.
enum class StoreErrorCode {
  kNotFound,
  kAlreadyExists,
  kAborted,           // stale etag, serialization failure or deadlock: retry the read-modify-write
  kUnavailable,       // cannot connect or the connection broke: retry the call
  kDeadlineExceeded,  // the call's time ran out (statement timeout, SQLSTATE 57014, or deadline)
  kCancelled,         // the caller went away; the transaction was rolled back
  kFailedPrecondition,
  kInvalidArgument,
  kInternal,
};

std::string_view to_string(StoreErrorCode code);

class StoreError : public std::runtime_error {
 public:
  // message: safe to show a caller (English, no SQL). detail: for the log only.
  StoreError(StoreErrorCode code, std::string message, std::string detail = {});

  StoreErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& detail() const { return detail_; }

 private:
  StoreErrorCode code_;
  std::string message_;
  std::string detail_;
};

// Maps any exception (pqxx, StoreError, std) to a StoreError. A StoreError passes through.
StoreError map_database_error(std::exception_ptr error) noexcept;

}  // namespace investtrack::store
