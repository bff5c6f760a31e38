// investtrack.v1.CallerService: who the caller of a call is, so clients need not learn their role
// from refused calls.
#pragma once

#include <grpcpp/grpcpp.h>

#include "investtrack/v1/caller_service.grpc.pb.h"
#include "server/api/call_handler.h"

namespace investtrack::server::api {

class CallerService final : public v1::CallerService::Service {
 public:
  explicit CallerService(const CallRunner& runner)
      : runner_(runner.for_service(v1::CallerService::service_full_name())) {}

  grpc::Status GetCaller(grpc::ServerContext* context, const v1::GetCallerRequest* request,
                         v1::Caller* response) override;

 private:
  // Labels its calls with this service.
  const CallRunner runner_;
};

}  // namespace investtrack::server::api
