#include "connection_pool.h"

#include <utility>

#include "pooled_connection.h"
#include "store_error.h"

namespace investtrack::store {

ConnectionLease::ConnectionLease(ConnectionPool* pool, std::unique_ptr<PooledConnection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ConnectionLease::ConnectionLease(ConnectionLease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      connection_(std::move(other.connection_)),
      broken_(other.broken_) {}

ConnectionLease::~ConnectionLease() {
  if (pool_ != nullptr && connection_) pool_->release(std::move(connection_), broken_);
}

ConnectionPool::ConnectionPool(PoolOptions options) : options_(std::move(options)) {
  if (options_.max_size == 0) {
    throw StoreError(StoreErrorCode::kInvalidArgument, "the pool size must be at least 1");
  }
}

ConnectionPool::~ConnectionPool() { close(); }

ConnectionLease ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  for (;;) {
    if (closed_) {
      throw StoreError(StoreErrorCode::kUnavailable, "the database pool is shut down");
    }
    while (!idle_.empty()) {
      std::unique_ptr<PooledConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->connection.is_open()) return {this, std::move(connection)};
      --open_;  // closed underneath us: drop it and try the next one or open a new one
    }
    if (open_ < options_.max_size) break;
    ++waiting_;
    const std::cv_status waited = available_.wait_until(lock, deadline);
    --waiting_;
    if (waited == std::cv_status::timeout && idle_.empty() && open_ >= options_.max_size) {
      throw StoreError(StoreErrorCode::kUnavailable, "no database connection became free in time",
                       "pool exhausted: " + std::to_string(options_.max_size) + " in use");
    }
  }
  ++open_;
  lock.unlock();
  try {
    // Connecting can take long; do it without holding the pool's lock.
    return {this, std::make_unique<PooledConnection>(options_.url)};
  } catch (...) {
    lock.lock();
    --open_;
    available_.notify_one();
    throw map_database_error(std::current_exception());
  }
}

void ConnectionPool::release(std::unique_ptr<PooledConnection> connection, bool broken) {
  std::unique_ptr<PooledConnection> to_close;
  {
    std::lock_guard lock(mutex_);
    if (broken || closed_ || !connection->connection.is_open()) {
      --open_;
      to_close = std::move(connection);
    } else {
      idle_.push_back(std::move(connection));
    }
  }
  available_.notify_one();
  // to_close is destroyed here, outside the lock: closing a socket must not stall other callers.
}

void ConnectionPool::close() {
  std::vector<std::unique_ptr<PooledConnection>> to_close;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    open_ -= idle_.size();
    to_close.swap(idle_);
  }
  available_.notify_all();
}

std::size_t ConnectionPool::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t ConnectionPool::idle_connections() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

ConnectionPool::Usage ConnectionPool::usage() const {
  std::lock_guard lock(mutex_);
  return Usage{open_, idle_.size(), waiting_};
}

}  // namespace investtrack::store
