#include "server/api/report_service.h"

#include <chrono>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "server/api/errors.h"
#include "server/api/filter_parser.h"
#include "server/store/stored_values.h"

namespace investtrack::server::api {
namespace {

// Rows per database round trip of an export; the stream itself has no size limit.
constexpr int kExportPageSize = 500;

void fill_group(const store::SummaryRow& row, bool status_key, v1::SummaryGroup* group) {
  if (status_key) {
    const v1::ProjectStatus status = store::status_from_key(row.key);
    group->set_key(status == v1::PROJECT_STATUS_UNSPECIFIED ? std::string()
                                                            : v1::ProjectStatus_Name(status));
  } else {
    group->set_key(row.key);
  }
  group->set_project_count(row.project_count);
  *group->mutable_total_investment() =
      store::rows::decimal_to_money(row.total_investment_cny, "CNY");
  group->set_projects_with_investment(row.projects_with_investment);
  group->set_status_change_count(row.status_change_count);
  group->set_projects_with_status_change(row.projects_with_status_change);
}

std::string date_text(const v1::CivilDate& date) {
  return fmt::format("{:04d}-{:02d}-{:02d}", date.year(), date.month(), date.day());
}

// A whole, valid day; `field` names it in the refusal.
std::chrono::year_month_day whole_day(const v1::CivilDate& date, const std::string& field) {
  if (date.year() < 1 || date.year() > 9999 || date.month() == 0 || date.day() == 0) {
    throw invalid_argument(field, field + " must be a whole day: year (1-9999), month and day");
  }
  const auto not_a_day = [&] {
    return invalid_argument(field, field + " " + date_text(date) + " is not a day of the calendar");
  };
  // std::chrono::month and day keep only a byte: range-check before they would wrap.
  if (date.month() < 1 || date.month() > 12 || date.day() < 1 || date.day() > 31) throw not_a_day();
  const std::chrono::year_month_day day{std::chrono::year{date.year()},
                                        std::chrono::month{static_cast<unsigned>(date.month())},
                                        std::chrono::day{static_cast<unsigned>(date.day())}};
  if (!day.ok()) throw not_a_day();
  return day;
}

// The days of SummarizeRequest.status_change_window; none when the request sets no window.
std::optional<store::DayRange> status_change_days(const v1::SummarizeRequest& request) {
  if (!request.has_status_change_window()) return std::nullopt;
  const v1::DateInterval& window = request.status_change_window();
  if (!window.has_start_date()) {
    throw invalid_argument("status_change_window.start_date",
                           "status_change_window needs a start_date, the first day counted");
  }
  store::DayRange days{whole_day(window.start_date(), "status_change_window.start_date"),
                       std::nullopt};
  if (window.has_end_date()) {
    days.end = whole_day(window.end_date(), "status_change_window.end_date");
    if (*days.end <= days.first) {
      throw invalid_argument("status_change_window.end_date",
                             "status_change_window.end_date " + date_text(window.end_date()) +
                                 " must be after start_date " + date_text(window.start_date()) +
                                 " (the end is the first day not counted)");
    }
  }
  return days;
}

}  // namespace

grpc::Status ReportService::Summarize(grpc::ServerContext* context,
                                      const v1::SummarizeRequest* request,
                                      v1::SummarizeResponse* response) {
  return runner_.run(context, "Summarize", Role::kReader, [&](const CallScope& scope) {
    store::SummaryDimension dimension = store::SummaryDimension::kStatus;
    switch (request->group_by()) {
      case v1::SUMMARY_DIMENSION_STATUS:
        dimension = store::SummaryDimension::kStatus;
        break;
      case v1::SUMMARY_DIMENSION_CITY:
        dimension = store::SummaryDimension::kCity;
        break;
      case v1::SUMMARY_DIMENSION_INDUSTRY:
        dimension = store::SummaryDimension::kIndustry;
        break;
      case v1::SUMMARY_DIMENSION_MONTH:
        dimension = store::SummaryDimension::kMonth;
        break;
      case v1::SUMMARY_DIMENSION_PROVINCE:
        dimension = store::SummaryDimension::kProvince;
        break;
      default:
        throw invalid_argument(
            "group_by",
            "group_by must be one of SUMMARY_DIMENSION_STATUS, _CITY, _INDUSTRY, "
            "_MONTH or _PROVINCE");
    }
    const store::Summary summary =
        store_.summarize(parse_filter(request->filter()), dimension, status_change_days(*request),
                         scope.store_options);
    const bool by_status = dimension == store::SummaryDimension::kStatus;
    for (const store::SummaryRow& row : summary.groups) {
      fill_group(row, by_status, response->add_groups());
    }
    fill_group(summary.total, false, response->mutable_total());
    response->mutable_total()->clear_key();
    return grpc::Status::OK;
  });
}

grpc::Status ReportService::ExportProjects(grpc::ServerContext* context,
                                           const v1::ExportProjectsRequest* request,
                                           grpc::ServerWriter<v1::Project>* writer) {
  return runner_.run_stream(context, "ExportProjects", Role::kReader, [&](const CallScope& scope) {
    store::ListProjectsQuery query;
    query.filter = parse_filter(request->filter());
    query.order = parse_order_by(request->order_by());
    query.page_size = kExportPageSize;
    while (true) {
      if (scope.context->IsCancelled()) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "the export was cancelled");
      }
      // Keyset pages: rows inserted during the export neither shift nor repeat what was sent.
      store::ListProjectsResult page =
          store_.list_projects(query, runner_.store_options_for(*scope.context));
      for (const v1::Project& project : page.projects) {
        if (!writer->Write(project)) {
          return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
        }
      }
      if (!page.next_page) break;
      query.page_after = std::move(page.next_page);
    }
    return grpc::Status::OK;
  });
}

}  // namespace investtrack::server::api
