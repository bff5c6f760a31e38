// Resource names and the conversions the services share: names to ids, store values to messages,
// page sizes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <google/protobuf/timestamp.pb.h>

#include "investtrack/v1/bulletin_service.pb.h"
#include "investtrack/v1/project_service.pb.h"
#include "server/store/project_store.h"

namespace investtrack::server::api {

// Default and largest page sizes of every List call (AIP-158).
inline constexpr int kDefaultPageSize = 50;

// 0 -> default_size, above store::kMaxPageSize -> store::kMaxPageSize, negative -> ApiError
// INVALID_ARGUMENT.
int effective_page_size(int requested, int default_size = kDefaultPageSize);

// projects/{project}: the id, lower-case letters, digits, '-' and '_', at most 64 characters.
// `field` names the request field in the error.
std::string project_id_from_name(std::string_view name, std::string_view field);
// bulletins/{bulletin}, merges/{merge}: positive integer ids.
std::int64_t bulletin_id_from_name(std::string_view name, std::string_view field);
std::int64_t merge_id_from_name(std::string_view name, std::string_view field);

std::string bulletin_name(std::int64_t id);
std::string merge_name(std::int64_t id);

// RFC 3339 text from the store (2023-10-24T08:00:00.000000Z) as a Timestamp; unset when empty.
void set_timestamp(std::string_view rfc3339, google::protobuf::Timestamp* timestamp);

v1::Bulletin to_bulletin(const store::StoredBulletin& stored, bool with_content);
v1::ProjectEvent to_event(const store::ProjectEvent& event);

}  // namespace investtrack::server::api
