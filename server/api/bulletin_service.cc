#include "server/api/bulletin_service.h"

#include <algorithm>
#include <exception>
#include <string_view>
#include <variant>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "investtrack/parser/parse.h"
#include "investtrack/parser_proto/convert.h"
#include "server/api/errors.h"
#include "server/api/resources.h"

namespace investtrack::server::api {
namespace {

// Bulletins one BatchIngestBulletins call carries at most.
constexpr int kMaxBatchBulletins = 100;
// Bulletins a ReparseBulletins call names at most; the whole register is reparsed by naming none.
constexpr int kMaxReparseNames = 1000;
// Bulletins read per round when reparsing all of them.
constexpr int kReparseBatch = 20;

// Whether text holds nothing but whitespace: ASCII spaces and line ends, no-break and ideographic
// spaces, byte-order marks. Such a bulletin is refused like an empty one: it has nothing to keep.
bool is_blank(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::string_view rest = text.substr(i);
    if (rest.front() == ' ' || (rest.front() >= '\t' && rest.front() <= '\r')) {
      ++i;
    } else if (rest.starts_with("\xC2\xA0")) {
      i += 2;
    } else if (rest.starts_with("\xE3\x80\x80") || rest.starts_with("\xEF\xBB\xBF")) {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

// Asked by the parser now and then: whether the call's work should stop, its deadline passed or
// its caller gone. The cheap test first; IsCancelled may be asked from any thread on the
// synchronous API.
std::function<bool()> stop_when_call_ends(const CallScope& scope) {
  return [context = scope.context, deadline = scope.store_options.deadline] {
    return store::CallOptions::Clock::now() >= deadline || context->IsCancelled();
  };
}

// What a call whose work was stopped part-way answers (a cancelled caller never reads it; the
// access log does).
ApiError call_ended(const grpc::ServerContext& context, std::string_view stage) {
  if (context.IsCancelled()) {
    return ApiError(grpc::StatusCode::CANCELLED, "CALL_CANCELLED",
                    fmt::format("the caller went away; {} was stopped", stage));
  }
  return ApiError(grpc::StatusCode::DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED",
                  fmt::format("the call's deadline passed during {}", stage));
}

// Parses content; the outcome is a ParseResult or a refusal (kept as an ApiError so its reason
// can be counted). A parse stopped by should_stop gives DEADLINE_EXCEEDED (the caller's answer
// when the deadline is what stopped it).
std::variant<v1::ParseResult, ApiError> parse_content(const std::string& content,
                                                      const std::string& source,
                                                      const v1::CivilDate* base_date,
                                                      const BulletinLimits& limits,
                                                      std::string_view method,
                                                      const std::function<bool()>& should_stop) {
  if (content.empty()) {
    return ApiError(grpc::StatusCode::INVALID_ARGUMENT, "EMPTY_CONTENT",
                    "content is empty: send the bulletin's text as bytes", {{"field", "content"}});
  }
  if (content.size() <= limits.max_bulletin_bytes && is_blank(content)) {
    return ApiError(grpc::StatusCode::INVALID_ARGUMENT, "EMPTY_CONTENT",
                    "content holds only whitespace: send the bulletin's text",
                    {{"field", "content"}});
  }
  if (content.size() > limits.max_bulletin_bytes) {
    return ApiError(grpc::StatusCode::RESOURCE_EXHAUSTED, "BULLETIN_TOO_LARGE",
                    fmt::format("content is {} bytes; this server accepts bulletins of at most "
                                "{} bytes",
                                content.size(), limits.max_bulletin_bytes),
                    {{"field", "content"}, {"limit", std::to_string(limits.max_bulletin_bytes)}});
  }
  parser::ParseOptions options;
  options.source_name = source;
  options.should_stop = should_stop;
  if (base_date != nullptr && base_date->year() != 0) {
    options.base_date = parser_proto::from_proto(*base_date);
  }
  std::variant<parser::ParseResult, parser::ParseError> outcome;
  try {
    outcome = parser::parse_bulletin(std::string_view(content), options);
  } catch (const std::exception& e) {
    // The parser promises not to throw on any input; if it does, the caller learns nothing of
    // our internals and the log keeps the details.
    spdlog::error("{}: parser threw on source '{}': {}", method, source, e.what());
    return ApiError(grpc::StatusCode::INTERNAL, "PARSER_FAILED",
                    "the parser failed unexpectedly on this bulletin");
  }
  if (const auto* error = std::get_if<parser::ParseError>(&outcome);
      error && error->code == "STOPPED") {
    return ApiError(grpc::StatusCode::DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED",
                    "the call's deadline passed while the bulletin was parsed; nothing was stored");
  }
  if (const auto* error = std::get_if<parser::ParseError>(&outcome)) {
    return ApiError(grpc::StatusCode::INVALID_ARGUMENT, "UNREADABLE_BULLETIN",
                    fmt::format("the bulletin could not be read: {} ({} at byte {})",
                                error->message, error->code, error->offset),
                    {{"field", "content"}, {"parseError", error->code}});
  }
  const parser::ParseResult& parsed = std::get<parser::ParseResult>(outcome);
  if (parsed.projects.size() > static_cast<std::size_t>(limits.max_projects)) {
    return ApiError(
        grpc::StatusCode::RESOURCE_EXHAUSTED, "TOO_MANY_PROJECTS",
        fmt::format("the bulletin names {} projects; this server takes at most {} per bulletin: "
                    "split it into smaller bulletins",
                    parsed.projects.size(), limits.max_projects),
        {{"field", "content"}, {"limit", std::to_string(limits.max_projects)}});
  }
  return parser_proto::to_proto(parsed, options);
}

// The projects an ingest wrote, for the cache to forget.
std::vector<std::string> touched_projects(const std::vector<store::IngestResult>& results) {
  std::vector<std::string> touched;
  for (const store::IngestResult& result : results) {
    for (const auto* ids : {&result.created_project_ids, &result.updated_project_ids}) {
      touched.insert(touched.end(), ids->begin(), ids->end());
    }
  }
  return touched;
}

// A bulletin an ingest did not take for what it holds. A parse cut short by the call's deadline
// says nothing about the bulletin and is not counted.
void count_refusal(Metrics& metrics, const ApiError& refusal) {
  if (refusal.code() != grpc::StatusCode::DEADLINE_EXCEEDED)
    metrics.bulletin_refused(refusal.reason());
}

// What one stored bulletin did to the register. A duplicate changed nothing, and its warnings
// were counted when it was first stored.
void count_ingest(Metrics& metrics, const store::IngestResult& result,
                  const v1::ParseResult& parsed) {
  if (result.duplicate) {
    metrics.bulletin_duplicate();
    return;
  }
  metrics.bulletin_ingested();
  metrics.projects_created(result.created_project_ids.size());
  metrics.projects_updated(result.updated_project_ids.size());
  metrics.review_items_opened(result.review_project_ids.size());
  for (const v1::ParseWarning& warning : parsed.warnings()) metrics.parse_warning(warning.code());
}

void add_unique(google::protobuf::RepeatedPtrField<std::string>* list, const std::string& value) {
  if (std::find(list->begin(), list->end(), value) == list->end()) *list->Add() = value;
}

}  // namespace

grpc::Status parse_bulletin(const v1::ParseBulletinRequest& request, const BulletinLimits& limits,
                            v1::ParseBulletinResponse& response,
                            const std::function<bool()>& should_stop) {
  auto outcome = parse_content(request.content(), request.source(),
                               request.has_base_date() ? &request.base_date() : nullptr, limits,
                               "ParseBulletin", should_stop);
  if (const auto* refusal = std::get_if<ApiError>(&outcome)) return to_status(*refusal);
  *response.mutable_result() = std::move(std::get<v1::ParseResult>(outcome));
  if (const std::size_t bytes = response.ByteSizeLong(); bytes > limits.max_reply_bytes) {
    response.Clear();
    return make_status(grpc::StatusCode::RESOURCE_EXHAUSTED, "REPLY_TOO_LARGE",
                       fmt::format("the parse result is {} bytes; this server sends at most {}: "
                                   "split the bulletin into smaller ones",
                                   bytes, limits.max_reply_bytes),
                       {{"field", "content"}, {"limit", std::to_string(limits.max_reply_bytes)}});
  }
  return grpc::Status::OK;
}

HeavyCalls::Admission BulletinService::admit(const CallScope& scope,
                                             std::size_t content_bytes) const {
  const auto give_up =
      std::min(scope.store_options.deadline, HeavyCalls::Clock::now() + limits_.max_queue_wait);
  auto admission = heavy_calls_.admit(heavy_call_bytes(content_bytes), give_up,
                                      [context = scope.context] { return context->IsCancelled(); });
  if (auto* admitted = std::get_if<HeavyCalls::Admission>(&admission)) return std::move(*admitted);
  if (std::get<HeavyCalls::Refusal>(admission) == HeavyCalls::Refusal::kCancelled) {
    throw ApiError(grpc::StatusCode::CANCELLED, "CALL_CANCELLED",
                   "the caller went away while the call waited for its turn");
  }
  throw ApiError(grpc::StatusCode::RESOURCE_EXHAUSTED, "TOO_MANY_HEAVY_CALLS",
                 fmt::format("the server is busy parsing other bulletins ({} at a time); retry "
                             "later or with a longer deadline",
                             heavy_calls_.limits().slots),
                 {{"limit", std::to_string(heavy_calls_.limits().slots)}});
}

grpc::Status BulletinService::ParseBulletin(grpc::ServerContext* context,
                                            const v1::ParseBulletinRequest* request,
                                            v1::ParseBulletinResponse* response) {
  return runner_.run(context, "ParseBulletin", Role::kReader, [&](const CallScope& scope) {
    const HeavyCalls::Admission admitted = admit(scope, request->content().size());
    return parse_bulletin(*request, limits_, *response, stop_when_call_ends(scope));
  });
}

store::BulletinInput BulletinService::bulletin_input(const v1::IngestBulletinRequest& request,
                                                     const v1::ParseResult& parsed) {
  store::BulletinInput input;
  input.source = request.source();
  input.publication_date =
      request.has_publication_date() ? request.publication_date() : parsed.base_date();
  input.raw_text = request.content();
  return input;
}

void BulletinService::fill_ingest_responses(
    const std::vector<store::IngestResult>& results, const CallScope& scope,
    const std::vector<v1::IngestBulletinResponse*>& responses) {
  std::vector<std::int64_t> bulletin_ids;
  std::vector<std::string> project_ids;
  for (const store::IngestResult& result : results) {
    bulletin_ids.push_back(result.bulletin_id);
    project_ids.insert(project_ids.end(), result.created_project_ids.begin(),
                       result.created_project_ids.end());
    project_ids.insert(project_ids.end(), result.updated_project_ids.begin(),
                       result.updated_project_ids.end());
  }
  std::map<std::int64_t, v1::Bulletin> bulletins;
  for (const store::StoredBulletin& stored :
       store_.get_bulletins(bulletin_ids, scope.store_options)) {
    bulletins.emplace(stored.id, to_bulletin(stored, false));
  }
  std::map<std::string, v1::Project> projects;
  for (v1::Project& project : store_.get_projects(project_ids, scope.store_options)) {
    std::string id = project_id_from_name(project.name(), "name");
    projects.emplace(std::move(id), std::move(project));
  }
  // Rows are never removed, so a miss is not expected; the single reads say what is missing.
  const auto project = [&](const std::string& id) {
    const auto found = projects.find(id);
    return found != projects.end() ? found->second
                                   : store_.get_project(id, true, scope.store_options);
  };
  for (std::size_t k = 0; k < results.size(); ++k) {
    const store::IngestResult& result = results[k];
    v1::IngestBulletinResponse& response = *responses[k];
    const auto bulletin = bulletins.find(result.bulletin_id);
    *response.mutable_bulletin() =
        bulletin != bulletins.end()
            ? bulletin->second
            : to_bulletin(store_.get_bulletin(result.bulletin_id, false, scope.store_options),
                          false);
    for (const std::string& id : result.created_project_ids) {
      *response.add_created_projects() = project(id);
    }
    for (const std::string& id : result.updated_project_ids) {
      *response.add_updated_projects() = project(id);
    }
    response.set_duplicate(result.duplicate);
  }
}

grpc::Status BulletinService::IngestBulletin(grpc::ServerContext* context,
                                             const v1::IngestBulletinRequest* request,
                                             v1::IngestBulletinResponse* response) {
  return runner_.run(context, "IngestBulletin", Role::kEditor, [&](const CallScope& scope) {
    const HeavyCalls::Admission admitted = admit(scope, request->content().size());
    auto outcome =
        parse_content(request->content(), request->source(),
                      request->has_publication_date() ? &request->publication_date() : nullptr,
                      limits_, "IngestBulletin", stop_when_call_ends(scope));
    if (const auto* refusal = std::get_if<ApiError>(&outcome)) {
      count_refusal(metrics_, *refusal);
      return to_status(*refusal);
    }
    const v1::ParseResult& parsed = std::get<v1::ParseResult>(outcome);

    CacheWriteGuard forget(cache_);
    const store::IngestResult result =
        store_.ingest(bulletin_input(*request, parsed), parsed, cancellable_store_options(scope));
    forget.touched(touched_projects({result}));
    count_ingest(metrics_, result, parsed);
    fill_ingest_responses({result}, scope, {response});
    return grpc::Status::OK;
  });
}

grpc::Status BulletinService::BatchIngestBulletins(grpc::ServerContext* context,
                                                   const v1::BatchIngestBulletinsRequest* request,
                                                   v1::BatchIngestBulletinsResponse* response) {
  return runner_.run(context, "BatchIngestBulletins", Role::kEditor, [&](const CallScope& scope) {
    if (request->requests().empty()) {
      throw invalid_argument("requests", "requests is empty: send 1 to " +
                                             std::to_string(kMaxBatchBulletins) + " bulletins");
    }
    if (request->requests_size() > kMaxBatchBulletins) {
      throw invalid_argument("requests",
                             fmt::format("{} bulletins in one call; at most {} are accepted",
                                         request->requests_size(), kMaxBatchBulletins),
                             {{"limit", std::to_string(kMaxBatchBulletins)}});
    }
    std::size_t total_bytes = 0;
    for (const v1::IngestBulletinRequest& one : request->requests()) {
      total_bytes += one.content().size();
    }
    if (total_bytes > limits_.max_bulletin_bytes) {
      throw ApiError(
          grpc::StatusCode::RESOURCE_EXHAUSTED, "BATCH_TOO_LARGE",
          fmt::format("the bulletins are {} bytes together; this server accepts at "
                      "most {} bytes per call: send fewer at a time",
                      total_bytes, limits_.max_bulletin_bytes),
          {{"field", "requests"}, {"limit", std::to_string(limits_.max_bulletin_bytes)}});
    }

    const HeavyCalls::Admission admitted = admit(scope, total_bytes);
    // Each bulletin read on its own; those that cannot be read keep their refusal.
    const int count = request->requests_size();
    std::vector<grpc::Status> statuses(static_cast<std::size_t>(count), grpc::Status::OK);
    std::vector<v1::ParseResult> parsed;
    std::vector<int> parsed_index;  // request index of parsed[k]
    const std::function<bool()> should_stop = stop_when_call_ends(scope);
    for (int i = 0; i < count; ++i) {
      if (should_stop()) throw call_ended(*scope.context, "reading the bulletins");
      const v1::IngestBulletinRequest& one = request->requests(i);
      auto outcome = parse_content(one.content(), one.source(),
                                   one.has_publication_date() ? &one.publication_date() : nullptr,
                                   limits_, "BatchIngestBulletins", should_stop);
      if (const auto* refusal = std::get_if<ApiError>(&outcome)) {
        count_refusal(metrics_, *refusal);
        statuses[static_cast<std::size_t>(i)] = to_status(*refusal);
        continue;
      }
      parsed.push_back(std::move(std::get<v1::ParseResult>(outcome)));
      parsed_index.push_back(i);
    }
    std::vector<store::BulletinToIngest> to_store;
    for (std::size_t k = 0; k < parsed.size(); ++k) {
      to_store.push_back(store::BulletinToIngest{
          bulletin_input(request->requests(parsed_index[k]), parsed[k]), &parsed[k]});
    }

    CacheWriteGuard forget(cache_);
    const std::vector<store::IngestOutcome> outcomes =
        store_.ingest_batch(to_store, cancellable_store_options(scope));
    std::vector<store::IngestResult> stored;
    std::vector<int> stored_index;
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
      if (const auto* error = std::get_if<store::StoreError>(&outcomes[k])) {
        if (error->code() == store::StoreErrorCode::kInternal) {
          spdlog::error("BatchIngestBulletins: bulletin {} of the call: {} ({})", parsed_index[k],
                        error->message(), error->detail());
        }
        statuses[static_cast<std::size_t>(parsed_index[k])] = to_status(*error);
        continue;
      }
      stored.push_back(std::get<store::IngestResult>(outcomes[k]));
      stored_index.push_back(parsed_index[k]);
      count_ingest(metrics_, stored.back(), parsed[k]);
    }
    forget.touched(touched_projects(stored));

    std::vector<v1::IngestBulletinResponse> responses(static_cast<std::size_t>(count));
    std::vector<v1::IngestBulletinResponse*> stored_responses;
    for (const int index : stored_index) {
      stored_responses.push_back(&responses[static_cast<std::size_t>(index)]);
    }
    fill_ingest_responses(stored, scope, stored_responses);
    for (int i = 0; i < count; ++i) {
      v1::BatchIngestBulletinsResult* result = response->add_results();
      const grpc::Status& status = statuses[static_cast<std::size_t>(i)];
      if (status.ok()) {
        result->mutable_status()->set_code(static_cast<int>(grpc::StatusCode::OK));
        *result->mutable_response() = std::move(responses[static_cast<std::size_t>(i)]);
      } else if (!result->mutable_status()->ParseFromString(status.error_details())) {
        result->mutable_status()->set_code(static_cast<int>(status.error_code()));
        result->mutable_status()->set_message(status.error_message());
      }
    }
    return grpc::Status::OK;
  });
}

grpc::Status BulletinService::GetBulletin(grpc::ServerContext* context,
                                          const v1::GetBulletinRequest* request,
                                          v1::Bulletin* response) {
  return runner_.run(context, "GetBulletin", Role::kReader, [&](const CallScope& scope) {
    const std::int64_t id = bulletin_id_from_name(request->name(), "name");
    if (!v1::BulletinView_IsValid(request->view())) {
      throw invalid_argument("view", "view has an unknown value");
    }
    const bool full = request->view() == v1::BULLETIN_VIEW_FULL;
    *response = to_bulletin(store_.get_bulletin(id, full, scope.store_options), full);
    return grpc::Status::OK;
  });
}

grpc::Status BulletinService::ListBulletins(grpc::ServerContext* context,
                                            const v1::ListBulletinsRequest* request,
                                            v1::ListBulletinsResponse* response) {
  return runner_.run(context, "ListBulletins", Role::kReader, [&](const CallScope& scope) {
    const int page_size = effective_page_size(request->page_size());
    const std::string fingerprint = request_fingerprint({});
    std::int64_t before_id = 0;
    if (!request->page_token().empty()) {
      const std::vector<std::string> values =
          tokens_.decode(request->page_token(), "bulletins", fingerprint);
      if (values.size() != 1) throw invalid_argument("page_token", "page_token is damaged");
      before_id = std::stoll(values[0]);
    }
    // One more than asked tells whether another page follows.
    std::vector<store::StoredBulletin> page =
        store_.list_bulletins_newest_first(before_id, page_size + 1, scope.store_options);
    const bool more = static_cast<int>(page.size()) > page_size;
    if (more) page.resize(static_cast<std::size_t>(page_size));
    for (const store::StoredBulletin& stored : page) {
      *response->add_bulletins() = to_bulletin(stored, false);
    }
    if (more) {
      response->set_next_page_token(
          tokens_.encode({"bulletins", fingerprint, {std::to_string(page.back().id)}}));
    }
    return grpc::Status::OK;
  });
}

grpc::Status BulletinService::ReparseBulletins(grpc::ServerContext* context,
                                               const v1::ReparseBulletinsRequest* request,
                                               v1::ReparseBulletinsResponse* response) {
  return runner_.run(context, "ReparseBulletins", Role::kAdmin, [&](const CallScope& scope) {
    if (request->names_size() > kMaxReparseNames) {
      throw invalid_argument("names", "at most " + std::to_string(kMaxReparseNames) +
                                          " bulletins can be named; name none to reparse all");
    }
    std::vector<std::int64_t> ids;
    for (const std::string& name : request->names())
      ids.push_back(bulletin_id_from_name(name, "names"));
    const CacheWriteGuard forget(cache_);

    const std::function<bool()> should_stop = stop_when_call_ends(scope);
    const auto reparse = [&](const store::StoredBulletin& bulletin) {
      const HeavyCalls::Admission admitted = admit(scope, bulletin.raw_text.size());
      auto outcome = parse_content(bulletin.raw_text, bulletin.source, &bulletin.publication_date,
                                   limits_, "ReparseBulletins", should_stop);
      if (should_stop()) throw call_ended(*scope.context, "the reparse");
      if (const auto* refusal = std::get_if<ApiError>(&outcome)) {
        // A stored bulletin the current parser cannot read keeps its earlier observations.
        spdlog::warn("ReparseBulletins: bulletin {} skipped: {}", bulletin.id, refusal->message());
        return;
      }
      // Each bulletin gets the time left on the call, not a share fixed up front.
      const store::ReparseResult result = store_.apply_reparse(
          bulletin.id, std::get<v1::ParseResult>(outcome), cancellable_store_options(scope));
      response->set_reparsed_count(response->reparsed_count() + 1);
      metrics_.projects_created(result.created_project_ids.size());
      metrics_.projects_updated(result.updated_project_ids.size());
      for (const std::string& id : result.updated_project_ids) {
        add_unique(response->mutable_updated_projects(), "projects/" + id);
      }
      for (const std::string& id : result.created_project_ids) {
        add_unique(response->mutable_created_projects(), "projects/" + id);
      }
    };

    if (!ids.empty()) {
      for (const std::int64_t id : ids) reparse(store_.get_bulletin(id, true, scope.store_options));
      return grpc::Status::OK;
    }
    std::int64_t after_id = 0;
    while (true) {
      if (scope.context->IsCancelled()) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled");
      }
      const std::vector<store::StoredBulletin> batch =
          store_.list_bulletins(after_id, kReparseBatch, scope.store_options);
      if (batch.empty()) break;
      for (const store::StoredBulletin& bulletin : batch) reparse(bulletin);
      after_id = batch.back().id;
    }
    return grpc::Status::OK;
  });
}

}  // namespace investtrack::server::api
