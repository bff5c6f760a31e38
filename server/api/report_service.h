// investtrack.v1.ReportService: summaries and exports over the register.
#pragma once

#include <grpcpp/grpcpp.h>

#include "investtrack/v1/report_service.grpc.pb.h"
#include "server/api/call_handler.h"
#include "server/store/project_store.h"

namespace investtrack::server::api {

class ReportService final : public v1::ReportService::Service {
 public:
  ReportService(store::ProjectStore& store, const CallRunner& runner)
      : store_(store), runner_(runner.for_service(v1::ReportService::service_full_name())) {}

  grpc::Status Summarize(grpc::ServerContext* context, const v1::SummarizeRequest* request,
                         v1::SummarizeResponse* response) override;
  grpc::Status ExportProjects(grpc::ServerContext* context,
                              const v1::ExportProjectsRequest* request,
                              grpc::ServerWriter<v1::Project>* writer) override;

 private:
  store::ProjectStore& store_;
  // Labels its calls with this service.
  const CallRunner runner_;
};

}  // namespace investtrack::server::api
