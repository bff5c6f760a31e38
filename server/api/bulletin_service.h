// investtrack.v1.BulletinService: thin gRPC adapters that validate, call the parser and the store,
// and map the outcome to a status.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

#include <grpcpp/grpcpp.h>

#include "investtrack/v1/bulletin_service.grpc.pb.h"
#include "server/api/call_handler.h"
#include "server/api/heavy_calls.h"
#include "server/api/page_token.h"
#include "server/api/project_cache.h"
#include "server/metrics.h"
#include "server/store/project_store.h"

namespace investtrack::server::api {

struct BulletinLimits {
  // Larger bulletins are refused with RESOURCE_EXHAUSTED before parsing.
  std::size_t max_bulletin_bytes = std::size_t{8} * 1024 * 1024;
  // Bulletins naming more projects are refused with RESOURCE_EXHAUSTED after parsing, before
  // anything is stored or sent: the real lists seen name at most a few hundred, and the work
  // and the reply grow with the count.
  int max_projects = 5000;
  // ParseBulletin answers larger than this are refused with RESOURCE_EXHAUSTED.
  std::size_t max_reply_bytes = 64u << 20;
  // How long a heavy call waits for room (HeavyCalls) when its deadline allows longer.
  std::chrono::milliseconds max_queue_wait{30'000};
};

// ParseBulletin without the gRPC plumbing, so it can be tested without a server. should_stop:
// ParseOptions::should_stop.
grpc::Status parse_bulletin(const v1::ParseBulletinRequest& request, const BulletinLimits& limits,
                            v1::ParseBulletinResponse& response,
                            const std::function<bool()>& should_stop = {});

class BulletinService final : public v1::BulletinService::Service {
 public:
  // metrics: where ingests count the bulletins and projects they stored or refused.
  BulletinService(BulletinLimits limits, HeavyCalls& heavy_calls, store::ProjectStore& store,
                  ProjectCache& cache, const CallRunner& runner, const PageTokenCodec& tokens,
                  Metrics& metrics)
      : limits_(limits),
        heavy_calls_(heavy_calls),
        store_(store),
        cache_(cache),
        runner_(runner.for_service(v1::BulletinService::service_full_name())),
        tokens_(tokens),
        metrics_(metrics) {}

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
  static store::BulletinInput bulletin_input(const v1::IngestBulletinRequest& request,
                                             const v1::ParseResult& parsed);
  // IngestBulletin's response for each stored bulletin, responses[k] for results[k], read back
  // from the store in two statements however many there are.
  void fill_ingest_responses(const std::vector<store::IngestResult>& results,
                             const CallScope& scope,
                             const std::vector<v1::IngestBulletinResponse*>& responses);

  // Waits for room to parse `content_bytes` of bulletins; throws ApiError when none comes in time.
  HeavyCalls::Admission admit(const CallScope& scope, std::size_t content_bytes) const;

  BulletinLimits limits_;
  HeavyCalls& heavy_calls_;
  store::ProjectStore& store_;
  ProjectCache& cache_;
  // Labels its calls with this service.
  const CallRunner runner_;
  const PageTokenCodec& tokens_;
  Metrics& metrics_;
};

}  // namespace investtrack::server::api
