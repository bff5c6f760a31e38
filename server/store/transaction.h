// Running the store's fixed statements: prepared per connection, inside transactions that retry
// conflicts and a broken connection. Internal to server/store.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

#include <pqxx/pqxx>

#include "connection_pool.h"
#include "project_store.h"
#include "sql_statements.h"
#include "store_error.h"

namespace investtrack::store::detail {

// Serialization failures and deadlocks are retried this often before the caller sees kAborted.
inline constexpr int kMaxConflictAttempts = 5;
// A connection found broken is replaced and the transaction retried once (it never committed).
inline constexpr int kMaxBrokenConnectionAttempts = 2;

// The name a statement of sql_statements.h is prepared under: stable for its text.
inline std::string statement_name(std::string_view statement) {
  char name[32];
  std::snprintf(name, sizeof name, "investtrack_%016zx", std::hash<std::string_view>{}(statement));
  return name;
}

// Runs one of the fixed statements as a prepared statement, so each connection parses and plans
// it once instead of on every call (planning was a third of the server's time on ingest).
// pqxx registers a definition once per connection and prepares it on first use; registering
// the same text again is a map lookup.
template <typename... Args>
pqxx::result exec(pqxx::work& work, std::string_view statement, Args&&... args) {
  const std::string name = statement_name(statement);
  work.conn().prepare(name, std::string(statement));
  return work.exec_prepared(name, std::forward<Args>(args)...);
}

template <typename... Args>
pqxx::row exec1(pqxx::work& work, std::string_view statement, Args&&... args) {
  const std::string name = statement_name(statement);
  work.conn().prepare(name, std::string(statement));
  return work.exec_prepared1(name, std::forward<Args>(args)...);
}

// Runs body(work) in one transaction on a pooled connection, retrying conflicts and a broken
// connection. body must be safe to run again from scratch.
template <typename Body>
auto run_transaction(ConnectionPool& pool, const CallOptions& options, Body&& body)
    -> decltype(body(std::declval<pqxx::work&>())) {
  int conflicts = 0;
  int broken = 0;
  for (;;) {
    ConnectionLease lease = pool.acquire();
    try {
      pqxx::work work(*lease);
      if (options.statement_timeout.count() > 0) {
        exec(work, sql::kSetStatementTimeout, std::to_string(options.statement_timeout.count()));
      }
      if constexpr (std::is_void_v<decltype(body(work))>) {
        body(work);
        work.commit();
        return;
      } else {
        auto result = body(work);
        work.commit();
        return result;
      }
    } catch (const pqxx::serialization_failure&) {
      if (++conflicts >= kMaxConflictAttempts) throw map_database_error(std::current_exception());
    } catch (const pqxx::deadlock_detected&) {
      if (++conflicts >= kMaxConflictAttempts) throw map_database_error(std::current_exception());
    } catch (const pqxx::broken_connection&) {
      lease.mark_broken();
      if (++broken >= kMaxBrokenConnectionAttempts) {
        throw map_database_error(std::current_exception());
      }
      continue;
    } catch (const pqxx::in_doubt_error&) {
      lease.mark_broken();
      throw map_database_error(std::current_exception());
    } catch (const StoreError&) {
      throw;
    } catch (...) {
      StoreError error = map_database_error(std::current_exception());
      if (error.code() == StoreErrorCode::kUnavailable) lease.mark_broken();
      throw error;
    }
    // Back off a little so conflicting transactions do not collide again at once.
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * conflicts));
  }
}

}  // namespace investtrack::store::detail
