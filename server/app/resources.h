// Resource names parsed from requests with the API's validation (projects/{id}, bulletins/{id},
// merges/{id}; the names themselves and their builders are server/store/resource_names.h, since the
// store builds the Project messages it reads), and the conversions of the store's values to the
// messages the API returns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <google/protobuf/timestamp.pb.h>

#include "investtrack/v1/bulletin_service.pb.h"
#include "investtrack/v1/project_service.pb.h"
#include "server/store/project_store.h"
#include "server/store/resource_names.h"

namespace investtrack::server::app {

using store::bulletin_name;
using store::kBulletinsPrefix;
using store::kMergesPrefix;
using store::kProjectsPrefix;
using store::kReviewItemsPrefix;
using store::merge_name;
using store::project_name;
using store::review_item_name;

// projects/{project}: the id, lower-case letters, digits, '-' and '_', at most 64 characters.
// `field` names the request field in the error (Error INVALID_ARGUMENT, thrown).
std::string project_id_from_name(std::string_view name, std::string_view field);
// bulletins/{bulletin}, merges/{merge}: positive integer ids.
std::int64_t bulletin_id_from_name(std::string_view name, std::string_view field);
std::int64_t merge_id_from_name(std::string_view name, std::string_view field);

// RFC 3339 text from the store (2023-10-24T08:00:00.000000Z) as a Timestamp; unset when empty.
void set_timestamp(std::string_view rfc3339, google::protobuf::Timestamp* timestamp);

v1::Bulletin to_bulletin(const store::StoredBulletin& stored, bool with_content);
v1::ProjectEvent to_event(const store::ProjectEvent& event);
v1::ReviewItem to_review_item(const store::ReviewItem& item);

}  // namespace investtrack::server::app
