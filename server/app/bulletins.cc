#include "server/app/bulletins.h"

#include <algorithm>
#include <exception>
#include <map>
#include <optional>
#include <string_view>
#include <variant>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "investtrack/parser/parse.h"
#include "investtrack/parser_proto/convert.h"
#include "server/app/resources.h"

namespace investtrack::server::app {
namespace {

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

// What a call whose work was stopped part-way answers (a cancelled caller never reads it; the
// access log does).
Error call_ended(const Call& call, std::string_view stage) {
  if (call.caller_gone && call.caller_gone()) {
    return {ErrorKind::kCancelled, "CALL_CANCELLED",
            fmt::format("the caller went away; {} was stopped", stage)};
  }
  return {ErrorKind::kDeadlineExceeded, "DEADLINE_EXCEEDED",
          fmt::format("the call's deadline passed during {}", stage)};
}

// Parses content; the outcome is a ParseResult or a refusal. A parse stopped by should_stop gives
// DEADLINE_EXCEEDED (the caller's answer when the deadline is what stopped it).
Outcome<v1::ParseResult> parse_content(const std::string& content, const std::string& source,
                                       const v1::CivilDate* base_date, const BulletinLimits& limits,
                                       std::string_view method,
                                       const std::function<bool()>& should_stop) {
  if (content.empty()) {
    return Error(ErrorKind::kInvalidArgument, "EMPTY_CONTENT",
                 "content is empty: send the bulletin's text as bytes", {{"field", "content"}});
  }
  if (content.size() <= limits.max_bulletin_bytes && is_blank(content)) {
    return Error(ErrorKind::kInvalidArgument, "EMPTY_CONTENT",
                 "content holds only whitespace: send the bulletin's text", {{"field", "content"}});
  }
  if (content.size() > limits.max_bulletin_bytes) {
    return Error(ErrorKind::kResourceExhausted, "BULLETIN_TOO_LARGE",
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
    return Error(ErrorKind::kInternal, "PARSER_FAILED",
                 "the parser failed unexpectedly on this bulletin");
  }
  if (const auto* error = std::get_if<parser::ParseError>(&outcome);
      error && error->code == "STOPPED") {
    return Error(ErrorKind::kDeadlineExceeded, "DEADLINE_EXCEEDED",
                 "the call's deadline passed while the bulletin was parsed; nothing was stored");
  }
  if (const auto* error = std::get_if<parser::ParseError>(&outcome)) {
    return Error(ErrorKind::kInvalidArgument, "UNREADABLE_BULLETIN",
                 fmt::format("the bulletin could not be read: {} ({} at byte {})", error->message,
                             error->code, error->offset),
                 {{"field", "content"}, {"parseError", error->code}});
  }
  const parser::ParseResult& parsed = std::get<parser::ParseResult>(outcome);
  if (parsed.projects.size() > static_cast<std::size_t>(limits.max_projects)) {
    return Error(
        ErrorKind::kResourceExhausted, "TOO_MANY_PROJECTS",
        fmt::format("the bulletin names {} projects; this server takes at most {} per bulletin: "
                    "split it into smaller bulletins",
                    parsed.projects.size(), limits.max_projects),
        {{"field", "content"}, {"limit", std::to_string(limits.max_projects)}});
  }
  return parser_proto::to_proto(parsed, options);
}

Outcome<v1::ParseResult> parse_request(const v1::IngestBulletinRequest& request,
                                       const BulletinLimits& limits, std::string_view method,
                                       const std::function<bool()>& should_stop) {
  return parse_content(request.content(), request.source(),
                       request.has_publication_date() ? &request.publication_date() : nullptr,
                       limits, method, should_stop);
}

store::BulletinInput bulletin_input(const v1::IngestBulletinRequest& request,
                                    const v1::ParseResult& parsed) {
  store::BulletinInput input;
  input.source = request.source();
  input.publication_date =
      request.has_publication_date() ? request.publication_date() : parsed.base_date();
  input.raw_text = request.content();
  return input;
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
void count_refusal(Metrics& metrics, const Error& refusal) {
  if (refusal.kind() != ErrorKind::kDeadlineExceeded) metrics.bulletin_refused(refusal.reason());
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

// The call's own refusal of a batch, before anything is parsed.
std::optional<Error> refuse_batch(
    const google::protobuf::RepeatedPtrField<v1::IngestBulletinRequest>& requests,
    std::size_t total_bytes, const BulletinLimits& limits) {
  if (requests.empty()) {
    return invalid_argument("requests", "requests is empty: send 1 to " +
                                            std::to_string(kMaxBatchBulletins) + " bulletins");
  }
  if (requests.size() > kMaxBatchBulletins) {
    return invalid_argument("requests",
                            fmt::format("{} bulletins in one call; at most {} are accepted",
                                        requests.size(), kMaxBatchBulletins),
                            {{"limit", std::to_string(kMaxBatchBulletins)}});
  }
  if (total_bytes > limits.max_bulletin_bytes) {
    return Error(ErrorKind::kResourceExhausted, "BATCH_TOO_LARGE",
                 fmt::format("the bulletins are {} bytes together; this server accepts at "
                             "most {} bytes per call: send fewer at a time",
                             total_bytes, limits.max_bulletin_bytes),
                 {{"field", "requests"}, {"limit", std::to_string(limits.max_bulletin_bytes)}});
  }
  return std::nullopt;
}

}  // namespace

Outcome<v1::ParseBulletinResponse> parse_bulletin(const v1::ParseBulletinRequest& request,
                                                  const BulletinLimits& limits,
                                                  const std::function<bool()>& should_stop) {
  Outcome<v1::ParseResult> parsed = parse_content(
      request.content(), request.source(), request.has_base_date() ? &request.base_date() : nullptr,
      limits, "ParseBulletin", should_stop);
  if (!parsed.ok()) return parsed.error();
  v1::ParseBulletinResponse response;
  *response.mutable_result() = std::move(parsed).value();
  if (const std::size_t bytes = response.ByteSizeLong(); bytes > limits.max_reply_bytes) {
    return Error(ErrorKind::kResourceExhausted, "REPLY_TOO_LARGE",
                 fmt::format("the parse result is {} bytes; this server sends at most {}: "
                             "split the bulletin into smaller ones",
                             bytes, limits.max_reply_bytes),
                 {{"field", "content"}, {"limit", std::to_string(limits.max_reply_bytes)}});
  }
  return response;
}

Outcome<HeavyCalls::Admission> Bulletins::admit(const Call& call, std::size_t content_bytes) const {
  const auto give_up =
      std::min(call.store.deadline, HeavyCalls::Clock::now() + limits_.max_queue_wait);
  auto admission = heavy_calls_.admit(heavy_call_bytes(content_bytes), give_up, call.caller_gone);
  if (auto* admitted = std::get_if<HeavyCalls::Admission>(&admission)) return std::move(*admitted);
  if (std::get<HeavyCalls::Refusal>(admission) == HeavyCalls::Refusal::kCancelled) {
    return Error(ErrorKind::kCancelled, "CALL_CANCELLED",
                 "the caller went away while the call waited for its turn");
  }
  return Error(ErrorKind::kResourceExhausted, "TOO_MANY_HEAVY_CALLS",
               fmt::format("the server is busy parsing other bulletins ({} at a time); retry "
                           "later or with a longer deadline",
                           heavy_calls_.limits().slots),
               {{"limit", std::to_string(heavy_calls_.limits().slots)}});
}

Outcome<v1::ParseBulletinResponse> Bulletins::parse(const v1::ParseBulletinRequest& request,
                                                    const Call& call) const {
  const Outcome<HeavyCalls::Admission> admitted = admit(call, request.content().size());
  if (!admitted.ok()) return admitted.error();
  return parse_bulletin(request, limits_, call.stop_test());
}

void Bulletins::fill_ingest_responses(const std::vector<store::IngestResult>& results,
                                      const Call& call,
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
  for (const store::StoredBulletin& stored : store_.get_bulletins(bulletin_ids, call.store)) {
    bulletins.emplace(stored.id, to_bulletin(stored, false));
  }
  std::map<std::string, v1::Project> projects;
  for (v1::Project& project : store_.get_projects(project_ids, call.store)) {
    std::string id = project_id_from_name(project.name(), "name");
    projects.emplace(std::move(id), std::move(project));
  }
  // Rows are never removed, so a miss is not expected; the single reads say what is missing.
  const auto project = [&](const std::string& id) {
    const auto found = projects.find(id);
    return found != projects.end() ? found->second : store_.get_project(id, true, call.store);
  };
  for (std::size_t k = 0; k < results.size(); ++k) {
    const store::IngestResult& result = results[k];
    v1::IngestBulletinResponse& response = *responses[k];
    const auto bulletin = bulletins.find(result.bulletin_id);
    *response.mutable_bulletin() =
        bulletin != bulletins.end()
            ? bulletin->second
            : to_bulletin(store_.get_bulletin(result.bulletin_id, false, call.store), false);
    for (const std::string& id : result.created_project_ids) {
      *response.add_created_projects() = project(id);
    }
    for (const std::string& id : result.updated_project_ids) {
      *response.add_updated_projects() = project(id);
    }
    response.set_duplicate(result.duplicate);
  }
}

Outcome<v1::IngestBulletinResponse> Bulletins::ingest(const v1::IngestBulletinRequest& request,
                                                      const Call& call) {
  const Outcome<HeavyCalls::Admission> admitted = admit(call, request.content().size());
  if (!admitted.ok()) return admitted.error();
  const Outcome<v1::ParseResult> parsed =
      parse_request(request, limits_, "IngestBulletin", call.stop_test());
  if (!parsed.ok()) {
    count_refusal(metrics_, parsed.error());
    return parsed.error();
  }

  CacheWriteGuard forget(cache_);
  const store::IngestResult result =
      store_.ingest(bulletin_input(request, parsed.value()), parsed.value(), call.cancellable());
  forget.touched(touched_projects({result}));
  count_ingest(metrics_, result, parsed.value());
  v1::IngestBulletinResponse response;
  fill_ingest_responses({result}, call, {&response});
  return response;
}

Outcome<Bulletins::BatchItems> Bulletins::ingest_batch(
    const google::protobuf::RepeatedPtrField<v1::IngestBulletinRequest>& requests,
    const Call& call) {
  std::size_t total_bytes = 0;
  for (const v1::IngestBulletinRequest& one : requests) total_bytes += one.content().size();
  if (std::optional<Error> refusal = refuse_batch(requests, total_bytes, limits_)) {
    return *std::move(refusal);
  }
  const Outcome<HeavyCalls::Admission> admitted = admit(call, total_bytes);
  if (!admitted.ok()) return admitted.error();

  // Each bulletin read on its own; those that cannot be read keep their refusal.
  const auto count = static_cast<std::size_t>(requests.size());
  BatchItems items(count, v1::IngestBulletinResponse());
  std::vector<v1::ParseResult> parsed;
  std::vector<std::size_t> parsed_index;  // request index of parsed[k]
  const std::function<bool()> should_stop = call.stop_test();
  for (std::size_t i = 0; i < count; ++i) {
    if (should_stop()) return call_ended(call, "reading the bulletins");
    Outcome<v1::ParseResult> outcome =
        parse_request(requests[static_cast<int>(i)], limits_, "BatchIngestBulletins", should_stop);
    if (!outcome.ok()) {
      count_refusal(metrics_, outcome.error());
      items[i] = outcome.error();
      continue;
    }
    parsed.push_back(std::move(outcome).value());
    parsed_index.push_back(i);
  }
  std::vector<store::BulletinToIngest> to_store;
  to_store.reserve(parsed.size());
  for (std::size_t k = 0; k < parsed.size(); ++k) {
    to_store.push_back(store::BulletinToIngest{
        bulletin_input(requests[static_cast<int>(parsed_index[k])], parsed[k]), &parsed[k]});
  }

  CacheWriteGuard forget(cache_);
  const std::vector<store::IngestOutcome> outcomes =
      store_.ingest_batch(to_store, call.cancellable());
  std::vector<store::IngestResult> stored;
  std::vector<v1::IngestBulletinResponse*> stored_responses;
  for (std::size_t k = 0; k < outcomes.size(); ++k) {
    if (const auto* error = std::get_if<store::StoreError>(&outcomes[k])) {
      items[parsed_index[k]] = store_failure(
          *error, fmt::format("BatchIngestBulletins: bulletin {} of the call", parsed_index[k]));
      continue;
    }
    stored.push_back(std::get<store::IngestResult>(outcomes[k]));
    stored_responses.push_back(&items[parsed_index[k]].value());
    count_ingest(metrics_, stored.back(), parsed[k]);
  }
  forget.touched(touched_projects(stored));
  fill_ingest_responses(stored, call, stored_responses);
  return items;
}

Outcome<v1::ReparseBulletinsResponse> Bulletins::reparse(const std::vector<std::int64_t>& ids,
                                                         const Call& call) {
  const CacheWriteGuard forget(cache_);
  v1::ReparseBulletinsResponse response;
  const std::function<bool()> should_stop = call.stop_test();
  // The call's refusal when it must end here; nothing when the bulletin was reparsed or skipped.
  const auto reparse_one = [&](const store::StoredBulletin& bulletin) -> std::optional<Error> {
    const Outcome<HeavyCalls::Admission> admitted = admit(call, bulletin.raw_text.size());
    if (!admitted.ok()) return admitted.error();
    const Outcome<v1::ParseResult> outcome =
        parse_content(bulletin.raw_text, bulletin.source, &bulletin.publication_date, limits_,
                      "ReparseBulletins", should_stop);
    if (should_stop()) return call_ended(call, "the reparse");
    if (!outcome.ok()) {
      // A stored bulletin the current parser cannot read keeps its earlier observations.
      spdlog::warn("ReparseBulletins: bulletin {} skipped: {}", bulletin.id,
                   outcome.error().message());
      return std::nullopt;
    }
    // Each bulletin gets the time left on the call, not a share fixed up front.
    const store::ReparseResult result =
        store_.apply_reparse(bulletin.id, outcome.value(), call.cancellable());
    response.set_reparsed_count(response.reparsed_count() + 1);
    metrics_.projects_created(result.created_project_ids.size());
    metrics_.projects_updated(result.updated_project_ids.size());
    for (const std::string& id : result.updated_project_ids) {
      add_unique(response.mutable_updated_projects(), project_name(id));
    }
    for (const std::string& id : result.created_project_ids) {
      add_unique(response.mutable_created_projects(), project_name(id));
    }
    return std::nullopt;
  };

  if (!ids.empty()) {
    for (const std::int64_t id : ids) {
      if (auto ended = reparse_one(store_.get_bulletin(id, true, call.store))) return *ended;
    }
    return response;
  }
  std::int64_t after_id = 0;
  while (true) {
    if (call.caller_gone && call.caller_gone()) {
      return Error(ErrorKind::kCancelled, "CALL_CANCELLED", "the call was cancelled");
    }
    const std::vector<store::StoredBulletin> batch =
        store_.list_bulletins(after_id, kReparseBatch, call.store);
    if (batch.empty()) break;
    for (const store::StoredBulletin& bulletin : batch) {
      if (auto ended = reparse_one(bulletin)) return *ended;
    }
    after_id = batch.back().id;
  }
  return response;
}

}  // namespace investtrack::server::app
