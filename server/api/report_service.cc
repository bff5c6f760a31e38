#include "server/api/report_service.h"

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
        store_.summarize(parse_filter(request->filter()), dimension, scope.store_options);
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
