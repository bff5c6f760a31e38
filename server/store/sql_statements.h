// Every statement the store runs, named, parameterised ($n), in one place.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

#include "project_table.h"

namespace investtrack::store::sql {

// A statement's text with every parameter reference $n renumbered to $(n + offset), so one
// statement can run inside another's WITH after that one's own parameters.
inline std::string shift_parameters(std::string_view text, int offset) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 >= text.size() ||
        !std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      out.push_back(text[i]);
      continue;
    }
    std::size_t end = i + 1;
    int number = 0;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) {
      number = number * 10 + (text[end] - '0');
      ++end;
    }
    out += '$';
    out += std::to_string(number + offset);
    i = end - 1;
  }
  return out;
}

// A timestamp as RFC 3339 text in UTC, as the API prints it.
#define INVESTTRACK_UTC_TEXT(column) \
  "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
// A bulletin row as bulletin_from_row reads it; `raw_text` is the column or expression giving its
// bytes (''::bytea where the text is not wanted).
#define INVESTTRACK_BULLETIN_COLUMNS(raw_text)                                \
  "id, source, COALESCE(publication_date::text, ''), content_hash, " raw_text \
  ", " INVESTTRACK_UTC_TEXT("ingested_at") " "

inline constexpr std::string_view kSetStatementTimeout =
    "SELECT set_config('statement_timeout', $1, true)";
// The session's default, for reads run outside a transaction (kept per pooled connection).
inline constexpr std::string_view kSetSessionStatementTimeout =
    "SELECT set_config('statement_timeout', $1, false)";

// --- bulletins -------------------------------------------------------------------------------
inline constexpr std::string_view kFindBulletinByContent =
    "SELECT id FROM bulletins WHERE content_hash = encode(sha256($1::bytea), 'hex')";
inline constexpr std::string_view kLockBulletin =
    "SELECT id, publication_date::text FROM bulletins WHERE id = $1 FOR UPDATE";
inline constexpr std::string_view kMarkBulletinReparsed =
    "UPDATE bulletins SET reparsed_at = clock_timestamp() WHERE id = $1";
inline constexpr std::string_view kListBulletins =
    "SELECT " INVESTTRACK_BULLETIN_COLUMNS("raw_text") "FROM bulletins WHERE id > $1 ORDER BY id "
    "LIMIT $2";
inline constexpr std::string_view kEarlierIngestResult =
    "SELECT project_id, bool_or(created_project) FROM project_observations "
    "WHERE bulletin_id = $1 GROUP BY project_id ORDER BY min(mention_index)";
inline constexpr std::string_view kEarlierReviewProjects =
    "SELECT DISTINCT r.project_id FROM review_items r JOIN project_observations o "
    "ON o.id = r.observation_id WHERE o.bulletin_id = $1 ORDER BY r.project_id";

// --- articles --------------------------------------------------------------------------------
// All of a bulletin's articles in one statement: titles ($2), ISO dates or '' ($3), JSON ($4).
inline constexpr std::string_view kInsertArticles =
    "INSERT INTO articles (bulletin_id, article_index, title, article_date, content) "
    "SELECT $1, a.i - 1, a.title, NULLIF(a.day, '')::date, a.content::jsonb "
    "FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS a(title, day, content, i)";
// A group of bulletins (sources $1, ISO dates or '' $2, bytes $3; the same bytes are one
// bulletin) and their articles in one statement. One row per bulletin, in order: its new id,
// or NULL when the same bytes are stored already (then no article is written either). New ids
// follow the order of the group. Articles: $4 is the 1-based position of the article's bulletin
// in $1..$3, $5 its index there, $6..$8 as kInsertArticles' $2..$4.
inline constexpr std::string_view kIngestBulletins =
    "WITH input AS ("
    "  SELECT i.source, NULLIF(i.day, '')::date AS day, i.raw, "
    "    encode(sha256(i.raw), 'hex') AS content_hash, i.n "
    "  FROM unnest($1::text[], $2::text[], $3::bytea[]) WITH ORDINALITY AS i(source, day, raw, "
    "n)), "
    "b AS ("
    "  INSERT INTO bulletins (source, publication_date, content_hash, raw_text) "
    "  SELECT source, day, content_hash, raw FROM input ORDER BY n "
    "  ON CONFLICT (content_hash) DO NOTHING RETURNING id, content_hash), "
    "a AS ("
    "  INSERT INTO articles (bulletin_id, article_index, title, article_date, content) "
    "  SELECT b.id, a.article_index, a.title, NULLIF(a.day, '')::date, a.content::jsonb "
    "  FROM unnest($4::int[], $5::int[], $6::text[], $7::text[], $8::text[]) "
    "    AS a(n, article_index, title, day, content) "
    "  JOIN input ON input.n = a.n JOIN b ON b.content_hash = input.content_hash) "
    "SELECT b.id FROM input LEFT JOIN b ON b.content_hash = input.content_hash ORDER BY input.n";
inline constexpr std::string_view kDeleteArticles = "DELETE FROM articles WHERE bulletin_id = $1";

// --- entity resolution -----------------------------------------------------------------------
// The candidates of many mentions at once (element i of each array is mention i; the result
// is ordered by mention, 1-based): projects sharing a name key or alias ($1, array literals),
// an organization ($2, array literals) unless their places conflict (province $7, city $3,
// county $8: such a candidate can only score nothing), or, in the same city, whose name contains
// the mention's phase-less key ($4) or is contained in it. Containment goes through
// project_name_suffixes (migration 0006): "contains the key" is a range scan over the suffixes
// starting with it; "contained in the key" scans the whole unphased keys starting with one of
// the key's two-character runs ($5, short keys) or seven-character runs ($6, long keys) and
// keeps those inside it. Every branch is an index probe whose cost follows the matches, not
// the size of the register, so the statement runs with a generic plan; OFFSET 0 keeps the
// planner from turning the per-row probes into joins over a whole city when its statistics
// are stale. At most 64 candidates per mention, the oldest first; capacities (the project's and
// its phases') come as "unit<TAB>value" so no JSON needs parsing per candidate.
inline constexpr std::string_view kFindCandidates =
    "SELECT m.i, c.id, c.name_key, c.alias_keys, c.organization_keys, c.province, c.city, "
    "  c.county, c.division_code, c.capacities "
    "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
    "  $7::text[], $8::text[]) WITH ORDINALITY "
    "  AS m(alias_keys, organization_keys, city, stem, short_runs, long_runs, province, county, i) "
    "CROSS JOIN LATERAL ("
    "  SELECT p.id, p.name_key, "
    "    ARRAY(SELECT a.alias_key FROM project_aliases a WHERE a.project_id = p.id) AS alias_keys, "
    "    p.organization_keys, p.province, p.city, p.county, p.division_code, p.create_time, "
    "    ARRAY(SELECT COALESCE(q->>'unit', '') || chr(9) || COALESCE(q->>'value', '0') "
    "      FROM jsonb_array_elements(COALESCE(p.capacities, '[]') || "
    "        COALESCE(jsonb_path_query_array(p.phases, '$[*].capacities[*]'), '[]')) q) "
    "      AS capacities "
    "  FROM ("
    "    SELECT project_id FROM project_aliases WHERE alias_key = ANY(m.alias_keys::text[]) "
    "    UNION SELECT o.project_id FROM project_organization_keys o "
    "      WHERE o.organization_key = ANY(m.organization_keys::text[]) "
    "      AND (m.province = '' OR o.province = '' OR o.province = m.province) "
    "      AND (m.city = '' OR o.city = '' OR o.city = m.city) "
    "      AND (m.county = '' OR o.county = '' OR o.county = m.county) "
    "    UNION SELECT s.project_id FROM project_name_suffixes s "
    "      WHERE m.city <> '' AND char_length(m.stem) >= 2 AND s.city = m.city "
    "      AND s.suffix >= (m.stem COLLATE \"C\") "
    "      AND s.suffix < (m.stem || chr(1114111)) COLLATE \"C\" "
    "    UNION SELECT s.project_id FROM unnest(m.short_runs::text[]) g(run) CROSS JOIN LATERAL ("
    "      SELECT s.project_id FROM project_name_suffixes s "
    "      WHERE s.city = m.city AND s.whole AND char_length(s.suffix) <= 6 "
    "      AND s.suffix >= (g.run COLLATE \"C\") AND s.suffix < (g.run || chr(1114111)) COLLATE "
    "\"C\" "
    "      AND strpos(m.stem, s.suffix) > 0 OFFSET 0) s "
    "    UNION SELECT s.project_id FROM unnest(m.long_runs::text[]) g(run) CROSS JOIN LATERAL ("
    "      SELECT s.project_id FROM project_name_suffixes s "
    "      WHERE s.city = m.city AND s.whole AND char_length(s.suffix) > 6 "
    "      AND s.suffix >= (g.run COLLATE \"C\") AND s.suffix < (g.run || chr(1114111)) COLLATE "
    "\"C\" "
    "      AND strpos(m.stem, s.suffix) > 0 OFFSET 0) s"
    "  ) found CROSS JOIN LATERAL (SELECT * FROM projects p WHERE p.id = found.project_id OFFSET "
    "0) p "
    "  ORDER BY p.create_time, p.id LIMIT 64) c "
    "ORDER BY m.i, c.create_time, c.id";
// Ingest's statements are planned once per connection instead of on every call (planning the
// candidate search cost more than running it). That plan may be made while the register is
// still empty, when a sequential scan looks cheapest and later is not; without them every
// ingest statement is an index probe whose cost follows the matches. A generic plan's cost
// estimate is high enough to trigger JIT compilation, which took ~50 ms per execution of a
// statement that runs in well under 1 ms.
inline constexpr std::string_view kUseGenericPlans =
    "SELECT set_config('plan_cache_mode', 'force_generic_plan', true), "
    "set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)";
// Owner claim on a name key: waits for a concurrent claimant and then yields to it. The project
// row itself follows at the end of the bulletin's transaction (the foreign key is deferred).
inline constexpr std::string_view kClaimNameKey =
    "INSERT INTO project_aliases (alias_key, project_id, owner) "
    "VALUES ($1, gen_random_uuid()::text, true) "
    "ON CONFLICT (alias_key) WHERE owner DO NOTHING RETURNING project_id";
// Owner claims of many names at once (key $1[i] for new project $2[i]), in key order so that
// concurrent ingests take them in the same order. Returns the claims taken; a name owned
// already, or by a concurrent transaction that then commits, is left out.
inline constexpr std::string_view kClaimNameKeys =
    "INSERT INTO project_aliases (alias_key, project_id, owner) "
    "SELECT c.k, c.p, true FROM unnest($1::text[], $2::text[]) AS c(k, p) ORDER BY c.k, c.p "
    "ON CONFLICT (alias_key) WHERE owner DO NOTHING RETURNING alias_key, project_id";
inline constexpr std::string_view kAddAlias =
    "INSERT INTO project_aliases (alias_key, project_id, owner) VALUES ($1, $2, false) "
    "ON CONFLICT (alias_key, project_id) DO NOTHING";
// Many (key $1[i], project $2[i]) names at once, in key order so concurrent ingests take the
// index entries in the same order.
inline constexpr std::string_view kAddAliases =
    "INSERT INTO project_aliases (alias_key, project_id, owner) "
    "SELECT a.k, a.p, false FROM unnest($1::text[], $2::text[]) AS a(k, p) ORDER BY a.k, a.p "
    "ON CONFLICT (alias_key, project_id) DO NOTHING";

// --- projects --------------------------------------------------------------------------------
// Every project statement takes its columns from the one table in project_table.h: reads select
// table::kReadCount columns (rows::project_from_row), writes take table::kInputCount array
// parameters, $1.. in the table's order (rows::ProjectWrites). The texts are composed once.

// The highest $n of a statement: how many parameters it takes, so another statement can follow
// it with shift_parameters.
constexpr int parameter_count(std::string_view text) {
  int highest = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') continue;
    int number = 0;
    for (std::size_t end = i + 1; end < text.size() && text[end] >= '0' && text[end] <= '9';
         ++end) {
      number = number * 10 + (text[end] - '0');
    }
    highest = number > highest ? number : highest;
  }
  return highest;
}

namespace detail {

// A column's SELECT expression, INSERT value and UPDATE value (table::kSame and the other
// markers resolved).
inline std::string project_read(const table::ProjectColumn& column) {
  const std::string name(column.name);
  if (column.read == table::kSame) return "p." + name;
  if (column.read == table::kMicros)
    return "(extract(epoch FROM p." + name + ") * 1000000)::bigint";
  if (column.read != table::kCompositeJson) return std::string(column.read);
  std::string pairs;
  for (const std::string_view field : table::kCompositeFields) {
    if (!pairs.empty()) pairs += ", ";
    pairs += "'" + std::string(field) + "', p." + std::string(field);
  }
  return "CASE WHEN p.composite_pb IS NULL THEN jsonb_strip_nulls(jsonb_build_object(" + pairs +
         "))::text END";
}
inline std::string project_insert(const table::ProjectColumn& column) {
  return column.insert == table::kSame ? "u." + std::string(column.name)
                                       : std::string(column.insert);
}
inline std::string project_update(const table::ProjectColumn& column) {
  return column.update == table::kSame ? project_insert(column) : std::string(column.update);
}
// The composite fields' jsonb columns take the keys of the same names of c.json.
inline std::string composite_value(std::string_view field) {
  return "c.json -> '" + std::string(field) + "'";
}

// "p.id, p.display_name, ...".
inline std::string project_select_list() {
  std::string out;
  for (const table::ProjectColumn& column : table::kProjectColumns) {
    if (column.read.empty()) continue;
    if (!out.empty()) out += ", ";
    out += project_read(column);
  }
  return out;
}

// A project write's rows: unnest($1::text[], ...) AS u(id, ...), with the composite input as
// jsonb in c.json.
inline std::string project_write_rows() {
  std::string types;
  std::string names;
  int parameter = 0;
  for (const table::ProjectColumn& column : table::kProjectColumns) {
    if (column.input.empty()) continue;
    if (parameter > 0) {
      types += ", ";
      names += ", ";
    }
    types += "$" + std::to_string(++parameter) + "::" + std::string(column.input) + "[]";
    names += column.name;
  }
  return "unnest(" + types + ") AS u(" + names +
         ") CROSS JOIN LATERAL (SELECT u.composite::jsonb AS json) c";
}

inline std::string insert_projects() {
  std::string columns;
  std::string values;
  const auto add = [&](std::string_view column, const std::string& value) {
    if (!columns.empty()) {
      columns += ", ";
      values += ", ";
    }
    columns += column;
    values += value;
  };
  for (const table::ProjectColumn& column : table::kProjectColumns) {
    if (!column.insert.empty()) add(column.name, project_insert(column));
  }
  for (const std::string_view field : table::kCompositeFields) add(field, composite_value(field));
  return "INSERT INTO projects (" + columns + ") SELECT " + values + " FROM " +
         project_write_rows();
}

inline std::string update_projects() {
  std::string assignments;
  const auto add = [&](std::string_view column, const std::string& value) {
    if (!assignments.empty()) assignments += ", ";
    assignments += std::string(column) + " = " + value;
  };
  for (const table::ProjectColumn& column : table::kProjectColumns) {
    if (!column.update.empty()) add(column.name, project_update(column));
  }
  for (const std::string_view field : table::kCompositeFields) add(field, composite_value(field));
  return "UPDATE projects p SET " + assignments + " FROM " + project_write_rows() +
         " WHERE p.id = u.id";
}

}  // namespace detail

// The columns project_from_row reads, in its order (followed by " FROM projects p ...").
inline const std::string kProjectColumns = detail::project_select_list();

// Projects created by ingest, each written once with everything folded from its mentions.
inline const std::string kInsertFoldedProjects = detail::insert_projects();
// Existing projects recomputed (ingest, merges; locked before) or edited: every column the
// table updates, from its inputs.
inline const std::string kWriteProjects = detail::update_projects();

// kWriteProjects with the names of the projects it writes (kAddAliases, after its parameters)
// in one round trip. The projects are locked already, so the name rows wait for nothing the
// update did not; they go in key order as kAddAliases alone does.
inline const std::string& write_projects_and_names() {
  static const std::string statement =
      "WITH written_names AS (" +
      shift_parameters(kAddAliases, static_cast<int>(table::kInputCount)) + ") " + kWriteProjects;
  return statement;
}

inline const std::string kSelectProject =
    "SELECT " + kProjectColumns + " FROM projects p WHERE p.id = $1";
// NO KEY UPDATE as in kSelectProjectsForUpdate: an edit need not wait for ingests that merely
// record observations of the project.
inline const std::string kSelectProjectForUpdate =
    "SELECT " + kProjectColumns + " FROM projects p WHERE p.id = $1 FOR NO KEY UPDATE";
// Several projects by id at once, in no particular order.
inline const std::string kSelectProjects =
    "SELECT " + kProjectColumns + " FROM projects p WHERE p.id = ANY($1::text[])";
inline const std::string kListProjectsPrefix = "SELECT " + kProjectColumns;
inline constexpr std::string_view kSetDeleted =
    "UPDATE projects SET delete_time = CASE WHEN $2::boolean THEN clock_timestamp() END, "
    "version = version + 1, update_time = clock_timestamp() WHERE id = $1";
inline constexpr std::string_view kFlagForReview =
    "UPDATE projects SET needs_review = true WHERE id = $1";

// --- observations and history ----------------------------------------------------------------
// The observations of a group of bulletins (element i of $1..$14 and $20 is one mention: its
// bulletin, project, ...; $20 is the fields as protobuf bytes, see migration 0011) and their
// review items ($15..$19; $15 is the 1-based position of the item's mention in $1..$14) in one
// statement. The observations that state a status are the parser's status history (migration
// 0012).
inline constexpr std::string_view kInsertObservations =
    "WITH m AS ("
    "  SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::int[], $5::text[], "
    "    $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], "
    "    $13::text[], $14::boolean[], $20::bytea[]) WITH ORDINALITY "
    "  AS m(bulletin_id, project_id, mention_index, article_index, observed_date, "
    "    observed_status, status_phrase, fields, evidence_sentence, evidence_begin, evidence_end, "
    "    match_rule, match_confidence, created_project, fields_pb, n)), "
    "o AS ("
    "  INSERT INTO project_observations (project_id, bulletin_id, mention_index, article_index, "
    "    observed_date, observed_status, status_phrase, fields, evidence_sentence, evidence_begin, "
    "    evidence_end, match_rule, match_confidence, created_project, fields_pb) "
    "  SELECT project_id, bulletin_id, mention_index, article_index, "
    "    NULLIF(observed_date, '')::date, observed_status, status_phrase, fields::jsonb, "
    "    evidence_sentence, NULLIF(evidence_begin, '')::bigint, NULLIF(evidence_end, '')::bigint, "
    "    match_rule, match_confidence::real, created_project, fields_pb FROM m ORDER BY n "
    "  RETURNING id, bulletin_id, mention_index), "
    "r AS ("
    "  INSERT INTO review_items (project_id, candidate_project_id, observation_id, rule, score, "
    "    reason) "
    "  SELECT m.project_id, r.candidate, o.id, r.rule, r.score::real, r.reason "
    "  FROM unnest($15::int[], $16::text[], $17::text[], $18::text[], $19::text[]) "
    "    WITH ORDINALITY AS r(position, candidate, rule, score, reason, k) "
    "  JOIN m ON m.n = r.position "
    "  JOIN o ON o.bulletin_id = m.bulletin_id AND o.mention_index = m.mention_index "
    "  ORDER BY r.k) "
    "SELECT count(*) FROM o";
// The bulletin's new projects (kInsertFoldedProjects) and their names (kAddAliases) written in
// the statement that records its observations (kInsertObservations, whose parameters come
// first, then the projects', then the names'): one round trip instead of three. The
// observations' foreign keys are checked at the end of the statement, when the projects are
// there; the statement triggers on projects (name suffixes, change log) fire once, as for the
// INSERT alone. New projects' ids are this transaction's own, so their name rows cannot wait on
// a concurrent ingest.
inline constexpr int kObservationParameters = parameter_count(kInsertObservations);
inline const std::string& insert_projects_and_observations() {
  static const std::string statement =
      "WITH new_projects AS (" + shift_parameters(kInsertFoldedProjects, kObservationParameters) +
      "), new_project_names AS (" +
      shift_parameters(kAddAliases, kObservationParameters + static_cast<int>(table::kInputCount)) +
      "), " + std::string(kInsertObservations.substr(std::string_view("WITH ").size()));
  return statement;
}
// The projects ($1) an ingest updates, locked in id order so concurrent ingests cannot deadlock
// on them. The rows are the latest committed versions (READ COMMITTED re-reads a row it waited
// for). NO KEY UPDATE, the lock an UPDATE that keeps the id takes anyway: FOR UPDATE would also
// wait for the KEY SHARE locks that foreign-key checks take on a project when a concurrent ingest
// records an observation of it, and two ingests that had both recorded observations of the same
// project before locking it deadlocked (each waiting for the other's KEY SHARE).
inline const std::string kSelectProjectsForUpdate = "SELECT " + kProjectColumns +
                                                    " FROM projects p WHERE p.id = ANY($1::text[]) "
                                                    "ORDER BY p.id FOR NO KEY UPDATE";
// An observation's fields as two columns (rows::observation_fields reads them): its protobuf
// bytes, or when it has none (written before migration 0011, or edited by hand), its JSON.
#define INVESTTRACK_OBSERVATION_FIELDS \
  "o.fields_pb, CASE WHEN o.fields_pb IS NULL THEN o.fields::text END"
// The observations of projects $1, each project's oldest first. Run after the lock above, so
// it sees what a concurrent ingest committed while this one waited.
inline constexpr std::string_view kObservationsOfProjects =
    "SELECT o.project_id, " INVESTTRACK_OBSERVATION_FIELDS
    ", COALESCE(o.observed_date::text, '') "
    "FROM project_observations o WHERE o.project_id = ANY($1::text[]) "
    "ORDER BY o.project_id, o.observed_date ASC NULLS FIRST, o.bulletin_id, o.mention_index";
// What ingest needs to refold projects $1 after bulletins $3 added observations to them: the
// observations (as kObservationsOfProjects) of the projects in $2, and of every project where
// an observation of another bulletin sorts after the first of these bulletins' (date, nulls
// first, then bulletin; their earliest date and lowest id are compared, which can only refold
// more than needed), and of every project with no observation from another bulletin (a
// reparse or a merge took its older ones away, so its stored fields are no fold of anything
// still there). Every other project's stored fields already are the fold of its older
// observations, so it is folded from them plus the new mentions, without these rows.
inline constexpr std::string_view kObservationsToRefold =
    "WITH o AS ("
    "  SELECT o.project_id, COALESCE(o.observed_date, '-infinity'::date) AS sort_date, "
    "    o.bulletin_id, o.mention_index, o.observed_date, o.fields, o.fields_pb, "
    "    o.bulletin_id = ANY($3::bigint[]) AS mine "
    "  FROM project_observations o WHERE o.project_id = ANY($1::text[])), "
    "mine AS (SELECT project_id, min(sort_date) AS sort_date, min(bulletin_id) AS bulletin_id "
    "  FROM o WHERE o.mine GROUP BY project_id), "
    "refold AS ("
    "  SELECT r.id AS project_id FROM unnest($2::text[]) r(id) "
    "  UNION SELECT o.project_id FROM o JOIN mine m ON m.project_id = o.project_id "
    "    WHERE NOT o.mine AND (o.sort_date > m.sort_date "
    "      OR (o.sort_date = m.sort_date AND o.bulletin_id > m.bulletin_id)) "
    "  UNION SELECT m.project_id FROM mine m WHERE NOT EXISTS ("
    "    SELECT 1 FROM o WHERE o.project_id = m.project_id AND NOT o.mine)) "
    "SELECT o.project_id, " INVESTTRACK_OBSERVATION_FIELDS
    ", COALESCE(o.observed_date::text, '') "
    "FROM o WHERE o.project_id IN (SELECT project_id FROM refold) "
    "ORDER BY o.project_id, o.observed_date ASC NULLS FIRST, o.bulletin_id, o.mention_index";
inline constexpr std::string_view kBulletinObservations =
    "SELECT o.id, o.project_id, " INVESTTRACK_OBSERVATION_FIELDS
    ", o.match_rule, o.match_confidence "
    "FROM project_observations o WHERE o.bulletin_id = $1 ORDER BY o.mention_index";
inline constexpr std::string_view kDeleteBulletinObservations =
    "DELETE FROM project_observations WHERE bulletin_id = $1";
inline constexpr std::string_view kInsertManualStatus =
    "INSERT INTO manual_status_changes (project_id, status, status_phrase, status_date, "
    "evidence_sentence) VALUES ($1, $2, $3, current_date, $4)";
inline constexpr std::string_view kInsertEdit =
    "INSERT INTO project_edits (project_id, actor, kind, field_path, old_value, new_value, reason) "
    "VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)";
// Review items (only open ones when $1) after id $2, in id order, at most $3 (NULL: all).
inline constexpr std::string_view kListReviewItems =
    "SELECT id, project_id, candidate_project_id, rule, score, reason, state, "
    "to_char(create_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
    "FROM review_items WHERE (NOT $1::boolean OR state = 'open') AND id > $2 ORDER BY id "
    "LIMIT $3::bigint";

// --- name key upgrade (name_key_upgrade.cc) ----------------------------------------------------
// The settings row, created when missing, then locked: a second server starting at the same
// time waits and finds the keys current.
inline constexpr std::string_view kEnsureSetting =
    "INSERT INTO register_settings (name, value) VALUES ($1, '') ON CONFLICT (name) DO NOTHING";
inline constexpr std::string_view kLockSetting =
    "SELECT value FROM register_settings WHERE name = $1 FOR UPDATE";
inline constexpr std::string_view kSetSetting =
    "UPDATE register_settings SET value = $2 WHERE name = $1";
// Projects in id order from after $1, $2 at a time, deleted ones too (a split brings them back).
inline constexpr std::string_view kProjectNamesAfter =
    "SELECT id, display_name, aliases, organizations, city, project_code FROM projects WHERE id > "
    "$1 "
    "ORDER BY id LIMIT $2";
// New name keys ($2[i] for project $1[i]); the suffix trigger follows. Not a visible change.
inline constexpr std::string_view kSetNameKeys =
    "UPDATE projects p SET name_key = k.key FROM unnest($1::text[], $2::text[]) AS k(id, key) "
    "WHERE p.id = k.id AND p.name_key <> k.key";

// --- phases ----------------------------------------------------------------------------------
// Links phases recorded on their own (name key X#n) to their project: the one live record without
// a phase whose name key or alias is X, in a compatible city; several such records link none
// (a reviewer can merge them first). Looks at the projects $1 names, as phases or as parents,
// so the link is made whichever came first. A link is a visible change (version and update time).
inline constexpr std::string_view kLinkPhases =
    "WITH touched AS (SELECT DISTINCT unnest($1::text[]) AS id), "
    // Unlinked phases among the touched projects, and the unlinked phases of the touched projects'
    // names (through projects_phase_stem_idx): each with the stem it is a phase of.
    "phases AS ("
    "  SELECT c.id, split_part(c.name_key, '#', 1) AS stem, c.city FROM touched t "
    "  JOIN projects c ON c.id = t.id "
    "  WHERE strpos(c.name_key, '#') > 0 AND c.parent_id IS NULL AND c.delete_time IS NULL "
    "  UNION "
    "  SELECT c.id, split_part(c.name_key, '#', 1), c.city FROM touched t "
    "  JOIN project_aliases a ON a.project_id = t.id "
    "  JOIN projects c ON split_part(c.name_key, '#', 1) = a.alias_key AND strpos(c.name_key, '#') "
    "> 0 "
    "  WHERE c.parent_id IS NULL AND c.delete_time IS NULL), "
    "pairs AS ("
    "  SELECT k.id AS child, min(p.id) AS parent, count(DISTINCT p.id) AS n FROM phases k "
    "  JOIN project_aliases a ON a.alias_key = k.stem "
    "  JOIN projects p ON p.id = a.project_id "
    "  WHERE strpos(p.name_key, '#') = 0 AND p.delete_time IS NULL AND p.id <> k.id "
    "    AND (k.city = '' OR p.city = '' OR k.city = p.city) "
    "  GROUP BY k.id) "
    "UPDATE projects SET parent_id = pairs.parent, version = version + 1, update_time = now() "
    "FROM pairs WHERE projects.id = pairs.child AND pairs.n = 1";

// Unlinks the phases of the projects $1 (before they are linked again by name); returns them.
inline constexpr std::string_view kUnlinkPhasesOf =
    "UPDATE projects SET parent_id = NULL, version = version + 1, update_time = now() "
    "WHERE parent_id = ANY($1::text[]) RETURNING id";

// --- events ----------------------------------------------------------------------------------
// A project's timeline ($1), in the order things happened: by the day an event refers to (an
// article's date, a status date; else the day it was recorded), then when it was recorded, then
// observations before status changes before edits, each kind in its own order (tie: the place
// among events of its kind with the same day and time). Keyset pages: when $2, only events after
// the key ($3 day, $4 time, $5 kind, $6 tie); at most $7 rows (NULL: all), after skipping $8 (a
// page token of the server before keyset pages held such an offset). Days and times compare
// bytewise (COLLATE "C"). A mention that names the project without a stage (unknown) changes no
// status: it is an observation only.
inline constexpr std::string_view kProjectEvents =
    "WITH e AS ("
    "  SELECT 0 AS kind, row_number() OVER (ORDER BY observed_at, id) AS seq, "
    "    " INVESTTRACK_UTC_TEXT("observed_at") " AS recorded, "
    "    COALESCE(observed_date::text, '') AS refers_to, "
    "    observed_status AS status, status_phrase, bulletin_id, evidence_sentence, "
    "    COALESCE(evidence_begin, 0) AS evidence_begin, COALESCE(evidence_end, 0) AS evidence_end, "
    "    match_rule, match_confidence, "
    "    COALESCE(fields->'total_investment_amount', 'null')::text AS stated_amount, "
    "    COALESCE(fields->'total_investment', 'null')::text AS stated_money, "
    "    '' AS actor, '' AS edit_kind, '' AS field_path, '' AS old_value, '' AS new_value, "
    "    '' AS reason "
    "  FROM project_observations WHERE project_id = $1 "
    "  UNION ALL "
    "  SELECT 1, row_number() OVER (ORDER BY status_date NULLS FIRST, recorded_at, observation_id), "
    "    " INVESTTRACK_UTC_TEXT("recorded_at") ", COALESCE(status_date::text, ''), status, "
    "    status_phrase, COALESCE(bulletin_id, 0), evidence_sentence, COALESCE(evidence_begin, 0), "
    "    COALESCE(evidence_end, 0), source, 0::real, 'null', 'null', '', '', '', '', '', '' "
    "  FROM project_status_history WHERE project_id = $1 AND status <> 'unknown' "
    "  UNION ALL "
    "  SELECT 2, row_number() OVER (ORDER BY edit_time, id), " INVESTTRACK_UTC_TEXT("edit_time") ", "
    "    '', '', '', 0, '', 0, 0, '', 0::real, 'null', 'null', actor, kind, field_path, "
    "    COALESCE(old_value::text, ''), COALESCE(new_value::text, ''), reason "
    "  FROM project_edits WHERE project_id = $1), "
    "keyed AS ("
    "  SELECT e.*, CASE WHEN e.refers_to = '' THEN left(e.recorded, 10) ELSE e.refers_to END "
    "    AS sort_day FROM e), "
    "tied AS ("
    "  SELECT keyed.*, "
    "    row_number() OVER (PARTITION BY sort_day, recorded, kind ORDER BY seq) AS tie "
    "  FROM keyed) "
    "SELECT kind, recorded, refers_to, status, status_phrase, bulletin_id, evidence_sentence, "
    "  evidence_begin, evidence_end, match_rule, match_confidence, stated_amount, stated_money, "
    "  actor, edit_kind, field_path, old_value, new_value, reason, sort_day, tie "
    "FROM tied "
    "WHERE NOT $2::boolean "
    "  OR (sort_day COLLATE \"C\", recorded COLLATE \"C\", kind, tie) > "
    "    ($3::text COLLATE \"C\", $4::text COLLATE \"C\", $5::int, $6::bigint) "
    "ORDER BY sort_day COLLATE \"C\", recorded COLLATE \"C\", kind, tie "
    "LIMIT $7::bigint OFFSET $8::bigint";
inline constexpr std::string_view kProjectExists = "SELECT 1 FROM projects WHERE id = $1";

// --- bulletins for the API -------------------------------------------------------------------
// $2: whether to return the stored bytes (FULL view) or an empty value (BASIC view).
inline constexpr std::string_view kGetBulletin = "SELECT " INVESTTRACK_BULLETIN_COLUMNS(
    "CASE WHEN $2::boolean THEN raw_text ELSE ''::bytea END") "FROM bulletins WHERE id = $1";
// Several bulletins by id at once, without their text, in no particular order.
inline constexpr std::string_view kGetBulletins = "SELECT " INVESTTRACK_BULLETIN_COLUMNS(
    "''::bytea") "FROM bulletins WHERE id = ANY($1::bigint[])";
// Newest ingest first, keyset on id ($1 = last id of the previous page, 0 = from the newest).
inline constexpr std::string_view kListBulletinsNewestFirst =
    "SELECT " INVESTTRACK_BULLETIN_COLUMNS("''::bytea") "FROM bulletins "
    "WHERE ($1::bigint = 0 OR id < $1::bigint) ORDER BY id DESC LIMIT $2";

// --- merges ----------------------------------------------------------------------------------
inline constexpr std::string_view kLockProjects =
    "SELECT id FROM projects WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE";
inline constexpr std::string_view kObservationIdsOf =
    "SELECT id FROM project_observations WHERE project_id = $1 ORDER BY id";
// Status history a merge moves: the manual changes. The parser's history is the observations,
// which move with kMoveObservations (migration 0012).
inline constexpr std::string_view kStatusHistoryIdsOf =
    "SELECT id FROM manual_status_changes WHERE project_id = $1 ORDER BY id";
inline constexpr std::string_view kAliasesOf =
    "SELECT alias_key, owner FROM project_aliases WHERE project_id = $1 ORDER BY alias_key";
inline constexpr std::string_view kMoveObservations =
    "UPDATE project_observations SET project_id = $2 WHERE id = ANY($1::bigint[])";
inline constexpr std::string_view kMoveStatusHistory =
    "UPDATE manual_status_changes SET project_id = $2 WHERE id = ANY($1::bigint[])";
inline constexpr std::string_view kDeleteAlias =
    "DELETE FROM project_aliases WHERE alias_key = $1 AND project_id = $2";
// Gives $2 the key; as owner when $3, taking over a non-owner row it may already have.
inline constexpr std::string_view kPutAlias =
    "INSERT INTO project_aliases (alias_key, project_id, owner) VALUES ($1, $2, $3::boolean) "
    "ON CONFLICT (alias_key, project_id) DO UPDATE SET owner = project_aliases.owner OR "
    "EXCLUDED.owner";
inline constexpr std::string_view kMarkMerged =
    "UPDATE projects SET delete_time = clock_timestamp(), merged_into = $2, "
    "version = version + 1, update_time = clock_timestamp() WHERE id = $1";
inline constexpr std::string_view kClearMerged =
    "UPDATE projects SET delete_time = NULL, merged_into = NULL, version = version + 1, "
    "update_time = clock_timestamp() WHERE id = $1";
inline constexpr std::string_view kInsertMerge =
    "INSERT INTO project_merges (survivor_id, survivor_alias_keys, survivor_owned_keys, actor, "
    "reason) VALUES ($1, $2::text[], $3::text[], $4, $5) RETURNING id";
inline constexpr std::string_view kInsertMergeSource =
    "INSERT INTO project_merge_sources (merge_id, source_id, observation_ids, status_history_ids, "
    "alias_keys, owned_alias_keys) VALUES ($1, $2, $3::bigint[], $4::bigint[], $5::text[], "
    "$6::text[])";
inline constexpr std::string_view kLockMerge =
    "SELECT survivor_id, survivor_alias_keys, survivor_owned_keys, split_time IS NOT NULL "
    "FROM project_merges WHERE id = $1 FOR UPDATE";
inline constexpr std::string_view kMergeSources =
    "SELECT source_id, observation_ids, status_history_ids, alias_keys, owned_alias_keys "
    "FROM project_merge_sources WHERE merge_id = $1 ORDER BY source_id";
inline constexpr std::string_view kMarkMergeSplit =
    "UPDATE project_merges SET split_time = clock_timestamp(), split_actor = $2 WHERE id = $1";
inline constexpr std::string_view kDisownAlias =
    "UPDATE project_aliases SET owner = false WHERE alias_key = $1 AND project_id = $2";
inline constexpr std::string_view kInsertMergeEdit =
    "INSERT INTO project_edits (project_id, actor, kind, field_path, new_value, reason) "
    "VALUES ($1, $2, $3, $3, $4::jsonb, $5)";

// --- change feed -----------------------------------------------------------------------------
inline constexpr std::string_view kLastChangeId =
    "SELECT COALESCE(max(change_id), 0) FROM project_changes";
// The transactions of this database that hold an id now, as a text[] of xids: a change id
// missing below a visible one belongs to one of them or to none that still runs. Only this
// database's: the register's writers are all here, and a session left idle in a transaction
// elsewhere in the cluster must not hold watches back. (Read from pg_stat_activity, whose
// backend_xid every role may see; a snapshot's list of running transactions would leave out
// those at or above its xmax.)
inline constexpr std::string_view kRunningTransactions =
    "SELECT COALESCE(array_agg(backend_xid::text), '{}')::text FROM pg_stat_activity "
    "WHERE datname = current_database() AND backend_xid IS NOT NULL";
// Whether any transaction of $1 (as kRunningTransactions returned it) is still running.
inline constexpr std::string_view kAnyStillRunning =
    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
    "AND backend_xid::text = ANY($1::text[]))";
inline constexpr std::string_view kCurrentSnapshot = "SELECT pg_current_snapshot()::text";
// Followed by ", <filter condition or true> AS matches FROM ... WHERE c.change_id > $1 ...".
inline const std::string kChangesPrefix = "SELECT " + kProjectColumns +
                                          ", c.change_id, c.change_kind, "
                                          "(extract(epoch FROM c.change_time) * 1000000)::bigint";

// --- summaries -------------------------------------------------------------------------------
// The grouping key per dimension, as an expression over projects p.
inline constexpr std::string_view kSummaryKeyStatus = "p.status";
inline constexpr std::string_view kSummaryKeyCity = "p.city";
inline constexpr std::string_view kSummaryKeyIndustry = "p.industry";
inline constexpr std::string_view kSummaryKeyProvince = "p.province";
// The month the project was first reported: its earliest observation's date, else its creation.
inline constexpr std::string_view kSummaryKeyMonth =
    "COALESCE(to_char((SELECT min(o.observed_date) FROM project_observations o "
    "WHERE o.project_id = p.id), 'YYYY-MM'), to_char(p.create_time AT TIME ZONE 'UTC', 'YYYY-MM'))";
// {key} and {condition} are replaced by one of the keys above and a filter condition; the row
// with is_total = true holds the figures over all groups.
inline constexpr std::string_view kSummaryTemplate =
    "SELECT s.key, count(*), "
    "COALESCE(sum(s.total_investment) FILTER (WHERE s.currency_code = 'CNY'), 0)::text, "
    "count(s.total_investment) FILTER (WHERE s.currency_code = 'CNY'), GROUPING(s.key) = 1 "
    "FROM (SELECT {key} AS key, p.total_investment, p.currency_code FROM projects p "
    "WHERE p.delete_time IS NULL AND {condition}) s "
    "GROUP BY GROUPING SETS ((s.key), ())";
// kSummaryTemplate plus each group's status changes on the days from {first} up to {end} (the
// numbers of two date parameters; 'infinity' for no end) and how many of its projects changed.
// Each project's status history is ordered as kProjectEvents orders it (day, recording time),
// and an entry counts when it differs from the one before (lag): the first known status has
// none before it. {condition} appears twice, with the same parameters, rather than once in a CTE
// both read: a CTE read twice is materialized and hides the filter's selectivity from the
// planner, which then sorted the whole history for the window (162,000 rows, spilled to disk, for
// a filter matching 2,500 of 50,000 projects) instead of the matching projects' 7,500.
inline constexpr std::string_view kSummaryWithStatusChangesTemplate =
    "SELECT s.key, count(*), "
    "COALESCE(sum(s.total_investment) FILTER (WHERE s.currency_code = 'CNY'), 0)::text, "
    "count(s.total_investment) FILTER (WHERE s.currency_code = 'CNY'), GROUPING(s.key) = 1, "
    "COALESCE(sum(c.n), 0)::bigint, count(c.project_id) "
    "FROM (SELECT p.id, {key} AS key, p.total_investment, p.currency_code FROM projects p "
    "  WHERE p.delete_time IS NULL AND {condition}) s "
    "LEFT JOIN ("
    "  SELECT project_id, count(*) AS n FROM ("
    "    SELECT h.project_id, h.status, "
    "      COALESCE(h.status_date, (h.recorded_at AT TIME ZONE 'UTC')::date) AS day, "
    "      lag(h.status) OVER (PARTITION BY h.project_id "
    "        ORDER BY COALESCE(h.status_date, (h.recorded_at AT TIME ZONE 'UTC')::date), "
    "          h.recorded_at, h.observation_id) AS prior_status "
    "    FROM projects p JOIN project_status_history h ON h.project_id = p.id "
    "    WHERE p.delete_time IS NULL AND {condition} "
    "      AND h.status NOT IN ('unknown', 'unspecified')) history "
    "  WHERE prior_status <> status AND day >= {first}::date AND day < {end}::date "
    "  GROUP BY project_id) c ON c.project_id = s.id "
    "GROUP BY GROUPING SETS ((s.key), ())";

}  // namespace investtrack::store::sql
