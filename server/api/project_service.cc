#include "server/api/project_service.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <memory>
#include <optional>
#include <set>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/support/proto_buffer_reader.h>
#include <spdlog/spdlog.h>

#include "server/api/errors.h"
#include "server/api/filter_parser.h"
#include "server/api/resources.h"
#include "server/store/change_feed.h"

namespace investtrack::server::api {
namespace {

constexpr int kDefaultEventPageSize = 100;
constexpr std::size_t kMaxMergeSources = 100;
constexpr std::string_view kChangeListing = "changes";

v1::ProjectChange::Type change_type(const std::string& kind) {
  if (kind == "created") return v1::ProjectChange::TYPE_CREATED;
  if (kind == "deleted") return v1::ProjectChange::TYPE_DELETED;
  if (kind == "undeleted") return v1::ProjectChange::TYPE_UNDELETED;
  return v1::ProjectChange::TYPE_UPDATED;
}

// A change token's values: the change id to resume after, and while the feed still owes the
// changes of transactions that were running when it started, its start limit and snapshot.
std::vector<std::string> resume_values(const store::ResumePoint& point) {
  if (point.start_snapshot.empty()) return {std::to_string(point.after)};
  return {std::to_string(point.after), std::to_string(point.start_limit), point.start_snapshot};
}

store::ResumePoint resume_point(const std::vector<std::string>& values) {
  const auto number = [](const std::string& text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) {
      throw invalid_argument("resume_token", "resume_token is damaged");
    }
    return value;
  };
  if (values.size() == 1) return store::ResumePoint{number(values[0]), 0, {}};
  if (values.size() == 3 && !values[2].empty()) {
    return store::ResumePoint{number(values[0]), number(values[1]), values[2]};
  }
  throw invalid_argument("resume_token", "resume_token is damaged");
}

// A number a page token holds; a token this server issued always holds one.
std::int64_t token_number(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    throw invalid_argument("page_token", "page_token is damaged");
  }
  return value;
}

// Decrements the open-stream count however the stream ends.
struct StreamSlot {
  std::atomic<int>& open;
  ~StreamSlot() { --open; }
};

}  // namespace

std::vector<std::string> populated_paths(const v1::Project& project) {
  std::vector<std::string> paths;
  const google::protobuf::Reflection* reflection = project.GetReflection();
  const google::protobuf::Descriptor* descriptor = project.GetDescriptor();
  for (const std::string& path : store::ProjectStore::editable_paths()) {
    if (path.find('.') != std::string::npos) continue;
    const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByName(path);
    if (field == nullptr) continue;
    if (path == "location") {
      // Only the parts given, so setting a city does not wipe the province.
      const v1::Location& location = project.location();
      const google::protobuf::Reflection* sub = location.GetReflection();
      const google::protobuf::Descriptor* sub_descriptor = location.GetDescriptor();
      for (int i = 0; i < sub_descriptor->field_count(); ++i) {
        if (sub->HasField(location, sub_descriptor->field(i))) {
          paths.push_back("location." + sub_descriptor->field(i)->name());
        }
      }
      continue;
    }
    const bool set = field->is_repeated() ? reflection->FieldSize(project, field) > 0
                                          : reflection->HasField(project, field);
    if (set) paths.push_back(path);
  }
  return paths;
}

std::shared_ptr<const std::string> ProjectService::cached_project(
    const v1::GetProjectRequest& request) {
  // A name get_project() would refuse is not looked up; the refusal comes from there.
  try {
    return cache_.find(project_id_from_name(request.name(), "name"));
  } catch (const ApiError&) {
    return nullptr;
  }
}

grpc::Status ProjectService::get_project(grpc::ServerContext& context,
                                         const v1::GetProjectRequest* request,
                                         std::shared_ptr<const std::string> cached,
                                         std::shared_ptr<const std::string>& serialized) {
  return runner_.run(&context, "GetProject", Role::kReader, [&](const CallScope& scope) {
    if (request == nullptr) {
      throw invalid_argument("request", "the request's bytes are not a GetProjectRequest");
    }
    // cached_project() found it under a valid name: nothing to check again.
    if (cached) {
      serialized = std::move(cached);
      return grpc::Status::OK;
    }
    const std::string id = project_id_from_name(request->name(), "name");
    const ProjectCache::Ticket ticket = cache_.ticket(id);
    auto bytes = std::make_shared<const std::string>(
        store_.get_project(id, /*include_deleted=*/true, scope.store_options).SerializeAsString());
    cache_.insert(ticket, id, bytes);
    serialized = std::move(bytes);
    return grpc::Status::OK;
  });
}

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

grpc::Status ProjectService::ListProjects(grpc::ServerContext* context,
                                          const v1::ListProjectsRequest* request,
                                          v1::ListProjectsResponse* response) {
  return runner_.run(context, "ListProjects", Role::kReader, [&](const CallScope& scope) {
    store::ListProjectsQuery query;
    query.page_size = effective_page_size(request->page_size());
    query.filter = parse_filter(request->filter());
    query.order = parse_order_by(request->order_by());
    query.show_deleted = request->show_deleted();
    const std::string fingerprint = request_fingerprint(
        {request->filter(), request->order_by(), request->show_deleted() ? "1" : "0"});
    if (!request->page_token().empty()) {
      const std::vector<std::string> values =
          tokens_.decode(request->page_token(), "projects", fingerprint);
      if (values.size() != 2) throw invalid_argument("page_token", "page_token is damaged");
      query.page_after = store::PageCursor{values[0], values[1]};
    }
    store::ListProjectsResult result = store_.list_projects(query, scope.store_options);
    for (v1::Project& project : result.projects) *response->add_projects() = std::move(project);
    if (result.next_page) {
      response->set_next_page_token(
          tokens_.encode({"projects",
                          fingerprint,
                          {result.next_page->last_sort_value, result.next_page->last_id}}));
    }
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::UpdateProject(grpc::ServerContext* context,
                                           const v1::UpdateProjectRequest* request,
                                           v1::Project* response) {
  return runner_.run(context, "UpdateProject", Role::kEditor, [&](const CallScope& scope) {
    if (!request->has_project()) throw invalid_argument("project", "project is required");
    store::ProjectUpdate update;
    update.project_id = project_id_from_name(request->project().name(), "project.name");
    const CacheWriteGuard forget(cache_, update.project_id);
    update.values = request->project();
    update.expected_etag = request->project().etag();
    update.actor = scope.caller.name;
    update.reason = request->reason();
    if (request->has_update_mask() && request->update_mask().paths_size() > 0) {
      const auto& editable = store::ProjectStore::editable_paths();
      for (const std::string& path : request->update_mask().paths()) {
        if (path != "*" && std::find(editable.begin(), editable.end(), path) == editable.end()) {
          throw invalid_argument("update_mask",
                                 "update_mask: \"" + path +
                                     "\" is not an editable field of Project (output-only fields "
                                     "such as name, etag and the times cannot be set)",
                                 {{"path", path}});
        }
        update.update_mask.push_back(path);
      }
    } else {
      update.update_mask = populated_paths(request->project());
      if (update.update_mask.empty()) {
        throw invalid_argument("project",
                               "project sets no editable field; set the fields to change or give "
                               "an update_mask");
      }
    }
    *response = store_.update_project(update, scope.store_options);
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::DeleteProject(grpc::ServerContext* context,
                                           const v1::DeleteProjectRequest* request,
                                           v1::Project* response) {
  return runner_.run(context, "DeleteProject", Role::kEditor, [&](const CallScope& scope) {
    const std::string id = project_id_from_name(request->name(), "name");
    const CacheWriteGuard forget(cache_, id);
    *response = store_.delete_project(id, request->etag(), scope.caller.name, request->reason(),
                                      scope.store_options);
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::UndeleteProject(grpc::ServerContext* context,
                                             const v1::UndeleteProjectRequest* request,
                                             v1::Project* response) {
  return runner_.run(context, "UndeleteProject", Role::kEditor, [&](const CallScope& scope) {
    const std::string id = project_id_from_name(request->name(), "name");
    const CacheWriteGuard forget(cache_, id);
    *response = store_.undelete_project(id, request->etag(), scope.caller.name, request->reason(),
                                        scope.store_options);
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::ListProjectEvents(grpc::ServerContext* context,
                                               const v1::ListProjectEventsRequest* request,
                                               v1::ListProjectEventsResponse* response) {
  return runner_.run(context, "ListProjectEvents", Role::kReader, [&](const CallScope& scope) {
    const std::string id = project_id_from_name(request->parent(), "parent");
    const int page_size = effective_page_size(request->page_size(), kDefaultEventPageSize);
    const std::string fingerprint = request_fingerprint({request->parent()});
    // Keyset pages: the token holds the last event's sort key (store::EventKey), so events
    // recorded between two pages never shift a later page.
    store::EventPageQuery query;
    query.limit = page_size;
    if (!request->page_token().empty()) {
      const std::vector<std::string> values =
          tokens_.decode(request->page_token(), "events", fingerprint);
      if (values.size() == 4) {
        const std::int64_t kind = token_number(values[2]);
        if (kind > 2) throw invalid_argument("page_token", "page_token is damaged");
        query.after =
            store::EventKey{values[0], values[1], static_cast<int>(kind), token_number(values[3])};
      } else if (values.size() == 1) {
        // A token of a server before keyset pages: how many events the earlier pages held.
        query.offset = token_number(values[0]);
      } else {
        throw invalid_argument("page_token", "page_token is damaged");
      }
    }
    store::EventPage page = store_.list_events(id, query, scope.store_options);
    for (const store::ProjectEvent& event : page.events) *response->add_events() = to_event(event);
    if (page.next) {
      response->set_next_page_token(
          tokens_.encode({"events",
                          fingerprint,
                          {page.next->day, page.next->time, std::to_string(page.next->kind),
                           std::to_string(page.next->tie)}}));
    }
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::MergeProjects(grpc::ServerContext* context,
                                           const v1::MergeProjectsRequest* request,
                                           v1::MergeProjectsResponse* response) {
  return runner_.run(context, "MergeProjects", Role::kAdmin, [&](const CallScope& scope) {
    const std::string survivor = project_id_from_name(request->name(), "name");
    if (request->sources_size() == 0) {
      throw invalid_argument("sources", "sources must name at least one project to merge");
    }
    if (static_cast<std::size_t>(request->sources_size()) > kMaxMergeSources) {
      throw invalid_argument("sources", "at most " + std::to_string(kMaxMergeSources) +
                                            " projects can be merged at once");
    }
    std::vector<std::string> sources;
    for (const std::string& source : request->sources()) {
      sources.push_back(project_id_from_name(source, "sources"));
    }
    const CacheWriteGuard forget(cache_);
    store::MergeResult result = store_.merge_projects(survivor, sources, scope.caller.name,
                                                      request->reason(), scope.store_options);
    *response->mutable_project() = std::move(result.survivor);
    response->set_merge(merge_name(result.merge_id));
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::SplitProject(grpc::ServerContext* context,
                                          const v1::SplitProjectRequest* request,
                                          v1::SplitProjectResponse* response) {
  return runner_.run(context, "SplitProject", Role::kAdmin, [&](const CallScope& scope) {
    const std::string survivor = project_id_from_name(request->name(), "name");
    const std::int64_t merge = merge_id_from_name(request->merge(), "merge");
    const CacheWriteGuard forget(cache_);
    for (v1::Project& project : store_.split_project(survivor, merge, scope.caller.name,
                                                     request->reason(), scope.store_options)) {
      *response->add_projects() = std::move(project);
    }
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::ListReviewItems(grpc::ServerContext* context,
                                             const v1::ListReviewItemsRequest* request,
                                             v1::ListReviewItemsResponse* response) {
  return runner_.run(context, "ListReviewItems", Role::kReader, [&](const CallScope& scope) {
    const int page_size = effective_page_size(request->page_size());
    const std::string fingerprint = request_fingerprint({request->show_resolved() ? "1" : "0"});
    std::int64_t after_id = 0;
    if (!request->page_token().empty()) {
      const std::vector<std::string> values =
          tokens_.decode(request->page_token(), "review_items", fingerprint);
      if (values.size() != 1) throw invalid_argument("page_token", "page_token is damaged");
      after_id = token_number(values[0]);
    }
    const store::ReviewItemPage page = store_.list_review_items(!request->show_resolved(), after_id,
                                                                page_size, scope.store_options);
    if (page.next_after_id) {
      response->set_next_page_token(
          tokens_.encode({"review_items", fingerprint, {std::to_string(*page.next_after_id)}}));
    }
    for (const store::ReviewItem& item : page.items) {
      v1::ReviewItem* out = response->add_review_items();
      out->set_name("reviewItems/" + std::to_string(item.id));
      out->set_project("projects/" + item.project_id);
      out->set_candidate_project("projects/" + item.candidate_project_id);
      out->set_rule(item.rule);
      out->set_score(item.score);
      out->set_reason(item.reason);
      out->set_state(item.state);
      set_timestamp(item.create_time, out->mutable_create_time());
    }
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::WatchProjects(grpc::ServerContext* context,
                                           const v1::WatchProjectsRequest* request,
                                           grpc::ServerWriter<v1::ProjectChange>* writer) {
  return runner_.run_stream(context, "WatchProjects", Role::kReader, [&](const CallScope& scope) {
    return watch(scope, *request, *writer);
  });
}

grpc::Status ProjectService::watch(const CallScope& scope, const v1::WatchProjectsRequest& request,
                                   grpc::ServerWriter<v1::ProjectChange>& writer) {
  std::optional<store::FilterExpr> filter = parse_filter(request.filter());
  std::optional<store::ResumePoint> after;
  if (!request.resume_token().empty()) {
    after = resume_point(tokens_.decode(request.resume_token(), kChangeListing, ""));
  }
  if (stopping_) {
    throw ApiError(grpc::StatusCode::UNAVAILABLE, "SERVER_SHUTTING_DOWN",
                   "the server is shutting down; watch again on another server");
  }
  if (++open_streams_ > watch_.max_streams) {
    --open_streams_;
    throw ApiError(grpc::StatusCode::RESOURCE_EXHAUSTED, "TOO_MANY_WATCHERS",
                   "this server already serves " + std::to_string(watch_.max_streams) +
                       " watch streams; retry later");
  }
  const StreamSlot slot{open_streams_};

  store::ChangeFeed feed(watch_.db_url, after, std::move(filter));
  // Tells the client the watch is in place: every change committed from here on is delivered.
  writer.SendInitialMetadata();
  while (!scope.context->IsCancelled()) {
    if (stopping_) {
      return make_status(grpc::StatusCode::UNAVAILABLE, "SERVER_SHUTTING_DOWN",
                         "the server is shutting down; resume with the last change_token",
                         {{"resumeToken", tokens_.encode({std::string(kChangeListing), "",
                                                          resume_values(feed.position())})}});
    }
    for (store::ChangeRecord& record : feed.poll(watch_.poll_interval)) {
      v1::ProjectChange change;
      change.set_change_token(
          tokens_.encode({std::string(kChangeListing), "", resume_values(record.resume)}));
      change.set_type(change_type(record.kind));
      *change.mutable_project() = std::move(record.project);
      *change.mutable_change_time() =
          google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(record.change_time_micros);
      if (!writer.Write(change)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
      }
    }
  }
  return grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the watch");
}

}  // namespace investtrack::server::api
