// Resource names as the user types them (`projects/abc` or just `abc`) -> the full name the API
// expects.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace investtrack::client {

// `collection/id` or a bare `id` -> `collection/id`; nullopt when the id is empty or contains a
// slash or whitespace (a different collection, a typo), so the mistake is reported locally.
std::optional<std::string> full_resource_name(std::string_view collection, std::string_view text);

}  // namespace investtrack::client
