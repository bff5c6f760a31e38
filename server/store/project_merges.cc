// Merges and splits: moving a project's observations, status history and names into another and
// back, recorded so that a split undoes a merge exactly.
#include <algorithm>
#include <cstdio>
#include <map>

#include "project_store.h"
#include "project_store_internal.h"
#include "resource_names.h"
#include "sql_statements.h"
#include "transaction.h"

namespace investtrack::store {
namespace {

using detail::exec;
using detail::exec1;
using detail::run_transaction;
using namespace internal;  // NOLINT(google-build-using-namespace): the store's own shared parts

// A JSON string literal; ids and names are the only text that goes into the merge edit log.
std::string json_quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string merge_edit_json(std::int64_t merge_id, const std::string& survivor,
                            const std::vector<std::string>& sources) {
  std::string json = "{\"merge\": " + json_quoted(merge_name(merge_id)) +
                     ", \"project\": " + json_quoted(project_name(survivor)) + ", \"sources\": [";
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (i > 0) json += ", ";
    json += json_quoted(project_name(sources[i]));
  }
  return json + "]}";
}

std::vector<std::string> column_strings(const pqxx::result& result) {
  std::vector<std::string> values;
  values.reserve(result.size());
  for (const pqxx::row& row : result) values.push_back(row[0].as<std::string>());
  return values;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Locks the projects in id order (so concurrent merges cannot deadlock) and loads them.
std::map<std::string, rows::ProjectRow> lock_projects(pqxx::work& work,
                                                      const std::vector<std::string>& ids) {
  exec(work, sql::kLockProjects, rows::to_array_literal(ids));
  std::map<std::string, rows::ProjectRow> loaded;
  for (const std::string& id : ids) loaded.emplace(id, load_project(work, id, false));
  return loaded;
}

}  // namespace

MergeResult ProjectStore::merge_projects(const std::string& survivor_name,
                                         const std::vector<std::string>& source_names,
                                         const std::string& actor, const std::string& reason,
                                         const CallOptions& options) {
  const std::string survivor = project_id_of(survivor_name);
  std::vector<std::string> sources;
  for (const std::string& name : source_names) {
    const std::string id = project_id_of(name);
    if (id == survivor) {
      throw StoreError(StoreErrorCode::kInvalidArgument,
                       "project " + id + " cannot be merged into itself");
    }
    if (contains(sources, id)) {
      throw StoreError(StoreErrorCode::kInvalidArgument, "project " + id + " is listed twice");
    }
    sources.push_back(id);
  }
  if (sources.empty()) {
    throw StoreError(StoreErrorCode::kInvalidArgument, "a merge needs at least one source project");
  }
  if (actor.empty()) throw StoreError(StoreErrorCode::kInvalidArgument, "a merge needs an actor");

  return run_transaction(pool_, options, [&](pqxx::work& work) {
    std::vector<std::string> all = sources;
    all.push_back(survivor);
    const std::map<std::string, rows::ProjectRow> loaded = lock_projects(work, all);
    for (const auto& [id, row] : loaded) {
      if (row.project.has_delete_time()) {
        throw StoreError(StoreErrorCode::kFailedPrecondition,
                         "project " + id + " is deleted; undelete it before merging");
      }
    }
    std::vector<std::string> survivor_keys;
    std::vector<std::string> survivor_owned;
    for (const pqxx::row& row : exec(work, sql::kAliasesOf, survivor)) {
      survivor_keys.push_back(row[0].as<std::string>());
      if (row[1].as<bool>()) survivor_owned.push_back(row[0].as<std::string>());
    }
    const auto merge_id =
        exec1(work, sql::kInsertMerge, survivor, rows::to_array_literal(survivor_keys),
              rows::to_array_literal(survivor_owned), actor, reason)[0]
            .as<std::int64_t>();
    const std::string edit = merge_edit_json(merge_id, survivor, sources);
    for (const std::string& source : sources) {
      const std::vector<std::string> observations =
          column_strings(exec(work, sql::kObservationIdsOf, source));
      const std::vector<std::string> history =
          column_strings(exec(work, sql::kStatusHistoryIdsOf, source));
      std::vector<std::string> keys;
      std::vector<std::string> owned;
      for (const pqxx::row& row : exec(work, sql::kAliasesOf, source)) {
        keys.push_back(row[0].as<std::string>());
        if (row[1].as<bool>()) owned.push_back(row[0].as<std::string>());
      }
      exec(work, sql::kMoveObservations, rows::to_array_literal(observations), survivor);
      exec(work, sql::kMoveStatusHistory, rows::to_array_literal(history), survivor);
      for (const std::string& key : keys) {
        // Delete first: the owner index allows one owner per key at any moment.
        exec(work, sql::kDeleteAlias, key, source);
        exec(work, sql::kPutAlias, key, survivor, contains(owned, key) ? "true" : "false");
      }
      exec(work, sql::kInsertMergeSource, merge_id, source, rows::to_array_literal(observations),
           rows::to_array_literal(history), rows::to_array_literal(keys),
           rows::to_array_literal(owned));
      exec(work, sql::kMarkMerged, source, survivor);
      exec(work, sql::kInsertMergeEdit, source, actor, "merge", edit, reason);
    }
    exec(work, sql::kInsertMergeEdit, survivor, actor, "merge", edit, reason);
    refresh_project(work, survivor, false, /*bump=*/true);
    relink_phases(work, all);
    MergeResult result;
    result.merge_id = merge_id;
    result.survivor = load_project(work, survivor, false).project;
    return result;
  });
}

std::vector<v1::Project> ProjectStore::split_project(const std::string& survivor_name,
                                                     std::int64_t merge_id,
                                                     const std::string& actor,
                                                     const std::string& reason,
                                                     const CallOptions& options) {
  const std::string survivor = project_id_of(survivor_name);
  if (actor.empty()) throw StoreError(StoreErrorCode::kInvalidArgument, "a split needs an actor");
  return run_transaction(pool_, options, [&](pqxx::work& work) {
    const pqxx::result merge = exec(work, sql::kLockMerge, merge_id);
    if (merge.empty()) {
      throw StoreError(StoreErrorCode::kNotFound,
                       "merge " + std::to_string(merge_id) + " does not exist");
    }
    if (merge[0][0].as<std::string>() != survivor) {
      throw StoreError(
          StoreErrorCode::kFailedPrecondition,
          "merge " + std::to_string(merge_id) + " did not go into project " + survivor);
    }
    if (merge[0][3].as<bool>()) {
      throw StoreError(StoreErrorCode::kFailedPrecondition,
                       "merge " + std::to_string(merge_id) + " was already split");
    }
    const std::vector<std::string> survivor_keys = rows::from_array(merge[0][1]);
    const std::vector<std::string> survivor_owned = rows::from_array(merge[0][2]);

    struct Moved {
      std::string source;
      std::string observations;
      std::string history;
      std::vector<std::string> keys;
      std::vector<std::string> owned;
    };
    std::vector<Moved> moved;
    for (const pqxx::row& row : exec(work, sql::kMergeSources, merge_id)) {
      moved.push_back(Moved{row[0].as<std::string>(), row[1].as<std::string>(),
                            row[2].as<std::string>(), rows::from_array(row[3]),
                            rows::from_array(row[4])});
    }
    std::vector<std::string> all{survivor};
    for (const Moved& m : moved) all.push_back(m.source);
    lock_projects(work, all);

    std::vector<std::string> sources;
    sources.reserve(moved.size());
    for (const Moved& m : moved) sources.push_back(m.source);
    const std::string edit = merge_edit_json(merge_id, survivor, sources);
    for (const Moved& m : moved) {
      exec(work, sql::kMoveObservations, m.observations, m.source);
      exec(work, sql::kMoveStatusHistory, m.history, m.source);
      for (const std::string& key : m.keys) {
        const bool source_owned = contains(m.owned, key);
        if (!contains(survivor_keys, key)) {
          exec(work, sql::kDeleteAlias, key, survivor);
        } else if (source_owned && !contains(survivor_owned, key)) {
          exec(work, sql::kDisownAlias, key, survivor);
        }
        exec(work, sql::kPutAlias, key, m.source, source_owned ? "true" : "false");
      }
      exec(work, sql::kClearMerged, m.source);
      exec(work, sql::kInsertMergeEdit, m.source, actor, "split", edit, reason);
    }
    exec(work, sql::kInsertMergeEdit, survivor, actor, "split", edit, reason);
    exec(work, sql::kMarkMergeSplit, merge_id, actor);
    relink_phases(work, all);
    std::vector<v1::Project> projects;
    for (const std::string& id : all) {
      refresh_project(work, id, false, /*bump=*/true);
      projects.push_back(load_project(work, id, false).project);
    }
    return projects;
  });
}

}  // namespace investtrack::store
