// The project register: the only code that reads or writes the register's tables.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "call_options.h"
#include "connection_pool.h"
#include "filter.h"
#include "investtrack/v1/bulletin.pb.h"
#include "investtrack/v1/project.pb.h"
#include "store_error.h"

namespace investtrack::store {

struct BulletinInput {
  std::string source;
  // The bulletin's publication date; year 0 = unknown.
  v1::CivilDate publication_date;
  // The bulletin's bytes exactly as received (UTF-8 or GB18030); the content hash is over them.
  std::string raw_text;
};

struct IngestResult {
  std::int64_t bulletin_id = 0;
  std::vector<std::string> created_project_ids;
  std::vector<std::string> updated_project_ids;
  // True when the same bytes were ingested before: the result is that earlier one, nothing changed.
  bool duplicate = false;
  // Projects created apart from a doubtful match, each with a review item.
  std::vector<std::string> review_project_ids;
};

enum class ProjectOrderField { kUpdateTime, kCreateTime, kDisplayName, kTotalInvestment, kId };

struct ProjectOrder {
  ProjectOrderField field = ProjectOrderField::kUpdateTime;
  bool descending = false;
};

// Where the previous page ended: the sort value and id of its last row. The API layer makes it
// opaque and checks that the filter and order did not change between pages.
struct PageCursor {
  std::string last_sort_value;
  std::string last_id;
};

// The most rows one read of a list returns (projects, events, review items, bulletins): the store
// bounds every page by it, and the API clamps the page_size callers ask for to it (AIP-158).
inline constexpr int kMaxPageSize = 1000;

struct ListProjectsQuery {
  std::optional<FilterExpr> filter;
  ProjectOrder order;
  std::optional<PageCursor> page_after;
  int page_size = 50;
  bool show_deleted = false;
};

struct ListProjectsResult {
  std::vector<v1::Project> projects;
  // Set when more rows may follow.
  std::optional<PageCursor> next_page;
};

struct ProjectUpdate {
  std::string project_id;
  // Values for the paths in update_mask; other fields are ignored.
  v1::Project values;
  // Field-mask paths (display_name, status, location.city, total_investment, ...).
  std::vector<std::string> update_mask;
  // Empty = no check; otherwise a mismatch fails with kAborted and changes nothing.
  std::string expected_etag;
  std::string actor;
  std::string reason;
};

// One entry of a project's timeline.
struct ProjectEvent {
  enum class Kind { kObservation, kStatusChange, kEdit };
  Kind kind = Kind::kObservation;
  std::string time;  // RFC 3339 of when it was recorded
  std::string date;  // ISO date it refers to (article date, status date), may be empty
  v1::ProjectStatus status = v1::PROJECT_STATUS_UNSPECIFIED;
  std::string status_phrase;
  std::int64_t bulletin_id = 0;
  std::string evidence_sentence;
  std::uint64_t evidence_begin = 0;
  std::uint64_t evidence_end = 0;
  std::string match_rule;  // observations
  double match_confidence = 0;
  std::string actor;       // edits
  std::string field_path;  // edits: a mask path, or delete/undelete
  std::string old_value;   // edits: JSON
  std::string new_value;   // edits: JSON
  std::string reason;      // edits
  // observations: the total investment the bulletin stated, when it stated one
  std::optional<v1::Amount> total_investment;
};

// Where a page of a project's timeline ended: its last event's sort day and recorded time (as
// ProjectEvent has them), its kind (0 observation, 1 status change, 2 edit) and its place among
// the events of that kind with the same day and time (1-based).
struct EventKey {
  std::string day;
  std::string time;
  int kind = 0;
  std::int64_t tie = 0;
};

struct EventPageQuery {
  // The events after this one; none: from the first.
  std::optional<EventKey> after;
  // Skips this many events first (what a page token of the server before keyset pages held).
  std::int64_t offset = 0;
  // At most this many events (at most 1000); 0 = all.
  int limit = 0;
};

struct EventPage {
  std::vector<ProjectEvent> events;
  // Set when more events follow: the key of the last one here.
  std::optional<EventKey> next;
};

struct StoredBulletin {
  std::int64_t id = 0;
  std::string source;
  v1::CivilDate publication_date;
  std::string content_hash;
  std::string raw_text;
  std::string ingested_time;  // RFC 3339
};

struct ReviewItem {
  std::int64_t id = 0;
  std::string project_id;
  std::string candidate_project_id;
  std::string rule;
  double score = 0;
  std::string reason;
  std::string state;
  std::string create_time;
};

struct ReviewItemPage {
  std::vector<ReviewItem> items;
  // Set when more items follow: the id of the last one here.
  std::optional<std::int64_t> next_after_id;
};

struct MergeResult {
  v1::Project survivor;
  std::int64_t merge_id = 0;
};

enum class SummaryDimension { kStatus, kCity, kIndustry, kMonth, kProvince };

struct SummaryRow {
  std::string key;
  std::int64_t project_count = 0;
  // Exact decimal sum of the CNY total investments, in yuan.
  std::string total_investment_cny = "0";
  std::int64_t projects_with_investment = 0;
  // In the days of the summary's DayRange; 0 without one.
  std::int64_t status_change_count = 0;
  std::int64_t projects_with_status_change = 0;
};

// Civil days from `first` up to, not including, `end` (none: no end). Both valid days.
struct DayRange {
  std::chrono::year_month_day first;
  std::optional<std::chrono::year_month_day> end;
};

struct Summary {
  // Largest project count first, then by key.
  std::vector<SummaryRow> groups;
  SummaryRow total;
};

struct BulletinToIngest {
  BulletinInput bulletin;
  const v1::ParseResult* parsed = nullptr;  // not owned; outlives the call
};

// One bulletin's part of a batch: its result, or why it was not stored.
using IngestOutcome = std::variant<IngestResult, StoreError>;

struct ReparseResult {
  std::vector<std::string> updated_project_ids;
  std::vector<std::string> created_project_ids;
};

// Thread-safe: each call borrows its own connection from the pool. One facade over the use cases,
// each in its own file: ingest and reparse (project_ingest.cc, folding in project_fold.cc),
// edits (project_edits.cc), merges (project_merges.cc), reads (project_reads.cc,
// register_reads.cc); what they share is project_store_internal.h.
class ProjectStore {
 public:
  explicit ProjectStore(ConnectionPool& pool) : pool_(pool) {}

  // Stores the bulletin and merges its projects into the register in one transaction.
  IngestResult ingest(const BulletinInput& bulletin, const v1::ParseResult& parsed,
                      const CallOptions& options = {});

  // Ingests the bulletins with the outcome of one at a time in this order, each all or nothing,
  // but several per transaction and statement where that cannot change how a mention is
  // resolved (see resolution_footprint.h): of a window of the next bulletins, one transaction
  // takes those none of whose mentions could be resolved against what an earlier one it takes
  // writes, and none of which would pass an earlier one it leaves for later that it could see
  // or be seen by. One outcome per bulletin, in order: a failure is that bulletin's alone unless
  // it says the database cannot be reached or the call ended (kUnavailable, kDeadlineExceeded,
  // kCancelled), which every bulletin not yet stored then shares.
  std::vector<IngestOutcome> ingest_batch(const std::vector<BulletinToIngest>& bulletins,
                                          const CallOptions& options = {});

  // kNotFound when there is no such project (or it is deleted and include_deleted is false).
  v1::Project get_project(const std::string& project_id, bool include_deleted = false,
                          const CallOptions& options = {});

  // Those of `project_ids` that exist, deleted ones included, in no particular order: what
  // get_project would read one by one, in one statement.
  std::vector<v1::Project> get_projects(const std::vector<std::string>& project_ids,
                                        const CallOptions& options = {});

  ListProjectsResult list_projects(const ListProjectsQuery& query, const CallOptions& options = {});

  // A manual correction: the masked fields win over all later parser output. kAborted on a stale
  // etag, kInvalidArgument on an unknown or read-only path.
  v1::Project update_project(const ProjectUpdate& update, const CallOptions& options = {});

  v1::Project delete_project(const std::string& project_id, const std::string& expected_etag,
                             const std::string& actor, const std::string& reason,
                             const CallOptions& options = {});
  v1::Project undelete_project(const std::string& project_id, const std::string& expected_etag,
                               const std::string& actor, const std::string& reason,
                               const CallOptions& options = {});

  // Observations, status history and edits in the order they happened (by the day each refers
  // to, then as recorded; see sql::kProjectEvents), a keyset page at a time. kNotFound for an
  // unknown project.
  EventPage list_events(const std::string& project_id, const EventPageQuery& query,
                        const CallOptions& options = {});
  // The whole timeline.
  std::vector<ProjectEvent> list_events(const std::string& project_id,
                                        const CallOptions& options = {});

  // Review items (only open ones when open_only) with id > after_id, in id order, at most limit
  // of them (at most 1000; 0 = all).
  ReviewItemPage list_review_items(bool open_only, std::int64_t after_id, int limit,
                                   const CallOptions& options = {});
  std::vector<ReviewItem> list_review_items(bool open_only, const CallOptions& options = {});

  // Bulletins with id > after_id, in id order, with their raw text: what reparse runs over.
  std::vector<StoredBulletin> list_bulletins(std::int64_t after_id, int limit,
                                             const CallOptions& options = {});

  // Replaces the bulletin's observations with a fresh parse result: parser-owned fields follow,
  // manual fields stay. kNotFound for an unknown bulletin.
  ReparseResult apply_reparse(std::int64_t bulletin_id, const v1::ParseResult& parsed,
                              const CallOptions& options = {});

  // One stored bulletin; raw_text only when with_content. kNotFound for an unknown id.
  StoredBulletin get_bulletin(std::int64_t bulletin_id, bool with_content,
                              const CallOptions& options = {});

  // Those of `bulletin_ids` that exist, without their text, in no particular order.
  std::vector<StoredBulletin> get_bulletins(const std::vector<std::int64_t>& bulletin_ids,
                                            const CallOptions& options = {});

  // Bulletins newest ingest first, without their text: those with id < before_id (0 = from the
  // newest), at most limit of them.
  std::vector<StoredBulletin> list_bulletins_newest_first(std::int64_t before_id, int limit,
                                                          const CallOptions& options = {});

  // Moves the sources' observations, status history and names into the survivor, recomputes
  // it, and soft-deletes the sources pointing at it (merged_into). The merge is recorded so
  // split_project can undo it exactly. kInvalidArgument for an empty or self-referencing source
  // list, kNotFound for an unknown project, kFailedPrecondition for a deleted one.
  MergeResult merge_projects(const std::string& survivor_id,
                             const std::vector<std::string>& source_ids, const std::string& actor,
                             const std::string& reason, const CallOptions& options = {});

  // Undoes merge merge_id of survivor_id: what it moved goes back, the sources are restored, and
  // both sides are recomputed. Returns the survivor first, then the restored sources.
  // kFailedPrecondition when the merge was already undone or belongs to another project.
  std::vector<v1::Project> split_project(const std::string& survivor_id, std::int64_t merge_id,
                                         const std::string& actor, const std::string& reason,
                                         const CallOptions& options = {});

  // Counts and CNY investment sums of the live projects matching filter, grouped by dimension.
  // With status_change_days, also each group's status changes on those days: entries of a
  // project's status history (project_status_history, UNKNOWN left out, in ListProjectEvents'
  // order: day, then recording time) whose status differs from the entry before; a project's
  // first known status is no change. An entry's day is its status_date, else the UTC day it was
  // recorded.
  Summary summarize(const std::optional<FilterExpr>& filter, SummaryDimension dimension,
                    const std::optional<DayRange>& status_change_days,
                    const CallOptions& options = {});

  // Paths update_project accepts.
  static const std::vector<std::string>& editable_paths();

 private:
  ConnectionPool& pool_;
};

}  // namespace investtrack::store
