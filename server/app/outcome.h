// What the application layer answers instead of a gRPC status: a value or an Error of a kind the
// API maps to a canonical code (server/api/errors.cc), with a stable reason and a message safe to
// show a caller. The API's own refusals (validation, authentication) are the same type, so every
// failure reaches a status through one mapping, and batch items reach theirs through it too.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "server/store/store_error.h"

namespace investtrack::server::app {

// The canonical codes this service answers with, without gRPC's types.
enum class ErrorKind {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kAborted,
  kResourceExhausted,
  kUnauthenticated,
  kPermissionDenied,
  kUnavailable,
  kDeadlineExceeded,
  kCancelled,
  kInternal,
};

// A refusal or failure. Thrown where it is found deep in a call (validation), returned in an
// Outcome where a caller decides what to do with it (a batch item, a skipped reparse).
class Error : public std::runtime_error {
 public:
  // reason: UPPER_SNAKE_CASE, stable, a client may switch on it; message: English, safe to show a
  // caller (never SQL or exception text).
  Error(ErrorKind kind, std::string reason, std::string message,
        std::map<std::string, std::string> metadata = {});

  ErrorKind kind() const { return kind_; }
  const std::string& reason() const { return reason_; }
  const std::string& message() const { return message_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

 private:
  ErrorKind kind_;
  std::string reason_;
  std::string message_;
  std::map<std::string, std::string> metadata_;
};

// Shorthand for the most common refusal; metadata names the offending field.
Error invalid_argument(std::string field, std::string message,
                       std::map<std::string, std::string> metadata = {});

// The store's error as this layer's: its kind, a reason per store error kind, and for an
// internal error a generic message (the store's detail may hold SQL). The detail, if any, is
// logged under `where` (an error when internal, else at debug level).
Error store_failure(const store::StoreError& error, std::string_view where);

// A value, or the Error that took its place (std::expected, which C++20 lacks).
template <typename T>
class [[nodiscard]] Outcome {
 public:
  // Implicit, so a function returns its value or an Error as it would with std::expected.
  Outcome(T value) : state_(std::move(value)) {}
  Outcome(Error error) : state_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Error& error() const { return std::get<Error>(state_); }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace investtrack::server::app
