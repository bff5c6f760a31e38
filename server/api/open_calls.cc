#include "server/api/open_calls.h"

#include <algorithm>
#include <utility>

namespace investtrack::server::api {

class OpenCalls::Interceptor final : public grpc::experimental::Interceptor {
 public:
  explicit Interceptor(OpenCalls& calls) : hold_(calls) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  Hold hold_;
};

class OpenCalls::Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  Factory(OpenCalls& calls, std::vector<std::string> uncounted)
      : calls_(calls), uncounted_(std::move(uncounted)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const char* method = info->method();
    const bool uncounted =
        std::any_of(uncounted_.begin(), uncounted_.end(),
                    [method](const std::string& name) { return name == method; });
    // No interceptor at all for such a call, so gRPC skips interception for it entirely.
    return uncounted ? nullptr : new Interceptor(calls_);
  }

 private:
  OpenCalls& calls_;
  std::vector<std::string> uncounted_;
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
OpenCalls::interceptor_factory(std::vector<std::string> uncounted) {
  return std::make_unique<Factory>(*this, std::move(uncounted));
}

}  // namespace investtrack::server::api
