// One watcher's view of the register's change log (project_changes), in change-id order, with no
// change lost or repeated even though change ids can commit out of order.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "filter.h"
#include "investtrack/v1/project.pb.h"

namespace investtrack::store {

// Where a new feed continues an earlier one: after change id `after`, and, while the earlier
// feed still owed the changes of the transactions running when it started (start_snapshot
// non-empty), those too: the ids at or below start_limit that start_snapshot did not see.
// Without that second part a client resuming from a change delivered while they were held back
// (a long transaction, past the start hold) would never get them.
struct ResumePoint {
  std::int64_t after = 0;
  std::int64_t start_limit = 0;
  std::string start_snapshot;
};

struct ChangeRecord {
  std::int64_t change_id = 0;
  // Where to resume to get every change after this one.
  ResumePoint resume;
  // created, updated, deleted, undeleted
  std::string kind;
  std::int64_t change_time_micros = 0;
  // The project as it is now (at least as new as the change).
  v1::Project project;
};

// Owns a dedicated connection that LISTENs for the change trigger's notifications, so a change is
// seen as soon as it commits; the log itself is the source of truth, the notifications only wake
// the reader. Not thread-safe: one feed per watcher.
//
// Ordering: a change id is taken inside the writing transaction, so id 7 can commit after id 8.
// The feed delivers in id order and never skips an id while the transaction that may hold it is
// still running: when it sees a gap it records the transactions in progress at that moment, and
// passes the gap only after all of them have ended (the missing ids then either appeared or
// belonged to a rolled-back transaction and never will). A feed started without a resume point
// begins after the last visible change; the transactions running at that moment may hold lower
// ids, so it first waits for them to end and delivers what they committed (the changes at or
// below its starting point its snapshot did not see, by project_changes.xact_id), then the
// changes after its starting point. "Running" is every transaction of the register's database
// that held an id then, some of them unrelated (a session idle in a transaction), so new changes
// are held back for them only briefly; what they commit later is still delivered, after newer
// changes, also by a feed resumed from one of those newer changes (see ResumePoint).
class ChangeFeed {
 public:
  // Changes after `resume_from`; nullopt = changes committed from now on.
  ChangeFeed(const std::string& db_url, std::optional<ResumePoint> resume_from,
             std::optional<FilterExpr> filter);
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // The changes that are safe to deliver, oldest first, matching the filter; waits up to `wait`
  // for a notification when there is none. Throws StoreError (kUnavailable when the connection
  // broke: the caller resumes from position() on a new feed).
  std::vector<ChangeRecord> poll(std::chrono::milliseconds wait);

  // Every change up to here has been delivered, filtered out, or proven never to commit.
  ResumePoint position() const;

 private:
  // The feed's own connection and its LISTEN: libpqxx types, defined in change_feed.cc.
  struct Session;

  // The transactions of the database running now (kRunningTransactions), and whether any of
  // such a set still runs.
  std::string running_transactions();
  bool any_still_running(const std::string& transactions);
  std::vector<ChangeRecord> read_started_before_feed();
  std::vector<ChangeRecord> read_after_watermark();

  std::unique_ptr<Session> session_;
  std::string changes_statement_;
  std::string started_before_statement_;
  std::vector<std::string> filter_parameters_;
  std::int64_t watermark_ = 0;
  // A gap below gap_limit_ is open while a transaction of gap_running_ still runs.
  std::int64_t gap_limit_ = 0;
  std::string gap_running_;
  // A feed without a resume point: its starting point and snapshot, and the transactions that
  // were running then (empty once their changes are delivered). New changes wait for them until
  // start_hold_until_.
  std::int64_t start_limit_ = 0;
  std::string start_snapshot_;
  std::string start_running_;
  std::chrono::steady_clock::time_point start_hold_until_;
  bool wake_pending_ = true;
};

}  // namespace investtrack::store
