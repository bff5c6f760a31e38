// Running the store's fixed statements: prepared per connection, inside transactions that retry
// conflicts and a broken connection. Internal to server/store.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

#include <pqxx/pqxx>

#include "connection_pool.h"
#include "pooled_connection.h"
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

// The call whose transaction runs on this thread, if any: each statement checks first that its time
// is not up, so the work between statements (folding thousands of projects) ends with the call too.
inline thread_local const CallOptions* t_running_call = nullptr;

// Makes `options` the running call of this thread while it lives.
class RunningCall {
 public:
  explicit RunningCall(const CallOptions& options) : previous_(t_running_call) {
    t_running_call = &options;
  }
  ~RunningCall() { t_running_call = previous_; }
  RunningCall(const RunningCall&) = delete;
  RunningCall& operator=(const RunningCall&) = delete;

 private:
  const CallOptions* previous_;
};

inline void check_call_time_left() {
  if (t_running_call != nullptr) t_running_call->time_for_statement();
}

// Runs one of the fixed statements as a prepared statement, so each connection parses and plans
// it once instead of on every call (planning was a third of the server's time on ingest).
// pqxx registers a definition once per connection and prepares it on first use; registering
// the same text again is a map lookup.
template <typename... Args>
pqxx::result exec(pqxx::transaction_base& work, std::string_view statement, Args&&... args) {
  check_call_time_left();
  const std::string name = statement_name(statement);
  work.conn().prepare(name, std::string(statement));
  return work.exec_prepared(name, std::forward<Args>(args)...);
}

template <typename... Args>
pqxx::row exec1(pqxx::transaction_base& work, std::string_view statement, Args&&... args) {
  check_call_time_left();
  const std::string name = statement_name(statement);
  work.conn().prepare(name, std::string(statement));
  return work.exec_prepared1(name, std::forward<Args>(args)...);
}

// A read whose timeout is within this much above the requested one reuses the session's setting:
// the statement may run a little past the caller's deadline, but a pooled connection serving
// calls with similar deadlines is not sent a SET before every read.
inline std::chrono::milliseconds statement_timeout_slack(std::chrono::milliseconds requested) {
  return std::min(requested / 8, std::chrono::milliseconds(500));
}

// Brings the session's statement_timeout to what a read may take, sending a SET only when the
// value the connection already has is not close enough above it (zero = no limit).
inline void fit_session_statement_timeout(ConnectionLease& lease, pqxx::transaction_base& work,
                                          std::chrono::milliseconds requested) {
  std::optional<std::chrono::milliseconds>& current = lease->session_statement_timeout;
  if (current) {
    if (requested.count() == 0
            ? current->count() == 0
            : *current >= requested && *current <= requested + statement_timeout_slack(requested)) {
      return;
    }
  }
  const std::chrono::milliseconds target =
      requested.count() == 0 ? requested : requested + statement_timeout_slack(requested) / 2;
  current.reset();  // unknown until the SET is known to have succeeded
  exec(work, sql::kSetSessionStatementTimeout, std::to_string(target.count()));
  current = target;
}

// The database errors a body may throw, turned into StoreError; marks the lease broken when the
// connection cannot be trusted afterwards. Called from inside a catch block.
[[noreturn]] inline void rethrow_as_store_error(ConnectionLease& lease) {
  try {
    throw;
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
}

// Watches a transaction's connection for its call's end (CallWatch) while it lives.
class WatchedTransaction {
 public:
  WatchedTransaction(ConnectionPool& pool, PooledConnection& connection, const CallOptions& options)
      : watch_(pool.call_watch()), id_(watch_.watch(connection, options)) {}
  ~WatchedTransaction() { end(); }
  WatchedTransaction(const WatchedTransaction&) = delete;
  WatchedTransaction& operator=(const WatchedTransaction&) = delete;

  // Stops watching; says why the watch cancelled a statement, if it did.
  std::optional<StoreErrorCode> end() {
    const std::optional<StoreErrorCode> why = watch_.unwatch(id_);
    id_ = 0;
    return why;
  }

 private:
  CallWatch& watch_;
  std::uint64_t id_;
};

// What a transaction the call watch cancelled fails with.
inline StoreError call_ended_error(StoreErrorCode why) {
  return why == StoreErrorCode::kCancelled
             ? StoreError(why, "the caller went away; the work was stopped and rolled back")
             : StoreError(why, "the call's deadline passed; the work was stopped and rolled back");
}

// Runs body(work) in one transaction on a pooled connection, retrying conflicts and a broken
// connection. body must be safe to run again from scratch. The whole of it, retries included,
// ends at the call's deadline or when its caller goes away (CallOptions).
template <typename Body>
auto run_transaction(ConnectionPool& pool, const CallOptions& options, Body&& body)
    -> decltype(body(std::declval<pqxx::work&>())) {
  const RunningCall running(options);
  int conflicts = 0;
  int broken = 0;
  for (;;) {
    const std::chrono::milliseconds statement_time = options.time_for_statement();
    ConnectionLease lease = pool.acquire();
    WatchedTransaction watched(pool, *lease, options);
    try {
      pqxx::work work(lease->connection);
      // The transaction's own limit; also "none" when a read left a limit on the session.
      if (statement_time.count() > 0 ||
          lease->session_statement_timeout != std::chrono::milliseconds(0)) {
        exec(work, sql::kSetStatementTimeout, std::to_string(statement_time.count()));
      }
      // A cancel sent just as the commit succeeded may still reach this session: it serves no
      // other call.
      if constexpr (std::is_void_v<decltype(body(work))>) {
        body(work);
        work.commit();
        if (watched.end()) lease.mark_broken();
        return;
      } else {
        auto result = body(work);
        work.commit();
        if (watched.end()) lease.mark_broken();
        return result;
      }
    } catch (...) {
      if (const std::optional<StoreErrorCode> why = watched.end()) {
        // A cancel request may still be on its way to this session: it serves no other call.
        lease.mark_broken();
        throw call_ended_error(*why);
      }
      try {
        throw;
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
      } catch (...) {
        rethrow_as_store_error(lease);
      }
    }
    // Back off a little so conflicting transactions do not collide again at once.
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * conflicts));
  }
}

// Runs body(work) for a read of ONE statement, in autocommit: one round trip to the database
// where a transaction costs three more (BEGIN, the transaction's timeout, COMMIT). The statement
// timeout is the session's, kept per pooled connection. A single statement sees one snapshot, so
// the read is as consistent as in a transaction; reads of several statements that must agree
// use run_transaction.
template <typename Body>
auto run_read(ConnectionPool& pool, const CallOptions& options, Body&& body)
    -> decltype(body(std::declval<pqxx::nontransaction&>())) {
  for (int broken = 0;;) {
    ConnectionLease lease = pool.acquire();
    try {
      pqxx::nontransaction work(lease->connection);
      fit_session_statement_timeout(lease, work, options.time_for_statement());
      return body(work);
    } catch (const pqxx::broken_connection&) {
      lease.mark_broken();
      if (++broken >= kMaxBrokenConnectionAttempts) {
        throw map_database_error(std::current_exception());
      }
    } catch (...) {
      rethrow_as_store_error(lease);
    }
  }
}

}  // namespace investtrack::store::detail
