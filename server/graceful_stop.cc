#include "server/graceful_stop.h"

#include <grpc/grpc.h>

#include <algorithm>

namespace investtrack::server {

namespace {

// A core completion queue: the C++ CompletionQueue takes every tag for one of its own internal
// tag objects, and the shutdown tag here is a plain address.
class CoreQueue {
 public:
  CoreQueue() : queue_(grpc_completion_queue_create_for_next(nullptr)) {}
  ~CoreQueue() {
    grpc_completion_queue_shutdown(queue_);
    while (grpc_completion_queue_next(queue_, gpr_inf_future(GPR_CLOCK_MONOTONIC), nullptr).type !=
           GRPC_QUEUE_SHUTDOWN) {
    }
    grpc_completion_queue_destroy(queue_);
  }
  CoreQueue(const CoreQueue&) = delete;
  CoreQueue& operator=(const CoreQueue&) = delete;

  grpc_completion_queue* get() const { return queue_; }

  // True when an event arrived within `timeout`.
  bool next(std::chrono::milliseconds timeout) {
    const gpr_timespec deadline = gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC),
                                               gpr_time_from_millis(timeout.count(), GPR_TIMESPAN));
    return grpc_completion_queue_next(queue_, deadline, nullptr).type == GRPC_OP_COMPLETE;
  }

 private:
  grpc_completion_queue* queue_;
};

}  // namespace

int stop_serving(grpc::Server& server, const api::OpenCalls& open_calls,
                 std::chrono::milliseconds grace) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + grace;

  // Core shutdown first, on a queue of our own: from here no call and no connection is admitted,
  // and the tag arrives once every connection is gone. grpc::Server::Shutdown below makes the
  // same core call again, which is allowed and notifies both tags together.
  CoreQueue shutdown_queue;
  int shutdown_tag = 0;
  grpc_server_shutdown_and_notify(server.c_server(), shutdown_queue.get(), &shutdown_tag);

  // A call gRPC matched just before shutdown is counted a moment later, when a server thread
  // picks it up; so "none open" must hold for two readings a poll apart before connections are
  // closed under it.
  constexpr auto kPoll = std::chrono::milliseconds(20);
  int quiet_readings = 0;
  int cancelled_calls = 0;
  bool clients_hung_up = false;
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (shutdown_queue.next(std::clamp(left, std::chrono::milliseconds(0), kPoll))) {
      clients_hung_up = true;
      break;
    }
    quiet_readings = open_calls.count() == 0 ? quiet_readings + 1 : 0;
    if (quiet_readings >= 2) break;
    if (Clock::now() >= deadline) {
      cancelled_calls = open_calls.count();
      break;
    }
  }
  // Closes every connection: idle ones, whose clients have not answered the GOAWAY yet, and
  // those with calls past the grace period, which are cancelled.
  if (!clients_hung_up) grpc_server_cancel_all_calls(server.c_server());
  const auto left = std::max(deadline - Clock::now(), Clock::duration::zero());
  server.Shutdown(std::chrono::system_clock::now() +
                  std::chrono::duration_cast<std::chrono::system_clock::duration>(left));
  server.Wait();
  return cancelled_calls;
}

}  // namespace investtrack::server
