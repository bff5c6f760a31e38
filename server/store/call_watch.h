// Ends a call's database work when the caller's deadline passes or the caller goes away, whatever
// statement it is in. Internal to server/store.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "call_options.h"
#include "store_error.h"

namespace investtrack::store {
struct PooledConnection;  // pooled_connection.h
}  // namespace investtrack::store

namespace investtrack::store::detail {

// One thread for all connections of a pool: it sleeps until the earliest deadline of the watched
// transactions (waking every kCancelPoll while any caller could go away) and cancels the running
// statement of each that is due, as psql's Ctrl-C does (PQcancel). The statement then fails, and
// the transaction rolls back. A statement timeout alone bounds each statement, not their sum, and
// never notices a caller that has gone.
class CallWatch {
 public:
  CallWatch() = default;
  CallWatch(const CallWatch&) = delete;
  CallWatch& operator=(const CallWatch&) = delete;
  ~CallWatch();

  // Watches `connection` for the call of `options` until unwatch(id). Returns 0 (nothing watched)
  // when the call has neither a deadline nor a way to learn that the caller has gone.
  std::uint64_t watch(PooledConnection& connection, const CallOptions& options);
  // Stops watching; after it returns no cancel is sent for this id. Returns why the watch cancelled
  // the statement, if it did: the error the transaction's failure should become.
  std::optional<StoreErrorCode> unwatch(std::uint64_t id);

 private:
  struct Watched {
    PooledConnection* connection;
    CallOptions::Clock::time_point deadline;
    std::function<bool()> cancelled;
    std::optional<StoreErrorCode> fired;
  };
  void run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::uint64_t, Watched> watched_;
  std::uint64_t next_id_ = 1;
  bool stopping_ = false;
  std::thread thread_;  // started by the first watch
};

}  // namespace investtrack::store::detail
