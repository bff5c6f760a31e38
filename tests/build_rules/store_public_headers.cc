// The store's public headers: what code outside server/store may include. Compiled where an
// include of libpqxx is an error (tests/build_rules/CMakeLists.txt), so none of them may bring it
// along. The others (transaction.h, pooled_connection.h, project_rows.h,
// project_store_internal.h, sql_statements.h, project_table.h, name_key_upgrade.h, ...) are the
// store's own.
#include "server/store/call_options.h"
#include "server/store/change_feed.h"
#include "server/store/change_listener.h"
#include "server/store/connection_pool.h"
#include "server/store/database_ping.h"
#include "server/store/entity_resolution.h"
#include "server/store/filter.h"
#include "server/store/project_store.h"
#include "server/store/resource_names.h"
#include "server/store/store_error.h"
#include "server/store/stored_values.h"
