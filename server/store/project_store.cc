// What the store's use cases share (project_store_internal.h): project ids, loading and writing
// one project row, field masks, phase links. The use cases themselves: project_ingest.cc (with
// project_fold.cc), project_edits.cc, project_merges.cc, project_reads.cc and register_reads.cc.
#include <algorithm>

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/util/field_mask_util.h>

#include "project_store_internal.h"
#include "resource_names.h"
#include "sql_statements.h"
#include "transaction.h"

namespace investtrack::store::internal {
namespace {

using google::protobuf::util::FieldMaskUtil;

google::protobuf::FieldMask mask_of(const std::vector<std::string>& paths) {
  google::protobuf::FieldMask mask;
  for (const std::string& path : paths) mask.add_paths(path);
  return mask;
}

}  // namespace

using detail::exec;

std::string project_id_of(const std::string& id_or_name) {
  if (id_or_name.rfind(kProjectsPrefix, 0) == 0) {
    return id_or_name.substr(kProjectsPrefix.size());
  }
  return id_or_name;
}

[[noreturn]] void not_found(const std::string& id) {
  throw StoreError(StoreErrorCode::kNotFound, "project " + id + " does not exist");
}

rows::ProjectRow load_project(pqxx::transaction_base& work, const std::string& id,
                              bool for_update) {
  const pqxx::result result =
      exec(work, for_update ? sql::kSelectProjectForUpdate : sql::kSelectProject, id);
  if (result.empty()) not_found(id);
  return rows::project_from_row(result[0]);
}

void write_project(pqxx::work& work, const std::string& id, const v1::Project& project,
                   const std::string& status_date, const std::vector<std::string>& manual_fields,
                   bool flag_for_review, bool bump) {
  rows::ProjectWrites write;
  write.add(id, project, status_date, manual_fields, flag_for_review, bump);
  std::vector<std::string> parameters;
  write.append_parameters(parameters);
  exec(work, sql::kWriteProjects, pqxx::prepare::make_dynamic_params(parameters));
}

// Copies the masked fields of `from` over `to`, replacing (not appending to) repeated fields.
void copy_fields(const v1::Project& from, const std::vector<std::string>& paths, v1::Project* to) {
  if (paths.empty()) return;
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(from, mask_of(paths), options, to);
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// Phases point at live records only. After a merge, split, delete or undelete touching `projects`,
// the phases that pointed at any of them are linked again by name (kLinkPhases): to a merge's
// survivor, which now holds the merged names; back to a split-off source; to no one when their
// project is deleted; and the unlinked phases of an undeleted project's names find it again.
void relink_phases(pqxx::work& work, const std::vector<std::string>& projects) {
  std::vector<std::string> touched = projects;
  for (const pqxx::row& row : exec(work, sql::kUnlinkPhasesOf, rows::to_array_literal(projects))) {
    touched.push_back(row[0].as<std::string>());
  }
  exec(work, sql::kLinkPhases, rows::to_array_literal(touched));
}

}  // namespace investtrack::store::internal
