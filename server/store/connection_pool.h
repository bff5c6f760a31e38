// A bounded pool of PostgreSQL connections (libpqxx has none). Outside the store a connection is
// opaque: what a lease holds is defined in pooled_connection.h, which only the store includes, so
// nothing else can reach libpqxx through the pool.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "call_watch.h"

namespace investtrack::store {

struct PoolOptions {
  // libpq connection URI or key=value string.
  std::string url;
  std::size_t max_size = 8;
  // How long acquire() waits for a free connection before failing with kUnavailable.
  std::chrono::milliseconds acquire_timeout{5000};
};

class ConnectionPool;
// A connection and its session state (pooled_connection.h, internal to the store).
struct PooledConnection;

// A connection on loan; returns it to the pool when destroyed. A connection marked broken, or
// found closed, is dropped instead, and the pool opens a fresh one on a later acquire, so work
// resumes by itself after the database restarts.
class ConnectionLease {
 public:
  ConnectionLease(ConnectionLease&& other) noexcept;
  ConnectionLease& operator=(ConnectionLease&&) = delete;
  ConnectionLease(const ConnectionLease&) = delete;
  ConnectionLease& operator=(const ConnectionLease&) = delete;
  ~ConnectionLease();

  // Complete only where pooled_connection.h is included: the store's transactions.
  PooledConnection& operator*() const { return *connection_; }
  PooledConnection* operator->() const { return connection_.get(); }
  void mark_broken() { broken_ = true; }

 private:
  friend class ConnectionPool;
  ConnectionLease(ConnectionPool* pool, std::unique_ptr<PooledConnection> connection);

  ConnectionPool* pool_;
  std::unique_ptr<PooledConnection> connection_;
  bool broken_ = false;
};

class ConnectionPool {
 public:
  explicit ConnectionPool(PoolOptions options);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;
  // Leases must not outlive the pool.
  ~ConnectionPool();

  // Blocks until a connection is free or the timeout passes. Throws StoreError: kUnavailable when
  // the pool is closed, the wait times out, or the database cannot be reached.
  ConnectionLease acquire();

  // Refuses new acquires, wakes waiters and closes idle connections; leased ones close on return.
  void close();

  std::size_t open_connections() const;
  std::size_t idle_connections() const;

  // One consistent reading, for metrics.
  struct Usage {
    std::size_t open = 0;  // idle + lent + being opened
    std::size_t idle = 0;
    std::size_t waiting = 0;  // acquire() calls waiting for a connection to come back
  };
  Usage usage() const;
  const PoolOptions& options() const { return options_; }
  // Ends the transactions of calls whose time is up or whose caller has gone.
  detail::CallWatch& call_watch() { return call_watch_; }

 private:
  friend class ConnectionLease;
  void release(std::unique_ptr<PooledConnection> connection, bool broken);

  const PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PooledConnection>> idle_;
  std::size_t open_ = 0;  // idle + leased + being opened
  std::size_t waiting_ = 0;
  bool closed_ = false;
  // Last: stopped before the connections it may cancel on are closed.
  detail::CallWatch call_watch_;
};

}  // namespace investtrack::store
