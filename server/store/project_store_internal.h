// What ProjectStore's use cases share; not part of the store's interface. Common parts in
// project_store.cc, folding in project_fold.cc; the use cases are project_ingest.cc,
// project_edits.cc, project_merges.cc, project_reads.cc and register_reads.cc.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "investtrack/v1/project.pb.h"
#include "project_rows.h"

namespace investtrack::store::internal {

// The id of a project given by id or by resource name (projects/{id}).
std::string project_id_of(const std::string& id_or_name);
[[noreturn]] void not_found(const std::string& id);

// Throws StoreError kNotFound when there is no such project (deleted ones are found).
rows::ProjectRow load_project(pqxx::transaction_base& work, const std::string& id, bool for_update);
// Writes every column from `project`. bump: whether this is a visible change (version, update
// time, watchers).
void write_project(pqxx::work& work, const std::string& id, const v1::Project& project,
                   const std::string& status_date, const std::vector<std::string>& manual_fields,
                   bool flag_for_review, bool bump);
// Copies the masked fields of `from` over `to`, replacing (not appending to) repeated fields.
void copy_fields(const v1::Project& from, const std::vector<std::string>& paths, v1::Project* to);
void add_unique(std::vector<std::string>& list, const std::string& value);
// Links the phases of `projects` again by name after a merge, split, delete or undelete.
void relink_phases(pqxx::work& work, const std::vector<std::string>& projects);

// --- folding (project_fold.cc) ----------------------------------------------------------------

struct Observation {
  v1::Project fields;
  std::string date;  // ISO or empty
};

// The register's view of a project from its observations, oldest first.
v1::Project fold(const std::vector<Observation>& observations, std::string* status_date);

// (name key, project) pairs to add to project_aliases in one statement at the end.
using AliasRows = std::vector<std::pair<std::string, std::string>>;
// Every key the project is found by: its names' keys and their derived_keys.
void collect_aliases(const std::string& id, const v1::Project& project, AliasRows& aliases);
// kAddAliases' two parameters (keys, projects) for the rows, appended to `parameters`.
void append_alias_parameters(AliasRows aliases, std::vector<std::string>& parameters);
void add_aliases(pqxx::work& work, AliasRows aliases);

// The new observations of the projects a group of bulletins touched (id -> observations in fold
// order).
using IncomingObservations = std::map<std::string, std::vector<Observation>>;

// The bulletins being ingested, for refresh_projects to fold incrementally.
struct IncomingBulletins {
  std::vector<std::string> ids;  // decimal
  const IncomingObservations* observations = nullptr;
};

// Recomputes existing projects (id -> whether to flag it for review) from their observations;
// see project_fold.cc.
void refresh_projects(pqxx::work& work, const std::map<std::string, bool>& projects, bool bump,
                      AliasRows& aliases, const IncomingBulletins& bulletins = {});
// Recomputes one project (merges and splits).
void refresh_project(pqxx::work& work, const std::string& id, bool flag_for_review, bool bump);

}  // namespace investtrack::store::internal
