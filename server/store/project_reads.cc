// Reads of projects and their timelines: by id, listed with filter, order and keyset pages,
// events and review items in keyset pages. Bulletins and summaries: register_reads.cc.
#include <algorithm>
#include <optional>
#include <string_view>

#include "filter.h"
#include "project_store.h"
#include "project_store_internal.h"
#include "sql_statements.h"
#include "transaction.h"

namespace investtrack::store {
namespace {

using detail::exec;
using detail::run_read;
using detail::run_transaction;
using namespace internal;  // NOLINT(google-build-using-namespace): the store's own shared parts

// The columns of sql::kProjectEvents.
enum EventColumn : pqxx::row::size_type {
  kKind,
  kTime,
  kDate,
  kStatus,
  kStatusPhrase,
  kBulletinId,
  kEvidenceSentence,
  kEvidenceBegin,
  kEvidenceEnd,
  kMatchRule,
  kMatchConfidence,
  kStatedAmount,
  kStatedMoney,
  kActor,
  kEditKind,
  kFieldPath,
  kOldValue,
  kNewValue,
  kReason,
  kDay,
  kTie,
  kEventColumns
};

// --- listing ---------------------------------------------------------------------------------

struct OrderSpec {
  std::string_view sort_expr;   // ORDER BY expression
  std::string_view value_expr;  // its value as text, for the cursor
  std::string_view bind_cast;   // turns the cursor text back into the sort type; {} = parameter
};

const OrderSpec& order_spec(ProjectOrderField field) {
  static const OrderSpec kUpdate{"p.update_time",
                                 "(extract(epoch FROM p.update_time) * 1000000)::bigint::text",
                                 "(timestamptz 'epoch' + {}::bigint * interval '1 microsecond')"};
  static const OrderSpec kCreate{"p.create_time",
                                 "(extract(epoch FROM p.create_time) * 1000000)::bigint::text",
                                 "(timestamptz 'epoch' + {}::bigint * interval '1 microsecond')"};
  static const OrderSpec kName{"p.display_name", "p.display_name", "{}::text"};
  static const OrderSpec kInvestment{"COALESCE(p.total_investment, -1)",
                                     "COALESCE(p.total_investment, -1)::text", "{}::numeric"};
  static const OrderSpec kId{"p.id", "p.id", "{}::text"};
  switch (field) {
    case ProjectOrderField::kUpdateTime:
      return kUpdate;
    case ProjectOrderField::kCreateTime:
      return kCreate;
    case ProjectOrderField::kDisplayName:
      return kName;
    case ProjectOrderField::kTotalInvestment:
      return kInvestment;
    case ProjectOrderField::kId:
      return kId;
  }
  return kUpdate;
}

std::string with_parameter(std::string_view pattern, int parameter) {
  std::string out(pattern);
  const std::size_t at = out.find("{}");
  out.replace(at, 2, "$" + std::to_string(parameter));
  return out;
}

// The total investment an observation stated, from its fields' JSON (Amount, then Money; "null"
// when absent): the amount as written, or the figure alone for observations stored before the
// parser kept the written form.
std::optional<v1::Amount> stated_total(const std::string& amount_json,
                                       const std::string& money_json) {
  v1::Amount amount;
  if (amount_json != "null") {
    rows::from_json(amount_json, &amount);
    return amount;
  }
  if (money_json == "null") return std::nullopt;
  rows::from_json(money_json, amount.mutable_low());
  *amount.mutable_high() = amount.low();
  amount.set_kind(v1::AMOUNT_KIND_TOTAL_INVESTMENT);
  return amount;
}

}  // namespace

v1::Project ProjectStore::get_project(const std::string& project_id, bool include_deleted,
                                      const CallOptions& options) {
  const std::string id = project_id_of(project_id);
  return run_read(pool_, options, [&](pqxx::nontransaction& work) {
    rows::ProjectRow row = load_project(work, id, false);
    if (row.project.has_delete_time() && !include_deleted) not_found(id);
    return std::move(row.project);
  });
}

std::vector<v1::Project> ProjectStore::get_projects(const std::vector<std::string>& project_ids,
                                                    const CallOptions& options) {
  std::vector<std::string> ids;
  ids.reserve(project_ids.size());
  for (const std::string& id : project_ids) ids.push_back(project_id_of(id));
  return run_read(pool_, options, [&](pqxx::nontransaction& work) {
    std::vector<v1::Project> projects;
    for (const pqxx::row& row : exec(work, sql::kSelectProjects, rows::to_array_literal(ids))) {
      projects.push_back(std::move(rows::project_from_row(row).project));
    }
    return projects;
  });
}

ListProjectsResult ProjectStore::list_projects(const ListProjectsQuery& query,
                                               const CallOptions& options) {
  if (query.page_size < 0) {
    throw StoreError(StoreErrorCode::kInvalidArgument, "page size must not be negative");
  }
  const int page_size = std::clamp(query.page_size == 0 ? 50 : query.page_size, 1, kMaxPageSize);
  const OrderSpec& order = order_spec(query.order.field);
  const std::string direction = query.order.descending ? " DESC" : " ASC";

  std::vector<std::string> parameters;
  std::string statement = std::string(sql::kListProjectsPrefix) + ", " +
                          std::string(order.value_expr) + " FROM projects p WHERE true";
  if (!query.show_deleted) statement += " AND p.delete_time IS NULL";
  if (query.filter) {
    SqlCondition condition = to_sql_condition(*query.filter, 1);
    statement += " AND " + condition.sql;
    parameters = std::move(condition.parameters);
  }
  if (query.page_after) {
    const int value_param = static_cast<int>(parameters.size()) + 1;
    parameters.push_back(query.page_after->last_sort_value);
    parameters.push_back(query.page_after->last_id);
    statement += " AND (" + std::string(order.sort_expr) + ", p.id) " +
                 (query.order.descending ? "<" : ">") + " (" +
                 with_parameter(order.bind_cast, value_param) + ", $" +
                 std::to_string(value_param + 1) + ")";
  }
  statement += " ORDER BY " + std::string(order.sort_expr) + direction + ", p.id" + direction +
               " LIMIT " + std::to_string(page_size + 1);

  return run_read(pool_, options, [&](pqxx::nontransaction& work) {
    const pqxx::result result =
        work.exec_params(statement, pqxx::prepare::make_dynamic_params(parameters));
    ListProjectsResult out;
    const int sort_column = static_cast<int>(result.columns()) - 1;
    for (pqxx::result::size_type i = 0; i < result.size(); ++i) {
      if (static_cast<int>(i) == page_size) {
        const pqxx::row& last = result[i - 1];
        out.next_page = PageCursor{last[sort_column].as<std::string>(),
                                   project_id_of(out.projects.back().name())};
        break;
      }
      out.projects.push_back(rows::project_from_row(result[i], /*trailing=*/1).project);
    }
    return out;
  });
}

EventPage ProjectStore::list_events(const std::string& project_id, const EventPageQuery& query,
                                    const CallOptions& options) {
  if (query.limit < 0 || query.offset < 0) {
    throw StoreError(StoreErrorCode::kInvalidArgument, "page size and offset must not be negative");
  }
  const std::string id = project_id_of(project_id);
  const int limit = query.limit == 0 ? 0 : std::min(query.limit, kMaxPageSize);
  // One row more than the page: whether another follows.
  const std::string fetch = std::to_string(limit + 1);
  const EventKey after = query.after.value_or(EventKey{});
  return run_transaction(pool_, options, [&](pqxx::work& work) {
    if (exec(work, sql::kProjectExists, id).empty()) not_found(id);
    EventPage page;
    const pqxx::result result =
        exec(work, sql::kProjectEvents, id, query.after.has_value(), after.day, after.time,
             after.kind, after.tie, limit == 0 ? nullptr : fetch.c_str(), query.offset);
    for (const pqxx::row& row : result) {
      rows::expect_columns(row, kEventColumns, "event");
      if (limit > 0 && page.events.size() == static_cast<std::size_t>(limit)) {
        const pqxx::row& last = result[static_cast<pqxx::result::size_type>(limit - 1)];
        page.next = EventKey{last[kDay].as<std::string>(), last[kTime].as<std::string>(),
                             last[kKind].as<int>(), last[kTie].as<std::int64_t>()};
        break;
      }
      ProjectEvent& e = page.events.emplace_back();
      e.time = row[kTime].as<std::string>();
      e.date = row[kDate].as<std::string>();
      switch (row[kKind].as<int>()) {
        case 0:
          e.kind = ProjectEvent::Kind::kObservation;
          e.match_confidence = row[kMatchConfidence].as<double>();
          e.total_investment = stated_total(row[kStatedAmount].as<std::string>(),
                                            row[kStatedMoney].as<std::string>());
          break;
        case 1:
          e.kind = ProjectEvent::Kind::kStatusChange;
          break;
        default: {
          e.kind = ProjectEvent::Kind::kEdit;
          e.actor = row[kActor].as<std::string>();
          const auto kind = row[kEditKind].as<std::string>();
          e.field_path = kind == "update" ? row[kFieldPath].as<std::string>() : kind;
          e.old_value = row[kOldValue].as<std::string>();
          e.new_value = row[kNewValue].as<std::string>();
          e.reason = row[kReason].as<std::string>();
          continue;
        }
      }
      e.status = status_from_key(row[kStatus].as<std::string>());
      e.status_phrase = row[kStatusPhrase].as<std::string>();
      e.bulletin_id = row[kBulletinId].as<std::int64_t>();
      e.evidence_sentence = row[kEvidenceSentence].as<std::string>();
      e.evidence_begin = row[kEvidenceBegin].as<std::uint64_t>();
      e.evidence_end = row[kEvidenceEnd].as<std::uint64_t>();
      e.match_rule = row[kMatchRule].as<std::string>();  // status changes: parser or manual
    }
    return page;
  });
}

std::vector<ProjectEvent> ProjectStore::list_events(const std::string& project_id,
                                                    const CallOptions& options) {
  return list_events(project_id, EventPageQuery{}, options).events;
}

ReviewItemPage ProjectStore::list_review_items(bool open_only, std::int64_t after_id, int limit,
                                               const CallOptions& options) {
  if (limit < 0) throw StoreError(StoreErrorCode::kInvalidArgument, "limit must not be negative");
  limit = std::min(limit, kMaxPageSize);
  const std::string fetch = std::to_string(limit + 1);
  return run_read(pool_, options, [&](pqxx::nontransaction& work) {
    ReviewItemPage page;
    for (const pqxx::row& row : exec(work, sql::kListReviewItems, open_only, after_id,
                                     limit == 0 ? nullptr : fetch.c_str())) {
      rows::expect_columns(row, 8, "review item");
      if (limit > 0 && page.items.size() == static_cast<std::size_t>(limit)) {
        page.next_after_id = page.items.back().id;
        break;
      }
      ReviewItem& item = page.items.emplace_back();
      item.id = row[0].as<std::int64_t>();
      item.project_id = row[1].as<std::string>();
      item.candidate_project_id = row[2].as<std::string>();
      item.rule = row[3].as<std::string>();
      item.score = row[4].as<double>();
      item.reason = row[5].as<std::string>();
      item.state = row[6].as<std::string>();
      item.create_time = row[7].as<std::string>();
    }
    return page;
  });
}

std::vector<ReviewItem> ProjectStore::list_review_items(bool open_only,
                                                        const CallOptions& options) {
  return list_review_items(open_only, 0, 0, options).items;
}

}  // namespace investtrack::store
