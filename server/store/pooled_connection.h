// What a ConnectionLease holds: the libpqxx connection and the session state the store keeps for
// it. Internal to server/store (connection_pool.h only declares it), so code outside the store
// never sees libpqxx through the pool.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <pqxx/connection>

namespace investtrack::store {

// A pooled connection with what the store has set on its session, so a read can skip a round
// trip that would set the same thing again.
struct PooledConnection {
  explicit PooledConnection(const std::string& url) : connection(url) {}
  pqxx::connection connection;
  // The session's statement_timeout as the store last set it; zero = no limit, as on a fresh
  // connection (a role-level default is not looked up); empty = unknown after a failed SET.
  std::optional<std::chrono::milliseconds> session_statement_timeout{std::chrono::milliseconds(0)};
};

}  // namespace investtrack::store
