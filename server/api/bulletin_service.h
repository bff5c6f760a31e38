// investtrack.v1.BulletinService: a thin gRPC adapter that validates, calls the parser and maps the
// outcome to a status.
#pragma once

#include <cstddef>

#include <grpcpp/grpcpp.h>

#include "investtrack/v1/bulletin_service.grpc.pb.h"

namespace investtrack::server::api {

struct BulletinLimits {
  // Larger bulletins are refused with RESOURCE_EXHAUSTED before parsing.
  std::size_t max_bulletin_bytes = 8 * 1024 * 1024;
};

// ParseBulletin without the gRPC plumbing, so it can be tested without a server.
grpc::Status parse_bulletin(const v1::ParseBulletinRequest& request, const BulletinLimits& limits,
                            v1::ParseBulletinResponse& response);

class BulletinService final : public v1::BulletinService::Service {
 public:
  explicit BulletinService(BulletinLimits limits) : limits_(limits) {}

  grpc::Status ParseBulletin(grpc::ServerContext* context, const v1::ParseBulletinRequest* request,
                             v1::ParseBulletinResponse* response) override;

 private:
  BulletinLimits limits_;
};

}  // namespace investtrack::server::api
