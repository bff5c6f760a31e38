// investtrack.v1.ProjectService: thin adapters that validate, call the store and map the outcome.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include <grpcpp/grpcpp.h>

#include "investtrack/v1/project_service.grpc.pb.h"
#include "server/api/call_handler.h"
#include "server/api/page_token.h"
#include "server/api/project_cache.h"
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

class ProjectService final : public v1::ProjectService::Service {
 public:
  ProjectService(store::ProjectStore& store, ProjectCache& cache, const CallRunner& runner,
                 const PageTokenCodec& tokens, WatchSettings watch)
      : store_(store), cache_(cache), runner_(runner), tokens_(tokens), watch_(std::move(watch)) {}

  // Ends open WatchProjects streams (UNAVAILABLE, resumable) and refuses new ones; call before
  // grpc::Server::Shutdown so it does not wait out the grace period on them.
  void begin_shutdown() { stopping_ = true; }

  grpc::Status GetProject(grpc::ServerContext* context, const v1::GetProjectRequest* request,
                          v1::Project* response) override;
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
  ProjectCache& cache_;
  const CallRunner& runner_;
  const PageTokenCodec& tokens_;
  const WatchSettings watch_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> open_streams_{0};
};

// The field-mask paths an UpdateProject without update_mask means: the editable fields the
// request's project sets. Exposed for tests.
std::vector<std::string> populated_paths(const v1::Project& project);

}  // namespace investtrack::server::api
