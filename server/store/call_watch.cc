#include "call_watch.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "pooled_connection.h"

namespace investtrack::store::detail {
namespace {

// How often a caller that may go away is asked whether it has: a cancelled call's transaction ends
// within about this long.
constexpr std::chrono::milliseconds kCancelPoll{50};

}  // namespace

CallWatch::~CallWatch() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t CallWatch::watch(PooledConnection& connection, const CallOptions& options) {
  if (options.deadline == CallOptions::Clock::time_point::max() && !options.cancelled) return 0;
  std::uint64_t id = 0;
  {
    const std::lock_guard lock(mutex_);
    id = next_id_++;
    watched_.emplace(id, Watched{&connection, options.deadline, options.cancelled, std::nullopt});
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  changed_.notify_all();
  return id;
}

std::optional<StoreErrorCode> CallWatch::unwatch(std::uint64_t id) {
  if (id == 0) return std::nullopt;
  const std::lock_guard lock(mutex_);
  const auto found = watched_.find(id);
  if (found == watched_.end()) return std::nullopt;
  const std::optional<StoreErrorCode> fired = found->second.fired;
  watched_.erase(found);
  return fired;
}

void CallWatch::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = CallOptions::Clock::now();
    auto wake = CallOptions::Clock::time_point::max();
    for (auto& [id, call] : watched_) {
      if (call.fired) continue;
      if (now >= call.deadline) {
        call.fired = StoreErrorCode::kDeadlineExceeded;
      } else if (call.cancelled && call.cancelled()) {
        call.fired = StoreErrorCode::kCancelled;
      }
      if (call.fired) {
        // Under the lock: unwatch() waits for it, so the connection is still this call's.
        try {
          call.connection->connection.cancel_query();
        } catch (const std::exception&) {
          // The cancel request could not be sent (the database is going away): the statement
          // ends at its own timeout, the time the call had left when it began, and the next one
          // does not start (transaction.h).
        }
        continue;
      }
      wake = std::min(wake, call.deadline);
      if (call.cancelled) wake = std::min(wake, now + kCancelPoll);
    }
    if (wake == CallOptions::Clock::time_point::max()) {
      changed_.wait(lock);
    } else {
      changed_.wait_until(lock, wake);
    }
  }
}

}  // namespace investtrack::store::detail
