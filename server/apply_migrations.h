// The migration runner on a connection the caller holds (tests that build a schema on their own
// connection); investtrackd goes through bring_schema_up_to_date (migrate.h). With the store, the
// one place outside server/store that names a libpqxx type.
#pragma once

#include <vector>

#include <pqxx/connection>

#include "server/migrate.h"

namespace investtrack::server {

// Applies the migrations not yet recorded in schema_migrations, in order, each in its own
// transaction, holding a session advisory lock so two servers starting at once do not both apply.
// Throws std::runtime_error when an applied migration's checksum differs from its file.
// Returns how many were applied.
int apply_migrations(pqxx::connection& conn, const std::vector<Migration>& migrations);

}  // namespace investtrack::server
