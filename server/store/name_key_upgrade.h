// Keeps a register's stored name keys in step with the code that computes them.
//
// Entity resolution finds stored projects by keys computed from their names (entity_resolution.h):
// when that function changes (version 2 folded traditional script and added derived keys, 3 added
// units of a project to the parts of the works, 4 keyed the project code, 5 added province-level
// core keys), a register written before would keep the old keys, and a mention written the new
// way would miss projects it used to find. The server therefore recomputes every project's keys
// once, at start, when the register records an older version.
#pragma once

#include <cstddef>
#include <string_view>

#include <pqxx/pqxx>

namespace investtrack::store {

// The version of normalize_name_key / derived_keys the stored keys follow. Raise it whenever
// either changes what it returns for some name.
inline constexpr std::string_view kNameKeyVersion = "5";

// Recomputes the name key and the alias keys of every project (deleted ones too) when the
// register's recorded version differs from kNameKeyVersion, then records it. New keys are added
// beside the old ones, which stay (they still lead to the right project, and may be the owner
// claims of names); changed name keys are no visible change (no new version, nothing for
// watchers). One transaction, so a failure leaves the register as it was and the next start
// tries again. Returns the number of projects whose keys it looked at (0 when current).
std::size_t upgrade_name_keys(pqxx::connection& conn);

}  // namespace investtrack::store
