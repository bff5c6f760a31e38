#include "server/api/project_service.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <memory>
#include <optional>
#include <set>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "server/api/errors.h"
#include "server/api/filter_parser.h"
#include "server/app/resources.h"
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
  const auto number = [](const std::string& text) { return token_number(text, "resume_token"); };
  if (values.size() == 1) return store::ResumePoint{number(values[0]), 0, {}};
  if (!values[2].empty()) {
    return store::ResumePoint{number(values[0]), number(values[1]), values[2]};
  }
  throw invalid_argument("resume_token", "resume_token is damaged");
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
    return cache_.find(app::project_id_from_name(request.name(), "name"));
  } catch (const app::Error&) {
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
    const std::string id = app::project_id_from_name(request->name(), "name");
    const app::ProjectCache::Ticket ticket = cache_.ticket(id);
    auto bytes = std::make_shared<const std::string>(
        store_.get_project(id, /*include_deleted=*/true, scope.store_options).SerializeAsString());
    cache_.insert(ticket, id, bytes);
    serialized = std::move(bytes);
    return grpc::Status::OK;
  });
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
    const PageCursor cursor(tokens_, "projects",
                            request_fingerprint({request->filter(), request->order_by(),
                                                 request->show_deleted() ? "1" : "0"}));
    if (const auto position = cursor.position(request->page_token(), {2})) {
      query.page_after = store::PageCursor{(*position)[0], (*position)[1]};
    }
    store::ListProjectsResult result = store_.list_projects(query, scope.store_options);
    for (v1::Project& project : result.projects) *response->add_projects() = std::move(project);
    if (result.next_page) {
      response->set_next_page_token(
          cursor.token({result.next_page->last_sort_value, result.next_page->last_id}));
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
    update.project_id = app::project_id_from_name(request->project().name(), "project.name");
    const app::CacheWriteGuard forget(cache_, update.project_id);
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
    const std::string id = app::project_id_from_name(request->name(), "name");
    const app::CacheWriteGuard forget(cache_, id);
    *response = store_.delete_project(id, request->etag(), scope.caller.name, request->reason(),
                                      scope.store_options);
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::UndeleteProject(grpc::ServerContext* context,
                                             const v1::UndeleteProjectRequest* request,
                                             v1::Project* response) {
  return runner_.run(context, "UndeleteProject", Role::kEditor, [&](const CallScope& scope) {
    const std::string id = app::project_id_from_name(request->name(), "name");
    const app::CacheWriteGuard forget(cache_, id);
    *response = store_.undelete_project(id, request->etag(), scope.caller.name, request->reason(),
                                        scope.store_options);
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::ListProjectEvents(grpc::ServerContext* context,
                                               const v1::ListProjectEventsRequest* request,
                                               v1::ListProjectEventsResponse* response) {
  return runner_.run(context, "ListProjectEvents", Role::kReader, [&](const CallScope& scope) {
    const std::string id = app::project_id_from_name(request->parent(), "parent");
    const int page_size = effective_page_size(request->page_size(), kDefaultEventPageSize);
    const PageCursor cursor(tokens_, "events", request_fingerprint({request->parent()}));
    // Keyset pages: the token holds the last event's sort key (store::EventKey), so events
    // recorded between two pages never shift a later page.
    store::EventPageQuery query;
    query.limit = page_size;
    if (const auto position = cursor.position(request->page_token(), {4, 1})) {
      const std::vector<std::string>& values = *position;
      if (values.size() == 4) {
        const std::int64_t kind = token_number(values[2]);
        if (kind > 2) throw invalid_argument("page_token", "page_token is damaged");
        query.after =
            store::EventKey{values[0], values[1], static_cast<int>(kind), token_number(values[3])};
      } else {
        // A token of a server before keyset pages: how many events the earlier pages held.
        query.offset = token_number(values[0]);
      }
    }
    store::EventPage page = store_.list_events(id, query, scope.store_options);
    for (const store::ProjectEvent& event : page.events) {
      *response->add_events() = app::to_event(event);
    }
    if (page.next) {
      response->set_next_page_token(
          cursor.token({page.next->day, page.next->time, std::to_string(page.next->kind),
                        std::to_string(page.next->tie)}));
    }
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::MergeProjects(grpc::ServerContext* context,
                                           const v1::MergeProjectsRequest* request,
                                           v1::MergeProjectsResponse* response) {
  return runner_.run(context, "MergeProjects", Role::kAdmin, [&](const CallScope& scope) {
    const std::string survivor = app::project_id_from_name(request->name(), "name");
    if (request->sources_size() == 0) {
      throw invalid_argument("sources", "sources must name at least one project to merge");
    }
    if (static_cast<std::size_t>(request->sources_size()) > kMaxMergeSources) {
      throw invalid_argument("sources", "at most " + std::to_string(kMaxMergeSources) +
                                            " projects can be merged at once");
    }
    std::vector<std::string> sources;
    for (const std::string& source : request->sources()) {
      sources.push_back(app::project_id_from_name(source, "sources"));
    }
    const app::CacheWriteGuard forget(cache_);
    store::MergeResult result = store_.merge_projects(survivor, sources, scope.caller.name,
                                                      request->reason(), scope.store_options);
    *response->mutable_project() = std::move(result.survivor);
    response->set_merge(app::merge_name(result.merge_id));
    return grpc::Status::OK;
  });
}

grpc::Status ProjectService::SplitProject(grpc::ServerContext* context,
                                          const v1::SplitProjectRequest* request,
                                          v1::SplitProjectResponse* response) {
  return runner_.run(context, "SplitProject", Role::kAdmin, [&](const CallScope& scope) {
    const std::string survivor = app::project_id_from_name(request->name(), "name");
    const std::int64_t merge = app::merge_id_from_name(request->merge(), "merge");
    const app::CacheWriteGuard forget(cache_);
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
    const PageCursor cursor(tokens_, "review_items",
                            request_fingerprint({request->show_resolved() ? "1" : "0"}));
    std::int64_t after_id = 0;
    if (const auto position = cursor.position(request->page_token(), {1})) {
      after_id = token_number((*position)[0]);
    }
    const store::ReviewItemPage page = store_.list_review_items(!request->show_resolved(), after_id,
                                                                page_size, scope.store_options);
    if (page.next_after_id) {
      response->set_next_page_token(cursor.token({std::to_string(*page.next_after_id)}));
    }
    for (const store::ReviewItem& item : page.items) {
      *response->add_review_items() = app::to_review_item(item);
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
  // Resume tokens hold no request fields: a watch may resume with another filter.
  const PageCursor cursor(tokens_, std::string(kChangeListing), "");
  std::optional<store::ResumePoint> after;
  if (const auto position = cursor.position(request.resume_token(), {1, 3}, "resume_token")) {
    after = resume_point(*position);
  }
  if (stopping_) {
    throw app::Error(ErrorKind::kUnavailable, "SERVER_SHUTTING_DOWN",
                     "the server is shutting down; watch again on another server");
  }
  if (++open_streams_ > watch_.max_streams) {
    --open_streams_;
    throw app::Error(ErrorKind::kResourceExhausted, "TOO_MANY_WATCHERS",
                     "this server already serves " + std::to_string(watch_.max_streams) +
                         " watch streams; retry later");
  }
  const StreamSlot slot{open_streams_};

  store::ChangeFeed feed(watch_.db_url, after, std::move(filter));
  // Tells the client the watch is in place: every change committed from here on is delivered.
  writer.SendInitialMetadata();
  while (!scope.context->IsCancelled()) {
    if (stopping_) {
      return to_status(app::Error(ErrorKind::kUnavailable, "SERVER_SHUTTING_DOWN",
                                  "the server is shutting down; resume with the last change_token",
                                  {{"resumeToken", cursor.token(resume_values(feed.position()))}}));
    }
    for (store::ChangeRecord& record : feed.poll(watch_.poll_interval)) {
      v1::ProjectChange change;
      change.set_change_token(cursor.token(resume_values(record.resume)));
      change.set_type(change_type(record.kind));
      *change.mutable_project() = std::move(record.project);
      *change.mutable_change_time() =
          google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(record.change_time_micros);
      if (!writer.Write(change)) {
        return {grpc::StatusCode::CANCELLED, "the client went away"};
      }
    }
  }
  return {grpc::StatusCode::CANCELLED, "the client cancelled the watch"};
}

}  // namespace investtrack::server::api
