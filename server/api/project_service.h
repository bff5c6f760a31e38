// investtrack.v1.ProjectService: thin adapters that validate, call the store and map the outcome.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "investtrack/v1/project_service.grpc.pb.h"
#include "server/api/call_handler.h"
#include "server/api/page_token.h"
#include "server/app/project_cache.h"
#include "server/store/project_store.h"

namespace investtrack::server::api {

struct WatchSettings {
  // The database the change feeds connect to (one connection per open stream).
  std::string db_url;
  // Streams beyond this many are refused with RESOURCE_EXHAUSTED.
  int max_streams = 64;
  // How long a stream waits for a notification before checking for cancellation and shutdown.
  std::chrono::milliseconds poll_interval{200};
};

// GetProject, the hottest call and usually answered from memory, runs on the asynchronous API
// with the messages as bytes (AsyncGetProject, async_get_project.h), so a cached project is sent as
// it is kept, without being parsed and serialized again; the other methods stay synchronous.
using ProjectServiceBase =
    v1::ProjectService::WithRawMethod_GetProject<v1::ProjectService::Service>;

class ProjectService final : public ProjectServiceBase {
 public:
  ProjectService(store::ProjectStore& store, app::ProjectCache& cache, const CallRunner& runner,
                 const PageTokenCodec& tokens, WatchSettings watch)
      : store_(store),
        cache_(cache),
        runner_(runner.for_service(v1::ProjectService::service_full_name())),
        tokens_(tokens),
        watch_(std::move(watch)) {}

  // Ends open WatchProjects streams (UNAVAILABLE, resumable) and refuses new ones; call before
  // grpc::Server::Shutdown so it does not wait out the grace period on them.
  void begin_shutdown() { stopping_ = true; }

  // WatchProjects streams open now. A stream over the limit counts for the instant before it is
  // refused, so the count is capped at the limit.
  int open_watch_streams() const { return std::min(open_streams_.load(), watch_.max_streams); }

  // GetProject, in two parts for AsyncGetProject: the cached answer (a serialized Project), if
  // there is one (null for a miss or a name that get_project() will refuse), then the call
  // itself, which reads the database unless given the cached answer. A null request is one whose
  // bytes were not a GetProjectRequest.
  std::shared_ptr<const std::string> cached_project(const v1::GetProjectRequest& request);
  grpc::Status get_project(grpc::ServerContext& context, const v1::GetProjectRequest* request,
                           std::shared_ptr<const std::string> cached,
                           std::shared_ptr<const std::string>& serialized);
  grpc::Status ListProjects(grpc::ServerContext* context, const v1::ListProjectsRequest* request,
                            v1::ListProjectsResponse* response) override;
  grpc::Status UpdateProject(grpc::ServerContext* context, const v1::UpdateProjectRequest* request,
                             v1::Project* response) override;
  grpc::Status DeleteProject(grpc::ServerContext* context, const v1::DeleteProjectRequest* request,
                             v1::Project* response) override;
  grpc::Status UndeleteProject(grpc::ServerContext* context,
                               const v1::UndeleteProjectRequest* request,
                               v1::Project* response) override;
  grpc::Status ListProjectEvents(grpc::ServerContext* context,
                                 const v1::ListProjectEventsRequest* request,
                                 v1::ListProjectEventsResponse* response) override;
  grpc::Status MergeProjects(grpc::ServerContext* context, const v1::MergeProjectsRequest* request,
                             v1::MergeProjectsResponse* response) override;
  grpc::Status SplitProject(grpc::ServerContext* context, const v1::SplitProjectRequest* request,
                            v1::SplitProjectResponse* response) override;
  grpc::Status ListReviewItems(grpc::ServerContext* context,
                               const v1::ListReviewItemsRequest* request,
                               v1::ListReviewItemsResponse* response) override;
  grpc::Status WatchProjects(grpc::ServerContext* context, const v1::WatchProjectsRequest* request,
                             grpc::ServerWriter<v1::ProjectChange>* writer) override;

 private:
  grpc::Status watch(const CallScope& scope, const v1::WatchProjectsRequest& request,
                     grpc::ServerWriter<v1::ProjectChange>& writer);

  store::ProjectStore& store_;
  app::ProjectCache& cache_;
  // Labels its calls with this service.
  const CallRunner runner_;
  const PageTokenCodec& tokens_;
  const WatchSettings watch_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> open_streams_{0};
};

// The field-mask paths an UpdateProject without update_mask means: the editable fields the
// request's project sets. Exposed for tests.
std::vector<std::string> populated_paths(const v1::Project& project);

}  // namespace investtrack::server::api
