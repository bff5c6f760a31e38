#include "name_key_upgrade.h"

#include <string>
#include <vector>

#include "entity_resolution.h"
#include "project_rows.h"
#include "sql_statements.h"
#include "transaction.h"

namespace investtrack::store {
namespace {

using detail::exec;

constexpr std::string_view kSettingName = "name_key_version";
constexpr int kBatchSize = 2000;

}  // namespace

std::size_t upgrade_name_keys(pqxx::connection& conn) {
  // libpqxx 6 binds std::string, not string_view.
  const std::string setting(kSettingName);
  const std::string version(kNameKeyVersion);
  pqxx::work work(conn);
  exec(work, sql::kEnsureSetting, setting);
  if (exec(work, sql::kLockSetting, setting).at(0)[0].as<std::string>() == version) {
    work.commit();
    return 0;
  }
  std::size_t seen = 0;
  std::string last_id;
  for (;;) {
    const pqxx::result rows = exec(work, sql::kProjectNamesAfter, last_id, kBatchSize);
    if (rows.empty()) break;
    std::vector<std::string> ids, name_keys, alias_keys, alias_ids;
    for (const pqxx::row& row : rows) {
      v1::Project project;
      const auto id = row[0].as<std::string>();
      project.set_display_name(row[1].as<std::string>());
      for (std::string& alias : rows::from_array(row[2])) project.add_aliases(std::move(alias));
      for (std::string& org : rows::from_array(row[3])) project.add_organizations(std::move(org));
      project.mutable_location()->set_city(row[4].as<std::string>());
      project.set_project_code(row[5].as<std::string>());
      EntityFacts facts = facts_of(project);
      ids.push_back(id);
      name_keys.push_back(facts.name_key);
      for (std::string& key : facts.alias_keys) {
        if (key.empty()) continue;
        alias_keys.push_back(std::move(key));
        alias_ids.push_back(id);
      }
      last_id = id;
    }
    seen += rows.size();
    exec(work, sql::kSetNameKeys, rows::to_array_literal(ids), rows::to_array_literal(name_keys));
    exec(work, sql::kAddAliases, rows::to_array_literal(alias_keys),
         rows::to_array_literal(alias_ids));
  }
  exec(work, sql::kSetSetting, setting, version);
  work.commit();
  return seen;
}

}  // namespace investtrack::store
