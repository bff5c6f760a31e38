// Edits: a person's corrections to a project (update with a field mask, delete, undelete).
#include <algorithm>

#include "entity_resolution.h"
#include "filter.h"
#include "project_store.h"
#include "project_store_internal.h"
#include "sql_statements.h"
#include "transaction.h"

namespace investtrack::store {
namespace {

using detail::exec;
using detail::run_transaction;
using namespace internal;  // NOLINT(google-build-using-namespace): the store's own shared parts

const std::vector<std::string>& top_level_editable() {
  static const std::vector<std::string> kPaths = {
      "display_name",  "aliases",     "organizations",    "location",
      "industry",      "capacities",  "total_investment", "total_investment_amount",
      "amounts",       "floor_area",  "land_area",        "status",
      "status_phrase", "ceremony",    "key_dates",        "level",
      "phases",        "project_code"};
  return kPaths;
}

std::vector<std::string> checked_mask(const std::vector<std::string>& requested) {
  if (requested.empty()) {
    throw StoreError(StoreErrorCode::kInvalidArgument, "the update mask names no field");
  }
  std::vector<std::string> paths;
  for (const std::string& path : requested) {
    if (path == "*") {
      for (const std::string& p : top_level_editable()) add_unique(paths, p);
      continue;
    }
    const auto& editable = ProjectStore::editable_paths();
    if (std::find(editable.begin(), editable.end(), path) == editable.end()) {
      throw StoreError(StoreErrorCode::kInvalidArgument,
                       "field \"" + path + "\" cannot be updated");
    }
    add_unique(paths, path);
  }
  return paths;
}

void check_etag(const rows::ProjectRow& row, const std::string& expected) {
  if (!expected.empty() && expected != row.project.etag()) {
    throw StoreError(StoreErrorCode::kAborted,
                     "the project changed since it was read (etag mismatch); read it again");
  }
}

v1::Project set_deleted(ConnectionPool& pool, const CallOptions& options, const std::string& id,
                        const std::string& expected_etag, const std::string& actor,
                        const std::string& reason, bool deleted) {
  return run_transaction(pool, options, [&](pqxx::work& work) {
    const rows::ProjectRow current = load_project(work, id, /*for_update=*/true);
    check_etag(current, expected_etag);
    if (current.project.has_delete_time() == deleted) {
      throw StoreError(
          StoreErrorCode::kFailedPrecondition,
          deleted ? "project " + id + " is already deleted" : "project " + id + " is not deleted");
    }
    exec(work, sql::kSetDeleted, id, deleted ? "true" : "false");
    exec(work, sql::kInsertEdit, id, actor, deleted ? "delete" : "undelete", "", nullptr, nullptr,
         reason);
    relink_phases(work, {id});
    return load_project(work, id, false).project;
  });
}

// The masked field alone, as JSON, for the edit log.
std::string field_json(const v1::Project& project, const std::string& path) {
  v1::Project only;
  copy_fields(project, {path}, &only);
  return rows::to_json(only);
}

}  // namespace

const std::vector<std::string>& ProjectStore::editable_paths() {
  static const std::vector<std::string> kPaths = [] {
    std::vector<std::string> paths = top_level_editable();
    for (const char* sub : {"province", "city", "county", "zone", "division_code"}) {
      paths.push_back(std::string("location.") + sub);
    }
    return paths;
  }();
  return kPaths;
}

v1::Project ProjectStore::update_project(const ProjectUpdate& update, const CallOptions& options) {
  const std::string id = project_id_of(update.project_id);
  const std::vector<std::string> paths = checked_mask(update.update_mask);
  if (update.actor.empty()) {
    throw StoreError(StoreErrorCode::kInvalidArgument, "an edit needs the editor's name");
  }
  if (std::find(paths.begin(), paths.end(), "display_name") != paths.end() &&
      normalize_name_key(update.values.display_name()).empty()) {
    throw StoreError(StoreErrorCode::kInvalidArgument, "display_name must not be empty");
  }
  if (!v1::ProjectStatus_IsValid(update.values.status())) {
    throw StoreError(StoreErrorCode::kInvalidArgument, "status has an unknown value");
  }
  return run_transaction(pool_, options, [&](pqxx::work& work) {
    const rows::ProjectRow current = load_project(work, id, /*for_update=*/true);
    if (current.project.has_delete_time()) {
      throw StoreError(StoreErrorCode::kFailedPrecondition,
                       "project " + id + " is deleted; undelete it first");
    }
    check_etag(current, update.expected_etag);
    v1::Project updated = current.project;
    copy_fields(update.values, paths, &updated);
    std::vector<std::string> manual = current.manual_fields;
    std::string status_date = current.status_date;
    bool changed = false;
    for (const std::string& path : paths) {
      const std::string before = field_json(current.project, path);
      const std::string after = field_json(updated, path);
      add_unique(manual, path);
      if (before == after) continue;
      changed = true;
      exec(work, sql::kInsertEdit, id, update.actor, "update", path, before, after, update.reason);
      if (path == "status") {
        exec(work, sql::kInsertManualStatus, id, status_key(updated.status()),
             updated.status_phrase(), update.reason);
      }
    }
    if (std::find(paths.begin(), paths.end(), "status") != paths.end() && changed) {
      status_date = work.exec1("SELECT current_date::text")[0].as<std::string>();
    }
    write_project(work, id, updated, status_date, manual, false, /*bump=*/true);
    if (std::find(paths.begin(), paths.end(), "display_name") != paths.end()) {
      exec(work, sql::kAddAlias, normalize_name_key(updated.display_name()), id);
    }
    return load_project(work, id, false).project;
  });
}

v1::Project ProjectStore::delete_project(const std::string& project_id,
                                         const std::string& expected_etag, const std::string& actor,
                                         const std::string& reason, const CallOptions& options) {
  return set_deleted(pool_, options, project_id_of(project_id), expected_etag, actor, reason, true);
}

v1::Project ProjectStore::undelete_project(const std::string& project_id,
                                           const std::string& expected_etag,
                                           const std::string& actor, const std::string& reason,
                                           const CallOptions& options) {
  return set_deleted(pool_, options, project_id_of(project_id), expected_etag, actor, reason,
                     false);
}

}  // namespace investtrack::store
