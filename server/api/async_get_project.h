// The engine that serves ProjectService's GetProject on gRPC's asynchronous API: its poller and
// reader threads, its completion queue's calls. What a GetProject answers is ProjectService's
// (cached_project, get_project); this only moves calls between threads.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "server/api/open_calls.h"
#include "server/api/project_service.h"
#include "server/api/work_queue.h"

namespace investtrack::server::api {

// `pollers` threads take calls from `queue` (added to the builder the service was registered
// with) and answer from the cache in place, without the sync server's hand-offs between threads,
// which were most of a cached get's CPU (docs/benchmarks.md, API); calls that must read the
// database go to `readers` threads, so a slow read never holds up a cached answer. Construct once
// the server has started. Destruction shuts the server down first, then lets the readers finish,
// then drains the queue.
class AsyncGetProject {
 public:
  // Each call is counted in `open_calls` from its arrival until its answer is sent.
  AsyncGetProject(grpc::Server& server, grpc::ServerCompletionQueue& queue, ProjectService& service,
                  OpenCalls& open_calls, std::size_t pollers, std::size_t readers);
  ~AsyncGetProject();
  AsyncGetProject(const AsyncGetProject&) = delete;
  AsyncGetProject& operator=(const AsyncGetProject&) = delete;
  AsyncGetProject(AsyncGetProject&&) = delete;
  AsyncGetProject& operator=(AsyncGetProject&&) = delete;

  // The full name of the method served here, "/investtrack.v1.ProjectService/GetProject".
  static std::string method_name();

 private:
  grpc::Server& server_;
  grpc::ServerCompletionQueue& queue_;
  std::unique_ptr<WorkQueue> readers_;
  std::vector<std::thread> pollers_;
};

}  // namespace investtrack::server::api
