// investtrack.v1.BulletinService: gRPC adapters. Each validates what only the request can tell
// (resource names, enum values), hands the work to the application layer (app::Bulletins) or a
// plain read to the store, and maps the outcome to a status.
#pragma once

#include <grpcpp/grpcpp.h>

#include "investtrack/v1/bulletin_service.grpc.pb.h"
#include "server/api/call_handler.h"
#include "server/api/page_token.h"
#include "server/app/bulletins.h"
#include "server/store/project_store.h"

namespace investtrack::server::api {

class BulletinService final : public v1::BulletinService::Service {
 public:
  BulletinService(app::Bulletins& bulletins, store::ProjectStore& store, const CallRunner& runner,
                  const PageTokenCodec& tokens)
      : bulletins_(bulletins),
        store_(store),
        runner_(runner.for_service(v1::BulletinService::service_full_name())),
        tokens_(tokens) {}

  grpc::Status IngestBulletin(grpc::ServerContext* context,
                              const v1::IngestBulletinRequest* request,
                              v1::IngestBulletinResponse* response) override;
  grpc::Status BatchIngestBulletins(grpc::ServerContext* context,
                                    const v1::BatchIngestBulletinsRequest* request,
                                    v1::BatchIngestBulletinsResponse* response) override;
  grpc::Status ParseBulletin(grpc::ServerContext* context, const v1::ParseBulletinRequest* request,
                             v1::ParseBulletinResponse* response) override;
  grpc::Status GetBulletin(grpc::ServerContext* context, const v1::GetBulletinRequest* request,
                           v1::Bulletin* response) override;
  grpc::Status ListBulletins(grpc::ServerContext* context, const v1::ListBulletinsRequest* request,
                             v1::ListBulletinsResponse* response) override;
  grpc::Status ReparseBulletins(grpc::ServerContext* context,
                                const v1::ReparseBulletinsRequest* request,
                                v1::ReparseBulletinsResponse* response) override;

 private:
  app::Bulletins& bulletins_;
  store::ProjectStore& store_;
  // Labels its calls with this service.
  const CallRunner runner_;
  const PageTokenCodec& tokens_;
};

}  // namespace investtrack::server::api
