#include "change_feed.h"

#include <exception>

#include <pqxx/pqxx>

#include "project_rows.h"
#include "sql_statements.h"
#include "store_error.h"

namespace investtrack::store {
namespace {

constexpr std::string_view kChannel = "investtrack_project_changes";
// Rows read per round; more are read on the next poll without waiting.
constexpr int kBatchSize = 500;
// While a gap waits for a transaction to end, the log is re-read this often.
constexpr std::chrono::milliseconds kGapRecheck{20};
// How long a feed without a resume point holds new changes back for the transactions that were
// running when it started (an ingest ends well within it; an idle session may never).
constexpr std::chrono::seconds kStartHold{2};

// A row of changes_statement_ or started_before_statement_, kept when its filter matched
// (returns whether it was).
bool append_matching(const pqxx::row& row, std::vector<ChangeRecord>& records) {
  const int columns = static_cast<int>(row.size());
  if (!row[columns - 1].as<bool>()) return false;
  ChangeRecord record;
  record.change_id = row[columns - 4].as<std::int64_t>();
  record.kind = row[columns - 3].as<std::string>();
  record.change_time_micros = row[columns - 2].as<std::int64_t>();
  record.project = rows::project_from_row(row, /*trailing=*/4).project;
  records.push_back(std::move(record));
  return true;
}

// Only records that something arrived: the log is re-read anyway, the payload is not needed.
class Listener final : public pqxx::notification_receiver {
 public:
  Listener(pqxx::connection_base& connection, bool& woken)
      : pqxx::notification_receiver(connection, std::string(kChannel)), woken_(woken) {}
  void operator()(const std::string& /*payload*/, int /*backend_pid*/) override { woken_ = true; }

 private:
  bool& woken_;
};

}  // namespace

struct ChangeFeed::Session {
  // LISTENs as it is made: before the feed reads its starting point, so nothing committed in
  // between goes unnoticed.
  Session(const std::string& db_url, bool& woken)
      : connection(db_url), listener(connection, woken) {}
  pqxx::connection connection;
  Listener listener;  // declared after the connection, so it is destroyed first
};

ChangeFeed::ChangeFeed(const std::string& db_url, std::optional<ResumePoint> resume_from,
                       std::optional<FilterExpr> filter) {
  // Parameters: $1 the watermark, $2 the batch size, the filter's from $3.
  SqlCondition condition{"true", {}};
  if (filter) condition = to_sql_condition(*filter, 3);
  const std::string select = std::string(sql::kChangesPrefix) + ", (" + condition.sql +
                             ") AS matches FROM project_changes c "
                             "JOIN projects p ON p.id = c.project_id ";
  changes_statement_ = select + "WHERE c.change_id > $1 ORDER BY c.change_id LIMIT $2";
  // $1 the starting point, $2 the snapshot it was read in: changes at or below it that the
  // snapshot did not see were committed after the feed started.
  started_before_statement_ =
      select +
      "WHERE c.change_id <= $1 AND c.xact_id >= pg_snapshot_xmin($2::pg_snapshot) "
      "AND NOT pg_visible_in_snapshot(c.xact_id, $2::pg_snapshot) ORDER BY c.change_id";
  filter_parameters_ = std::move(condition.parameters);
  try {
    session_ = std::make_unique<Session>(db_url, wake_pending_);
    if (resume_from) {
      watermark_ = resume_from->after;
      if (!resume_from->start_snapshot.empty()) {
        // The earlier feed's start hold is over: newer changes go out at once, and the held
        // ones when the transactions that may still hold them (a subset of those running now)
        // have ended.
        start_limit_ = resume_from->start_limit;
        start_snapshot_ = resume_from->start_snapshot;
        start_running_ = running_transactions();
        start_hold_until_ = std::chrono::steady_clock::now();
      }
    } else {
      // One snapshot for the starting point and what it saw.
      pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(session_->connection);
      watermark_ = tx.exec1(std::string(sql::kLastChangeId))[0].as<std::int64_t>();
      start_snapshot_ = tx.exec1(std::string(sql::kCurrentSnapshot))[0].as<std::string>();
      tx.commit();
      start_limit_ = watermark_;
      start_running_ = running_transactions();
      start_hold_until_ = std::chrono::steady_clock::now() + kStartHold;
    }
  } catch (...) {
    throw map_database_error(std::current_exception());
  }
}

ChangeFeed::~ChangeFeed() = default;

ResumePoint ChangeFeed::position() const {
  if (start_running_.empty()) return ResumePoint{watermark_, 0, {}};
  return ResumePoint{watermark_, start_limit_, start_snapshot_};
}

std::string ChangeFeed::running_transactions() {
  pqxx::nontransaction tx(session_->connection);
  return tx.exec1(std::string(sql::kRunningTransactions))[0].as<std::string>();
}

bool ChangeFeed::any_still_running(const std::string& transactions) {
  // A transaction of its own, so pg_stat_activity is read afresh.
  pqxx::read_transaction tx(session_->connection);
  return tx.exec_params1(std::string(sql::kAnyStillRunning), transactions)[0].as<bool>();
}

std::vector<ChangeRecord> ChangeFeed::read_started_before_feed() {
  std::vector<std::string> parameters{std::to_string(start_limit_), start_snapshot_};
  parameters.insert(parameters.end(), filter_parameters_.begin(), filter_parameters_.end());
  pqxx::read_transaction tx(session_->connection);
  const pqxx::result rows =
      tx.exec_params(started_before_statement_, pqxx::prepare::make_dynamic_params(parameters));
  tx.commit();
  std::vector<ChangeRecord> records;
  for (const pqxx::row& row : rows) append_matching(row, records);
  return records;
}

std::vector<ChangeRecord> ChangeFeed::read_after_watermark() {
  std::vector<ChangeRecord> records;
  if (!start_running_.empty()) {
    if (!any_still_running(start_running_)) {
      // Every transaction that could hold an id at or below start_limit_ has ended, so resuming
      // after one of these (which reads everything above it again) loses nothing.
      records = read_started_before_feed();
      for (ChangeRecord& record : records) record.resume = ResumePoint{record.change_id, 0, {}};
      start_running_.clear();
    } else if (std::chrono::steady_clock::now() < start_hold_until_) {
      // Held back so changes go out in id order: a client resuming from a later change's token
      // would not get these earlier ones again.
      return {};
    }
  }

  // Ids at or below this that are still missing will never appear.
  std::int64_t resolved_limit = watermark_;
  if (gap_limit_ > watermark_ && !any_still_running(gap_running_)) {
    resolved_limit = gap_limit_;
    gap_limit_ = 0;
    gap_running_.clear();
  }

  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(session_->connection);
  std::vector<std::string> parameters{std::to_string(watermark_), std::to_string(kBatchSize)};
  parameters.insert(parameters.end(), filter_parameters_.begin(), filter_parameters_.end());
  const pqxx::result rows =
      tx.exec_params(changes_statement_, pqxx::prepare::make_dynamic_params(parameters));
  tx.commit();

  bool stopped_at_gap = false;
  for (const pqxx::row& row : rows) {
    const auto id = row[static_cast<int>(row.size()) - 4].as<std::int64_t>();
    if (id > watermark_ + 1 && id - 1 > resolved_limit) {
      stopped_at_gap = true;
      if (gap_limit_ <= watermark_) {
        // The transaction holding a missing id took its id (and had a transaction id, having
        // written a project first) before the visible change was read, so it is in the set taken
        // now, or has ended. An older, still-open gap keeps its set: waiting on it always ends.
        gap_limit_ = id - 1;
        gap_running_ = running_transactions();
      }
      break;
    }
    watermark_ = id;
    if (append_matching(row, records)) records.back().resume = position();
  }
  const bool full_batch = rows.size() >= static_cast<pqxx::result::size_type>(kBatchSize);
  if (!stopped_at_gap && !full_batch && resolved_limit > watermark_) watermark_ = resolved_limit;
  // More to read: do not sleep until the next notification. (An open gap is rechecked on a short
  // timer by poll.)
  if (full_batch) wake_pending_ = true;
  return records;
}

std::vector<ChangeRecord> ChangeFeed::poll(std::chrono::milliseconds wait) {
  try {
    session_->connection.get_notifs();
    if (!wake_pending_) {
      // Waiting on transactions is rechecked on a timer: their end sends no notification.
      const bool gap_open = gap_limit_ > watermark_ || !start_running_.empty();
      const auto timeout = gap_open ? std::min(wait, kGapRecheck) : wait;
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
      session_->connection.await_notification(static_cast<long>(micros / 1'000'000),
                                              static_cast<long>(micros % 1'000'000));
      // Without a notification there is only something to read when a gap may have closed.
      if (!wake_pending_ && !gap_open) return {};
    }
    wake_pending_ = false;
    return read_after_watermark();
  } catch (...) {
    throw map_database_error(std::current_exception());
  }
}

}  // namespace investtrack::store
