#include "server/app/resources.h"

#include <charconv>

#include <google/protobuf/util/time_util.h>

#include "server/app/outcome.h"
#include "server/store/stored_values.h"

namespace investtrack::server::app {
namespace {

constexpr std::size_t kMaxIdLength = 64;

std::string_view strip_prefix(std::string_view name, std::string_view prefix,
                              std::string_view field) {
  if (name.substr(0, prefix.size()) != prefix || name.size() == prefix.size()) {
    throw invalid_argument(std::string(field), std::string(field) + " must look like " +
                                                   std::string(prefix) + "{id}, not \"" +
                                                   std::string(name.substr(0, 200)) + "\"");
  }
  return name.substr(prefix.size());
}

std::int64_t numeric_id(std::string_view name, std::string_view prefix, std::string_view field) {
  const std::string_view id = strip_prefix(name, prefix, field);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
  if (error != std::errc() || end != id.data() + id.size() || value <= 0) {
    throw invalid_argument(std::string(field), std::string(field) + ": \"" +
                                                   std::string(id.substr(0, 200)) +
                                                   "\" is not a valid id (a positive integer)");
  }
  return value;
}

}  // namespace

std::string project_id_from_name(std::string_view name, std::string_view field) {
  const std::string_view id = strip_prefix(name, kProjectsPrefix, field);
  const bool valid =
      id.size() <= kMaxIdLength &&
      id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string_view::npos;
  if (!valid) {
    throw invalid_argument(
        std::string(field),
        std::string(field) + ": \"" + std::string(id.substr(0, 200)) +
            "\" is not a valid project id (lower-case letters, digits, - and _)");
  }
  return std::string(id);
}

std::int64_t bulletin_id_from_name(std::string_view name, std::string_view field) {
  return numeric_id(name, kBulletinsPrefix, field);
}

std::int64_t merge_id_from_name(std::string_view name, std::string_view field) {
  return numeric_id(name, kMergesPrefix, field);
}

void set_timestamp(std::string_view rfc3339, google::protobuf::Timestamp* timestamp) {
  if (rfc3339.empty()) return;
  if (!google::protobuf::util::TimeUtil::FromString(std::string(rfc3339), timestamp)) {
    timestamp->Clear();
  }
}

v1::Bulletin to_bulletin(const store::StoredBulletin& stored, bool with_content) {
  v1::Bulletin bulletin;
  bulletin.set_name(bulletin_name(stored.id));
  bulletin.set_source(stored.source);
  if (stored.publication_date.year() != 0) {
    *bulletin.mutable_publication_date() = stored.publication_date;
  }
  bulletin.set_content_hash(stored.content_hash);
  set_timestamp(stored.ingested_time, bulletin.mutable_ingest_time());
  if (with_content) bulletin.set_content(stored.raw_text);
  return bulletin;
}

v1::ProjectEvent to_event(const store::ProjectEvent& event) {
  v1::ProjectEvent out;
  switch (event.kind) {
    case store::ProjectEvent::Kind::kObservation:
      out.set_kind(v1::ProjectEvent::KIND_OBSERVATION);
      break;
    case store::ProjectEvent::Kind::kStatusChange:
      out.set_kind(v1::ProjectEvent::KIND_STATUS_CHANGE);
      break;
    case store::ProjectEvent::Kind::kEdit:
      out.set_kind(v1::ProjectEvent::KIND_EDIT);
      break;
  }
  set_timestamp(event.time, out.mutable_event_time());
  if (!event.date.empty()) *out.mutable_date() = store::rows::from_iso_date(event.date);
  out.set_status(event.status);
  out.set_status_phrase(event.status_phrase);
  if (event.bulletin_id > 0) out.set_bulletin(bulletin_name(event.bulletin_id));
  if (!event.evidence_sentence.empty()) {
    v1::Evidence* evidence = out.mutable_evidence();
    evidence->set_field("status");
    evidence->set_sentence(event.evidence_sentence);
    evidence->set_begin_offset(event.evidence_begin);
    evidence->set_end_offset(event.evidence_end);
  }
  out.set_match_rule(event.match_rule);
  out.set_match_confidence(event.match_confidence);
  out.set_actor(event.actor);
  out.set_field_path(event.field_path);
  out.set_old_value(event.old_value);
  out.set_new_value(event.new_value);
  out.set_reason(event.reason);
  if (event.total_investment) *out.mutable_total_investment() = *event.total_investment;
  return out;
}

v1::ReviewItem to_review_item(const store::ReviewItem& item) {
  v1::ReviewItem out;
  out.set_name(review_item_name(item.id));
  out.set_project(project_name(item.project_id));
  out.set_candidate_project(project_name(item.candidate_project_id));
  out.set_rule(item.rule);
  out.set_score(item.score);
  out.set_reason(item.reason);
  out.set_state(item.state);
  set_timestamp(item.create_time, out.mutable_create_time());
  return out;
}

}  // namespace investtrack::server::app
