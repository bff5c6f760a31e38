#include "store_error.h"

#include <utility>

#include <pqxx/except>

namespace investtrack::store {
namespace {

// SQLSTATE codes libpqxx 6.4 has no dedicated exception class for.
constexpr std::string_view kQueryCanceled = "57014";
constexpr std::string_view kLockNotAvailable = "55P03";
constexpr std::string_view kCannotConnectNow = "57P03";
constexpr std::string_view kAdminShutdown = "57P01";
constexpr std::string_view kCrashShutdown = "57P02";
constexpr std::string_view kTooManyConnections = "53300";
constexpr std::string_view kDataExceptionClass = "22";
constexpr std::string_view kConnectionExceptionClass = "08";

StoreError from_sqlstate(const pqxx::sql_error& e) {
  const std::string& state = e.sqlstate();
  const std::string detail = std::string("SQLSTATE ") + state + ": " + e.what();
  if (state == kQueryCanceled) {
    return {StoreErrorCode::kDeadlineExceeded, "the database query ran out of time", detail};
  }
  if (state == kLockNotAvailable) {
    return {StoreErrorCode::kAborted, "the record is busy; retry", detail};
  }
  if (state == kCannotConnectNow || state == kAdminShutdown || state == kCrashShutdown ||
      state == kTooManyConnections || state.rfind(kConnectionExceptionClass, 0) == 0) {
    return {StoreErrorCode::kUnavailable, "the database is not available", detail};
  }
  if (state.rfind(kDataExceptionClass, 0) == 0) {
    return {StoreErrorCode::kInvalidArgument, "a value has the wrong form for its field", detail};
  }
  return {StoreErrorCode::kInternal, "internal database error", detail};
}

}  // namespace

std::string_view to_string(StoreErrorCode code) {
  switch (code) {
    case StoreErrorCode::kNotFound:
      return "NOT_FOUND";
    case StoreErrorCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case StoreErrorCode::kAborted:
      return "ABORTED";
    case StoreErrorCode::kUnavailable:
      return "UNAVAILABLE";
    case StoreErrorCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case StoreErrorCode::kCancelled:
      return "CANCELLED";
    case StoreErrorCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case StoreErrorCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case StoreErrorCode::kInternal:
      return "INTERNAL";
  }
  return "INTERNAL";
}

StoreError::StoreError(StoreErrorCode code, std::string message, std::string detail)
    : std::runtime_error(message),
      code_(code),
      message_(std::move(message)),
      detail_(std::move(detail)) {}

StoreError map_database_error(std::exception_ptr error) noexcept {
  try {
    try {
      std::rethrow_exception(std::move(error));
    } catch (const StoreError& e) {
      return e;
    } catch (const pqxx::broken_connection& e) {
      return {StoreErrorCode::kUnavailable, "the database is not available", e.what()};
    } catch (const pqxx::in_doubt_error& e) {
      return {StoreErrorCode::kUnavailable,
              "the connection broke while committing; the outcome is unknown", e.what()};
    } catch (const pqxx::serialization_failure& e) {
      return {StoreErrorCode::kAborted, "a concurrent change conflicted; retry", e.what()};
    } catch (const pqxx::deadlock_detected& e) {
      return {StoreErrorCode::kAborted, "a concurrent change conflicted; retry", e.what()};
    } catch (const pqxx::statement_completion_unknown& e) {
      return {StoreErrorCode::kUnavailable,
              "the connection broke during the statement; the outcome is unknown", e.what()};
    } catch (const pqxx::unique_violation& e) {
      return {StoreErrorCode::kAlreadyExists, "the record already exists", e.what()};
    } catch (const pqxx::foreign_key_violation& e) {
      return {StoreErrorCode::kFailedPrecondition, "a referenced record does not exist", e.what()};
    } catch (const pqxx::check_violation& e) {
      return {StoreErrorCode::kInvalidArgument, "a value is outside its allowed set", e.what()};
    } catch (const pqxx::not_null_violation& e) {
      return {StoreErrorCode::kInvalidArgument, "a required value is missing", e.what()};
    } catch (const pqxx::transaction_rollback& e) {
      return {StoreErrorCode::kAborted, "the transaction was rolled back; retry", e.what()};
    } catch (const pqxx::sql_error& e) {
      return from_sqlstate(e);
    } catch (const std::exception& e) {
      return {StoreErrorCode::kInternal, "internal error", e.what()};
    } catch (...) {
      return {StoreErrorCode::kInternal, "internal error", "non-standard exception"};
    }
  } catch (...) {
    // Building a message can itself throw (bad_alloc); never let the mapper escape.
    return {StoreErrorCode::kInternal, "internal error"};
  }
}

}  // namespace investtrack::store
