// The API's read-only views of the register: bulletins by id and newest first, and summaries.
#include <algorithm>
#include <string>

#include "project_rows.h"
#include "project_store.h"
#include "sql_statements.h"
#include "stored_values.h"
#include "transaction.h"

namespace investtrack::store {
namespace {

using detail::exec;
using detail::run_read;

// Reads the columns of INVESTTRACK_BULLETIN_COLUMNS (sql_statements.h).
StoredBulletin bulletin_from_row(const pqxx::row& row) {
  rows::expect_columns(row, 6, "bulletin");
  StoredBulletin b;
  b.id = row[0].as<std::int64_t>();
  b.source = row[1].as<std::string>();
  b.publication_date = rows::from_iso_date(row[2].as<std::string>());
  b.content_hash = row[3].as<std::string>();
  b.raw_text = pqxx::binarystring(row[4]).str();
  b.ingested_time = row[5].as<std::string>();
  return b;
}

std::string_view summary_key(SummaryDimension dimension) {
  switch (dimension) {
    case SummaryDimension::kStatus:
      return sql::kSummaryKeyStatus;
    case SummaryDimension::kCity:
      return sql::kSummaryKeyCity;
    case SummaryDimension::kIndustry:
      return sql::kSummaryKeyIndustry;
    case SummaryDimension::kMonth:
      return sql::kSummaryKeyMonth;
    case SummaryDimension::kProvince:
      return sql::kSummaryKeyProvince;
  }
  return sql::kSummaryKeyStatus;
}

// Every occurrence: a statement may use a part twice (the filter, with the same parameters).
void replace_placeholder(std::string& text, std::string_view placeholder, std::string_view value) {
  for (std::size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size())) {
    text.replace(at, placeholder.size(), value);
  }
}

}  // namespace

StoredBulletin ProjectStore::get_bulletin(std::int64_t bulletin_id, bool with_content,
                                          const CallOptions& options) {
  return run_read(pool_, options, [&](pqxx::nontransaction& work) {
    const pqxx::result result =
        exec(work, sql::kGetBulletin, bulletin_id, with_content ? "true" : "false");
    if (result.empty()) {
      throw StoreError(StoreErrorCode::kNotFound,
                       "bulletin " + std::to_string(bulletin_id) + " does not exist");
    }
    return bulletin_from_row(result[0]);
  });
}

std::vector<StoredBulletin> ProjectStore::get_bulletins(
    const std::vector<std::int64_t>& bulletin_ids, const CallOptions& options) {
  std::vector<std::string> ids;
  ids.reserve(bulletin_ids.size());
  for (const std::int64_t id : bulletin_ids) ids.push_back(std::to_string(id));
  return run_read(pool_, options, [&](pqxx::nontransaction& work) {
    std::vector<StoredBulletin> bulletins;
    for (const pqxx::row& row : exec(work, sql::kGetBulletins, rows::to_array_literal(ids))) {
      bulletins.push_back(bulletin_from_row(row));
    }
    return bulletins;
  });
}

std::vector<StoredBulletin> ProjectStore::list_bulletins(std::int64_t after_id, int limit,
                                                         const CallOptions& options) {
  if (limit <= 0) throw StoreError(StoreErrorCode::kInvalidArgument, "limit must be positive");
  return run_read(pool_, options, [&](pqxx::nontransaction& work) {
    std::vector<StoredBulletin> bulletins;
    for (const pqxx::row& row :
         exec(work, sql::kListBulletins, after_id, std::min(limit, kMaxPageSize))) {
      bulletins.push_back(bulletin_from_row(row));
    }
    return bulletins;
  });
}

std::vector<StoredBulletin> ProjectStore::list_bulletins_newest_first(std::int64_t before_id,
                                                                      int limit,
                                                                      const CallOptions& options) {
  if (limit <= 0) throw StoreError(StoreErrorCode::kInvalidArgument, "limit must be positive");
  return run_read(pool_, options, [&](pqxx::nontransaction& work) {
    std::vector<StoredBulletin> bulletins;
    for (const pqxx::row& row :
         exec(work, sql::kListBulletinsNewestFirst, before_id, std::min(limit, kMaxPageSize))) {
      bulletins.push_back(bulletin_from_row(row));
    }
    return bulletins;
  });
}

Summary ProjectStore::summarize(const std::optional<FilterExpr>& filter, SummaryDimension dimension,
                                const std::optional<DayRange>& status_change_days,
                                const CallOptions& options) {
  std::string statement(status_change_days ? sql::kSummaryWithStatusChangesTemplate
                                           : sql::kSummaryTemplate);
  SqlCondition condition{"true", {}};
  if (filter) condition = to_sql_condition(*filter, 1);
  replace_placeholder(statement, "{key}", summary_key(dimension));
  replace_placeholder(statement, "{condition}", condition.sql);
  if (status_change_days) {
    // The days follow the filter's parameters.
    const std::size_t first = condition.parameters.size() + 1;
    replace_placeholder(statement, "{first}", "$" + std::to_string(first));
    replace_placeholder(statement, "{end}", "$" + std::to_string(first + 1));
    condition.parameters.push_back(rows::to_iso_date(status_change_days->first));
    condition.parameters.push_back(
        status_change_days->end ? rows::to_iso_date(*status_change_days->end) : "infinity");
  }
  return run_read(pool_, options, [&](pqxx::nontransaction& work) {
    const pqxx::result result =
        work.exec_params(statement, pqxx::prepare::make_dynamic_params(condition.parameters));
    Summary summary;
    for (const pqxx::row& row : result) {
      SummaryRow figures;
      figures.key = row[0].is_null() ? std::string() : row[0].as<std::string>();
      figures.project_count = row[1].as<std::int64_t>();
      figures.total_investment_cny = row[2].as<std::string>();
      figures.projects_with_investment = row[3].as<std::int64_t>();
      if (status_change_days) {
        figures.status_change_count = row[5].as<std::int64_t>();
        figures.projects_with_status_change = row[6].as<std::int64_t>();
      }
      if (row[4].as<bool>()) {
        summary.total = std::move(figures);
      } else {
        summary.groups.push_back(std::move(figures));
      }
    }
    std::sort(summary.groups.begin(), summary.groups.end(),
              [](const SummaryRow& a, const SummaryRow& b) {
                return a.project_count != b.project_count ? a.project_count > b.project_count
                                                          : a.key < b.key;
              });
    return summary;
  });
}

}  // namespace investtrack::store
