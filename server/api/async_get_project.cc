#include "server/api/async_get_project.h"

#include <chrono>
#include <optional>

#include <grpcpp/support/proto_buffer_reader.h>

namespace investtrack::server::api {
namespace {

// One GetProject call on the asynchronous API, from the request it waits for to its answer. The
// queue's events for it carry it as their tag; it deletes itself when its last event is in.
class GetProjectCall {
 public:
  // Waits for the next call (the object owns itself from here).
  static void await(ProjectService& service, grpc::ServerCompletionQueue& queue, WorkQueue& readers,
                    OpenCalls& open_calls) {
    auto* call = new GetProjectCall(service, queue, readers, open_calls);
    service.RequestGetProject(&call->context_, &call->request_bytes_, &call->responder_, &queue,
                              &queue, call);
  }

  // The event for this call: a request arrived (ok), the server is shutting down (not ok), or
  // the answer has been sent.
  void proceed(bool ok) {
    if (answered_ || !ok) {
      delete this;
      return;
    }
    open_.emplace(open_calls_);
    // Another call is awaited before this one is worked on, so no arrival waits for it.
    await(service_, queue_, readers_, open_calls_);
    grpc::ProtoBufferReader reader(&request_bytes_);
    parsed_ = request_.ParseFromZeroCopyStream(&reader);
    if (auto cached = parsed_ ? service_.cached_project(request_) : nullptr) {
      answer(std::move(cached));
    } else {
      readers_.post([this] { answer(nullptr); });
    }
  }

 private:
  GetProjectCall(ProjectService& service, grpc::ServerCompletionQueue& queue, WorkQueue& readers,
                 OpenCalls& open_calls)
      : service_(service),
        queue_(queue),
        readers_(readers),
        open_calls_(open_calls),
        responder_(&context_) {}

  void answer(std::shared_ptr<const std::string> cached) {
    std::shared_ptr<const std::string> serialized;
    const grpc::Status status = service_.get_project(context_, parsed_ ? &request_ : nullptr,
                                                     std::move(cached), serialized);
    answered_ = true;
    if (!status.ok()) {
      responder_.FinishWithError(status, this);
      return;
    }
    grpc::Slice slice(*serialized);
    responder_.Finish(grpc::ByteBuffer(&slice, 1), status, this);
  }

  ProjectService& service_;
  grpc::ServerCompletionQueue& queue_;
  WorkQueue& readers_;
  OpenCalls& open_calls_;
  // Held from the request's arrival until this object, and with it the sent answer, is gone.
  std::optional<OpenCalls::Hold> open_;
  grpc::ServerContext context_;
  grpc::ByteBuffer request_bytes_;
  v1::GetProjectRequest request_;
  bool parsed_ = false;
  grpc::ServerAsyncResponseWriter<grpc::ByteBuffer> responder_;
  bool answered_ = false;
};

}  // namespace

AsyncGetProject::AsyncGetProject(grpc::Server& server, grpc::ServerCompletionQueue& queue,
                                 ProjectService& service, OpenCalls& open_calls,
                                 std::size_t pollers, std::size_t readers)
    : server_(server), queue_(queue), readers_(std::make_unique<WorkQueue>(readers)) {
  for (std::size_t i = 0; i < pollers; ++i) {
    pollers_.emplace_back([this, &service, &open_calls] {
      GetProjectCall::await(service, queue_, *readers_, open_calls);
      void* tag = nullptr;
      bool ok = false;
      while (queue_.Next(&tag, &ok)) static_cast<GetProjectCall*>(tag)->proceed(ok);
    });
  }
}

std::string AsyncGetProject::method_name() {
  return "/" + std::string(v1::ProjectService::service_full_name()) + "/GetProject";
}

AsyncGetProject::~AsyncGetProject() {
  // In this order: no call may arrive, or be answered, once the queue is shut down. After
  // serve()'s graceful shutdown this one finds nothing left; on an early exit it cancels at once.
  server_.Shutdown(std::chrono::system_clock::now());
  readers_.reset();
  queue_.Shutdown();
  for (std::thread& poller : pollers_) poller.join();
}

}  // namespace investtrack::server::api
