// Whether the database answers: one connection kept between pings, reopened when it was lost.
// The health probe's only contact with PostgreSQL, so it needs no libpqxx of its own.
#pragma once

#include <memory>
#include <string>

namespace investtrack::store {

class DatabasePing {
 public:
  explicit DatabasePing(std::string db_url);
  ~DatabasePing();
  DatabasePing(const DatabasePing&) = delete;
  DatabasePing& operator=(const DatabasePing&) = delete;

  // SELECT 1 on the kept connection (opened first when there is none). Never throws: a failure
  // drops the connection, so the next ping reconnects, and is described by last_error().
  bool ping();
  // The last failure as libpq reported it; empty before any.
  const std::string& last_error() const { return last_error_; }

 private:
  struct Connection;
  const std::string db_url_;
  std::unique_ptr<Connection> connection_;
  std::string last_error_;
};

}  // namespace investtrack::store
