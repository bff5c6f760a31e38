// How many calls the server holds, so that a shutdown can tell when the last one has ended.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/support/server_interceptor.h>

namespace investtrack::server::api {

class OpenCalls {
 public:
  // Counts one call for as long as it lives.
  class Hold {
   public:
    explicit Hold(OpenCalls& calls) : count_(calls.count_) {
      count_.fetch_add(1, std::memory_order_acq_rel);
    }
    ~Hold() { count_.fetch_sub(1, std::memory_order_acq_rel); }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    std::atomic<int>& count_;
  };

  // For ServerBuilder::experimental().SetInterceptorCreators; this object must outlive the
  // server. It counts a call from the moment gRPC hands it to the application until the call
  // object is gone, after its status and last message are sent, for every method but
  // `uncounted` (full names, "/package.Service/Method"). Those are either methods that hold a
  // Hold themselves, because an interceptor puts each of a call's batches through gRPC's
  // interception machinery (a cached GetProject took 54-59 µs of server CPU with it against
  // 44 µs without, scripts/bench-api.sh, paired runs), or endless streams a shutdown may cut as
  // soon as the other calls are done.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> interceptor_factory(
      std::vector<std::string> uncounted);

  int count() const { return count_.load(std::memory_order_acquire); }

 private:
  class Interceptor;
  class Factory;
  std::atomic<int> count_{0};
};

}  // namespace investtrack::server::api
