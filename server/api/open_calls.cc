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
  Factory(OpenCalls& calls, std::vector<std::string> self_counted)
      : calls_(calls), self_counted_(std::move(self_counted)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const char* method = info->method();
    const bool counts_itself =
        std::any_of(self_counted_.begin(), self_counted_.end(),
                    [method](const std::string& name) { return name == method; });
    // No interceptor at all for such a call, so gRPC skips interception for it entirely.
    return counts_itself ? nullptr : new Interceptor(calls_);
  }

 private:
  OpenCalls& calls_;
  std::vector<std::string> self_counted_;
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
OpenCalls::interceptor_factory(std::vector<std::string> self_counted) {
  return std::make_unique<Factory>(*this, std::move(self_counted));
}

}  // namespace investtrack::server::api
