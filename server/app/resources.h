// The one place resource names are built and parsed (projects/{id}, bulletins/{id}, merges/{id},
// reviewItems/{id}), and the conversions of the store's values to the messages the API returns.
// (The store names the projects it reads itself: it builds the Project messages.)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <google/protobuf/timestamp.pb.h>

#include "investtrack/v1/bulletin_service.pb.h"
#include "investtrack/v1/project_service.pb.h"
#include "server/store/project_store.h"

namespace investtrack::server::app {

// What every name of a collection starts with.
inline constexpr std::string_view kProjectsPrefix = "projects/";
inline constexpr std::string_view kBulletinsPrefix = "bulletins/";
inline constexpr std::string_view kMergesPrefix = "merges/";
inline constexpr std::string_view kReviewItemsPrefix = "reviewItems/";

// projects/{project}: the id, lower-case letters, digits, '-' and '_', at most 64 characters.
// `field` names the request field in the error (Error INVALID_ARGUMENT, thrown).
std::string project_id_from_name(std::string_view name, std::string_view field);
// bulletins/{bulletin}, merges/{merge}: positive integer ids.
std::int64_t bulletin_id_from_name(std::string_view name, std::string_view field);
std::int64_t merge_id_from_name(std::string_view name, std::string_view field);

std::string project_name(std::string_view id);
std::string bulletin_name(std::int64_t id);
std::string merge_name(std::int64_t id);
std::string review_item_name(std::int64_t id);

// RFC 3339 text from the store (2023-10-24T08:00:00.000000Z) as a Timestamp; unset when empty.
void set_timestamp(std::string_view rfc3339, google::protobuf::Timestamp* timestamp);

v1::Bulletin to_bulletin(const store::StoredBulletin& stored, bool with_content);
v1::ProjectEvent to_event(const store::ProjectEvent& event);
v1::ReviewItem to_review_item(const store::ReviewItem& item);

}  // namespace investtrack::server::app
