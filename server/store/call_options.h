// What the API layer tells the store about one call: its time and whether its caller is still
// there.
#pragma once

#include <chrono>
#include <functional>

namespace investtrack::store {

// Per-call settings.
struct CallOptions {
  using Clock = std::chrono::steady_clock;

  // Cancels any one database statement after this long (kDeadlineExceeded); zero = no limit.
  std::chrono::milliseconds statement_timeout{0};
  // When the caller stops waiting. The whole call is bounded by it, not each statement: a
  // transaction still running then is cancelled and rolled back (kDeadlineExceeded), whichever
  // statement it is in, and none starts after it. The API layer derives it from the caller's
  // deadline.
  Clock::time_point deadline = Clock::time_point::max();
  // Whether the caller has gone away (a cancelled call): polled while a transaction runs, which
  // then ends as at its deadline (kCancelled). Empty = never.
  std::function<bool()> cancelled;

  // The statement timeout for a statement starting now: the time left, or statement_timeout when
  // that is shorter. Throws StoreError kDeadlineExceeded when no time is left, kCancelled when
  // the caller has gone.
  std::chrono::milliseconds time_for_statement() const;
};

}  // namespace investtrack::store
