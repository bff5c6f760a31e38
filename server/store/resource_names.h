// How the API names the register's resources: projects/{id}, bulletins/{id}, merges/{id},
// reviewItems/{id}. The one place a name is built. The store builds the Project messages it reads,
// names included, so the builders live beside it; server/app/resources.* parses names from
// requests (with the API's validation) using the same prefixes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace investtrack::store {

// What every name of a collection starts with.
inline constexpr std::string_view kProjectsPrefix = "projects/";
inline constexpr std::string_view kBulletinsPrefix = "bulletins/";
inline constexpr std::string_view kMergesPrefix = "merges/";
inline constexpr std::string_view kReviewItemsPrefix = "reviewItems/";

inline std::string project_name(std::string_view id) {
  return std::string(kProjectsPrefix).append(id);
}
inline std::string bulletin_name(std::int64_t id) {
  return std::string(kBulletinsPrefix) + std::to_string(id);
}
inline std::string merge_name(std::int64_t id) {
  return std::string(kMergesPrefix) + std::to_string(id);
}
inline std::string review_item_name(std::int64_t id) {
  return std::string(kReviewItemsPrefix) + std::to_string(id);
}

}  // namespace investtrack::store
