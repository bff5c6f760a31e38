// AIP-160 filters and AIP-132 order_by for projects, parsed into the store's typed FilterExpr.
// Pure functions: no server or database needed, so they are unit-tested on their own.
#pragma once

#include <optional>
#include <string_view>

#include "server/store/filter.h"
#include "server/store/project_store.h"

namespace investtrack::server::api {

// Longest filter accepted; longer ones are INVALID_ARGUMENT before tokenizing.
inline constexpr std::size_t kMaxFilterBytes = 8192;

// Grammar (AIP-160, with its precedence: OR binds tighter than AND):
//   expression  = sequence { "AND" sequence }
//   sequence    = factor { factor }              (juxtaposition means AND)
//   factor      = term { "OR" term }
//   term        = [ "NOT" | "-" ] simple
//   simple      = field comparator value | "(" expression ")"
//   comparator  = "=" | "!=" | "<" | "<=" | ">" | ">=" | ":"
// Values: "double-quoted strings" (\" and \\ escapes), bare words, numbers, enum names
// (UNDER_CONSTRUCTION or PROJECT_STATUS_UNDER_CONSTRUCTION), true/false, RFC 3339 timestamps
// (quoted or bare). Fields: status, province, city, county, zone, division_code, industry,
// level, organization (also organizations), display_name, total_investment (yuan),
// create_time, update_time, needs_review; location.city etc. are accepted for the location
// fields. `:` means "contains" for text, "has an organization containing" for organization and
// "starts with" for division_code.
//
// Returns nullopt for an empty or all-blank filter. Throws app::Error INVALID_ARGUMENT naming the
// field or the position (1-based character column) of the problem.
std::optional<store::FilterExpr> parse_filter(std::string_view text);

// "field" or "field desc" / "field asc": update_time, create_time, display_name, total_investment.
// Empty = create_time ascending. Only one field: the store pages by one key plus the id.
store::ProjectOrder parse_order_by(std::string_view text);

}  // namespace investtrack::server::api
