// Folding a project's observations into its fields, and recomputing stored projects from them
// (ingest, reparse, merges and splits).
#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include <google/protobuf/util/message_differencer.h>

#include "entity_resolution.h"
#include "filter.h"
#include "project_store_internal.h"
#include "sql_statements.h"
#include "transaction.h"

namespace investtrack::store::internal {
namespace {

using detail::exec;

// Whether folding `incoming` onto the stored fields gives what folding all observations would,
// as far as the client can tell: manual fields replace folded values (the stored ones are not a
// fold then), and a longer name would become the display name, which moves the old one into
// the aliases at a position only the full fold knows. The server checks the remaining
// condition, that the new observations sort after the stored ones (kObservationsToRefold).
bool can_fold_onto_stored(const rows::ProjectRow& current,
                          const std::vector<Observation>& incoming) {
  if (!current.manual_fields.empty()) return false;
  const std::size_t name_length = code_point_count(current.project.display_name());
  return std::none_of(incoming.begin(), incoming.end(), [&](const Observation& o) {
    return code_point_count(o.fields.display_name()) > name_length;
  });
}

}  // namespace

// --- folding observations into the project --------------------------------------------------

// The register's view of a project from all its observations, oldest first: each field takes
// the latest observation that states it, so a late-arriving older bulletin never rolls anything
// back; names and organizations accumulate.
v1::Project fold(const std::vector<Observation>& observations, std::string* status_date) {
  v1::Project merged;
  std::vector<std::string> names;
  std::vector<std::string> organizations;
  std::map<std::string, v1::KeyDate> key_dates;
  std::map<std::string, v1::Evidence> evidence;
  std::string best_name;
  const auto add_unique = [](std::vector<std::string>& list, const std::string& value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) {
      list.push_back(value);
    }
  };
  for (const Observation& observation : observations) {
    const v1::Project& m = observation.fields;
    add_unique(names, m.display_name());
    for (const std::string& alias : m.aliases()) add_unique(names, alias);
    for (const std::string& org : m.organizations()) add_unique(organizations, org);
    const v1::Location& place = m.location();
    if (!place.province().empty() || !place.city().empty() || !place.county().empty() ||
        !place.division_code().empty() || !place.zone().empty()) {
      *merged.mutable_location() = place;
    }
    if (!m.industry().empty()) merged.set_industry(m.industry());
    if (!m.level().empty()) merged.set_level(m.level());
    if (!m.project_code().empty()) merged.set_project_code(m.project_code());
    if (m.has_total_investment()) {
      *merged.mutable_total_investment() = m.total_investment();
      if (m.has_total_investment_amount()) {
        *merged.mutable_total_investment_amount() = m.total_investment_amount();
      } else {
        merged.clear_total_investment_amount();
      }
    }
    if (m.capacities_size() > 0) *merged.mutable_capacities() = m.capacities();
    if (m.amounts_size() > 0) *merged.mutable_amounts() = m.amounts();
    if (m.has_floor_area()) *merged.mutable_floor_area() = m.floor_area();
    if (m.has_land_area()) *merged.mutable_land_area() = m.land_area();
    if (m.phases_size() > 0) *merged.mutable_phases() = m.phases();
    for (const v1::KeyDate& key_date : m.key_dates()) key_dates[key_date.kind()] = key_date;
    for (const v1::Evidence& e : m.evidence()) evidence[e.field()] = e;
    // A mention that names the project without a stage (UNKNOWN) says nothing about its status:
    // it never replaces a stage an earlier bulletin reported.
    const bool states_status = m.status() != v1::PROJECT_STATUS_UNSPECIFIED &&
                               (m.status() != v1::PROJECT_STATUS_UNKNOWN ||
                                merged.status() == v1::PROJECT_STATUS_UNSPECIFIED);
    if (states_status) {
      merged.set_status(m.status());
      merged.set_status_phrase(m.status_phrase());
      merged.set_ceremony(m.ceremony());
      *status_date = observation.date;
    }
  }
  // The fullest name wins as display name; a short reference (晶科项目) stays an alias, and so
  // does a part of the works reported on its own (北京新机场主航站楼 of 北京新机场), also when
  // the project is named otherwise (北京大兴国际机场航站区工程 beside 北京新机场).
  // Each name's key once (fold runs on every ingest that touches the project), and only when a
  // name is up for display at all.
  std::vector<std::string> name_keys;
  for (const Observation& observation : observations) {
    const std::string& name = observation.fields.display_name();
    if (code_point_count(name) <= code_point_count(best_name)) continue;
    if (name_keys.empty()) {
      for (const std::string& each : names) name_keys.push_back(normalize_name_key(each));
    }
    const std::string& key = name_keys[static_cast<std::size_t>(
        std::find(names.begin(), names.end(), name) - names.begin())];
    const bool part =
        std::any_of(name_keys.begin(), name_keys.end(),
                    [&](const std::string& whole) { return is_part_key(key, whole); }) ||
        (names_a_part_of_works(key) &&
         std::any_of(observations.begin(), observations.end(), [&](const Observation& other) {
           return !names_a_part_of_works(normalize_name_key(other.fields.display_name()));
         }));
    if (!part) best_name = name;
  }
  if (best_name.empty() && !observations.empty())
    best_name = observations.front().fields.display_name();
  merged.set_display_name(best_name);
  for (const std::string& name : names) {
    if (name != best_name) merged.add_aliases(name);
  }
  for (const std::string& org : organizations) merged.add_organizations(org);
  for (auto& [kind, key_date] : key_dates) *merged.add_key_dates() = key_date;
  for (auto& [field, e] : evidence) *merged.add_evidence() = e;
  return merged;
}

// --- recomputing projects from their observations ---------------------------------------------

// Every key the project is found by: its names' keys and their derived_keys.
void collect_aliases(const std::string& id, const v1::Project& project, AliasRows& aliases) {
  for (std::string& key : facts_of(project).alias_keys) {
    if (!key.empty()) aliases.emplace_back(std::move(key), id);
  }
}

// kAddAliases' two parameters (keys, projects) for the rows, appended to `parameters`.
void append_alias_parameters(AliasRows aliases, std::vector<std::string>& parameters) {
  std::sort(aliases.begin(), aliases.end());
  aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
  std::vector<std::string> keys;
  std::vector<std::string> ids;
  keys.reserve(aliases.size());
  ids.reserve(aliases.size());
  for (auto& [key, id] : aliases) {
    keys.push_back(std::move(key));
    ids.push_back(std::move(id));
  }
  parameters.push_back(rows::to_array_literal(keys));
  parameters.push_back(rows::to_array_literal(ids));
}

void add_aliases(pqxx::work& work, AliasRows aliases) {
  if (aliases.empty()) return;
  std::vector<std::string> parameters;
  append_alias_parameters(std::move(aliases), parameters);
  exec(work, sql::kAddAliases, pqxx::prepare::make_dynamic_params(parameters));
}

// Recomputes the parser-owned fields of existing projects (id -> whether to flag it for review)
// from all their observations; manual fields stay. Locks them all first, in id order: whoever
// comes second reads the first one's committed observations (READ COMMITTED takes a snapshot
// per statement, and the observations are read after the lock).
//
// `aliases` collects the names to add; when projects are written, they go in the same statement
// and the list is left empty.
//
// With `bulletins` (ingest), a project whose new observations come after all its stored ones is
// folded from its stored fields plus those observations, without reading the others back; and
// a project the fold leaves exactly as stored is not written at all (no new version, no change
// for watchers), unless it is to be flagged for review.
void refresh_projects(pqxx::work& work, const std::map<std::string, bool>& projects, bool bump,
                      AliasRows& aliases, const IncomingBulletins& bulletins) {
  if (projects.empty()) return;
  std::vector<std::string> ids;
  ids.reserve(projects.size());
  for (const auto& [id, flag] : projects) ids.push_back(id);
  const std::string id_array = rows::to_array_literal(ids);
  const pqxx::result locked = exec(work, sql::kSelectProjectsForUpdate, id_array);
  std::vector<rows::ProjectRow> current_rows;
  current_rows.reserve(locked.size());
  for (const pqxx::row& row : locked) current_rows.push_back(rows::project_from_row(row));
  if (current_rows.size() != ids.size()) {
    for (const std::string& id : ids) {
      const bool found = std::any_of(
          current_rows.begin(), current_rows.end(),
          [&](const rows::ProjectRow& row) { return project_id_of(row.project.name()) == id; });
      if (!found) not_found(id);
    }
  }

  const IncomingObservations* incoming = bulletins.observations;
  std::set<std::string> refold_here;  // folded from all observations for the client's reasons
  for (const rows::ProjectRow& current : current_rows) {
    const std::string id = project_id_of(current.project.name());
    const auto mine =
        incoming != nullptr ? incoming->find(id) : IncomingObservations::const_iterator{};
    if (incoming == nullptr || mine == incoming->end() ||
        !can_fold_onto_stored(current, mine->second)) {
      refold_here.insert(id);
    }
  }
  std::map<std::string, std::vector<Observation>> observations;
  const pqxx::result observation_rows =
      incoming == nullptr ? exec(work, sql::kObservationsOfProjects, id_array)
                          : exec(work, sql::kObservationsToRefold, id_array,
                                 rows::to_array_literal({refold_here.begin(), refold_here.end()}),
                                 rows::to_array_literal(bulletins.ids));
  for (const pqxx::row& row : observation_rows) {
    Observation observation;
    rows::observation_fields(row[1], row[2], &observation.fields);
    observation.date = row[3].as<std::string>();
    observations[row[0].as<std::string>()].push_back(std::move(observation));
  }
  rows::ProjectWrites writes;
  for (const rows::ProjectRow& current : current_rows) {
    const std::string id = project_id_of(current.project.name());
    const bool flag_for_review = projects.at(id);
    std::string status_date;
    v1::Project merged;
    if (const auto found = observations.find(id); found != observations.end()) {
      merged = fold(found->second, &status_date);
    } else if (refold_here.count(id) == 0) {
      std::vector<Observation> chain{Observation{current.project, current.status_date}};
      const std::vector<Observation>& mine = incoming->at(id);
      chain.insert(chain.end(), mine.begin(), mine.end());
      merged = fold(chain, &status_date);
    } else {
      // Every mention moved away (reparse): keep what is known and ask a person.
      exec(work, sql::kFlagForReview, id);
      continue;
    }
    copy_fields(current.project, current.manual_fields, &merged);
    const auto manual = [&](std::string_view path) {
      return std::find(current.manual_fields.begin(), current.manual_fields.end(), path) !=
             current.manual_fields.end();
    };
    if (manual("status")) status_date = current.status_date;
    if (merged.display_name().empty()) merged.set_display_name(current.project.display_name());
    if (incoming != nullptr && !flag_for_review && status_date == current.status_date) {
      // The stored fields seen the way the fold sees them (it reads only parser fields).
      std::string unused;
      const v1::Project stored = fold({Observation{current.project, current.status_date}}, &unused);
      if (google::protobuf::util::MessageDifferencer::Equals(merged, stored)) continue;
    }
    writes.add(id, merged, status_date, current.manual_fields, flag_for_review, bump);
    collect_aliases(id, merged, aliases);
  }
  if (writes.empty()) return;
  std::vector<std::string> parameters;
  writes.append_parameters(parameters);
  if (aliases.empty()) {
    exec(work, sql::kWriteProjects, pqxx::prepare::make_dynamic_params(parameters));
    return;
  }
  // The names go with the update (what the caller would have added next), one round trip less.
  append_alias_parameters(std::move(aliases), parameters);
  aliases.clear();
  exec(work, sql::write_projects_and_names(), pqxx::prepare::make_dynamic_params(parameters));
}

// Recomputes one project (merges and splits).
void refresh_project(pqxx::work& work, const std::string& id, bool flag_for_review, bool bump) {
  AliasRows aliases;
  refresh_projects(work, {{id, flag_for_review}}, bump, aliases);
  add_aliases(work, std::move(aliases));
}

}  // namespace investtrack::store::internal
